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
