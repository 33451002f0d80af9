import type { DateTime } from 'luxon';
import { addDays, type BusinessDate, isBusinessDate } from '../shared/business-date';
import { businessDateOf } from '../shared/time';
import { ReconciliationError } from './errors';

/**
 * A period is a calendar month of one site, `2026-11`, in Asia/Shanghai: a unit served at
 * 23:30 on 30 November Shanghai time (15:30 UTC) belongs to November whatever the server's zone.
 */
export type PeriodMonth = string;

export const PERIOD_STATES = ['open', 'closed'] as const;
/** Closed is frozen: no served unit, quote or claim line in it changes again. */
export type PeriodState = (typeof PERIOD_STATES)[number];

export interface Period {
  siteId: string;
  month: PeriodMonth;
  state: PeriodState;
}

export function isPeriodMonth(value: string): boolean {
  return /^\d{4}-\d{2}$/.test(value) && isBusinessDate(`${value}-01`);
}

function checked(month: PeriodMonth, field = 'month'): PeriodMonth {
  if (!isPeriodMonth(month)) throw new ReconciliationError([{ field, message: `not a month (YYYY-MM): ${month}` }]);
  return month;
}

/** The period a business date belongs to. */
export function periodOf(date: BusinessDate): PeriodMonth {
  if (!isBusinessDate(date)) throw new ReconciliationError([{ field: 'date', message: `not a business date: ${date}` }]);
  return date.slice(0, 7);
}

/** The period an instant falls in, read in Asia/Shanghai. */
export function periodAt(instant: DateTime): PeriodMonth {
  return periodOf(businessDateOf(instant));
}

/** The month's first and last business dates. */
export function periodDates(month: PeriodMonth): { from: BusinessDate; to: BusinessDate } {
  const from = `${checked(month)}-01`;
  return { from, to: addDays(`${nextPeriod(month)}-01`, -1) };
}

export function nextPeriod(month: PeriodMonth): PeriodMonth {
  const [y, m] = checked(month).split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Whether a site's month is frozen. A month without a record has never been closed, so it is
 * open: periods are recorded when they close, not created ahead.
 */
export function isFrozen(periods: readonly Period[], siteId: string, month: PeriodMonth): boolean {
  return periods.some((p) => p.siteId === siteId && p.month === month && p.state === 'closed');
}

/**
 * Closes a site's month. After the first, months close in order, one after another, so that
 * every month before the last closed one is frozen and a correction always lands after what
 * it corrects.
 */
export function closePeriod(periods: readonly Period[], siteId: string, month: PeriodMonth): Period {
  checked(month);
  if (isFrozen(periods, siteId, month)) throw new ReconciliationError([{ field: 'month', code: 'month_frozen', params: { month }, message: `${month} is already closed` }]);
  const closed = periods.filter((p) => p.siteId === siteId && p.state === 'closed').map((p) => p.month);
  const last = closed.sort().at(-1);
  if (last !== undefined && nextPeriod(last) !== month) {
    throw new ReconciliationError([
      month < last
        ? { field: 'month', code: 'closed_after', params: { month, last }, message: `${last} is closed already: ${month} is corrected in an open month` }
        : { field: 'month', code: 'earlier_open', params: { month, open: nextPeriod(last) }, message: `${nextPeriod(last)} is still open; close it first` },
    ]);
  }
  return { siteId, month, state: 'closed' };
}

/**
 * The period a change made on `today` lands in: today's month, or, when that is already
 * closed (a month closed early), the first open month after it.
 */
export function openPeriodOn(periods: readonly Period[], siteId: string, today: BusinessDate): PeriodMonth {
  let month = periodOf(today);
  while (isFrozen(periods, siteId, month)) month = nextPeriod(month);
  return month;
}
