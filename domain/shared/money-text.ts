/**
 * Money and counts as people read them, the same in both languages: '¥146,000.00', '-¥4.41',
 * '146,000'. Integer arithmetic only, exact for every safe integer, and no number library, so
 * the web app imports it as it is and a quote words its dozen amounts quickly.
 */
import type { Fen } from './money';

/** 146000 → '146,000'; the digits of a whole number grouped by thousands. */
export function formatCount(n: number): string {
  const digits = String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && digits !== '0' ? `-${digits}` : digits;
}

/** 1250 → '¥12.50', -441 → '-¥4.41', 14600000 → '¥146,000.00'. */
export function formatFen(fen: Fen): string {
  const abs = Math.abs(Math.trunc(fen));
  const cents = abs % 100;
  return `${fen < 0 && abs !== 0 ? '-' : ''}¥${formatCount((abs - cents) / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}
