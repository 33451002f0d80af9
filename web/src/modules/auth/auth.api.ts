/** Typed client for `/api/v1/auth`. */
import { http, setCsrfToken } from '@/api/http';
import type { Role } from '../../../../domain/shared/roles';

export type { Role };

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  siteIds: string[];
  departmentCode: string | null;
  householdId: string | null;
  /** The modules this role may open: a subset of canteen, childcare, carehome, afterschool, costsharing, reconciliation. */
  modules: string[];
  /** The actions this role may take (e.g. `canteen.orders.write`): pages show only controls that would succeed. */
  actions: string[];
}

export interface LoginRequest {
  username: string;
  password: string;
}

export const authApi = {
  /** 200 with the user, or an ApiError with status 401 when there is no session. */
  async me(): Promise<SessionUser> {
    const body = await http.get<{ user: SessionUser }>('/auth/me', { skipAuthRedirect: true });
    return body.user;
  },

  /** The session is regenerated on login, so the returned CSRF token replaces the cached one. */
  async login(request: LoginRequest): Promise<SessionUser> {
    const body = await http.post<{ user: SessionUser; csrfToken: string }>('/auth/login', request, { skipAuthRedirect: true });
    setCsrfToken(body.csrfToken);
    return body.user;
  },

  async logout(): Promise<void> {
    try {
      await http.post<void>('/auth/logout', undefined, { skipAuthRedirect: true });
    } finally {
      setCsrfToken(null);
    }
  },
};
