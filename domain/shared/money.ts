import Decimal from 'decimal.js';

/** Integer fen (分). Every amount of money in storage and across module boundaries is one. */
export type Fen = number;

export const ZERO: Fen = 0;

export class MoneyError extends Error {}

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a whole number of fen, got ${value}`);
  return value;
}

/** Half-up to the fen: the default rounding rule of DESIGN.md §4. */
export function toFen(value: Decimal.Value): Fen {
  // `+ 0` turns a -0 (from rounding a small negative) into 0, so snapshots compare equal.
  return new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() + 0;
}

export function yuanToFen(yuan: Decimal.Value): Fen {
  return toFen(new Decimal(yuan).times(100));
}

export function sumFen(values: readonly Fen[]): Fen {
  return values.reduce((a, b) => a + b, 0);
}

export const STEP_ROUNDINGS = ['half-up', 'up', 'down'] as const;
export type StepRounding = (typeof STEP_ROUNDINGS)[number];

const ROUNDING: Record<StepRounding, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  up: Decimal.ROUND_CEIL,
  down: Decimal.ROUND_FLOOR,
};

/** Rounds to a price step such as ¥0.5 (50 fen) for canteen cash handling. */
export function roundToStep(amount: Decimal.Value, stepFen: Fen, mode: StepRounding = 'half-up'): Fen {
  assertFen(stepFen, 'step');
  if (stepFen <= 0) throw new MoneyError('step must be positive');
  return new Decimal(amount).dividedBy(stepFen).toDecimalPlaces(0, ROUNDING[mode]).times(stepFen).toNumber() + 0;
}

/**
 * Splits a total among weights so the parts add up to the total exactly:
 * each part gets the floor of its exact share, and the fen left over go one each
 * to the largest remainders (ties to the earlier weight, so the result is deterministic).
 * Negative totals are split as the mirror image of the positive ones.
 */
export function allocate(totalFen: Fen, weights: readonly Decimal.Value[]): Fen[] {
  assertFen(totalFen, 'total');
  if (weights.length === 0) throw new MoneyError('allocate needs at least one weight');
  const w = weights.map((x) => new Decimal(x));
  if (w.some((x) => x.isNegative())) throw new MoneyError('weights must not be negative');
  const sum = w.reduce((a, b) => a.plus(b), new Decimal(0));
  if (sum.isZero()) throw new MoneyError('weights must not all be zero');
  if (totalFen < 0) return allocate(-totalFen, weights).map((x) => (x === 0 ? 0 : -x));
  const exact = w.map((x) => x.times(totalFen).dividedBy(sum));
  const parts = exact.map((x) => x.floor().toNumber());
  let left = totalFen - sumFen(parts);
  const order = exact
    .map((x, i) => ({ i, rem: x.minus(x.floor()) }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}
