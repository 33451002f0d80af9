/**
 * Typed client for `/api/v1/costsharing` (api/modules/costsharing/costsharing.routes.ts).
 * Amounts are integer fen, rates are fractions of the full unit cost; shapes follow
 * domain/costsharing/types.ts.
 */
import { http } from '@/api/http';
// The quote is the engine's own plain JSON: its shape is typed once, in the domain.
import type { LocalText, MarginBand, Mechanism, Quote } from '../../../../domain/costsharing/types';

export type { ClosingCandidate, ContributionLine, LocalText, MarginBand, Mechanism, Quote, QuoteFlag, QuoteReason } from '../../../../domain/costsharing/types';

export const PARTY_KINDS = ['community', 'department', 'institution', 'operator', 'social', 'resident'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const COST_COMPONENTS = ['materials', 'labour', 'utilities', 'consumables', 'space', 'depreciation', 'overhead'] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

export const PRICE_ROUNDINGS = ['half-up', 'up', 'down'] as const;
export type PriceRounding = (typeof PRICE_ROUNDINGS)[number];

export interface ServiceLine {
  code: string;
  service: 'canteen' | 'childcare' | 'carehome' | 'afterschool';
  unit: string;
  label: LocalText;
  tiers: ({ code: string } & LocalText)[];
}

export interface Party {
  id: string;
  kind: PartyKind;
  name: string;
  nameEn: string;
  siteId: string | null;
  departmentId: string | null;
}

export type ComponentsFen = Record<CostComponent, number>;

/** The numbers an admin edits, and may preview before saving. */
export interface CostModelNumbers {
  componentsFen: ComponentsFen;
  marginBand: MarginBand;
  priceStepFen: number;
  minPriceFen: number;
  priceRounding: PriceRounding;
}

export interface CostModelVersion extends CostModelNumbers {
  id: string;
  siteId: string;
  serviceLine: string;
  effectiveFrom: string;
  unit: string;
  fullCostFen: number;
}

export interface CostModelCreate extends CostModelNumbers {
  siteId: string;
  serviceLine: string;
  effectiveFrom: string;
}

export interface Contribution {
  id: string;
  siteId: string;
  serviceLine: string;
  partyId: string;
  partyKind: PartyKind;
  partyName: string;
  mechanism: Mechanism;
  label: LocalText;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  settings: { mechanism: Mechanism } & Record<string, unknown>;
}

export interface QuoteRequest {
  siteId: string;
  serviceLine: string;
  date: string;
  tiers?: string[];
  draft?: CostModelNumbers;
}

export interface FundingAccount {
  account: string;
  year: number;
  limitFen: number;
  drawnFen: number;
  leftFen: number;
  units: number;
}

/** A funding account the agreements in force in a year draw on: open with its balance, or missing (its units are refused). */
export interface FundingYearAccount {
  account: string;
  mechanism: 'tier_subsidy' | 'fixed_grant' | 'charity_pool';
  name: LocalText;
  party: LocalText;
  serviceLines: string[];
  state: 'open' | 'missing';
  /** What the agreement opens the account with; null when the rule states no annual amount. */
  openingFen: number | null;
  limitFen: number | null;
  drawnFen: number | null;
  leftFen: number | null;
  units: number | null;
}

export interface FundingYear {
  year: number;
  accounts: FundingYearAccount[];
}

export interface MarginReportLine {
  serviceLine: string;
  units: number;
  fullCostFen: number;
  residentPaysFen: number;
  marginFen: number;
  marginRate: string | null;
  band: MarginBand | null;
}

export interface MarginReport {
  month: string;
  lines: MarginReportLine[];
  byPartyKind: Partial<Record<PartyKind, number>>;
}

export const costsharingApi = {
  serviceLines: () => http.get<ServiceLine[]>('/costsharing/service-lines'),
  parties: (siteId: string) => http.get<Party[]>('/costsharing/parties', { query: { siteId } }),
  costModels: (siteId: string, serviceLine?: string) =>
    http.get<CostModelVersion[]>('/costsharing/cost-models', { query: { siteId, serviceLine } }),
  createCostModel: (body: CostModelCreate) => http.post<CostModelVersion>('/costsharing/cost-models', body),
  deleteCostModel: (id: string) => http.delete<void>(`/costsharing/cost-models/${encodeURIComponent(id)}`),
  contributions: (siteId: string, serviceLine?: string) =>
    http.get<Contribution[]>('/costsharing/contributions', { query: { siteId, serviceLine } }),
  quotes: (body: QuoteRequest, signal?: AbortSignal) => http.post<{ quotes: Quote[] }>('/costsharing/quotes', body, { signal }),
  fundingAccounts: (siteId: string, year: number) =>
    http.get<FundingAccount[]>('/costsharing/funding-accounts', { query: { siteId, year } }),
  marginReport: (siteId: string, month: string) => http.get<MarginReport>('/costsharing/margin-report', { query: { siteId, month } }),
  fundingYear: (siteId: string, year: number) => http.get<FundingYear>('/costsharing/funding-accounts/rollover', { query: { siteId, year } }),
  openFundingYear: (siteId: string, year: number) => http.post<FundingYear & { opened: string[] }>('/costsharing/funding-accounts/rollover', { siteId, year }),
};
