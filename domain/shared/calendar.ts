import { DateTime } from 'luxon';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { BUSINESS_ZONE, type BusinessDate, isBusinessDate } from './time';

/**
 * Statutory holidays and 调休 make-up working days come from the `chinese-days` package,
 * updated when the State Council announces a year. We read its published JSON tables rather
 * than call its functions: those build their tables through the host's local time zone and
 * shift every date by one on a machine west of UTC (seen with 1.5.7 under TZ=America/New_York),
 * while the tables keyed by 'YYYY-MM-DD' are the same everywhere. Weekdays come from luxon.
 */
interface HolidayTables {
  /** Days off: the holiday itself and the weekend or swapped days around it. */
  holidays: Record<string, string>;
  /** Weekend days that are working days because of 调休. */
  workdays: Record<string, string>;
}

const tables: HolidayTables = chineseDaysData;

const YEARS_WITH_DATA = new Set(Object.keys(tables.holidays).map((d) => Number(d.slice(0, 4))));

export interface HolidayName {
  zh: string;
  en: string;
}

export type DayKind = 'workday' | 'weekend' | 'statutory_holiday' | 'makeup_workday';

function toDay(date: BusinessDate): DateTime {
  if (!isBusinessDate(date)) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE });
}

/** The tables hold "English name,中文名,days of leave", e.g. "Spring Festival,春节,4". */
function nameOf(entry: string): HolidayName {
  const [en, zh] = entry.split(',');
  return { zh, en };
}

/**
 * Whether the library knows that year's holidays. Outside it (before 2004, or a year the
 * State Council has not announced yet) only weekends are days off, so a 春节 would silently
 * count as working days: the service can warn before relying on such a year.
 */
export function hasHolidayData(year: number): boolean {
  return YEARS_WITH_DATA.has(year);
}

/** Saturday or Sunday, from the date's own digits (every order checks this: no DateTime needed). */
function isWeekend(date: BusinessDate): boolean {
  if (!isBusinessDate(date)) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  const day = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).getUTCDay();
  return day === 0 || day === 6;
}

export function dayKind(date: BusinessDate): DayKind {
  const weekend = isWeekend(date);
  if (tables.holidays[date]) return 'statutory_holiday';
  if (tables.workdays[date]) return 'makeup_workday';
  return weekend ? 'weekend' : 'workday';
}

export function isWorkingDay(date: BusinessDate): boolean {
  const kind = dayKind(date);
  return kind === 'workday' || kind === 'makeup_workday';
}

/**
 * The holiday's name when `date` is a statutory day off (including the weekend days folded
 * into a holiday block), otherwise null.
 */
export function isStatutoryHoliday(date: BusinessDate): HolidayName | null {
  return dayKind(date) === 'statutory_holiday' ? nameOf(tables.holidays[date]) : null;
}

/**
 * The date `n` working days after `date` (before it when `n` is negative); `date` itself
 * never counts, so an offer made on a Friday with 1 working day is due on Monday, or on
 * the 调休 Sunday when there is one. `n = 0` returns `date` unchanged.
 */
export function addWorkingDays(date: BusinessDate, n: number): BusinessDate {
  if (!Number.isInteger(n)) throw new RangeError(`n must be a whole number, got ${n}`);
  let day = toDay(date);
  const step = Math.sign(n);
  for (let left = Math.abs(n); left > 0; ) {
    day = day.plus({ days: step });
    if (isWorkingDay(day.toISODate()!)) left--;
  }
  return day.toISODate()!;
}

export interface ServiceDayOptions {
  /** The site's own closing days (renovation, inspection, staff outing). */
  closedDates: readonly BusinessDate[];
  serveOnHolidays: boolean;
  serveOnWeekends: boolean;
}

/**
 * The canteen feeds elderly people who eat there every day, so by default it serves on
 * weekends and statutory holidays alike; a site closes only on the dates it lists.
 */
export const DEFAULT_SERVICE_DAYS: ServiceDayOptions = {
  closedDates: [],
  serveOnHolidays: true,
  serveOnWeekends: true,
};

/**
 * A site's own closing dates win over everything. A 调休 weekend day counts as a working
 * day (families are at work, so the need is a weekday's), and a weekend day inside a
 * holiday block follows the holiday rule.
 */
export function isServiceDay(date: BusinessDate, options: Partial<ServiceDayOptions> = {}): boolean {
  const { closedDates, serveOnHolidays, serveOnWeekends } = { ...DEFAULT_SERVICE_DAYS, ...options };
  const kind = dayKind(date);
  if (closedDates.includes(date)) return false;
  if (kind === 'statutory_holiday') return serveOnHolidays;
  if (kind === 'weekend') return serveOnWeekends;
  return true;
}
