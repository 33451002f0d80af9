/**
 * Business dates without luxon, so that rules the browser shares with the server (the ID
 * number's birth date) do not pull a date library into the web bundle. time.ts re-exports
 * these for the server's code.
 */

/** `YYYY-MM-DD` in Asia/Shanghai. */
export type BusinessDate = string;

/** A real calendar date written `YYYY-MM-DD` (2024-02-29 yes, 2023-02-29 no). */
export function isBusinessDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, month, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, month, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === month && date.getUTCDate() === d;
}

/** A business date plus whole days: addDays('2026-12-31', 1) → '2027-01-01'. */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(0);
  next.setUTCFullYear(y, m - 1, d + days);
  return next.toISOString().slice(0, 10);
}
