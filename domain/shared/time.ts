import { DateTime } from 'luxon';

/** Business dates (a meal date, a billing month) live in this zone; instants are UTC. */
export const BUSINESS_ZONE = 'Asia/Shanghai';

/** `YYYY-MM-DD` in Asia/Shanghai. */
export type BusinessDate = string;

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

export function isBusinessDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: BUSINESS_ZONE }).isValid;
}

/** The instant a business date starts, e.g. for "effective from" comparisons at midnight Shanghai time. */
export function startOfBusinessDate(date: BusinessDate): DateTime {
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE }).startOf('day');
}
