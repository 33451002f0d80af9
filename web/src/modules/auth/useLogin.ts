/**
 * The login page's state and behaviour: the form, field rules, submit with loading,
 * and a readable error for 401 (bad credentials), 429 (rate limited) and network failures.
 * After login it goes to `?redirect=` when that is a safe in-app path, else home.
 */
import { computed, reactive, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import type { FormInstance, FormRules } from 'element-plus';
import { isApiError } from '@/api/http';
import { useSessionStore } from '@/stores/session';

export interface LoginForm {
  username: string;
  password: string;
}

/** Only same-app paths: `/x`, never `//host` or `https://…`, never back to /login. */
export function safeRedirect(value: unknown): string | null {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  if (path === '/login' || path.startsWith('/login?')) return null;
  return path;
}

/** `formEl` is the page's `<el-form>` template ref, used to run the field rules before submitting. */
export function useLogin(formEl: Readonly<Ref<FormInstance | null | undefined>>) {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const session = useSessionStore();

  const form = reactive<LoginForm>({ username: '', password: '' });
  const loading = ref(false);
  /** An i18n key, so the message follows the locale switch. */
  const errorKey = ref<string | null>(null);
  const error = computed(() => (errorKey.value ? t(errorKey.value) : null));

  const rules = computed<FormRules<LoginForm>>(() => ({
    username: [{ required: true, whitespace: true, message: t('auth.usernameRequired'), trigger: 'blur' }],
    password: [{ required: true, message: t('auth.passwordRequired'), trigger: 'blur' }],
  }));

  function describe(cause: unknown): string {
    if (!isApiError(cause)) return 'auth.errors.generic';
    if (cause.status === 401) return 'auth.errors.badCredentials';
    if (cause.status === 429) return 'auth.errors.rateLimited';
    if (cause.isNetworkError || cause.status >= 502) return 'auth.errors.network';
    return 'auth.errors.generic';
  }

  async function submit(): Promise<void> {
    if (loading.value) return;
    const valid = await formEl.value?.validate().catch(() => false);
    if (valid === false) return;
    loading.value = true;
    errorKey.value = null;
    try {
      await session.login({ username: form.username.trim(), password: form.password });
      await router.replace(safeRedirect(route.query.redirect) ?? '/');
    } catch (cause) {
      errorKey.value = describe(cause);
      if (isApiError(cause) && cause.status === 401) form.password = '';
    } finally {
      loading.value = false;
    }
  }

  return { form, rules, loading, error, submit };
}
