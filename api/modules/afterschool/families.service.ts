import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  type AfterSchoolGroup as GroupRule,
  type CollectionRules,
  collectionRulesProblems,
  enrolmentRequestProblems,
  fitsWeekday,
  WEEKDAY_NAMES,
  type Weekday,
  type WeekdayApplication,
  weekdayPlacesOf,
} from '../../../domain/afterschool';
import { ageOn, maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import { type BusinessDate, businessDateOf } from '../../../domain/shared/time';
import { rank, type Ranking, type RuleSet, runOfferCycle, viewOf } from '../../../domain/waitlist';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { conflict, notFound } from '../../errors';
import {
  AfterSchoolChild,
  AfterSchoolCollector,
  AfterSchoolDelegation,
  AfterSchoolEnrolment,
  AfterSchoolGroup,
  AfterSchoolPeriod,
  type IAfterSchoolChild,
  type IAfterSchoolCollector,
  type IAfterSchoolDelegation,
  type IAfterSchoolEnrolment,
  type IAfterSchoolGroup,
} from './afterschool.entity';
import { lockGroupsOf } from './afterschool.queries';
import type { ChildCreate, ChildUpdate, EnrolmentCreate } from './afterschool.schemas';
import { notifyHouseholds } from './notifications';
import { asRuleBroken, periodOf } from './setup.service';

// ── Children ──────────────────────────────────────────────────────────────────────────
export const describeCollector = (c: IAfterSchoolCollector) => ({ id: c.id, name: c.name, relation: c.relation, phone: c.phone, idLast4: c.idLast4, level: c.level });
export const describeDelegation = (d: IAfterSchoolDelegation) => ({ id: d.id, childId: d.childId, name: d.name, phone: d.phone, idLast4: d.idLast4, date: d.date, from: d.fromTime, until: d.untilTime });

/** The rules `mayCollect` decides by, for one child. */
export function collectionRulesOf(child: IAfterSchoolChild, collectors: readonly IAfterSchoolCollector[], delegations: readonly IAfterSchoolDelegation[]): CollectionRules {
  return {
    collectors: collectors.map((c) => ({ id: c.id, name: c.name, idLast4: c.idLast4, relation: c.relation, phone: c.phone, level: c.level })),
    delegations: delegations.map((d) => ({ id: d.id, name: d.name, idLast4: d.idLast4, date: d.date, from: d.fromTime, until: d.untilTime })),
    leaveAloneOn: child.leaveAloneOn,
  };
}

export async function describeChild(em: EntityManager, child: IAfterSchoolChild, now: DateTime) {
  const today = businessDateOf(now);
  const [collectors, delegations, enrolments] = await Promise.all([
    em.find(AfterSchoolCollector, { childId: child.id }, { orderBy: { name: 'asc', id: 'asc' } }),
    em.find(AfterSchoolDelegation, { childId: child.id, date: { $gte: today } }, { orderBy: { date: 'asc', fromTime: 'asc', id: 'asc' } }),
    em.find(AfterSchoolEnrolment, { childId: child.id, status: { $in: ['waiting', 'enrolled'] } }, { orderBy: { weekday: 'asc', id: 'asc' } }),
  ]);
  return {
    id: child.id,
    siteId: child.siteId,
    householdId: child.householdId,
    name: child.name,
    idNumber: maskIdNumber(child.idNumber),
    birthDate: child.birthDate,
    school: child.school,
    grade: child.grade,
    medicalNotes: child.medicalNotes ?? null,
    leaveAloneOn: child.leaveAloneOn,
    dibao: child.dibao ?? null,
    collectors: collectors.map(describeCollector),
    delegations: delegations.map(describeDelegation),
    enrolments: await describeEnrolments(em, child.siteId, enrolments, now),
  };
}

export async function listChildren(em: EntityManager, where: object, now: DateTime) {
  const children = await em.find(AfterSchoolChild, where, { orderBy: { name: 'asc', id: 'asc' } });
  return Promise.all(children.map((c) => describeChild(em, c, now)));
}

const claimedDibao = (claim: { evidence?: string }) => ({ value: true, verified: false, evidence: claim.evidence ?? null, verifiedBy: null, verifiedAt: null });

/** A child of the parent's household; the birth date comes from the 居民身份证号. One record per child and site. */
export async function createChild(em: EntityManager, user: AuthUser, body: ChildCreate, now: DateTime) {
  if (user.householdId === null) throw notFound('Household');
  const parsed = parseIdNumber(body.idNumber);
  if (!parsed.ok) throw new Error('idNumber was validated by the schema');
  const taken = () => conflict('This child is already registered at this site', { errors: [{ field: 'idNumber', code: 'already_registered', message: 'is already registered at this site' }] });
  if ((await em.count(AfterSchoolChild, { siteId: body.siteId, idNumber: parsed.id.number })) > 0) throw taken();
  const child = em.create(AfterSchoolChild, {
    id: newId(),
    siteId: body.siteId,
    householdId: user.householdId,
    name: body.name,
    idNumber: parsed.id.number,
    birthDate: parsed.id.birthDate,
    school: body.school,
    grade: body.grade,
    medicalNotes: body.medicalNotes || null,
    leaveAloneOn: [...body.leaveAloneOn].sort(),
    dibao: body.dibao ? claimedDibao(body.dibao) : null,
  });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw taken();
    throw err;
  }
  return describeChild(em, child, now);
}

export async function updateChild(em: EntityManager, childId: string, body: ChildUpdate, now: DateTime) {
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  if (body.school !== undefined) child.school = body.school;
  if (body.grade !== undefined) child.grade = body.grade;
  if (body.medicalNotes !== undefined) child.medicalNotes = body.medicalNotes || null;
  if (body.leaveAloneOn !== undefined) child.leaveAloneOn = [...body.leaveAloneOn].sort();
  // A claim once verified stands as staff saw it; until then the family may claim or change its evidence.
  if (body.dibao !== undefined && !child.dibao?.verified) child.dibao = claimedDibao(body.dibao);
  await em.flush();
  return describeChild(em, child, now);
}

/**
 * Staff verify the child's 低保 (with what they saw) or take the verification back; a verified
 * child's sessions are priced on the 低保 tier from then on, sessions already priced stay as they were.
 * Staff may verify a fact the family did not claim: the certificate they saw is what counts.
 */
export async function verifyDibao(em: EntityManager, user: AuthUser, childId: string, verified: boolean, evidence: string | null, now: DateTime) {
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  if (verified) child.dibao = { value: true, verified: true, evidence, verifiedBy: user.id, verifiedAt: now.toISO() };
  else if (child.dibao) child.dibao = { ...child.dibao, verified: false, verifiedBy: null, verifiedAt: null };
  await em.flush();
  return describeChild(em, child, now);
}

function checkRules(child: IAfterSchoolChild, collectors: CollectionRules['collectors'], delegations: CollectionRules['delegations']) {
  const problems = collectionRulesProblems({ collectors, delegations, leaveAloneOn: child.leaveAloneOn });
  if (problems.length > 0) throw asRuleBroken('The collection list has problems', problems);
}

/**
 * Replaces the child's collection list. A day delegation still to come may not name someone on
 * the list (their level decides; the parent changes it instead), so the list is checked with them.
 */
export async function setCollectors(em: EntityManager, childId: string, collectors: Omit<IAfterSchoolCollector, 'id' | 'siteId' | 'householdId' | 'childId'>[], now: DateTime) {
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  const delegations = await em.find(AfterSchoolDelegation, { childId, date: { $gte: businessDateOf(now) } });
  const fresh = collectors.map((c) => ({ ...c, id: newId() }));
  checkRules(child, fresh, collectionRulesOf(child, [], delegations).delegations);
  await em.nativeDelete(AfterSchoolCollector, { childId });
  for (const c of fresh) em.create(AfterSchoolCollector, { ...c, siteId: child.siteId, householdId: child.householdId, childId });
  await em.flush();
  return (await em.find(AfterSchoolCollector, { childId }, { orderBy: { name: 'asc', id: 'asc' } })).map(describeCollector);
}

export async function addDelegation(em: EntityManager, user: AuthUser, childId: string, body: { name: string; phone: string; idLast4: string; date: BusinessDate; from: string; until: string }, now: DateTime) {
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  if (body.date < businessDateOf(now)) throw asRuleBroken('A delegation is for today or a day to come', [{ field: 'date', message: 'must not be in the past' }]);
  const collectors = await em.find(AfterSchoolCollector, { childId });
  const delegation = { id: newId(), name: body.name, idLast4: body.idLast4, date: body.date, from: body.from, until: body.until };
  checkRules(child, collectionRulesOf(child, collectors, []).collectors, [delegation]);
  const row = em.create(AfterSchoolDelegation, {
    id: delegation.id,
    siteId: child.siteId,
    householdId: child.householdId,
    childId,
    name: body.name,
    phone: body.phone,
    idLast4: body.idLast4,
    date: body.date,
    fromTime: body.from,
    untilTime: body.until,
    createdBy: user.id,
  });
  await em.flush();
  return describeDelegation(row);
}

export async function removeDelegation(em: EntityManager, delegationId: string) {
  await em.nativeDelete(AfterSchoolDelegation, { id: delegationId });
}

// ── Enrolment and the weekday waitlists ───────────────────────────────────────────────
/** After-school places go first come, first served: the engine's ranking with no rules of its own. */
const FIRST_COME_FIRST_SERVED: RuleSet = { version: 1, effectiveFrom: '2000-01-01', defaultClass: 1, rules: [] };

type Waiting = WeekdayApplication & { row: IAfterSchoolEnrolment };

async function rankSite(em: EntityManager, siteId: string, today: BusinessDate): Promise<Ranking<Waiting>> {
  const waiting = await em.find(AfterSchoolEnrolment, { siteId, status: 'waiting' });
  const children = new Map((await em.find(AfterSchoolChild, { id: { $in: [...new Set(waiting.map((w) => w.childId))] } })).map((c) => [c.id, c]));
  const applications = waiting.map((w): Waiting => {
    const child = children.get(w.childId)!;
    return {
      row: w,
      id: w.id,
      appliedAt: w.appliedAt.toISOString(),
      facts: {},
      events: w.events,
      requestId: w.id,
      birthDate: child.birthDate,
      grade: child.grade,
      groupId: w.groupId,
      periodId: w.periodId,
      weekday: w.weekday as Weekday,
      startDate: w.startDate,
    };
  });
  return rank(applications, [FIRST_COME_FIRST_SERVED], today);
}

const groupRule = (g: IAfterSchoolGroup): GroupRule => ({
  id: g.id,
  capacity: g.capacity,
  weekdays: g.weekdays,
  minAge: g.minAge,
  maxAge: g.maxAge,
  ...(g.gradeFrom != null && g.gradeTo != null ? { grades: { from: g.gradeFrom, to: g.gradeTo } } : {}),
});

/**
 * Gives every free weekday place of the site's running terms to the first waiting child that
 * fits it (domain/waitlist runOfferCycle with weekdayPlacesOf and fitsWeekday). The offer is
 * taken at once: the family asked for that weekday, so the child is enrolled, and a family
 * that had been waiting is told. Run after the site's groups are locked.
 */
async function placeWaiting(em: EntityManager, siteId: string, now: DateTime, askedNow: ReadonlySet<string>): Promise<void> {
  const today = businessDateOf(now);
  const periods = await em.find(AfterSchoolPeriod, { siteId, toDate: { $gte: today } });
  if (periods.length === 0) return;
  const [groups, enrolled, ranking] = await Promise.all([
    em.find(AfterSchoolGroup, { periodId: { $in: periods.map((p) => p.id) } }, { orderBy: { id: 'asc' } }),
    em.find(AfterSchoolEnrolment, { siteId, status: 'enrolled' }),
    rankSite(em, siteId, today),
  ]);
  const places = periods.flatMap((p) =>
    weekdayPlacesOf(
      periodOf(p),
      groups.filter((g) => g.periodId === p.id).map(groupRule),
      enrolled.map((e) => ({ groupId: e.groupId, periodId: e.periodId, weekday: e.weekday as Weekday })),
    ),
  );
  const { offers } = runOfferCycle({ ranking, places, holds: [], fits: fitsWeekday, now });
  for (const offer of offers) {
    const row = ranking.entries.find((e) => e.application.id === offer.applicationId)!.application.row;
    row.status = 'enrolled';
    row.enrolledAt = now.toJSDate();
    if (!askedNow.has(row.id)) {
      const group = groups.find((g) => g.id === row.groupId)!;
      const day = WEEKDAY_NAMES[row.weekday as Weekday];
      notifyHouseholds(em, {
        siteId,
        householdIds: [row.householdId],
        kind: 'place_given',
        subject: `课后托管名额已到 / A place is yours`,
        body: `${group.name} ${day.zh}的名额已空出，孩子已入托，${row.startDate} 起。/ A place in ${group.name} on ${day.en} is now your child's, from ${row.startDate}.`,
        now,
      });
    }
  }
  await em.flush();
}

export async function describeEnrolments(em: EntityManager, siteId: string, rows: readonly IAfterSchoolEnrolment[], now: DateTime) {
  if (rows.length === 0) return [];
  const [ranking, groups, children] = await Promise.all([
    rows.some((r) => r.status === 'waiting') ? rankSite(em, siteId, businessDateOf(now)) : null,
    em.find(AfterSchoolGroup, { id: { $in: [...new Set(rows.map((r) => r.groupId))] } }),
    em.find(AfterSchoolChild, { id: { $in: [...new Set(rows.map((r) => r.childId))] } }),
  ]);
  return rows.map((r) => {
    const queue = ranking ? viewOf(ranking, (e) => e.application.groupId === r.groupId && e.application.weekday === r.weekday) : [];
    return {
      id: r.id,
      childId: r.childId,
      childName: children.find((c) => c.id === r.childId)!.name,
      groupId: r.groupId,
      groupName: groups.find((g) => g.id === r.groupId)!.name,
      periodId: r.periodId,
      weekday: r.weekday,
      startDate: r.startDate,
      status: r.status,
      appliedAt: r.appliedAt.toISOString(),
      enrolledAt: r.enrolledAt?.toISOString() ?? null,
      position: queue.find((v) => v.entry.application.id === r.id)?.positionInView ?? null,
    };
  });
}

export async function listEnrolments(em: EntityManager, siteId: string, where: object, now: DateTime) {
  const rows = await em.find(AfterSchoolEnrolment, { ...where, status: { $in: ['waiting', 'enrolled'] } }, { orderBy: { appliedAt: 'asc', id: 'asc' } });
  return describeEnrolments(em, siteId, rows, now);
}

/**
 * A parent asks for weekdays of a group in a term for their child: one entry per weekday, each
 * enrolled at once where the weekday has a free place and otherwise waiting in that weekday's
 * queue. The site's groups are locked first, so two requests for the last place never both get it.
 */
export async function enrol(em: EntityManager, user: AuthUser, siteId: string, childId: string, body: EnrolmentCreate, now: DateTime) {
  await lockGroupsOf(em, siteId);
  const today = businessDateOf(now);
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  const group = await em.findOne(AfterSchoolGroup, { id: body.groupId, siteId: child.siteId });
  if (!group) throw asRuleBroken('No such group at the child’s site', [{ field: 'groupId', message: 'is not a group of this site' }]);
  const period = await em.findOneOrFail(AfterSchoolPeriod, { id: group.periodId });
  if (period.toDate < today) throw asRuleBroken('The term has ended', [{ field: 'groupId', message: `its term ended on ${period.toDate}` }]);
  const startDate = body.startDate ?? (period.fromDate > today ? period.fromDate : today);
  if (startDate < today) throw asRuleBroken('The first day cannot be in the past', [{ field: 'startDate', message: 'must not be in the past' }]);
  const problems = enrolmentRequestProblems(
    { id: 'request', appliedAt: now.toISO()!, facts: {}, childName: child.name, idNumber: child.idNumber, school: child.school, grade: child.grade, groupId: group.id, periodId: period.id, weekdays: body.weekdays, startDate },
    periodOf(period),
  );
  body.weekdays.forEach((d, i) => {
    if (!group.weekdays.includes(d)) problems.push({ field: `weekdays.${i}`, message: `the group does not meet on ${WEEKDAY_NAMES[d].en}` });
  });
  if (problems.length === 0) {
    const age = ageOn(child.birthDate, startDate);
    if (age < group.minAge || age > group.maxAge) problems.push({ field: 'groupId', message: `the group is for ages ${group.minAge} to ${group.maxAge}; the child is ${age} on ${startDate}` });
    if (group.gradeFrom != null && group.gradeTo != null && (child.grade < group.gradeFrom || child.grade > group.gradeTo)) {
      problems.push({ field: 'groupId', message: `the group is for grades ${group.gradeFrom} to ${group.gradeTo}` });
    }
  }
  if (problems.length > 0) throw asRuleBroken('The enrolment cannot be made', problems);
  const held = await em.find(AfterSchoolEnrolment, { childId: child.id, periodId: period.id, weekday: { $in: body.weekdays }, status: { $in: ['waiting', 'enrolled'] } });
  if (held.length > 0) {
    throw conflict('The child already has a place or waits for it on these weekdays', {
      errors: held.map((h) => ({ field: `weekdays.${body.weekdays.indexOf(h.weekday as Weekday)}`, code: 'already_enrolled', message: `already ${h.status} on ${WEEKDAY_NAMES[h.weekday as Weekday].en}` })),
    });
  }
  const rows = [...body.weekdays].sort().map((weekday) =>
    em.create(AfterSchoolEnrolment, {
      id: newId(),
      siteId: child.siteId,
      householdId: child.householdId,
      childId: child.id,
      groupId: group.id,
      periodId: period.id,
      weekday,
      startDate,
      status: 'waiting',
      appliedAt: now.toJSDate(),
      enrolledAt: null,
      events: [],
      createdBy: user.id,
    }),
  );
  await em.flush();
  await placeWaiting(em, siteId, now, new Set(rows.map((r) => r.id)));
  return describeEnrolments(em, siteId, rows, now);
}

/** Leaves a weekday (or its queue): a place freed goes to the first in that weekday's queue at once. Withdrawing again changes nothing. */
export async function withdraw(em: EntityManager, siteId: string, enrolmentId: string, now: DateTime) {
  await lockGroupsOf(em, siteId);
  const row = await em.findOneOrFail(AfterSchoolEnrolment, { id: enrolmentId });
  if (row.status !== 'withdrawn') {
    row.events = [...row.events, { kind: 'withdrawn', on: businessDateOf(now) }];
    row.status = 'withdrawn';
    await em.flush();
    await placeWaiting(em, siteId, now, new Set());
  }
  const [described] = await describeEnrolments(em, siteId, [row], now);
  return described;
}
