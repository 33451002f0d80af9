/** Typed client for `/api/v1/audit`; the shapes are the domain's (domain/shared/login-event.ts). */
import { http } from '@/api/http';
import type { LoginEvent, LoginOutcome } from '../../../../domain/shared/login-event';

export type { LoginEvent, LoginOutcome };

export const auditApi = {
  /** Login attempts the caller may see, newest first. */
  logins(query: { outcome?: LoginOutcome; limit?: number } = {}): Promise<LoginEvent[]> {
    return http.get<LoginEvent[]>('/audit/logins', { query });
  },
};
