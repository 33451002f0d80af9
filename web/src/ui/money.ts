/**
 * Money and rates at the edge of the app. The API speaks integer fen and fractions; people
 * read and type yuan with two decimals and percents. Conversions parse the typed string
 * digit by digit, so ¥0.07 is 7 fen and never 7.000000000000001. Amounts and counts read
 * as the server's own words write them ('-¥4.41', '¥146,000.00', '146,000').
 */
export { formatCount, formatFen } from '../../../domain/shared/money-text';

const YUAN_PATTERN = /^(\d{1,10})(?:\.(\d{0,2}))?$/;
const PERCENT_PATTERN = /^(-?)(\d{1,3})(?:\.(\d{0,2}))?$/;

/** Fen as the yuan text of an input field: 780 → '7.80' (no currency sign, no grouping). */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const cents = abs % 100;
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * Typed yuan to integer fen, exactly: '7.8' → 780, '12' → 1200, ' 0.05 ' → 5.
 * Null when the text is not a non-negative amount with at most two decimals.
 */
export function parseYuanToFen(text: string): number | null {
  const match = YUAN_PATTERN.exec(text.trim().replace(/^¥/, ''));
  if (!match) return null;
  const [, whole, decimals = ''] = match;
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

/** A fraction of the full cost as percent text: 0.03 → '3', 0.025 → '2.5', -0.01 → '-1'. */
export function fractionToPercentInput(fraction: number): string {
  const basisPoints = Math.round(fraction * 10000);
  const abs = Math.abs(basisPoints);
  const hundredths = abs % 100;
  const whole = (abs - hundredths) / 100;
  const decimals = hundredths === 0 ? '' : `.${String(hundredths).padStart(2, '0').replace(/0$/, '')}`;
  return `${basisPoints < 0 ? '-' : ''}${whole}${decimals}`;
}

/**
 * Typed percent to a fraction: '3' → 0.03, '2.5' → 0.025. The basis points are an exact
 * integer, and an integer divided by 10 000 is the same double as the decimal literal.
 * Null when not a percent between -100 and 100 with at most two decimals.
 */
export function parsePercentToFraction(text: string): number | null {
  const match = PERCENT_PATTERN.exec(text.trim().replace(/%$/, '').trim());
  if (!match) return null;
  const [, sign, whole, decimals = ''] = match;
  const basisPoints = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (basisPoints > 10000) return null;
  return sign === '-' && basisPoints !== 0 ? -basisPoints / 10000 : basisPoints / 10000;
}

/** A fraction or a decimal string ('0.0240') as people read a rate: '2.4%'. */
export function formatRate(rate: number | string | null | undefined): string {
  if (rate === null || rate === undefined || rate === '') return '—';
  const value = typeof rate === 'string' ? Number(rate) : rate;
  if (!Number.isFinite(value)) return '—';
  const basisPoints = Math.round(value * 10000);
  const abs = Math.abs(basisPoints);
  const hundredths = abs % 100;
  const decimals = hundredths === 0 ? '' : `.${String(hundredths).padStart(2, '0').replace(/0$/, '')}`;
  return `${basisPoints < 0 ? '-' : ''}${(abs - hundredths) / 100}${decimals}%`;
}
