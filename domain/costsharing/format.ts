import Decimal from 'decimal.js';
import { formatCount } from '../shared/money-text';

const percents = new Map<number, string>();

/** '3%', '2.5%': rates in reasons read as people say them. Bands repeat, so their wording is kept. */
export function percent(rate: Decimal.Value): string {
  const known = typeof rate === 'number' ? percents.get(rate) : undefined;
  if (known !== undefined) return known;
  const text = `${new Decimal(rate).times(100).toDecimalPlaces(2).toString()}%`;
  if (typeof rate === 'number' && percents.size < 1000) percents.set(rate, text);
  return text;
}

/** A decimal amount of fen (e.g. '128944.44') shown as yuan, for explaining rounding: '¥1,289.4444'. */
export function yuanOfDecimal(fen: Decimal.Value): string {
  const yuan = new Decimal(fen).dividedBy(100).toDecimalPlaces(4);
  const [whole, decimals] = yuan.abs().toFixed().split('.');
  return `${yuan.isNegative() && !yuan.isZero() ? '-' : ''}¥${formatCount(Number(whole))}${decimals ? `.${decimals}` : ''}`;
}
