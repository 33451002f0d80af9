import type { EntityManager } from '@mikro-orm/core';
import { type AbsenceReason, absencesByReason } from '../../../domain/childcare';
import { addDays, type BusinessDate } from '../../../domain/shared/business-date';
import { forUpdate, selectRows } from '../../db';

/**
 * Locks one enrolment's row before its day is read and written: two staff pressing 入园 for one
 * child at once run one after the other, and the second sees the first's record (SQLite
 * serialises writers itself).
 */
export async function lockEnrolment(em: EntityManager, enrolmentId: string): Promise<void> {
  await selectRows(em, `select \`id\` from \`childcare_enrolment\` where \`id\` = ?${forUpdate(em)}`, [enrolmentId]);
}

export interface AbsentDays {
  enrolmentId: string;
  householdId: string;
  applicationId: string;
  classId: string;
  /** Each reason's absent dates in the month, in order; every reason present, empty when none. */
  days: Record<AbsenceReason, BusinessDate[]>;
}

/**
 * For the fee rules: every child enrolled at the site on some day of `month` (`YYYY-MM`), with
 * the days of that month it was marked absent, by reason, while enrolled. A child with no
 * absence is listed with empty reasons, so "no absences" and "not enrolled" differ. Only marked
 * absences count: a child that simply did not come is not an absent day until staff mark it.
 */
export async function absentDaysOf(em: EntityManager, siteId: string, month: string): Promise<AbsentDays[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const first = `${month}-01`;
  const next = `${addDays(`${month}-28`, 4).slice(0, 7)}-01`;
  const enrolments = await selectRows<{ id: string; household_id: string; application_id: string; class_id: string; from_date: string; to_date: string | null }>(
    em,
    'select `id`, `household_id`, `application_id`, `class_id`, `from_date`, `to_date` from `childcare_enrolment` where `site_id` = ? and `from_date` < ? and (`to_date` is null or `to_date` > ?) and (`to_date` is null or `to_date` > `from_date`) order by `id`',
    [siteId, next, first],
  );
  const absences = await selectRows<{ enrolment_id: string; date: string; absence_reason: AbsenceReason }>(
    em,
    'select `enrolment_id`, `date`, `absence_reason` from `childcare_day` where `site_id` = ? and `date` >= ? and `date` < ? and `absence_reason` is not null',
    [siteId, first, next],
  );
  return enrolments.map((e) => ({
    enrolmentId: e.id,
    householdId: e.household_id,
    applicationId: e.application_id,
    classId: e.class_id,
    days: absencesByReason(
      absences
        .filter((a) => a.enrolment_id === e.id && a.date >= e.from_date && (e.to_date === null || a.date < e.to_date))
        .map((a) => ({ date: a.date, reason: a.absence_reason })),
    ),
  }));
}
