import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import {
  type AbsenceReason,
  absenceProblems,
  type Actor,
  cancelAbsenceProblems,
  checkRatio,
  childrenForRatio,
  dayState,
  type Finding,
  healthCheckProblems,
  isOpenDay,
  openDaysBetween,
} from '../../../domain/childcare';
import { addDays, type BusinessDate } from '../../../domain/shared/business-date';
import type { Problem } from '../../../domain/shared/problems';
import { BUSINESS_ZONE, businessDateOf, startOfBusinessDate } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { User } from '../../auth/user.entity';
import { conflict, notFound, ruleBroken } from '../../errors';
import { lockEnrolment } from './attendance.queries';
import { ChildcareBooking } from './bookings.entity';
import { lockClassesOf } from './childcare.queries';
import { ChildcareApplication, ChildcareClass, ChildcareEnrolment, type IChildcareClass, type IChildcareEnrolment } from './childcare.entity';
import { ChildcareDay, ChildcareDuty, type DayChange, type IChildcareDay } from './days.entity';

/** The longest span a parent or staff mark absent at once: a month's holiday. */
export const MAX_ABSENCE_DAYS = 31;

const refuse = (detail: string, problems: readonly Problem[]) => ruleBroken(detail, problems.map((p) => ({ field: p.field, code: 'rule', message: p.message })));
const actorOf = (user: AuthUser): Actor => (user.role === 'parent' ? 'parent' : 'staff');
const attendsOn = (e: IChildcareEnrolment, date: BusinessDate) => e.fromDate <= date && (e.toDate == null || e.toDate > date);
const timeOf = (at: Date | null | undefined) => (at ? { at: at.toISOString(), time: DateTime.fromJSDate(at).setZone(BUSINESS_ZONE).toFormat('HH:mm') } : null);

/** The fields a change rewrites, as they were: what the history keeps of a correction. */
const FIELDS_OF: Record<DayChange, (keyof IChildcareDay & string)[]> = {
  health_check: ['temperatureTenths', 'findings', 'admitted', 'checkNote', 'checkedBy', 'checkedAt'],
  check_in: ['checkInAt', 'checkInBy'],
  check_out: ['checkOutAt', 'checkOutBy'],
  absence: ['absenceReason', 'absenceNote', 'absenceMarkedBy', 'absenceBy', 'absenceAt'],
  absence_cancelled: ['absenceReason', 'absenceNote', 'absenceMarkedBy', 'absenceBy', 'absenceAt'],
};

function record(day: IChildcareDay, what: DayChange, by: string, at: Date): void {
  const fields = FIELDS_OF[what];
  const values = day as unknown as Record<string, unknown>;
  const before = Object.fromEntries(fields.map((f) => [f, values[f] instanceof Date ? (values[f] as Date).toISOString() : (values[f] ?? null)]));
  const first = fields.every((f) => before[f] === null);
  day.history = [...day.history, { what, by, at: at.toISOString(), was: first ? null : before }];
  day.version++;
}

function clearAbsence(day: IChildcareDay): void {
  Object.assign(day, { absenceReason: null, absenceNote: null, absenceMarkedBy: null, absenceBy: null, absenceAt: null });
}

async function enrolmentOf(em: EntityManager, enrolmentId: string): Promise<IChildcareEnrolment> {
  await lockEnrolment(em, enrolmentId);
  return em.findOneOrFail(ChildcareEnrolment, { id: enrolmentId });
}

async function dayOf(em: EntityManager, e: IChildcareEnrolment, date: BusinessDate): Promise<IChildcareDay> {
  return (
    (await em.findOne(ChildcareDay, { enrolmentId: e.id, date })) ??
    em.create(ChildcareDay, { siteId: e.siteId, householdId: e.householdId, enrolmentId: e.id, classId: e.classId, date, history: [], version: 0 })
  );
}

/** Staff record the sheet on its own day: the 晨检 and in and out are corrected that day, never after. */
function sameDayOnly(date: BusinessDate, today: BusinessDate): void {
  if (date !== today) throw refuse('Only today’s sheet can be recorded or corrected', [{ field: 'date', message: `must be today (${today})` }]);
}

/**
 * A child's check and times are facts: recorded whenever it is enrolled, also on a day the
 * centre does not normally open (a child who came is recorded). Absences, which mean something
 * only on a day it was expected, keep to open days.
 */
function attending(e: IChildcareEnrolment, date: BusinessDate): void {
  if (!attendsOn(e, date)) throw refuse('The child is not enrolled on that day', [{ field: 'date', message: 'is outside the child’s enrolment' }]);
}

// ── Reading ───────────────────────────────────────────────────────────────────────────
async function namesOf(em: EntityManager, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  return new Map((await em.find(User, { id: { $in: list } })).map((u) => [u.id, u.displayName]));
}

function describeDay(e: IChildcareEnrolment, childName: string, date: BusinessDate, day: IChildcareDay | undefined, names: Map<string, string>) {
  const d = {
    admitted: day?.admitted ?? null,
    checkInAt: day?.checkInAt?.toISOString() ?? null,
    checkOutAt: day?.checkOutAt?.toISOString() ?? null,
    absence: day?.absenceReason ?? null,
  };
  return {
    enrolmentId: e.id,
    childName,
    mode: e.mode,
    half: e.half ?? null,
    date,
    state: dayState(d),
    healthCheck:
      day?.findings != null
        ? { temperatureTenths: day.temperatureTenths ?? null, findings: day.findings, admitted: day.admitted!, note: day.checkNote ?? null, by: names.get(day.checkedBy!) ?? null, ...timeOf(day.checkedAt)! }
        : null,
    checkIn: timeOf(day?.checkInAt),
    checkOut: timeOf(day?.checkOutAt),
    absence: day?.absenceReason ? { reason: day.absenceReason, note: day.absenceNote ?? null, markedBy: day.absenceMarkedBy!, by: names.get(day.absenceBy!) ?? null } : null,
    history: (day?.history ?? []).map((h) => ({ what: h.what, by: names.get(h.by) ?? null, at: h.at, corrected: h.was !== null })),
    version: day?.version ?? 0,
  };
}

const peopleIn = (days: readonly IChildcareDay[]) => days.flatMap((d) => [d.checkedBy, d.absenceBy, ...d.history.map((h) => h.by)].filter((x): x is string => !!x));

async function childNames(em: EntityManager, enrolments: readonly IChildcareEnrolment[]): Promise<Map<string, string>> {
  if (enrolments.length === 0) return new Map();
  const apps = await em.find(ChildcareApplication, { id: { $in: enrolments.map((e) => e.applicationId) } });
  return new Map(apps.map((a) => [a.id, a.childName]));
}

/** `booked`: the class's 临时托 children of the day, expected or come: carers look after them as well. */
function describeClassDay(c: IChildcareClass, children: ReturnType<typeof describeDay>[], carers: string[], openDay: boolean, booked: number) {
  const counted =
    childrenForRatio(
      children.map((k) => ({ admitted: k.healthCheck?.admitted ?? null, checkInAt: k.checkIn?.at ?? null, checkOutAt: k.checkOut?.at ?? null, absence: k.absence?.reason ?? null })),
      openDay,
    ) + (openDay ? booked : 0);
  const ratio = checkRatio({ classId: c.id, name: c.name, kind: c.kind, childrenPerCarer: c.childrenPerCarer, childrenPresent: counted, carersOnDuty: carers.length });
  return {
    classId: c.id,
    name: c.name,
    nameEn: c.nameEn ?? null,
    kind: c.kind,
    childrenPerCarer: c.childrenPerCarer,
    carers,
    childrenCounted: counted,
    carersNeeded: ratio.carersNeeded,
    short: ratio.short,
    warning: ratio.warning,
    children,
  };
}

/** A site's sheet for a day: each class with its expected children and their day, its carers and the ratio check. */
export async function daySheet(em: EntityManager, siteId: string, date: BusinessDate, classId?: string) {
  const [classes, enrolments, days, duties, bookings] = await Promise.all([
    em.find(ChildcareClass, { siteId, ...(classId ? { id: classId } : {}) }, { orderBy: { kind: 'asc', name: 'asc', id: 'asc' } }),
    em.find(ChildcareEnrolment, { siteId, ...(classId ? { classId } : {}), fromDate: { $lte: date }, $or: [{ toDate: null }, { toDate: { $gt: date } }] }),
    em.find(ChildcareDay, { siteId, date, ...(classId ? { classId } : {}) }),
    em.find(ChildcareDuty, { siteId, date, ...(classId ? { classId } : {}) }),
    em.find(ChildcareBooking, { siteId, date, status: 'booked', ...(classId ? { classId } : {}) }, { fields: ['classId'] }),
  ]);
  const [children, names] = await Promise.all([childNames(em, enrolments), namesOf(em, peopleIn(days))]);
  const byEnrolment = new Map(days.map((d) => [d.enrolmentId, d]));
  const open = isOpenDay(date);
  return {
    siteId,
    date,
    open,
    classes: classes.map((c) =>
      describeClassDay(
        c,
        enrolments
          .filter((e) => e.classId === c.id)
          .map((e) => describeDay(e, children.get(e.applicationId) ?? '', date, byEnrolment.get(e.id), names))
          .sort((a, b) => a.childName.localeCompare(b.childName, 'zh-CN') || a.enrolmentId.localeCompare(b.enrolmentId)),
        duties.find((d) => d.classId === c.id)?.carers ?? [],
        open,
        bookings.filter((b) => b.classId === c.id).length,
      ),
    ),
  };
}

async function describeOne(em: EntityManager, e: IChildcareEnrolment, date: BusinessDate) {
  const day = (await em.findOne(ChildcareDay, { enrolmentId: e.id, date })) ?? undefined;
  const [children, names] = await Promise.all([childNames(em, [e]), namesOf(em, day ? peopleIn([day]) : [])]);
  return describeDay(e, children.get(e.applicationId) ?? '', date, day, names);
}

/** The household's enrolled children (a parent's own; staff see the site's), current and starting later. */
export async function listEnrolments(em: EntityManager, where: object, today: BusinessDate) {
  const rows = (await em.find(ChildcareEnrolment, { ...where, $or: [{ toDate: null }, { toDate: { $gt: today } }] }, { orderBy: { fromDate: 'asc', id: 'asc' } })).filter(
    (e) => e.toDate == null || e.toDate > e.fromDate,
  );
  const [children, classes] = await Promise.all([childNames(em, rows), rows.length ? em.find(ChildcareClass, { id: { $in: rows.map((e) => e.classId) } }) : []]);
  return rows.map((e) => {
    const c = classes.find((k) => k.id === e.classId)!;
    return { id: e.id, siteId: e.siteId, childName: children.get(e.applicationId) ?? '', classId: c.id, className: c.name, classNameEn: c.nameEn ?? null, mode: e.mode, half: e.half ?? null, fromDate: e.fromDate, toDate: e.toDate ?? null };
  });
}

/** A child's month: every open day of it within the enrolment, with its record, and the month's counts. */
export async function childMonth(em: EntityManager, enrolmentId: string, month: string) {
  const e = await em.findOneOrFail(ChildcareEnrolment, { id: enrolmentId });
  const first = `${month}-01`;
  const last = addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);
  const rows = await em.find(ChildcareDay, { enrolmentId, date: { $gte: first, $lte: last } });
  const [children, names] = await Promise.all([childNames(em, [e]), namesOf(em, peopleIn(rows))]);
  const days = openDaysBetween(first, last)
    .filter((d) => attendsOn(e, d))
    .map((d) => describeDay(e, children.get(e.applicationId) ?? '', d, rows.find((r) => r.date === d), names));
  const count = (pick: (d: (typeof days)[number]) => boolean) => days.filter(pick).length;
  return {
    enrolmentId,
    childName: children.get(e.applicationId) ?? '',
    month,
    days,
    attended: count((d) => d.checkIn !== null),
    absent: { sick: count((d) => d.absence?.reason === 'sick'), leave: count((d) => d.absence?.reason === 'leave'), holiday: count((d) => d.absence?.reason === 'holiday') },
  };
}

// ── Writing the day ───────────────────────────────────────────────────────────────────
export interface HealthCheckInput {
  temperatureTenths: number | null;
  findings: Finding[];
  admitted: boolean;
  note?: string | null;
}

/** The 晨检, or its correction the same day. A child marked absent who turns up is no longer absent. */
export async function recordHealthCheck(em: EntityManager, user: AuthUser, enrolmentId: string, date: BusinessDate, input: HealthCheckInput, now: DateTime) {
  sameDayOnly(date, businessDateOf(now));
  const e = await enrolmentOf(em, enrolmentId);
  attending(e, date);
  const problems = healthCheckProblems(input);
  if (problems.length > 0) throw refuse('The health check cannot be recorded as given', problems);
  const day = await dayOf(em, e, date);
  if (!input.admitted && day.checkInAt && !day.checkOutAt) {
    throw refuse('The child is checked in', [{ field: 'admitted', message: 'the child is checked in: check it out to send it home' }]);
  }
  const at = now.toJSDate();
  record(day, 'health_check', user.id, at);
  Object.assign(day, { temperatureTenths: input.temperatureTenths, findings: input.findings, admitted: input.admitted, checkNote: input.note ?? null, checkedBy: user.id, checkedAt: at });
  if (day.absenceReason) {
    record(day, 'absence_cancelled', user.id, at);
    clearAbsence(day);
  }
  await em.flush();
  return describeOne(em, e, date);
}

/** `HH:mm` on the day, or now; never later than now. */
function instantOf(date: BusinessDate, time: string | undefined, now: DateTime): Date {
  if (time === undefined) return now.toJSDate();
  const [h, m] = time.split(':').map(Number);
  const at = startOfBusinessDate(date).set({ hour: h, minute: m });
  if (at > now) throw refuse('A time cannot be in the future', [{ field: 'at', message: `must be no later than now (${now.setZone(BUSINESS_ZONE).toFormat('HH:mm')})` }]);
  return at.toJSDate();
}

/**
 * 入园, or its correction with the time it really was. A second press without a time is a
 * conflict (the child is already in), so a double press records once.
 */
export async function checkIn(em: EntityManager, user: AuthUser, enrolmentId: string, date: BusinessDate, time: string | undefined, now: DateTime) {
  sameDayOnly(date, businessDateOf(now));
  const e = await enrolmentOf(em, enrolmentId);
  attending(e, date);
  const day = await dayOf(em, e, date);
  if (day.checkInAt && time === undefined) throw conflict(`Already checked in at ${timeOf(day.checkInAt)!.time}`, { errors: [{ field: 'at', code: 'already', message: 'the child is already checked in; give a time to correct it' }] });
  if (day.admitted === false) throw refuse('The morning check sent the child home', [{ field: 'enrolmentId', message: 'was not admitted at the morning check' }]);
  const at = instantOf(date, time, now);
  if (day.checkOutAt && at > day.checkOutAt) throw refuse('Check-in must come before check-out', [{ field: 'at', message: `must be no later than the check-out (${timeOf(day.checkOutAt)!.time})` }]);
  const when = now.toJSDate();
  record(day, 'check_in', user.id, when);
  Object.assign(day, { checkInAt: at, checkInBy: user.id });
  if (day.absenceReason) {
    record(day, 'absence_cancelled', user.id, when);
    clearAbsence(day);
  }
  await em.flush();
  return describeOne(em, e, date);
}

/** 离园, or its correction; only after a check-in, and never before it. */
export async function checkOut(em: EntityManager, user: AuthUser, enrolmentId: string, date: BusinessDate, time: string | undefined, now: DateTime) {
  sameDayOnly(date, businessDateOf(now));
  const e = await enrolmentOf(em, enrolmentId);
  attending(e, date);
  const day = await dayOf(em, e, date);
  if (!day.checkInAt) throw refuse('The child was not checked in', [{ field: 'enrolmentId', message: 'has no check-in today' }]);
  if (day.checkOutAt && time === undefined) throw conflict(`Already checked out at ${timeOf(day.checkOutAt)!.time}`, { errors: [{ field: 'at', code: 'already', message: 'the child is already checked out; give a time to correct it' }] });
  const at = instantOf(date, time, now);
  if (at < day.checkInAt) throw refuse('Check-out must come after check-in', [{ field: 'at', message: `must be no earlier than the check-in (${timeOf(day.checkInAt)!.time})` }]);
  record(day, 'check_out', user.id, now.toJSDate());
  Object.assign(day, { checkOutAt: at, checkOutBy: user.id });
  await em.flush();
  return describeOne(em, e, date);
}

// ── Absences ──────────────────────────────────────────────────────────────────────────
export interface AbsenceInput {
  from: BusinessDate;
  to?: BusinessDate;
  reason: AbsenceReason;
  note?: string | null;
}

/**
 * Marks a child absent on every open day from `from` to `to`, all or none: a parent ahead for
 * its own child, staff from today. A day already marked takes the new reason, except that a
 * parent does not overwrite what staff marked.
 */
export async function markAbsences(em: EntityManager, user: AuthUser, enrolmentId: string, input: AbsenceInput, now: DateTime) {
  const today = businessDateOf(now);
  const to = input.to ?? input.from;
  if (to < input.from) throw refuse('The span ends before it begins', [{ field: 'to', message: 'must be on or after from' }]);
  if (to > addDays(input.from, MAX_ABSENCE_DAYS - 1)) throw refuse('The span is too long', [{ field: 'to', message: `must be within ${MAX_ABSENCE_DAYS} days of from` }]);
  const e = await enrolmentOf(em, enrolmentId);
  const by = actorOf(user);
  const dates = input.from === to ? [input.from] : openDaysBetween(input.from, to);
  if (dates.length === 0) throw refuse('The centre opens on none of those days', [{ field: 'from', message: 'the span has no day the centre opens' }]);
  const existing = await em.find(ChildcareDay, { enrolmentId, date: { $in: dates } });
  const problems: Problem[] = [];
  for (const date of dates) {
    const day = existing.find((d) => d.date === date);
    const begun = !!day && (day.checkInAt != null || day.findings != null);
    const found = absenceProblems({ date, today, by, enrolment: { fromDate: e.fromDate, toDate: e.toDate ?? null }, begun });
    if (by === 'parent' && day?.absenceMarkedBy === 'staff') found.push({ field: 'date', message: 'was marked by the centre’s staff; ask them to change it' });
    problems.push(...found.map((p) => ({ field: 'from', message: `${date}: ${p.message}` })));
  }
  if (problems.length > 0) throw refuse('The absence cannot be marked', problems);
  const at = now.toJSDate();
  for (const date of dates) {
    const day = existing.find((d) => d.date === date) ?? (await dayOf(em, e, date));
    record(day, 'absence', user.id, at);
    Object.assign(day, { absenceReason: input.reason, absenceNote: input.note ?? null, absenceMarkedBy: by, absenceBy: user.id, absenceAt: at });
  }
  await em.flush();
  return Promise.all(dates.map((d) => describeOne(em, e, d)));
}

/** Takes an absence back: staff any from today, a parent only its own marks. */
export async function cancelAbsence(em: EntityManager, user: AuthUser, enrolmentId: string, date: BusinessDate, now: DateTime) {
  const e = await enrolmentOf(em, enrolmentId);
  const day = await em.findOne(ChildcareDay, { enrolmentId, date });
  if (!day?.absenceReason) throw notFound('Absence');
  const problems = cancelAbsenceProblems({ date, today: businessDateOf(now), by: actorOf(user), markedBy: day.absenceMarkedBy! });
  if (problems.length > 0) throw refuse('The absence cannot be cancelled', problems);
  record(day, 'absence_cancelled', user.id, now.toJSDate());
  clearAbsence(day);
  await em.flush();
  return describeOne(em, e, date);
}

// ── Carers on duty ────────────────────────────────────────────────────────────────────
/** Who is on duty in a class on a day (today, or ahead as a roster); answers the class's day with its ratio check. */
export async function setDuty(em: EntityManager, user: AuthUser, siteId: string, classId: string, date: BusinessDate, carers: string[], now: DateTime) {
  if (date < businessDateOf(now)) throw refuse('Past days are closed', [{ field: 'date', message: 'must be today or later' }]);
  const names = [...new Set(carers)];
  // The site's class lock: two staff writing one class's roster at once run one after the other.
  await lockClassesOf(em, siteId);
  const row = await em.findOne(ChildcareDuty, { classId, date });
  if (row) Object.assign(row, { carers: names, updatedBy: user.id });
  else em.create(ChildcareDuty, { siteId, classId, date, carers: names, updatedBy: user.id });
  await em.flush();
  return (await daySheet(em, siteId, date, classId)).classes[0];
}
