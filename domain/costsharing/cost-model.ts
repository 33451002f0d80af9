import type { DateTime } from 'luxon';
import { Fen, sumFen } from '../shared/money';
import { BusinessDate, businessDateOf } from '../shared/time';
import { CostSharingError } from './errors';
import { COST_COMPONENTS, CostModelVersion } from './types';
import { assertNonNegativeFen, isKnownBusinessDate } from './validate';

/** C: the full unit cost, the sum of all components. */
export function fullUnitCost(version: CostModelVersion): Fen {
  return sumFen(COST_COMPONENTS.map((c) => version.componentsFen[c]));
}

/**
 * The version in force on a business date. Versions switch at midnight Asia/Shanghai: one
 * effective from 2026-12-01 applies to '2026-12-01' and not to '2026-11-30'. An instant is
 * first read as its Shanghai business date, so 2026-11-30T16:00Z already falls on 12-01.
 * Undefined when no version has started yet.
 */
export function versionInForce(
  versions: readonly CostModelVersion[],
  on: BusinessDate | DateTime,
): CostModelVersion | undefined {
  const date = typeof on === 'string' ? on : businessDateOf(on);
  if (!isKnownBusinessDate(date)) throw new CostSharingError(`not a business date: ${date}`, 'date');
  const first = versions[0];
  let best: CostModelVersion | undefined;
  for (const v of versions) {
    // One list is one site's line; mixing lines would silently pick another line's costs.
    if (v.siteId !== first.siteId || v.serviceLine !== first.serviceLine) {
      throw new CostSharingError('versions must belong to one site and service line', 'versions');
    }
    // Same-length ISO dates compare correctly as strings, and both sides are Shanghai dates.
    if (v.effectiveFrom > date) continue;
    if (best && v.effectiveFrom === best.effectiveFrom) {
      throw new CostSharingError(`two versions start on ${v.effectiveFrom}`, 'versions');
    }
    if (!best || v.effectiveFrom > best.effectiveFrom) best = v;
  }
  return best;
}

export function validateCostModelVersion(version: CostModelVersion): void {
  if (!isKnownBusinessDate(version.effectiveFrom)) {
    throw new CostSharingError(`effectiveFrom is not a business date: ${version.effectiveFrom}`, 'effectiveFrom');
  }
  for (const c of COST_COMPONENTS) assertNonNegativeFen(version.componentsFen[c], `componentsFen.${c}`);
  // A margin rate and a cost share need a positive base.
  if (fullUnitCost(version) <= 0) throw new CostSharingError('full unit cost must be positive', 'componentsFen');
  const { floor, target, cap } = version.marginBand;
  for (const [k, x] of Object.entries({ floor, target, cap })) {
    if (!Number.isFinite(x)) throw new CostSharingError(`margin ${k} must be a number`, `marginBand.${k}`);
  }
  if (!(floor <= target && target <= cap)) {
    throw new CostSharingError('margin band must have floor ≤ target ≤ cap', 'marginBand');
  }
  assertNonNegativeFen(version.priceStepFen, 'priceStepFen');
  if (version.priceStepFen === 0) throw new CostSharingError('price step must be positive', 'priceStepFen');
  assertNonNegativeFen(version.minPriceFen, 'minPriceFen');
}
