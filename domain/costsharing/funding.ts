import type { Fen } from '../shared/money';
import type { BusinessDate } from '../shared/time';
import type { CharityPool, FixedGrant, InKindSpace, TierSubsidy, VolunteerHours } from './types';

/**
 * A funding account: what a programme's budget, a charity pool or a fixed grant has for one
 * year, and what served units have drawn on it. It is a budget, not a ledger account (a
 * double-entry account of money held, such as a member's wallet).
 */
export interface FundingAccount {
  /** The programme code, the pool code, or a grant's contribution id (as in Drawdown.account). */
  account: string;
  year: number;
  limitFen: Fen;
  drawnFen: Fen;
  /** Units that drew on it; for a grant, the units of its year amortised so far. */
  units: number;
}

export type DrawingMechanism = 'tier_subsidy' | 'fixed_grant' | 'charity_pool';

/**
 * A contribution as agreed, without the balances a quote reads: those come from the funding
 * account of each unit's year (priceUnits).
 */
export type ContributionTerms =
  | InKindSpace
  | VolunteerHours
  | Omit<TierSubsidy, 'budgetRemainingFen'>
  | Omit<FixedGrant, 'unitsAmortisedSoFar'>
  | Omit<CharityPool, 'balanceFen'>;

export type DrawingTerms = Extract<ContributionTerms, { mechanism: DrawingMechanism }>;

/** The funding account a contribution draws on: its programme, its pool, or (a grant) itself; null for help in kind. */
export function accountOf(c: ContributionTerms): string | null {
  switch (c.mechanism) {
    case 'tier_subsidy':
      return c.programmeCode;
    case 'charity_pool':
      return c.poolCode;
    case 'fixed_grant':
      return c.id;
    default:
      return null;
  }
}

export const yearOf = (date: BusinessDate): number => Number(date.slice(0, 4));

/** Whether a contribution's window (inclusive business dates) reaches into the year. */
export function inForceDuring(c: ContributionTerms, year: number): boolean {
  return (c.effectiveFrom === undefined || c.effectiveFrom <= `${year}-12-31`) && (c.effectiveTo === undefined || c.effectiveTo >= `${year}-01-01`);
}

/** What the agreement opens a year's account with: the programme's annual budget, the pool's or the grant's annual amount. */
export function agreedFenOf(c: ContributionTerms): Fen | undefined {
  switch (c.mechanism) {
    case 'tier_subsidy':
      return c.annualBudgetFen;
    case 'charity_pool':
    case 'fixed_grant':
      return c.annualFen;
    default:
      return undefined;
  }
}

/** A funding account the agreements in force in a year draw on, open or not. */
export interface YearAccount {
  account: string;
  year: number;
  mechanism: DrawingMechanism;
  /** The contributions drawing on it that year: a programme's rules on several service lines share one budget. */
  contributions: DrawingTerms[];
  /**
   * What the year's account opens with. Where rules of one programme or pool state different
   * amounts the smallest is taken, as a quote takes the smallest budget; null when none states one.
   */
  openingFen: Fen | null;
  /** The account as it is, or null: the year has none, and units that would draw on it are refused. */
  open: FundingAccount | null;
}

/**
 * The funding accounts a year needs, from the agreements in force in it, each with the account
 * already open for the year (if any) and what a missing one opens with. A pool opens each year
 * with the amount its agreement puts in for the year, like a budget or a grant: what an earlier
 * year left stays on that year's account (carried over while that year still draws, the same fen
 * could be spent twice).
 */
export function yearAccounts(year: number, contributions: readonly ContributionTerms[], accounts: readonly FundingAccount[]): YearAccount[] {
  const byAccount = new Map<string, YearAccount>();
  for (const c of contributions) {
    const account = accountOf(c);
    if (account === null || !inForceDuring(c, year)) continue;
    const drawing = c as DrawingTerms;
    let entry = byAccount.get(account);
    if (!entry) {
      const open = accounts.find((a) => a.account === account && a.year === year) ?? null;
      byAccount.set(account, (entry = { account, year, mechanism: drawing.mechanism, contributions: [], openingFen: null, open }));
    }
    entry.contributions.push(drawing);
    const agreed = agreedFenOf(drawing);
    if (agreed !== undefined) entry.openingFen = entry.openingFen === null ? agreed : Math.min(entry.openingFen, agreed);
  }
  return [...byAccount.values()];
}
