/**
 * The API names each wrong field with a stable `code` and the numbers it needs in `params`
 * (api/http/field-errors.ts); its `message` is English for API clients. The codes we have
 * words for are said in the user's language (`serverText.codes.*`); any other is shown as
 * the server wrote it, marked as the server's word.
 */
import { useI18n } from 'vue-i18n';
import type { ProblemFieldError } from '@/api/http';

export type ServerText = (error: Pick<ProblemFieldError, 'code' | 'params' | 'message'>) => string;

export function useServerText(): ServerText {
  const { t, te, locale } = useI18n();
  const list = (value: unknown) => (Array.isArray(value) ? value.join(locale.value === 'en' ? ', ' : '、') : value);
  return (error) => {
    const key = `serverText.codes.${error.code}`;
    if (!error.code || !te(key)) return t('serverText.asSent', { message: error.message });
    return t(key, Object.fromEntries(Object.entries(error.params ?? {}).map(([name, value]) => [name, list(value)])));
  };
}
