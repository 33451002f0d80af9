import type { Fen } from '../shared/money';
import type { BusinessDate } from '../shared/time';
import { versionInForce } from './cost-model';
import { accountOf, ContributionTerms, DrawingMechanism, DrawingTerms, FundingAccount, yearOf } from './funding';
import { inForceOn, quote } from './quote';
import type { Contribution, CostModelVersion, LocalText, Party, ProgrammeUsage, Quote } from './types';

/** One unit to price: a meal, a bed-day, a slot-month, an after-school session. */
export interface UnitAsked {
  tier: string;
  date: BusinessDate;
  /** The person served (a member id …): per-person caps count what the same person used before. Without one, nothing earlier counts. */
  personRef?: string;
}

/** What a person drew from a programme on a date: earlier orders, or units priced before in the same call. */
export interface ProgrammeUse {
  personRef: string;
  programmeCode: string;
  date: BusinessDate;
  amountFen: Fen;
}

export interface PriceUnitsRequest<A extends FundingAccount = FundingAccount> {
  /** The line's cost model versions (one site, one line): a unit is priced under the one in force on its date. */
  versions: readonly CostModelVersion[];
  contributions: readonly ContributionTerms[];
  /** The funding accounts the contributions draw on, for the years of the units' dates. */
  accounts: readonly A[];
  used?: readonly ProgrammeUse[];
  units: readonly UnitAsked[];
}

/** A funding account a unit would draw on and its year does not have, named by the rule that draws on it. */
export interface MissingAccount {
  account: string;
  year: number;
  mechanism: DrawingMechanism;
  contributionId: string;
  label: LocalText;
  party: Party;
}

export type UnitRefusal =
  | { reason: 'no_cost_model'; date: BusinessDate }
  | { reason: 'no_funding_account'; date: BusinessDate; missing: MissingAccount[] };

export type PricedUnit = { quote: Quote; refusal?: undefined } | { quote?: undefined; refusal: UnitRefusal };

export interface PricedUnits<A extends FundingAccount = FundingAccount> {
  /** One per unit asked, in order: its quote, or why it has none (a refused unit draws nothing). */
  units: PricedUnit[];
  /** The accounts given, in the order given, after what the priced units drew. */
  accounts: A[];
  /** `used`, and what the priced units drew from each programme for their person. */
  used: ProgrammeUse[];
}

const keyOf = (...parts: (string | number)[]) => parts.join('\u0000');

/** Per person and programme, what was drawn by day and by month. */
class Usage {
  private readonly fen = new Map<string, Fen>();

  constructor(private readonly programmes: readonly string[]) {}

  add(use: ProgrammeUse): void {
    for (const period of [use.date, use.date.slice(0, 7)]) {
      const key = keyOf(use.personRef, use.programmeCode, period);
      this.fen.set(key, (this.fen.get(key) ?? 0) + use.amountFen);
    }
  }

  of(personRef: string | undefined, date: BusinessDate): Record<string, ProgrammeUsage> {
    if (personRef === undefined) return {};
    const at = (code: string, period: string) => this.fen.get(keyOf(personRef, code, period)) ?? 0;
    return Object.fromEntries(this.programmes.map((code) => [code, { todayFen: at(code, date), thisMonthFen: at(code, date.slice(0, 7)) }]));
  }
}

/** Whether the rule would draw on its account for a unit of this tier (so the unit needs that account). */
function drawsFor(c: DrawingTerms, tier: string): boolean {
  switch (c.mechanism) {
    case 'tier_subsidy':
      return (c.amountsByTierFen[tier] ?? 0) > 0;
    case 'charity_pool':
      return c.tiers.includes(tier);
    case 'fixed_grant':
      return true;
  }
}

/** The rule with the balance of its account, or with nothing to give when there is no account. */
function withBalance(c: DrawingTerms, account: FundingAccount | undefined): Contribution {
  const leftFen = account ? Math.max(0, account.limitFen - account.drawnFen) : 0;
  switch (c.mechanism) {
    case 'tier_subsidy':
      return { ...c, budgetRemainingFen: leftFen };
    case 'charity_pool':
      return { ...c, balanceFen: leftFen };
    case 'fixed_grant':
      // The year's account holds the grant's amount for that year.
      return account ? { ...c, annualFen: account.limitFen, unitsAmortisedSoFar: account.units } : { ...c, unitsAmortisedSoFar: 0 };
  }
}

/**
 * Prices served units of one service line, each in turn on what the ones before it drew: so
 * per-person day and month caps, programme budgets, charity pools and a grant's unit count
 * hold exactly for several units, whatever their dates. Each unit draws on the funding
 * accounts of its own date's year. A unit is refused, not priced, when no cost model is in
 * force on its date, or when a rule would draw on an account its year does not have: budgets
 * never fail open. Pure: the accounts given are not changed; their balances after come back.
 */
export function priceUnits<A extends FundingAccount>(request: PriceUnitsRequest<A>): PricedUnits<A> {
  const accounts = request.accounts.map((a) => ({ ...a }));
  const byKey = new Map(accounts.map((a) => [keyOf(a.account, a.year), a]));
  const programmes = [...new Set(request.contributions.flatMap((c) => (c.mechanism === 'tier_subsidy' ? [c.programmeCode] : [])))];
  const usage = new Usage(programmes);
  const used = [...(request.used ?? [])];
  for (const use of used) usage.add(use);

  const units = request.units.map((unit): PricedUnit => {
    const version = versionInForce(request.versions, unit.date);
    if (!version) return { refusal: { reason: 'no_cost_model', date: unit.date } };
    const year = yearOf(unit.date);
    const missing: MissingAccount[] = [];
    const contributions = request.contributions.map((c): Contribution => {
      const code = accountOf(c);
      if (code === null) return c as Contribution;
      const drawing = c as DrawingTerms;
      const account = byKey.get(keyOf(code, year));
      if (!account && inForceOn(c, unit.date) && drawsFor(drawing, unit.tier) && !missing.some((m) => m.account === code)) {
        missing.push({ account: code, year, mechanism: drawing.mechanism, contributionId: c.id, label: c.label, party: c.party });
      }
      return withBalance(drawing, account);
    });
    if (missing.length) return { refusal: { reason: 'no_funding_account', date: unit.date, missing } };

    const priced = quote(version, contributions, { tier: unit.tier, ...(unit.personRef === undefined ? {} : { personRef: unit.personRef }), usageByProgramme: usage.of(unit.personRef, unit.date) }, unit.date);
    for (const d of priced.drawdowns) {
      const account = byKey.get(keyOf(d.account, year));
      // A rule draws only for a unit that needed its account, and such a unit was refused without it.
      if (!account) throw new Error(`drawdown on ${d.account} ${year}, which was not given`);
      account.drawnFen += d.amountFen;
      account.units += d.units;
      if (d.mechanism === 'tier_subsidy' && unit.personRef !== undefined) {
        const use = { personRef: unit.personRef, programmeCode: d.account, date: unit.date, amountFen: d.amountFen };
        used.push(use);
        usage.add(use);
      }
    }
    return { quote: priced };
  });
  return { units, accounts, used };
}
