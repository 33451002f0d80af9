import { DateTime } from 'luxon';
import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import type { Problem } from '../shared/problems';
import { BUSINESS_ZONE } from '../shared/time';

/** A time of day in Asia/Shanghai, `HH:mm` (15:30). */
export type ClockTime = string;

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The five school days, Monday to Friday. */
export const SCHOOL_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

export const WEEKDAY_NAMES: Record<Weekday, { zh: string; en: string }> = {
  1: { zh: '周一', en: 'Monday' },
  2: { zh: '周二', en: 'Tuesday' },
  3: { zh: '周三', en: 'Wednesday' },
  4: { zh: '周四', en: 'Thursday' },
  5: { zh: '周五', en: 'Friday' },
  6: { zh: '周六', en: 'Saturday' },
  7: { zh: '周日', en: 'Sunday' },
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: unknown): value is ClockTime {
  return typeof value === 'string' && HH_MM.test(value);
}

/** Minutes since midnight: '17:30' → 1050. */
export function minutesOf(time: ClockTime): number {
  const m = HH_MM.exec(time);
  if (!m) throw new RangeError(`expected a HH:mm time, got ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function isWeekday(value: unknown): value is Weekday {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 7;
}

export function weekdayOf(date: BusinessDate): Weekday {
  if (!isBusinessDate(date)) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  return (((day.getUTCDay() + 6) % 7) + 1) as Weekday;
}

/** The instant a business date reaches a time of day (Asia/Shanghai), in UTC. */
export function instantAt(date: BusinessDate, time: ClockTime): DateTime {
  const at = DateTime.fromISO(`${date}T${time}`, { zone: BUSINESS_ZONE });
  if (!at.isValid) throw new RangeError(`invalid date or time ${date} ${time}`);
  return at.toUTC();
}

/** Problems with a window of a day: both HH:mm, the end after the start. Fields are named by their paths. */
export function timeWindowProblems(start: unknown, end: unknown, startField: string, endField: string): Problem[] {
  const problems: Problem[] = [];
  if (!isClockTime(start)) problems.push({ field: startField, message: 'must be a HH:mm time' });
  if (!isClockTime(end)) problems.push({ field: endField, message: 'must be a HH:mm time' });
  else if (isClockTime(start) && minutesOf(end) <= minutesOf(start)) problems.push({ field: endField, message: 'must be after the start' });
  return problems;
}

/** Problems with a list of school days: at least one, each Monday to Friday, none twice. */
export function weekdaysProblems(weekdays: readonly unknown[], path: string): Problem[] {
  const problems: Problem[] = [];
  if (weekdays.length === 0) problems.push({ field: path, message: 'must name at least one school day' });
  weekdays.forEach((d, i) => {
    if (!isWeekday(d) || !SCHOOL_WEEKDAYS.includes(d)) problems.push({ field: `${path}[${i}]`, message: 'must be a school day, 1 (Monday) to 5 (Friday)' });
    else if (weekdays.indexOf(d) !== i) problems.push({ field: `${path}[${i}]`, message: 'repeats an earlier day' });
  });
  return problems;
}
