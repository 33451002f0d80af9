/**
 * Plan weeks run Monday to Sunday, as the server keys them (`weekStart` is a Monday).
 * Business dates are plain `YYYY-MM-DD` strings; the arithmetic is done in UTC so the
 * browser's own time zone never shifts a day.
 */
import { addDays } from '@/ui/dates';

export { formatDay } from '@/ui/dates';

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function mondayOf(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}
