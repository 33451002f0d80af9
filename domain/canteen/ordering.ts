import { assertFen, type Fen } from '../shared/money';
import type { Tier } from './vocabulary';

export interface PortionPolicy {
  /** Portions per member, meal and day priced at the member's tier; the rest at the guest price. */
  tierPricedPortionsPerMeal: number;
}

/** One subsidised set per meal: the subsidy feeds the member, not the member's visitors. */
export const DEFAULT_PORTION_POLICY: PortionPolicy = { tierPricedPortionsPerMeal: 1 };

export interface PortionSplit {
  /** Priced at the member's tier quote (for tier 'member' that quote may carry no subsidy). */
  subsidised: number;
  /** Priced at the 'guest' quote. */
  fullPrice: number;
}

function assertCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
}

/**
 * How many of `quantity` portions of one set meal get the tier price, given how many the
 * member already had at the tier price for the same meal and day (in other orders, not
 * cancelled). A guest pays the full price for everything.
 */
export function splitPortions(
  tier: Tier,
  quantity: number,
  alreadySubsidised: number,
  policy: PortionPolicy = DEFAULT_PORTION_POLICY,
): PortionSplit {
  assertCount(quantity, 'quantity', 1);
  assertCount(alreadySubsidised, 'alreadySubsidised', 0);
  assertCount(policy.tierPricedPortionsPerMeal, 'tierPricedPortionsPerMeal', 0);
  const allowance = tier === 'guest' ? 0 : Math.max(0, policy.tierPricedPortionsPerMeal - alreadySubsidised);
  const subsidised = Math.min(quantity, allowance);
  return { subsidised, fullPrice: quantity - subsidised };
}

export type ChargeDecision = { ok: true; balanceAfterFen: Fen } | { ok: false; reason: 'insufficient_balance'; shortfallFen: Fen };

/**
 * A wallet charge (like an Odoo Lunch cash move): the balance may dip into the site's
 * overdraft allowance but never below −overdraft. A zero charge always passes, as it
 * cannot make a balance worse, even one left under a since-lowered limit.
 */
export function canCharge(balanceFen: Fen, overdraftLimitFen: Fen, amountFen: Fen): ChargeDecision {
  assertFen(balanceFen, 'balanceFen');
  assertFen(overdraftLimitFen, 'overdraftLimitFen');
  assertFen(amountFen, 'amountFen');
  if (overdraftLimitFen < 0) throw new RangeError('overdraftLimitFen must not be negative');
  if (amountFen < 0) throw new RangeError('amountFen must not be negative; a refund is a separate move');
  const balanceAfterFen = balanceFen - amountFen;
  if (amountFen === 0 || balanceAfterFen >= -overdraftLimitFen) return { ok: true, balanceAfterFen };
  return { ok: false, reason: 'insufficient_balance', shortfallFen: -overdraftLimitFen - balanceAfterFen };
}
