import Decimal from 'decimal.js';
import { Fen, toFen } from '../shared/money';
import { Giver, reasons } from './reasons';
import {
  CharityPool,
  Contribution,
  FixedGrant,
  InKindSpace,
  QuoteFlag,
  QuoteReason,
  QuoteSubject,
  TierSubsidy,
  VolunteerHours,
} from './types';
import { assertCount, assertFraction, assertNonNegativeFen, assertNonNegativeNumber } from './validate';

/** What one contribution gives for the unit, with what it has to say about it. */
export interface Applied {
  amountFen: Fen;
  flags: QuoteFlag[];
  reasons: QuoteReason[];
}

/** A programme's state within one quote, so two rules of one programme share its caps and budget. */
export interface ProgrammeState {
  budgetLeftFen: Fen | null;
  todayFen: Fen;
  thisMonthFen: Fen;
}

/**
 * What is still there to offset or claim while a quote walks its contributions, so that
 * in-kind help never exceeds the component it stands in for.
 */
export interface Headroom {
  readonly spaceFen: Fen;
  spaceLeftFen: Fen;
  labourLeftFen: Fen;
  programmes: Map<string, ProgrammeState>;
  /** What each charity pool has left in this quote, by pool code. */
  pools: Map<string, Fen>;
}

export function giverOf(c: Contribution): Giver {
  return { partyId: c.party.id, party: c.party.name, contributionId: c.id, contribution: c.label };
}

const applied = (amountFen: Fen, flags: QuoteFlag[] = [], said: QuoteReason[] = []): Applied => ({
  amountFen,
  flags,
  reasons: said,
});

export function offsetSpace(c: InKindSpace, room: Headroom): Applied {
  const spaceFen = room.spaceFen;
  assertFraction(c.fraction, `${c.id}.fraction`);
  const g = giverOf(c);
  const wanted = toFen(new Decimal(spaceFen).times(c.fraction));
  const amount = Math.min(wanted, room.spaceLeftFen);
  room.spaceLeftFen -= amount;
  const said = [reasons.spaceOffset(g, amount, spaceFen, c.fraction)];
  if (amount < wanted) return applied(amount, ['spaceOffsetCapped'], [...said, reasons.spaceOffsetCapped(g, amount, wanted)]);
  return applied(amount, [], said);
}

export function offsetLabour(c: VolunteerHours, room: Headroom): Applied {
  assertNonNegativeNumber(c.hoursPerUnit, `${c.id}.hoursPerUnit`);
  assertNonNegativeFen(c.shadowWagePerHourFen, `${c.id}.shadowWagePerHourFen`);
  const g = giverOf(c);
  const wanted = toFen(new Decimal(c.hoursPerUnit).times(c.shadowWagePerHourFen));
  const amount = Math.min(wanted, room.labourLeftFen);
  room.labourLeftFen -= amount;
  const said = [reasons.volunteerOffset(g, c.hoursPerUnit, c.shadowWagePerHourFen, amount)];
  if (amount < wanted) return applied(amount, ['volunteerCapped'], [...said, reasons.volunteerCapped(g, amount, wanted)]);
  return applied(amount, [], said);
}

/**
 * Opens each programme's state for one quote. Rules of one programme share its per-person
 * usage and its budget; if they state different budgets, the smallest is taken, so a quote
 * can never draw more than any of them says is left.
 */
export function openProgrammes(rules: readonly TierSubsidy[], subject: QuoteSubject): Map<string, ProgrammeState> {
  const programmes = new Map<string, ProgrammeState>();
  for (const c of rules) {
    const stated = c.budgetRemainingFen === undefined ? null : assertNonNegativeFen(c.budgetRemainingFen, `${c.id}.budgetRemainingFen`);
    const open = programmes.get(c.programmeCode);
    if (open) {
      if (stated !== null) open.budgetLeftFen = open.budgetLeftFen === null ? stated : Math.min(open.budgetLeftFen, stated);
      continue;
    }
    const usage = subject.usageByProgramme?.[c.programmeCode] ?? {};
    programmes.set(c.programmeCode, {
      budgetLeftFen: stated,
      todayFen: assertNonNegativeFen(usage.todayFen ?? 0, `usageByProgramme.${c.programmeCode}.todayFen`),
      thisMonthFen: assertNonNegativeFen(usage.thisMonthFen ?? 0, `usageByProgramme.${c.programmeCode}.thisMonthFen`),
    });
  }
  return programmes;
}

export function programmeState(c: TierSubsidy, room: Headroom): ProgrammeState {
  const state = room.programmes.get(c.programmeCode);
  if (!state) throw new Error(`programme ${c.programmeCode} was not opened for this quote`);
  return state;
}

/** How much more this rule could still pay this person from its programme; null when nothing here limits it. */
export function subsidyHeadroom(c: TierSubsidy, state: ProgrammeState): Fen | null {
  const limits: Fen[] = [];
  if (state.budgetLeftFen !== null) limits.push(state.budgetLeftFen);
  if (c.perPersonCapFen?.day !== undefined) limits.push(Math.max(0, c.perPersonCapFen.day - state.todayFen));
  if (c.perPersonCapFen?.month !== undefined) limits.push(Math.max(0, c.perPersonCapFen.month - state.thisMonthFen));
  return limits.length === 0 ? null : Math.min(...limits);
}

export function claimTierSubsidy(c: TierSubsidy, subject: QuoteSubject, room: Headroom): Applied {
  const g = giverOf(c);
  const perUnit = c.amountsByTierFen[subject.tier];
  if (perUnit === undefined || perUnit === 0) {
    return applied(0, [], [reasons.tierNotEligible(g, c.programmeCode, subject.tier)]);
  }
  assertNonNegativeFen(perUnit, `${c.id}.amountsByTierFen.${subject.tier}`);
  const state = programmeState(c, room);
  const flags: QuoteFlag[] = [];
  const said: QuoteReason[] = [];

  // Caps first, then the budget: a capped person must not be told the budget ran out.
  let amount = perUnit;
  const cap = c.perPersonCapFen ?? {};
  for (const period of ['day', 'month'] as const) {
    const capFen = cap[period];
    if (capFen === undefined) continue;
    assertNonNegativeFen(capFen, `${c.id}.perPersonCapFen.${period}`);
    const used = period === 'day' ? state.todayFen : state.thisMonthFen;
    const left = Math.max(0, capFen - used);
    if (left < amount) {
      const before = amount;
      amount = left;
      if (!flags.includes('personCapReached')) flags.push('personCapReached');
      said.push(reasons.personCapReached(g, c.programmeCode, period, capFen, used, amount, before));
    }
  }
  if (state.budgetLeftFen !== null && state.budgetLeftFen < amount) {
    const wanted = amount;
    amount = state.budgetLeftFen;
    if (amount === 0) {
      flags.push('budgetExhausted');
      said.push(reasons.budgetExhausted(g, c.programmeCode, wanted));
    } else {
      flags.push('budgetPartial');
      said.push(reasons.budgetPartial(g, c.programmeCode, amount, wanted));
    }
  }

  drawProgramme(state, amount);
  if (amount > 0) said.unshift(reasons.tierSubsidy(g, c.programmeCode, subject.tier, amount));
  return applied(amount, flags, said);
}

/** Negative amounts give back what a cut at the margin cap withheld. */
export function drawProgramme(state: ProgrammeState, amountFen: Fen): void {
  if (state.budgetLeftFen !== null) state.budgetLeftFen -= amountFen;
  state.todayFen += amountFen;
  state.thisMonthFen += amountFen;
}

/**
 * The k-th unit (0-based) of the grant year gets floor(A/N), plus one fen for the first
 * A mod N units: exactly allocate(A, N equal weights)[k], computed without building N
 * weights, so the N forecast units together receive the annual amount to the fen.
 */
export function grantShareOfUnit(annualFen: Fen, forecastUnits: number, unitIndex: number): Fen {
  if (unitIndex >= forecastUnits) return 0;
  const base = Math.floor(annualFen / forecastUnits);
  return base + (unitIndex < annualFen % forecastUnits ? 1 : 0);
}

export function amortiseGrant(c: FixedGrant): Applied & { withinForecast: boolean } {
  assertNonNegativeFen(c.annualFen, `${c.id}.annualFen`);
  assertCount(c.forecastUnitsPerYear, `${c.id}.forecastUnitsPerYear`, 1);
  assertCount(c.unitsAmortisedSoFar, `${c.id}.unitsAmortisedSoFar`);
  const g = giverOf(c);
  if (c.unitsAmortisedSoFar >= c.forecastUnitsPerYear) {
    return { ...applied(0, ['grantExhausted'], [reasons.grantExhausted(g, c.annualFen, c.forecastUnitsPerYear)]), withinForecast: false };
  }
  const amount = grantShareOfUnit(c.annualFen, c.forecastUnitsPerYear, c.unitsAmortisedSoFar);
  const said = [reasons.grantAmortised(g, c.annualFen, c.forecastUnitsPerYear, c.unitsAmortisedSoFar + 1, amount)];
  return { ...applied(amount, [], said), withinForecast: true };
}

/**
 * Opens each pool's balance for one quote. Rules of one pool share its balance, as rules of one
 * programme share its budget; if they state different balances, the smallest is taken.
 */
export function openPools(rules: readonly CharityPool[]): Map<string, Fen> {
  const pools = new Map<string, Fen>();
  for (const c of rules) {
    const stated = assertNonNegativeFen(c.balanceFen, `${c.id}.balanceFen`);
    pools.set(c.poolCode, Math.min(pools.get(c.poolCode) ?? stated, stated));
  }
  return pools;
}

export function drawCharity(c: CharityPool, tier: string, leftToPayFen: Fen, room: Headroom): Applied {
  assertNonNegativeFen(c.perUnitMaxFen, `${c.id}.perUnitMaxFen`);
  const g = giverOf(c);
  if (!c.tiers.includes(tier)) return applied(0, [], [reasons.charityNotEarmarked(g, c.poolCode, tier)]);
  const wanted = Math.min(c.perUnitMaxFen, leftToPayFen);
  if (wanted === 0) return applied(0);
  const balanceFen = room.pools.get(c.poolCode)!;
  if (balanceFen === 0) return applied(0, ['poolExhausted'], [reasons.poolExhausted(g, c.poolCode, wanted)]);
  const amount = Math.min(balanceFen, wanted);
  room.pools.set(c.poolCode, balanceFen - amount);
  if (amount < wanted) {
    return applied(amount, ['poolPartial'], [reasons.charityPaid(g, c.poolCode, amount), reasons.poolPartial(g, c.poolCode, amount, wanted)]);
  }
  return applied(amount, [], [reasons.charityPaid(g, c.poolCode, amount)]);
}

/** What the pool could still pay per unit if the resident's price went up, given what this rule paid. */
export function poolHeadroom(c: CharityPool, tier: string, drawnFen: Fen, room: Headroom): Fen {
  if (!c.tiers.includes(tier)) return 0;
  return Math.max(0, Math.min(room.pools.get(c.poolCode)!, c.perUnitMaxFen - drawnFen));
}
