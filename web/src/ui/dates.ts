/**
 * Business dates in the browser: today and this month where the business runs
 * (Asia/Shanghai), whatever the browser's own zone; the day arithmetic and the date check
 * are the domain's own.
 */
export { addDays, isBusinessDate } from '../../../domain/shared/business-date';

export function businessToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function businessMonth(now: Date = new Date()): string {
  return businessToday(now).slice(0, 7);
}

/** A business date in the reader's language, e.g. `11月30日` or `Nov 30`. */
export function formatDay(date: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
