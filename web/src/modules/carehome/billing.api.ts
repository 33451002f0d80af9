/**
 * Typed client for the care home's bills (api/modules/carehome/billing.routes.ts): running a
 * month, statements, the arrears list, payments and deposit decisions. Writes carry an
 * Idempotency-Key, so a retried click acts once.
 */
import { http } from '@/api/http';
import type { Answer, Body } from '@/api/types';

export type Statement = Answer<'/carehome/statements', 'get'>[number];
export type StatementLine = Statement['lines'][number];
export type ResidentAccount = Answer<'/carehome/accounts', 'get'>[number];

const residence = (id: string) => `/carehome/residences/${encodeURIComponent(id)}`;
const keyed = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const billingApi = {
  statements: (siteId: string, month?: string) => http.get<Statement[]>('/carehome/statements', { query: { siteId, month } }),
  accounts: (siteId: string) => http.get<ResidentAccount[]>('/carehome/accounts', { query: { siteId } }),
  runMonth: (siteId: string, month: string, idempotencyKey: string) =>
    http.post<Answer<'/carehome/bills/run', 'post'>>('/carehome/bills/run', { siteId, month } satisfies Body<'/carehome/bills/run', 'post'>, keyed(idempotencyKey)),
  recordPayment: (residenceId: string, body: Body<'/carehome/residences/{residenceId}/payments', 'post'>, idempotencyKey: string) =>
    http.post<ResidentAccount>(`${residence(residenceId)}/payments`, body, keyed(idempotencyKey)),
  useDeposit: (residenceId: string, body: Body<'/carehome/residences/{residenceId}/deposit-uses', 'post'>, idempotencyKey: string) =>
    http.post<ResidentAccount>(`${residence(residenceId)}/deposit-uses`, body, keyed(idempotencyKey)),
};
