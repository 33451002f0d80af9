/**
 * A resident's bed-days of a month and what a leave day costs the family. Every day in residence
 * is one bed-day: a served bed-day (priced through the shared pricing use case, subsidies and the
 * voucher included), or a leave day (the bed is kept and billed by the contract's leave rules, but
 * it is never a served bed-day, so no department pays a subsidy for it).
 */
import { DateTime } from 'luxon';
import { addDays, type BusinessDate } from '../shared/business-date';
import { type Fen } from '../shared/money';
import { DEFAULT_CARE_HOME_SETTINGS } from './care-levels';
import { CareHomeError } from './errors';
import { absences, DEFAULT_LEAVE_RULES, type LeaveRules, type LeaveSpell, type LeaveTier, type ReviewFlag, tierFor } from './leave';

export type BedDay = { date: BusinessDate; kind: 'served' } | { date: BusinessDate; kind: 'leave'; tier: LeaveTier; absenceDays: number };

/** A stay at the home: `to` is the discharge day (not a bed-day), null while it lasts. */
export interface Stay {
  from: BusinessDate;
  to: BusinessDate | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function spanDays(from: BusinessDate, to: BusinessDate): number {
  return DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
}

export function monthDays(month: string): { first: BusinessDate; last: BusinessDate } {
  if (!MONTH.test(month)) throw new CareHomeError([{ field: 'month', message: 'must be YYYY-MM' }]);
  const first = `${month}-01`;
  return { first, last: addDays(first, DateTime.fromISO(first, { zone: 'utc' }).daysInMonth! - 1) };
}

/**
 * The month's bed-days of one stay, oldest first: each day in residence once, a leave day when a
 * leave spell covers it. A leave day's tier follows the length of its whole absence (spells back
 * to back are one, and may reach into other months) by the rules in force that day; an absence
 * longer than the review length in force on its first day is flagged.
 */
export function bedDaysOf(
  month: string,
  stay: Stay,
  spells: readonly LeaveSpell[],
  rulesOn: (date: BusinessDate) => LeaveRules = () => DEFAULT_LEAVE_RULES,
): { days: BedDay[]; reviewFlags: ReviewFlag[] } {
  const { first, last } = monthDays(month);
  const from = stay.from > first ? stay.from : first;
  const lastIn = stay.to === null ? last : addDays(stay.to, -1) < last ? addDays(stay.to, -1) : last;
  const merged = absences(spells).map((a) => ({ ...a, days: spanDays(a.from, a.to) }));
  const days: BedDay[] = [];
  for (let date = from; date <= lastIn; date = addDays(date, 1)) {
    const away = merged.find((a) => a.from <= date && date <= a.to);
    days.push(away ? { date, kind: 'leave', tier: tierFor(away.days, rulesOn(date)), absenceDays: away.days } : { date, kind: 'served' });
  }
  const reviewFlags = merged.filter((a) => a.to >= first && a.from <= last && a.days > rulesOn(a.from).reviewOverDays);
  return { days, reviewFlags };
}

/** The price a leave day starts from: what the family would pay on a served day, and the meal and care cost parts of that day. */
export interface DayPrice {
  familyFen: Fen;
  mealsFen: Fen;
  careFen: Fen;
}

export interface LeaveDayCharge {
  mealRefundFen: Fen;
  careReductionFen: Fen;
  chargedFen: Fen;
}

/**
 * What one leave day charges the family: the served day's price, less the day's meals from the
 * meal-refund tier on, less the care not given from the reduced-care tier on. Refunds never take
 * the day below nothing.
 */
export function leaveDayCharge(tier: LeaveTier, price: DayPrice, reducedCareShare = DEFAULT_CARE_HOME_SETTINGS.reducedCareShare): LeaveDayCharge {
  const mealRefundFen = tier === 'full' ? 0 : Math.min(price.mealsFen, price.familyFen);
  const careCut = tier === 'reduced_care' ? Math.round(price.careFen * (1 - reducedCareShare)) : 0;
  const careReductionFen = Math.min(careCut, price.familyFen - mealRefundFen);
  return { mealRefundFen, careReductionFen, chargedFen: price.familyFen - mealRefundFen - careReductionFen };
}
