import { DateTime } from 'luxon';
import type { BusinessDate } from './business-date';

export { type BusinessDate, isBusinessDate } from './business-date';

/** Business dates (a meal date, a billing month) live in this zone; instants are UTC. */
export const BUSINESS_ZONE = 'Asia/Shanghai';

/** The clock is injected everywhere so tests can stand on any instant (eVaka's EvakaClock). */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.utc() };

export function fixedClock(iso: string): Clock {
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) throw new Error(`invalid instant ${iso}`);
  return { now: () => at.toUTC() };
}

export function businessDateOf(instant: DateTime): BusinessDate {
  return instant.setZone(BUSINESS_ZONE).toISODate()!;
}

/** The instant a business date starts, e.g. for "effective from" comparisons at midnight Shanghai time. */
export function startOfBusinessDate(date: BusinessDate): DateTime {
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE }).startOf('day');
}
