import Decimal from 'decimal.js';
import { allocate, Fen } from '../shared/money';
import type { MarginBand } from './types';

/**
 * The band in whole fen for a unit cost C. The floor rounds up and the cap down, so a
 * margin in [floorFen, capFen] is within [floor × C, cap × C] exactly, never "about".
 */
export interface MarginLimits {
  floorFen: Fen;
  target: Decimal;
  targetFen: Fen;
  capFen: Fen;
}

export function marginLimits(totalFen: Fen, band: MarginBand): MarginLimits {
  const c = new Decimal(totalFen);
  const target = c.times(band.target);
  return {
    floorFen: whole(c.times(band.floor).ceil()),
    target,
    targetFen: whole(target.toDecimalPlaces(0, Decimal.ROUND_HALF_UP)),
    capFen: whole(c.times(band.cap).floor()),
  };
}

/** A negative band rounds small amounts to −0; snapshots must say 0. */
const whole = (d: Decimal): Fen => d.toNumber() + 0;

export function marginRate(marginFen: Fen, totalFen: Fen): string {
  return new Decimal(marginFen).dividedBy(totalFen).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/**
 * Splits a cut of `excessFen` over the claimable subsidies in proportion to what each
 * claims. Largest remainder keeps each part within its own claim (a part is at most the
 * ceiling of its exact share, which is at most the whole claim), so no claim goes negative.
 */
export function cutAtCap(excessFen: Fen, claimsFen: readonly Fen[]): { cutFen: Fen; partsFen: Fen[] } {
  const claimable = claimsFen.reduce((a, b) => a + b, 0);
  const cutFen = Math.min(excessFen, claimable);
  if (cutFen <= 0) return { cutFen: 0, partsFen: claimsFen.map(() => 0) };
  return { cutFen, partsFen: allocate(cutFen, claimsFen) };
}
