import { DateTime } from 'luxon';
import { DEFAULT_SERVICE_DAYS, isServiceDay, type ServiceDayOptions } from '../shared/calendar';
import { BUSINESS_ZONE, type BusinessDate, isBusinessDate } from '../shared/time';
import { type Cutoff, DEFAULT_CUTOFFS } from './cutoffs';
import type { Channel, Meal } from './vocabulary';

export interface OrderingPolicy {
  /** `null` where a site does not offer that channel for that meal. */
  cutoffs: Record<Meal, Record<Channel, Cutoff | null>>;
  serviceDays: ServiceDayOptions;
}

export const DEFAULT_ORDERING_POLICY: OrderingPolicy = {
  cutoffs: DEFAULT_CUTOFFS,
  serviceDays: DEFAULT_SERVICE_DAYS,
};

export type OrderWindow =
  | { ok: true; deadline: DateTime | null }
  | { ok: false; reason: 'cutoff_passed'; deadline: DateTime }
  | { ok: false; reason: 'closed' | 'channel_unavailable' };

/**
 * The last instant an order (or its cancellation) is accepted, in Asia/Shanghai. The whole
 * cut-off minute still counts: "by 10:00" accepts an order stamped 10:00:59, as staff and
 * members read the clock in minutes.
 */
export function cutoffInstant(cutoff: Cutoff, mealDate: BusinessDate): DateTime {
  const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(cutoff.time);
  if (!hhmm) throw new RangeError(`cut-off time must be HH:mm, got ${cutoff.time}`);
  if (!Number.isInteger(cutoff.daysBefore) || cutoff.daysBefore < 0) {
    throw new RangeError(`daysBefore must be a whole number ≥ 0, got ${cutoff.daysBefore}`);
  }
  // The zone has a fixed offset (time.ts), so the instant is plain arithmetic on the calendar day.
  const [year, month, day] = mealDate.split('-').map(Number);
  const local = Date.UTC(year, month - 1, day - cutoff.daysBefore, Number(hhmm[1]), Number(hhmm[2]), 59, 999);
  return DateTime.fromMillis(local - BUSINESS_ZONE.offset(local) * 60_000, { zone: BUSINESS_ZONE });
}

function orderWindow(cutoff: Cutoff, mealDate: BusinessDate, now: DateTime): OrderWindow {
  const deadline = cutoffInstant(cutoff, mealDate);
  return now <= deadline ? { ok: true, deadline } : { ok: false, reason: 'cutoff_passed', deadline };
}

function cutoffFor(policy: OrderingPolicy, mealDate: BusinessDate, meal: Meal, channel: Channel): Cutoff | null {
  if (!isBusinessDate(mealDate)) throw new RangeError(`mealDate must be a YYYY-MM-DD date, got ${mealDate}`);
  return policy.cutoffs[meal][channel];
}

export function canOrder(policy: OrderingPolicy, mealDate: BusinessDate, meal: Meal, channel: Channel, now: DateTime): OrderWindow {
  const cutoff = cutoffFor(policy, mealDate, meal, channel);
  if (!isServiceDay(mealDate, policy.serviceDays)) return { ok: false, reason: 'closed' };
  if (cutoff === null) return { ok: false, reason: 'channel_unavailable' };
  return orderWindow(cutoff, mealDate, now);
}

/**
 * Cancelling is allowed until the same cut-off, as after it the portion is cooked and
 * counted. A day closed after the order was taken does not block it, and when the site has
 * withdrawn the channel since, there is no deadline at all: the member must get the money
 * back for a meal the site will not serve.
 */
export function canCancel(policy: OrderingPolicy, mealDate: BusinessDate, meal: Meal, channel: Channel, now: DateTime): OrderWindow {
  const cutoff = cutoffFor(policy, mealDate, meal, channel);
  return cutoff === null ? { ok: true, deadline: null } : orderWindow(cutoff, mealDate, now);
}
