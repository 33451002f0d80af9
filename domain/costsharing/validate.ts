import type { Fen } from '../shared/money';
import { isBusinessDate } from '../shared/time';
import { CostSharingError } from './errors';

export function assertNonNegativeFen(value: Fen, field: string): Fen {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CostSharingError(`${field} must be a whole, non-negative number of fen, got ${value}`, field);
  }
  return value;
}

export function assertFraction(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new CostSharingError(`${field} must be between 0 and 1, got ${value}`, field);
  }
  return value;
}

export function assertNonNegativeNumber(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new CostSharingError(`${field} must be a non-negative number, got ${value}`, field);
  }
  return value;
}

export function assertCount(value: number, field: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CostSharingError(`${field} must be a whole number ≥ ${min}, got ${value}`, field);
  }
  return value;
}

const checkedDates = new Map<string, boolean>();

/**
 * isBusinessDate, remembered: asking luxon about a zone costs more than the rest of a
 * quote, and a quote checks the same few dates again and again. The answer for a string
 * never changes, so remembering it keeps the function pure.
 */
export function isKnownBusinessDate(value: string): boolean {
  let ok = checkedDates.get(value);
  if (ok === undefined) {
    ok = isBusinessDate(value);
    if (checkedDates.size >= 10_000) checkedDates.clear();
    checkedDates.set(value, ok);
  }
  return ok;
}
