import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { CLASS_KIND_NAMES, type ClassKind, freePlaces, placesUsed, STANDARD_CLASSES } from '../../../domain/childcare';
import type { Problem } from '../../../domain/shared/problems';
import { businessDateOf } from '../../../domain/shared/time';
import { describeRuleSets, nextRuleSet, type RuleSetInput } from '../../waitlist/rule-sets';
import type { AuthUser } from '../../auth/auth-user';
import { conflict, ruleBroken } from '../../errors';
import { ChildcareBooking } from './bookings.entity';
import { ChildcareClass, ChildcareOffer, ChildcareRuleSet, ChildcareSettings, type IChildcareClass } from './childcare.entity';
import { absenceRulesOf } from './fees.service';
import { activeEnrolments, attendanceOf, changeSite, deadlineWorkingDays, ruleSetsOf } from './waitlist.service';

const asRuleBroken = (detail: string, problems: readonly Problem[]) => ruleBroken(detail, problems.map((p) => ({ field: p.field, code: 'rule', message: p.message })));

// ── Settings ──────────────────────────────────────────────────────────────────────────
export async function describeSettings(em: EntityManager, siteId: string) {
  return { siteId, offerDeadlineWorkingDays: await deadlineWorkingDays(em, siteId), ...(await absenceRulesOf(em, siteId)) };
}

/** The site's policy; offers already made keep their deadlines, months already billed their fees. */
export async function writeSettings(
  em: EntityManager,
  user: AuthUser,
  siteId: string,
  given: { offerDeadlineWorkingDays: number; refundMealsPerAbsentDay?: boolean; sickMonthFree?: boolean },
) {
  const values = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as typeof given;
  const row = await em.findOne(ChildcareSettings, { siteId });
  if (row) Object.assign(row, values, { updatedBy: user.id });
  else em.create(ChildcareSettings, { siteId, ...values, updatedBy: user.id });
  await em.flush();
  return describeSettings(em, siteId);
}

// ── Classes ───────────────────────────────────────────────────────────────────────────
export interface ClassFields {
  name?: string;
  nameEn?: string | null;
  size?: number;
  childrenPerCarer?: number;
}

async function describeClasses(em: EntityManager, siteId: string, classes: readonly IChildcareClass[], now: DateTime) {
  const today = businessDateOf(now);
  const [enrolments, open, booked] = await Promise.all([
    activeEnrolments(em, siteId, today),
    em.find(ChildcareOffer, { siteId, status: 'open' }),
    em.find(ChildcareBooking, { siteId, status: 'booked', date: today }, { fields: ['classId'] }),
  ]);
  return classes.map((c) => {
    const used = placesUsed(enrolments.filter((e) => e.classId === c.id).map(attendanceOf));
    const offers = open.filter((o) => o.classId === c.id).length;
    const bookedToday = booked.filter((b) => b.classId === c.id).length;
    return {
      id: c.id,
      siteId: c.siteId,
      kind: c.kind,
      kindName: CLASS_KIND_NAMES[c.kind],
      name: c.name,
      nameEn: c.nameEn ?? null,
      size: c.size,
      childrenPerCarer: c.childrenPerCarer,
      fromMonths: STANDARD_CLASSES.kinds[c.kind].fromMonths,
      toMonths: STANDARD_CLASSES.kinds[c.kind].toMonths,
      placesUsed: used,
      openOffers: offers,
      bookedToday,
      freePlaces: freePlaces({ size: c.size, placesUsed: used, openOffers: offers, bookedToday }),
    };
  });
}

export async function listClasses(em: EntityManager, siteId: string, now: DateTime) {
  return describeClasses(em, siteId, await em.find(ChildcareClass, { siteId }, { orderBy: { kind: 'asc', name: 'asc', id: 'asc' } }), now);
}

/** A class's size and ratio within its kind's standard (托育机构设置标准): stricter is allowed, looser never. */
function checkWithinStandard(kind: ClassKind, fields: ClassFields): void {
  const standard = STANDARD_CLASSES.kinds[kind];
  const problems: Problem[] = [];
  if (fields.size !== undefined && fields.size > standard.maxChildren) problems.push({ field: 'size', message: `must be at most ${standard.maxChildren} for a ${kind} class` });
  if (fields.childrenPerCarer !== undefined && fields.childrenPerCarer > standard.childrenPerCarer) {
    problems.push({ field: 'childrenPerCarer', message: `must be at most ${standard.childrenPerCarer} (1:${standard.childrenPerCarer} is the standard's floor)` });
  }
  if (problems.length > 0) throw asRuleBroken('The class is looser than the national standard allows', problems);
}

/** A new class: its places go to the queue at once. */
export async function createClass(em: EntityManager, input: ClassFields & { siteId: string; kind: ClassKind }, now: DateTime) {
  checkWithinStandard(input.kind, input);
  const created = await changeSite(em, input.siteId, now, async () =>
    em.create(ChildcareClass, {
      siteId: input.siteId,
      kind: input.kind,
      name: input.name!,
      nameEn: input.nameEn ?? null,
      size: input.size!,
      childrenPerCarer: input.childrenPerCarer ?? STANDARD_CLASSES.kinds[input.kind].childrenPerCarer,
    }),
  );
  const [described] = await describeClasses(em, input.siteId, [created], now);
  return described;
}

/** Changes a class; a larger size offers the new places at once, a smaller one never goes below the places held. */
export async function updateClass(em: EntityManager, siteId: string, classId: string, fields: ClassFields, now: DateTime) {
  const updated = await changeSite(em, siteId, now, async () => {
    const c = await em.findOneOrFail(ChildcareClass, { id: classId });
    checkWithinStandard(c.kind, fields);
    if (fields.size !== undefined) {
      const used = placesUsed((await activeEnrolments(em, siteId, businessDateOf(now))).filter((e) => e.classId === c.id).map(attendanceOf));
      const offered = await em.count(ChildcareOffer, { classId: c.id, status: 'open' });
      if (fields.size < used + offered) {
        throw conflict(`${used} places are taken and ${offered} offered in this class`, {
          errors: [{ field: 'size', code: 'below_held', params: { held: used + offered }, message: `must be at least ${used + offered}, the places taken and offered` }],
        });
      }
    }
    Object.assign(c, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    return c;
  });
  const [described] = await describeClasses(em, siteId, [updated], now);
  return described;
}

// ── Rule sets ─────────────────────────────────────────────────────────────────────────
export async function listRuleSets(em: EntityManager, siteId: string, now: DateTime) {
  const [sets, rows] = await Promise.all([ruleSetsOf(em, siteId), em.find(ChildcareRuleSet, { siteId })]);
  return describeRuleSets(siteId, sets, rows, now);
}

/** The site's next version of its rules (api/waitlist nextRuleSet); a version in force from today moves the queue at once. */
export async function createRuleSet(em: EntityManager, user: AuthUser, input: RuleSetInput, now: DateTime) {
  await changeSite(em, input.siteId, now, async () => {
    const next = nextRuleSet(await ruleSetsOf(em, input.siteId), input, now);
    em.create(ChildcareRuleSet, { siteId: input.siteId, version: next.version, effectiveFrom: next.effectiveFrom, rules: { defaultClass: next.defaultClass, rules: next.rules }, createdBy: user.id });
  });
  return listRuleSets(em, input.siteId, now);
}
