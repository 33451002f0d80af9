/**
 * Occupancy of a home by day and by month: the beds slept in (residents on leave keep theirs, so
 * they count) and, of those, the beds kept for a resident on leave. A month sums its days, so a
 * month's rate is bed-days over the bed-days the home could give in the days asked for.
 */
import { addDays, type BusinessDate } from '../shared/business-date';
import { CareHomeError } from './errors';

/** One year and a day at most: a month chart of a year, or a leap year of days. */
export const MAX_OCCUPANCY_DAYS = 366;

export interface OccupancyDay {
  date: BusinessDate;
  /** Residents with a bed that day, those on leave among them. */
  occupied: number;
  onLeave: number;
}

export interface OccupancyMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Days of the month inside the range asked for. */
  days: number;
  occupiedBedDays: number;
  leaveBedDays: number;
  /** The home's beds times those days: what full would have been. */
  capacityBedDays: number;
}

/**
 * Every date from `from` to `to`, both included; a range that is backwards, longer than
 * MAX_OCCUPANCY_DAYS or reaching past `today` (days not yet lived) is refused, naming `to`.
 */
export function occupancyDates(from: BusinessDate, to: BusinessDate, today: BusinessDate): BusinessDate[] {
  if (to < from) throw new CareHomeError([{ field: 'to', message: 'must not be before from' }]);
  if (to > today) throw new CareHomeError([{ field: 'to', message: `must not be after today (${today})` }]);
  const dates: BusinessDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (dates.length === MAX_OCCUPANCY_DAYS) throw new CareHomeError([{ field: 'to', message: `a range is at most ${MAX_OCCUPANCY_DAYS} days` }]);
    dates.push(d);
  }
  return dates;
}

/** The days grouped by calendar month, in order; `beds` is the home's bed count. */
export function occupancyByMonth(days: readonly OccupancyDay[], beds: number): OccupancyMonth[] {
  const months = new Map<string, OccupancyMonth>();
  for (const d of days) {
    const month = d.date.slice(0, 7);
    const m = months.get(month) ?? { month, days: 0, occupiedBedDays: 0, leaveBedDays: 0, capacityBedDays: 0 };
    m.days += 1;
    m.occupiedBedDays += d.occupied;
    m.leaveBedDays += d.onLeave;
    m.capacityBedDays += beds;
    months.set(month, m);
  }
  return [...months.values()];
}
