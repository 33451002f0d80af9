/** Typed client for `/api/v1/auth`; the shapes are the OpenAPI document's (web/src/api/types.ts). */
import { http, setCsrfToken } from '@/api/http';
import type { Answer, Schema } from '@/api/types';
import type { Role } from '../../../../domain/shared/roles';

export type { Role };

/**
 * Who is logged in: `modules` are those this role may open, `actions` those it may take
 * (e.g. `canteen.orders.write`), so pages show only controls that would succeed.
 */
export type SessionUser = Schema<'SessionUser'>;
export type LoginRequest = Schema<'LoginRequest'>;

export const authApi = {
  /** 200 with the user, or an ApiError with status 401 when there is no session. */
  async me(): Promise<SessionUser> {
    const body = await http.get<Answer<'/auth/me', 'get'>>('/auth/me', { skipAuthRedirect: true });
    return body.user;
  },

  /** The session is regenerated on login, so the returned CSRF token replaces the cached one. */
  async login(request: LoginRequest): Promise<SessionUser> {
    const body = await http.post<Answer<'/auth/login', 'post'>>('/auth/login', request, { skipAuthRedirect: true });
    setCsrfToken(body.csrfToken);
    return body.user;
  },

  async logout(): Promise<void> {
    try {
      await http.post<Answer<'/auth/logout', 'post'>>('/auth/logout', undefined, { skipAuthRedirect: true });
    } finally {
      setCsrfToken(null);
    }
  },
};
