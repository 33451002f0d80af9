import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { ageKindOn, nextInLine, placesOf, projectClasses, STANDARD_CLASSES } from '../../../domain/childcare';
import { addDays } from '../../../domain/shared/business-date';
import { businessDateOf } from '../../../domain/shared/time';
import { ChildcareApplication, ChildcareClass, ChildcareOffer } from './childcare.entity';
import { activeEnrolments, attendanceOf, classOfSite, rankSite } from './waitlist.service';

/**
 * The class board's view ahead: who each class's next free place goes to by today's queue, and
 * the classes month by month (domain projectClasses) with the warnings staff need in time,
 * naming children and classes rather than ids.
 */
export async function describeBoard(em: EntityManager, siteId: string, months: number, now: DateTime) {
  const today = businessDateOf(now);
  const [classes, enrolments, open, ranking] = await Promise.all([
    em.find(ChildcareClass, { siteId }, { orderBy: { id: 'asc' } }),
    activeEnrolments(em, siteId, today),
    em.find(ChildcareOffer, { siteId, status: 'open' }),
    rankSite(em, siteId, today),
  ]);
  const { places } = placesOf(STANDARD_CLASSES, classes.map(classOfSite), enrolments.map(attendanceOf));
  const next = nextInLine(ranking, places, new Set(open.map((o) => o.applicationId)));
  const apps = await em.find(ChildcareApplication, { id: { $in: enrolments.map((e) => e.applicationId) } }, { fields: ['childName', 'birthDate'] });
  const appOf = (id: string) => apps.find((a) => a.id === id)!;
  const projected = projectClasses({
    settings: STANDARD_CLASSES,
    classes: classes.map(classOfSite),
    children: enrolments.map((e) => ({
      ...attendanceOf(e),
      childId: e.id,
      birthDate: appOf(e.applicationId).birthDate,
      // An enrolment ends the day before its toDate: that is the last day the child attends.
      ...(e.toDate ? { leaveDate: addDays(e.toDate, -1) } : {}),
    })),
    today,
    months,
  });
  const childOf = (enrolmentId: string) => appOf(enrolments.find((e) => e.id === enrolmentId)!.applicationId);
  return {
    nextInLine: [...next].map(([classId, entry]) => ({ classId, applicationId: entry.application.id, childName: entry.application.row.childName, position: entry.position })),
    months: projected.map((m) => ({
      month: m.month,
      classes: m.classes.map((c) => ({ classId: c.classId, placesUsed: c.placesUsed, size: c.size })),
      left: m.left.length,
      warnings: m.warnings.map((w) => {
        const child = w.childId ? childOf(w.childId) : null;
        return { code: w.code, classId: w.classId, childName: child?.childName ?? null, neededKind: child ? ageKindOn(STANDARD_CLASSES, child.birthDate, m.month) : null };
      }),
    })),
  };
}
