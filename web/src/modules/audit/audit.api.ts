/** Typed client for `/api/v1/audit`; the shapes are the OpenAPI document's (web/src/api/types.ts). */
import { http } from '@/api/http';
import type { Answer, Query, Schema } from '@/api/types';

export type LoginEvent = Schema<'LoginEvent'>;
export type LoginOutcome = LoginEvent['outcome'];

export const auditApi = {
  /** Login attempts the caller may see, newest first. */
  logins(query: Query<'/audit/logins', 'get'> = {}): Promise<LoginEvent[]> {
    return http.get<Answer<'/audit/logins', 'get'>>('/audit/logins', { query });
  },
};
