/**
 * Turns an API failure into a title and a detail in the current locale. 403 is told
 * apart so a page can explain why instead of offering a retry that cannot help.
 */
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';

export type LoadState = 'loading' | 'ready' | 'error';

export interface Failure {
  forbidden: boolean;
  title: string;
  detail: string;
}

export function useFailure() {
  const { t } = useI18n();
  return (cause: unknown, titleKey = 'failure.load'): Failure => {
    if (isApiError(cause) && cause.status === 403) {
      return { forbidden: true, title: t('failure.forbidden'), detail: t('failure.forbiddenDetail') };
    }
    if (isApiError(cause) && (cause.isNetworkError || cause.status >= 502)) {
      return { forbidden: false, title: t(titleKey), detail: t('failure.network') };
    }
    const detail = isApiError(cause) ? (cause.problem.detail ?? cause.problem.title) : t('failure.generic');
    return { forbidden: false, title: t(titleKey), detail };
  };
}
