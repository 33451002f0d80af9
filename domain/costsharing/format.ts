import Decimal from 'decimal.js';
import type { Fen } from '../shared/money';

/**
 * '¥12.50', '¥-0.36': the same text as formatFen in shared/money, by integer arithmetic,
 * because a quote words a dozen amounts and Decimal division made wording the slowest
 * part of a quote. Exact for every safe integer.
 */
export function yuan(fen: Fen): string {
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `¥${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

const percents = new Map<number, string>();

/** '3%', '2.5%': rates in reasons read as people say them. Bands repeat, so their wording is kept. */
export function percent(rate: Decimal.Value): string {
  const known = typeof rate === 'number' ? percents.get(rate) : undefined;
  if (known !== undefined) return known;
  const text = `${new Decimal(rate).times(100).toDecimalPlaces(2).toString()}%`;
  if (typeof rate === 'number' && percents.size < 1000) percents.set(rate, text);
  return text;
}

/** A decimal amount of fen (e.g. '1289.4444') shown as yuan, for explaining rounding. */
export function yuanOfDecimal(fen: Decimal.Value): string {
  return `¥${new Decimal(fen).dividedBy(100).toDecimalPlaces(4).toString()}`;
}
