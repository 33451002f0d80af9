import { DateTime, FixedOffsetZone } from 'luxon';
import type { BusinessDate } from './business-date';

export { type BusinessDate, isBusinessDate } from './business-date';

/**
 * Business dates (a meal date, a billing month) live in Asia/Shanghai; instants are UTC.
 * China has kept UTC+8 without daylight saving time since 1991, and every business date
 * (meal dates, cut-offs, served dates, billing months) is later than that, so a fixed offset
 * is the same zone for them. luxon resolves an IANA zone through Intl on every conversion,
 * several times per order; the fixed offset is plain arithmetic. Birth dates before 1991
 * never pass through a zone: ages are computed on the date strings (ageOn).
 */
export const BUSINESS_ZONE = FixedOffsetZone.instance(8 * 60);

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
