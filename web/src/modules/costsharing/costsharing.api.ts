/**
 * Typed client for `/api/v1/costsharing` (api/modules/costsharing/costsharing.routes.ts).
 * Amounts are integer fen, rates are fractions of the full unit cost; the shapes are the
 * OpenAPI document's (web/src/api/types.ts).
 */
import { http } from '@/api/http';
import type { Answer, Body, Query, Schema } from '@/api/types';

export type { LocalText } from '../../../../domain/costsharing/types';
export { COST_COMPONENTS, PARTY_KINDS } from '../../../../domain/costsharing/types';
export { STEP_ROUNDINGS as PRICE_ROUNDINGS } from '../../../../domain/shared/money';

export type ServiceLine = Answer<'/costsharing/service-lines', 'get'>[number];
export type Party = Schema<'Party'>;
export type PartyKind = Party['kind'];
export type ComponentsFen = Schema<'CostComponentsFen'>;
export type CostComponent = keyof ComponentsFen;
export type PriceRounding = Schema<'CostModelVersion'>['priceRounding'];

export type QuoteRequest = Schema<'QuoteRequest'>;
/** The numbers an admin edits, and may preview before saving. */
export type CostModelNumbers = NonNullable<QuoteRequest['draft']>;
export type CostModelVersion = Schema<'CostModelVersion'>;
export type CostModelCreate = Schema<'CostModelCreate'>;
export type Contribution = Schema<'Contribution'>;

export type FundingAccount = Schema<'FundingAccount'>;
/** A funding account the agreements in force in a year draw on: open with its balance, or missing (its units are refused). */
export type FundingYearAccount = Schema<'FundingYearAccount'>;
export type FundingYear = Schema<'FundingYear'>;
export type MarginReport = Schema<'MarginReport'>;
export type MarginReportLine = MarginReport['lines'][number];
export type MarginBand = Schema<'MarginBand'>;
export type Mechanism = Contribution['mechanism'];

/** The engine's quote of one unit for one tier: costs, what each party gives, the resident's price, the margin. */
export type Quote = Schema<'Quote'>;
export type ContributionLine = Schema<'QuoteContributionLine'>;
export type ClosingCandidate = Schema<'QuoteClosingCandidate'>;
export type QuoteReason = Schema<'QuoteReason'>;
export type QuoteFlag = Quote['flags'][number];

export const costsharingApi = {
  serviceLines: () => http.get<Answer<'/costsharing/service-lines', 'get'>>('/costsharing/service-lines'),
  parties: (siteId: string) => http.get<Answer<'/costsharing/parties', 'get'>>('/costsharing/parties', { query: { siteId } satisfies Query<'/costsharing/parties', 'get'> }),
  costModels: (siteId: string, serviceLine?: ServiceLine['code']) =>
    http.get<Answer<'/costsharing/cost-models', 'get'>>('/costsharing/cost-models', { query: { siteId, serviceLine } satisfies Query<'/costsharing/cost-models', 'get'> }),
  createCostModel: (body: Body<'/costsharing/cost-models', 'post'>) => http.post<Answer<'/costsharing/cost-models', 'post'>>('/costsharing/cost-models', body),
  deleteCostModel: (id: string) =>
    http.delete<Answer<'/costsharing/cost-models/{costModelId}', 'delete'>>(`/costsharing/cost-models/${encodeURIComponent(id)}`),
  contributions: (siteId: string, serviceLine?: ServiceLine['code']) =>
    http.get<Answer<'/costsharing/contributions', 'get'>>('/costsharing/contributions', { query: { siteId, serviceLine } satisfies Query<'/costsharing/contributions', 'get'> }),
  quotes: (body: Body<'/costsharing/quotes', 'post'>, signal?: AbortSignal) =>
    http.post<Answer<'/costsharing/quotes', 'post'>>('/costsharing/quotes', body, { signal }),
  fundingAccounts: (siteId: string, year: number) =>
    http.get<Answer<'/costsharing/funding-accounts', 'get'>>('/costsharing/funding-accounts', { query: { siteId, year } satisfies Query<'/costsharing/funding-accounts', 'get'> }),
  marginReport: (siteId: string, month: string) =>
    http.get<Answer<'/costsharing/margin-report', 'get'>>('/costsharing/margin-report', { query: { siteId, month } satisfies Query<'/costsharing/margin-report', 'get'> }),
  fundingYear: (siteId: string, year: number) =>
    http.get<Answer<'/costsharing/funding-accounts/rollover', 'get'>>('/costsharing/funding-accounts/rollover', { query: { siteId, year } satisfies Query<'/costsharing/funding-accounts/rollover', 'get'> }),
  openFundingYear: (siteId: string, year: number) =>
    http.post<Answer<'/costsharing/funding-accounts/rollover', 'post'>>('/costsharing/funding-accounts/rollover', { siteId, year } satisfies Body<'/costsharing/funding-accounts/rollover', 'post'>),
};
