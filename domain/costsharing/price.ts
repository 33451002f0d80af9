import Decimal from 'decimal.js';
import { Fen, roundToStep, StepRounding } from '../shared/money';
import type { CostModelVersion } from './types';

export interface ResidentPrice {
  unrounded: Decimal;
  roundedFen: Fen;
  priceFen: Fen;
  rounding: StepRounding;
  minimumApplied: boolean;
}

/** Resident price = C − contributions + target margin, rounded to the line's step, then at least the minimum. */
export function residentPrice(totalFen: Fen, contributionsFen: Fen, target: Decimal, version: CostModelVersion): ResidentPrice {
  const rounding = version.priceRounding ?? 'half-up';
  const unrounded = target.plus(totalFen - contributionsFen);
  // `+ 0` turns a -0 from rounding a small negative amount into 0, so snapshots compare equal.
  const roundedFen = roundToStep(unrounded, version.priceStepFen, rounding) + 0;
  const minimumApplied = roundedFen < version.minPriceFen;
  return { unrounded, roundedFen, priceFen: minimumApplied ? version.minPriceFen : roundedFen, rounding, minimumApplied };
}
