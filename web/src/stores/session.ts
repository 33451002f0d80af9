/**
 * Who is signed in. `boot()` asks `/auth/me` once when the app starts (so a reload keeps
 * the session); the router waits for it. A failed check that is not a 401 is kept as an
 * error so the app can offer a retry instead of a blank page.
 */
import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { ApiError, isApiError } from '@/api/http';
import { authApi, type LoginRequest, type SessionUser } from '@/modules/auth/auth.api';
import { modulesFor } from '@/modules/registry';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error';

function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  return new ApiError({ type: 'about:blank', title: 'Unexpected error', status: 0, detail: String(error) });
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const status = ref<SessionStatus>('idle');
  const error = shallowRef<ApiError | null>(null);
  let pending: Promise<void> | null = null;

  const isAuthenticated = computed(() => user.value !== null);
  const modules = computed(() => modulesFor(user.value?.modules ?? []));

  function canOpen(moduleKey: string): boolean {
    return user.value?.modules.some((m) => m === moduleKey) ?? false;
  }

  /** Whether the role holds an action (permission name as in api/auth/permissions.ts). */
  function can(action: string): boolean {
    return user.value?.actions.includes(action) ?? false;
  }

  /** Check the session with the server. Runs once unless `force`; concurrent calls share one request. */
  function boot(force = false): Promise<void> {
    if (pending) return pending;
    if (!force && (status.value === 'ready' || status.value === 'error')) return Promise.resolve();
    status.value = 'loading';
    error.value = null;
    pending = authApi
      .me()
      .then((me) => {
        user.value = me;
        status.value = 'ready';
      })
      .catch((cause: unknown) => {
        const apiError = toApiError(cause);
        user.value = null;
        if (apiError.status === 401) {
          status.value = 'ready';
        } else {
          error.value = apiError;
          status.value = 'error';
        }
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function login(request: LoginRequest): Promise<SessionUser> {
    const me = await authApi.login(request);
    user.value = me;
    status.value = 'ready';
    error.value = null;
    return me;
  }

  /** Ends the session on the server; a 401 means it was already gone, which is fine. */
  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch (cause) {
      if (!(isApiError(cause) && cause.status === 401)) throw cause;
    }
    clear();
  }

  /** Forget the user locally (after logout or when the API answers 401). */
  function clear(): void {
    user.value = null;
    status.value = 'ready';
    error.value = null;
  }

  return { user, status, error, isAuthenticated, modules, canOpen, can, boot, login, logout, clear };
});
