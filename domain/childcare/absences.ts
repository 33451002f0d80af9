import { addDays, type BusinessDate } from '../shared/business-date';
import { isWorkingDay } from '../shared/calendar';
import type { Problem } from '../shared/problems';
import { ABSENCE_REASONS, type AbsenceReason } from './days';

/*
 * Absences: marked by staff, or by a parent ahead for its own child, on the days the centre
 * opens. Kept apart from days.ts because it needs the holiday calendar, which the web app's
 * pages (which import the names in days.ts) need not load.
 */

/** The centre's days: working days, 调休 included. */
export const isOpenDay = (date: BusinessDate): boolean => isWorkingDay(date);

export type Actor = 'staff' | 'parent';

export interface AbsenceRequest {
  date: BusinessDate;
  today: BusinessDate;
  by: Actor;
  /** The child's enrolment, `to` exclusive. */
  enrolment: { fromDate: BusinessDate; toDate: BusinessDate | null };
  /** The child was checked in that day, or the 晨检 has been done: the day has begun for it. */
  begun: boolean;
}

/**
 * Whether an absence may be marked on a day: an open day of the child's enrolment, today or
 * later (a parent marks ahead; staff correct only the same day, as with the rest of the sheet),
 * and not once the child's day has begun.
 */
export function absenceProblems(r: AbsenceRequest): Problem[] {
  const problems: Problem[] = [];
  if (r.date < r.today) {
    problems.push({ field: 'date', message: r.by === 'parent' ? 'must be today or later: a past day cannot be marked' : 'must be today or later: past days are closed' });
  } else if (!isOpenDay(r.date)) problems.push({ field: 'date', message: 'is not a day the centre opens (weekend or statutory holiday)' });
  else if (r.date < r.enrolment.fromDate || (r.enrolment.toDate !== null && r.date >= r.enrolment.toDate)) {
    problems.push({ field: 'date', message: 'is outside the child’s enrolment' });
  } else if (r.begun) problems.push({ field: 'date', message: 'the child’s day has begun (health check or check-in recorded)' });
  return problems;
}

/**
 * Whether an absence may be cancelled: not a past day, and a parent only the absences its
 * household marked (one staff marked, such as a sick day seen at the door, stays staff's).
 */
export function cancelAbsenceProblems(r: { date: BusinessDate; today: BusinessDate; by: Actor; markedBy: Actor }): Problem[] {
  if (r.date < r.today) return [{ field: 'date', message: 'must be today or later: a past day cannot be changed' }];
  if (r.by === 'parent' && r.markedBy !== 'parent') return [{ field: 'date', message: 'was marked by the centre’s staff; ask them to change it' }];
  return [];
}

/** The open days from `from` to `to` (both included), in order. */
export function openDaysBetween(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const days: BusinessDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) if (isOpenDay(date)) days.push(date);
  return days;
}

/** A month's absences by reason, each reason's dates in order and once (what the fee rules read). */
export function absencesByReason(absences: readonly { date: BusinessDate; reason: AbsenceReason }[]): Record<AbsenceReason, BusinessDate[]> {
  const out = Object.fromEntries(ABSENCE_REASONS.map((r) => [r, [] as BusinessDate[]])) as Record<AbsenceReason, BusinessDate[]>;
  for (const a of absences) if (!out[a.reason].includes(a.date)) out[a.reason].push(a.date);
  for (const r of ABSENCE_REASONS) out[r].sort();
  return out;
}
