import { DateTime } from 'luxon';
import { allocate, type Fen } from '../shared/money';
import { isWorkingDay } from '../shared/calendar';
import type { BusinessDate } from '../shared/time';
import type { Words } from '../waitlist';
import type { ServiceMode } from './modes';
import type { AbsenceReason } from './days';

/**
 * A child's monthly fee. The slot-month is priced by the cost-sharing engine (the service line
 * by mode, the tier by the family's verified facts); what the family pays by that quote is then
 * lowered by the site's absence rules. The rule is pure: absences come in as plain values, from
 * whatever keeps attendance.
 */

/** The cost-sharing service line that prices a month (or, for 临时托, a day) of each mode. */
export const SERVICE_LINE_OF_MODE: Record<ServiceMode, string> = {
  full_day: 'childcare.full_day',
  half_day: 'childcare.half_day',
  hourly: 'childcare.hourly',
  occasional: 'childcare.occasional',
};

/** A family on 低保 (verified) is priced at the 低保 tier; every other family at the standard one. */
export function feeTierOf(facts: Readonly<Record<string, { value: unknown; verified: boolean }>>): 'standard' | 'dibao' {
  const dibao = Object.hasOwn(facts, 'dibao') ? facts.dibao : undefined;
  return dibao?.verified && dibao.value === true ? 'dibao' : 'standard';
}

export interface Absence {
  date: BusinessDate;
  reason: AbsenceReason;
}

/** A site's absence rules (site settings). */
export interface AbsenceRules {
  /** The month's meals, spread over its service days, are refunded for each day the child was not there. */
  refundMealsPerAbsentDay: boolean;
  /** A child off sick on every service day of its month pays nothing for it. */
  sickMonthFree: boolean;
}

export const DEFAULT_ABSENCE_RULES: AbsenceRules = { refundMealsPerAbsentDay: true, sickMonthFree: true };

/** `YYYY-MM`. */
export type Month = string;

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
export const firstDayOf = (month: Month): BusinessDate => `${month}-01`;
export const monthOf = (date: BusinessDate): Month => date.slice(0, 7);
/** The first day of the month after `month`. */
export function nextMonthStart(month: Month): BusinessDate {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The month before the one `date` is in. */
export function lastMonth(date: BusinessDate): Month {
  const [y, m] = date.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The centre's service days of a month: working days (调休 weekend days included, holidays not). */
export function serviceDaysOf(month: Month): BusinessDate[] {
  const first = DateTime.fromISO(firstDayOf(month));
  const days: BusinessDate[] = [];
  for (let d = first; d.month === first.month; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    if (isWorkingDay(date)) days.push(date);
  }
  return days;
}

export interface MonthFeeInput {
  /** The month's service days (serviceDaysOf). */
  serviceDays: readonly BusinessDate[];
  /** The enrolment: from its first day, up to `to` (exclusive) when it has ended. */
  enrolled: { from: BusinessDate; to: BusinessDate | null };
  /** What the family pays for the slot-month by its quote. */
  residentPaysFen: Fen;
  /** The month's meals in the quote (its materials component). */
  mealsFen: Fen;
  absences: readonly Absence[];
  rules: AbsenceRules;
}

export type FeeRefund = { kind: 'meals'; days: number; fen: Fen } | { kind: 'sick_month'; fen: Fen };

export interface MonthFee {
  /** Service days the child was enrolled on. */
  enrolledDays: number;
  /** Service days the child was enrolled and marked absent. */
  absentDays: number;
  /** What the family pays: the quote's price less the refunds, never below 0. */
  chargedFen: Fen;
  refunds: FeeRefund[];
}

export const REFUND_NAMES: Record<FeeRefund['kind'], Words> = {
  meals: { zh: '未在园日伙食费退还', en: 'Meals refunded for days not attended' },
  sick_month: { zh: '整月病假免收', en: 'Whole month of sick leave: no fee' },
};

/**
 * The fee of one child's slot-month. Meals are refunded for each service day the child did not
 * attend (absent, or not enrolled yet or any more), each day's share of the month's meals
 * allocated to the fen so that a month with no day attended refunds exactly the month's meals;
 * a refund never takes the fee below 0. A month in which the child was off sick on every
 * service day it was enrolled is free. Refunds plus the charge equal what the quote asked.
 */
export function monthFee(input: MonthFeeInput): MonthFee {
  const { serviceDays, enrolled, residentPaysFen, mealsFen, rules } = input;
  const isEnrolled = (d: BusinessDate) => d >= enrolled.from && (enrolled.to === null || d < enrolled.to);
  const absentOn = new Map(input.absences.map((a) => [a.date, a.reason]));
  const enrolledDays = serviceDays.filter(isEnrolled);
  const absent = enrolledDays.filter((d) => absentOn.has(d));
  const allSick = enrolledDays.length > 0 && enrolledDays.every((d) => absentOn.get(d) === 'sick');
  if (rules.sickMonthFree && allSick) {
    return { enrolledDays: enrolledDays.length, absentDays: absent.length, chargedFen: 0, refunds: residentPaysFen > 0 ? [{ kind: 'sick_month', fen: residentPaysFen }] : [] };
  }
  const refunds: FeeRefund[] = [];
  if (rules.refundMealsPerAbsentDay && serviceDays.length > 0) {
    const perDay = allocate(mealsFen, serviceDays.map(() => 1));
    const notAttended = serviceDays.map((d, i) => (!isEnrolled(d) || absentOn.has(d) ? i : -1)).filter((i) => i >= 0);
    const fen = Math.min(
      residentPaysFen,
      notAttended.reduce((sum, i) => sum + perDay[i], 0),
    );
    if (fen > 0) refunds.push({ kind: 'meals', days: notAttended.length, fen });
  }
  const refunded = refunds.reduce((sum, r) => sum + r.fen, 0);
  return { enrolledDays: enrolledDays.length, absentDays: absent.length, chargedFen: residentPaysFen - refunded, refunds };
}
