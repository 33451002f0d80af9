/**
 * Typed client for `/api/v1/reconciliation` (api/modules/reconciliation): claims and their
 * lines, review, answers to disputes, payments and their allocation, receivables, the ledger,
 * the year's budgets, and the statements as download links (a GET with the session cookie). Amounts are integer fen.
 */
import { API_BASE, http, newIdempotencyKey } from '@/api/http';
import type { Answer, Body, Query, Schema } from '@/api/types';

export type Claim = Schema<'ReconClaim'>;
export type ClaimLine = Schema<'ReconClaimLine'>;
export type Comparison = Schema<'ReconComparison'>;
export type Payment = Schema<'ReconPayment'>;
export type Receivable = Schema<'ReconReceivable'>;
export type ProgrammeBudget = Schema<'ReconProgrammeBudget'>;
export type CheckInfo = Schema<'ReconCheck'>;
export type Ledger = Schema<'ReconLedger'>;
export type LedgerAccount = Ledger['accounts'][number];
export type LedgerEntry = Schema<'ReconLedgerEntry'>;
export type LinesQuery = Query<'/reconciliation/claims/{claimId}/lines', 'get'>;
export type StatementFormat = 'xlsx' | 'csv' | 'pdf';
export const STATEMENT_FORMATS: readonly StatementFormat[] = ['xlsx', 'csv', 'pdf'];

const claimPath = (id: string) => `/reconciliation/claims/${encodeURIComponent(id)}`;

/** A page's link to a file the API answers, with its query. */
function fileUrl(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return `${API_BASE}${path}?${search}`;
}

export const reconciliationApi = {
  checks: () => http.get<Answer<'/reconciliation/checks', 'get'>>('/reconciliation/checks'),
  claims: (query: Query<'/reconciliation/claims', 'get'> = {}) => http.get<Answer<'/reconciliation/claims', 'get'>>('/reconciliation/claims', { query }),
  claim: (id: string) => http.get<Answer<'/reconciliation/claims/{claimId}', 'get'>>(claimPath(id)),
  lines: (id: string, query: LinesQuery) => http.get<Answer<'/reconciliation/claims/{claimId}/lines', 'get'>>(`${claimPath(id)}/lines`, { query }),
  build: (body: Body<'/reconciliation/claims/build', 'post'>) => http.post<Answer<'/reconciliation/claims/build', 'post'>>('/reconciliation/claims/build', body),
  submit: (id: string, body: Body<'/reconciliation/claims/{claimId}/submit', 'post'>) =>
    http.post<Answer<'/reconciliation/claims/{claimId}/submit', 'post'>>(`${claimPath(id)}/submit`, body),
  review: (id: string, body: Body<'/reconciliation/claims/{claimId}/review', 'post'>) =>
    http.post<Answer<'/reconciliation/claims/{claimId}/review', 'post'>>(`${claimPath(id)}/review`, body),
  answer: (lineId: string, body: Body<'/reconciliation/lines/{lineId}/answer', 'post'>) =>
    http.post<Answer<'/reconciliation/lines/{lineId}/answer', 'post'>>(`/reconciliation/lines/${encodeURIComponent(lineId)}/answer`, body),
  compare: (id: string, body: Body<'/reconciliation/claims/{claimId}/compare', 'post'>) =>
    http.post<Answer<'/reconciliation/claims/{claimId}/compare', 'post'>>(`${claimPath(id)}/compare`, body),
  payments: (query: Query<'/reconciliation/payments', 'get'> = {}) => http.get<Answer<'/reconciliation/payments', 'get'>>('/reconciliation/payments', { query }),
  /** One key per attempt the caller keeps, so a retry after a lost answer records the payment once. */
  recordPayment: (body: Body<'/reconciliation/payments', 'post'>, key: string) =>
    http.post<Answer<'/reconciliation/payments', 'post'>>('/reconciliation/payments', body, { headers: { 'Idempotency-Key': key } }),
  importPayments: (body: Body<'/reconciliation/payments/import', 'post'>) =>
    http.post<Answer<'/reconciliation/payments/import', 'post'>>('/reconciliation/payments/import', body, { headers: { 'Idempotency-Key': newIdempotencyKey('recon-import') } }),
  /** By hand: one key per attempt the caller keeps, so a retry after a lost answer allocates once. */
  allocate: (paymentId: string, body: Body<'/reconciliation/payments/{paymentId}/allocations', 'post'>, key: string) =>
    http.post<Answer<'/reconciliation/payments/{paymentId}/allocations', 'post'>>(`/reconciliation/payments/${encodeURIComponent(paymentId)}/allocations`, body, { headers: { 'Idempotency-Key': key } }),
  ledger: (siteId: string) => http.get<Answer<'/reconciliation/ledger', 'get'>>('/reconciliation/ledger', { query: { siteId } }),
  ledgerEntries: (query: Query<'/reconciliation/ledger/entries', 'get'>) => http.get<Answer<'/reconciliation/ledger/entries', 'get'>>('/reconciliation/ledger/entries', { query }),
  receivables: (query: Query<'/reconciliation/receivables', 'get'> = {}) => http.get<Answer<'/reconciliation/receivables', 'get'>>('/reconciliation/receivables', { query }),
  periods: (siteId: string) => http.get<Answer<'/reconciliation/periods', 'get'>>('/reconciliation/periods', { query: { siteId } }),
  closeMonth: (body: Body<'/reconciliation/periods/close', 'post'>) => http.post<Answer<'/reconciliation/periods/close', 'post'>>('/reconciliation/periods/close', body),
  budget: (year: number) => http.get<Answer<'/reconciliation/budget', 'get'>>('/reconciliation/budget', { query: { year } }),
  claimStatementUrl: (id: string, format: StatementFormat) => fileUrl(`${claimPath(id)}/statement`, { format }),
  monthStatementUrl: (departmentId: string, month: string, format: StatementFormat, siteId?: string) => fileUrl('/reconciliation/statements', { departmentId, month, format, siteId }),
};

/** A file the user picked, as the API takes it: its format by its name, its bytes base64. */
export async function readPickedFile(file: File): Promise<{ format: 'csv' | 'xlsx'; content: string; fileName: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { format: /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv', content: btoa(binary), fileName: file.name };
}
