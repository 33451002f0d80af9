import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { type Attendance, bookingProblems, type ClassOnDay, classForBooking, feeTierOf, freeOnDay, isOpenDay, SERVICE_LINE_OF_MODE, STANDARD_CLASSES } from '../../../domain/childcare';
import { addDays, type BusinessDate } from '../../../domain/shared/business-date';
import { maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import { BUSINESS_ZONE, businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { badRequest, conflict, notFound, ruleBroken } from '../../errors';
import { recordServedUnits } from '../costsharing/served-units';
import { Household } from '../sites/household.entity';
import { ChildcareBooking, type IChildcareBooking } from './bookings.entity';
import { lockClassesOf } from './childcare.queries';
import { ChildcareApplication, ChildcareClass, ChildcareEnrolment, ChildcareOffer, type IChildcareClass } from './childcare.entity';
import { changeSite } from './waitlist.service';

/** The longest span of days whose free places one request reads. */
export const MAX_FREE_DAYS = 31;

const rule = (detail: string, problems: readonly { field: string; message: string }[]) => ruleBroken(detail, problems.map((p) => ({ field: p.field, code: 'rule', message: p.message })));
const timeOf = (at: Date | null | undefined) => (at ? DateTime.fromJSDate(at).setZone(BUSINESS_ZONE).toFormat('HH:mm') : null);

// ── What takes a class's places on a day ────────────────────────────────────────────────
/**
 * Each class of the site on each date as a booking sees it: the enrolments attending that day
 * and every open offer (as the attendance it would give; an offer holds its place until it is
 * answered, whatever its start date) take places, and the days booked there.
 */
async function siteDays(em: EntityManager, siteId: string, dates: readonly BusinessDate[]): Promise<{ classes: IChildcareClass[]; on(date: BusinessDate): ClassOnDay[] }> {
  const first = dates.reduce((a, b) => (a < b ? a : b));
  const last = dates.reduce((a, b) => (a > b ? a : b));
  const [classes, enrolments, offers, bookings] = await Promise.all([
    em.find(ChildcareClass, { siteId }, { orderBy: { kind: 'asc', name: 'asc', id: 'asc' } }),
    em.find(ChildcareEnrolment, { siteId, fromDate: { $lte: last }, $or: [{ toDate: null }, { toDate: { $gt: first } }] }),
    em.find(ChildcareOffer, { siteId, status: 'open' }),
    em.find(ChildcareBooking, { siteId, status: 'booked', date: { $in: [...dates] } }),
  ]);
  const offered = offers.length ? await em.find(ChildcareApplication, { id: { $in: offers.map((o) => o.applicationId) } }, { fields: ['mode', 'half'] }) : [];
  const attendance = (mode: string, half: string | null | undefined): Attendance => (mode === 'half_day' ? { mode: 'half_day', half: half as 'morning' | 'afternoon' } : { mode: mode as 'full_day' | 'hourly' });
  const held = offers.map((o) => {
    const app = offered.find((a) => a.id === o.applicationId)!;
    return { classId: o.classId, ...attendance(app.mode, app.half) };
  });
  return {
    classes,
    on: (date) =>
      classes.map((c) => ({
        classId: c.id,
        kind: c.kind,
        size: c.size,
        taken: [
          ...enrolments.filter((e) => e.classId === c.id && e.fromDate <= date && (e.toDate == null || e.toDate > date)).map((e) => attendance(e.mode, e.half)),
          ...held.filter((h) => h.classId === c.id),
        ],
        booked: bookings.filter((b) => b.classId === c.id && b.date === date).length,
      })),
  };
}

/** The free places of each day the centre opens from `from` to `to`: per class, and the site's. */
export async function freePlaces(em: EntityManager, siteId: string, from: BusinessDate, to: BusinessDate) {
  if (to < from) throw rule('The span ends before it begins', [{ field: 'to', message: 'must be on or after from' }]);
  if (to > addDays(from, MAX_FREE_DAYS - 1)) throw rule('The span is too long', [{ field: 'to', message: `must be within ${MAX_FREE_DAYS} days of from` }]);
  const dates: BusinessDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isOpenDay(d)) dates.push(d);
  if (dates.length === 0) return [];
  const days = await siteDays(em, siteId, dates);
  return dates.map((date) => {
    const free = freeOnDay(STANDARD_CLASSES, days.on(date));
    return {
      date,
      siteFree: free.siteFree,
      classes: days.classes.map((c, i) => ({ classId: c.id, name: c.name, nameEn: c.nameEn ?? null, kind: c.kind, free: Math.min(free.classes[i].free, free.siteFree) })),
    };
  });
}

// ── Reading bookings ────────────────────────────────────────────────────────────────────
export async function describeBookings(em: EntityManager, bookings: readonly IChildcareBooking[]) {
  if (bookings.length === 0) return [];
  const [classes, households] = await Promise.all([
    em.find(ChildcareClass, { id: { $in: [...new Set(bookings.map((b) => b.classId))] } }),
    em.find(Household, { id: { $in: [...new Set(bookings.map((b) => b.householdId))] } }),
  ]);
  return bookings.map((b) => {
    const c = classes.find((k) => k.id === b.classId)!;
    return {
      id: b.id,
      siteId: b.siteId,
      householdId: b.householdId,
      householdName: households.find((h) => h.id === b.householdId)?.name ?? '',
      applicationId: b.applicationId ?? null,
      childName: b.childName,
      idNumber: maskIdNumber(b.idNumber),
      birthDate: b.birthDate,
      classId: c.id,
      className: c.name,
      classNameEn: c.nameEn ?? null,
      date: b.date,
      status: b.status,
      checkIn: timeOf(b.checkInAt),
      billed: b.servedUnitId != null,
    };
  });
}

/**
 * Bookings in the caller's scope: staff read a day's (today unless given), a parent its
 * household's from today on (or of the day given).
 */
export async function listBookings(em: EntityManager, user: AuthUser, where: object, date: BusinessDate | undefined, now: DateTime) {
  const today = businessDateOf(now);
  const when = date ?? (user.role === 'parent' ? { $gte: today } : today);
  const rows = await em.find(ChildcareBooking, { ...where, date: when }, { orderBy: { date: 'asc', childName: 'asc', id: 'asc' } });
  return describeBookings(em, rows);
}

// ── Booking ─────────────────────────────────────────────────────────────────────────────
export interface BookingRequest {
  siteId: string;
  dates: BusinessDate[];
  /** A child the household applied for; otherwise the child by name and 身份证号. */
  applicationId?: string;
  childName?: string;
  idNumber?: string;
  /** Staff book for a family: the household of the site they book for. */
  householdId?: string;
}

interface Child {
  householdId: string;
  applicationId: string | null;
  childName: string;
  idNumber: string;
  birthDate: BusinessDate;
}

/** The child a request names, and its household: a parent's own, or the one staff name. */
async function childOf(em: EntityManager, user: AuthUser, r: BookingRequest): Promise<Child> {
  const own = user.role === 'parent' ? user.householdId : null;
  if (r.applicationId !== undefined) {
    const app = await em.findOne(ChildcareApplication, { id: r.applicationId, siteId: r.siteId });
    if (!app || (user.role === 'parent' && app.householdId !== own)) throw notFound('Application');
    return { householdId: app.householdId, applicationId: app.id, childName: app.childName, idNumber: app.idNumber, birthDate: app.birthDate };
  }
  const householdId = user.role === 'parent' ? own : (r.householdId ?? null);
  if (householdId === null) throw badRequest('Name the family the day is booked for', [{ field: 'householdId', code: 'required', message: 'is needed when staff book for a family' }]);
  if (r.householdId !== undefined && r.householdId !== householdId) throw notFound('Household');
  if (!(await em.findOne(Household, { id: householdId, siteId: r.siteId }))) throw notFound('Household');
  const parsed = parseIdNumber(r.idNumber!);
  if (!parsed.ok) throw new Error('idNumber was validated by the schema');
  return { householdId, applicationId: null, childName: r.childName!, idNumber: parsed.id.number, birthDate: parsed.id.birthDate };
}

/**
 * Books a child's days, all or none. Under the site's class lock (the lock accepts, offers and
 * withdrawals take), each day goes to a class whose band takes the child that day and which has
 * a place free, while the site's total has one: 409 naming each day with none. A child already
 * booked or enrolled on a day is refused that day. The places a booked day keeps are then kept
 * from the waitlist (changeSite's offer cycle counts them).
 */
export async function bookDays(em: EntityManager, user: AuthUser, r: BookingRequest, now: DateTime) {
  const today = businessDateOf(now);
  const child = await childOf(em, user, r);
  const problems = bookingProblems(STANDARD_CLASSES, { dates: r.dates, today, birthDate: child.birthDate });
  if (problems.length > 0) throw rule('These days cannot be booked', problems);
  const ids = await changeSite(em, r.siteId, now, async () => {
    const [booked, enrolled] = await Promise.all([
      em.find(ChildcareBooking, { siteId: r.siteId, idNumber: child.idNumber, status: 'booked', date: { $in: r.dates } }, { fields: ['date'] }),
      enrolmentsOfChild(em, r.siteId, child.idNumber),
    ]);
    const taken = r.dates.flatMap((date, i) => {
      if (booked.some((b) => b.date === date)) return [{ field: `dates[${i}]`, code: 'already_booked', message: `${date}: the child is already booked that day` }];
      if (enrolled.some((e) => e.fromDate <= date && (e.toDate == null || e.toDate > date))) return [{ field: `dates[${i}]`, code: 'enrolled', message: `${date}: the child is enrolled that day` }];
      return [];
    });
    if (taken.length > 0) throw conflict('The child already has a place on some of these days', { errors: taken });
    const days = await siteDays(em, r.siteId, r.dates);
    const full: { field: string; code: string; message: string }[] = [];
    const created: string[] = [];
    r.dates.forEach((date, i) => {
      const classId = classForBooking(STANDARD_CLASSES, days.on(date), child.birthDate, date);
      if (classId === null) full.push({ field: `dates[${i}]`, code: 'full', message: `${date}: no class that takes the child has a free place` });
      else created.push(em.create(ChildcareBooking, { id: newId(), siteId: r.siteId, ...child, classId, date, status: 'booked', bookedBy: user.id }).id);
    });
    if (full.length > 0) throw conflict('No place is free on some of these days', { errors: full });
    return created;
  });
  return describeBookings(em, await em.find(ChildcareBooking, { id: { $in: ids } }, { orderBy: { date: 'asc' } }));
}

async function enrolmentsOfChild(em: EntityManager, siteId: string, idNumber: string) {
  const apps = await em.find(ChildcareApplication, { siteId, idNumber }, { fields: ['id'] });
  return apps.length ? em.find(ChildcareEnrolment, { applicationId: { $in: apps.map((a) => a.id) } }) : [];
}

async function describeOne(em: EntityManager, bookingId: string) {
  return (await describeBookings(em, [await em.findOneOrFail(ChildcareBooking, { id: bookingId })]))[0];
}

/**
 * Cancels a booked day before the child comes: a parent its household's, staff any. The place
 * is free again at once (for another booking, or for the waitlist). Cancelling again changes nothing.
 */
export async function cancelBooking(em: EntityManager, user: AuthUser, siteId: string, bookingId: string, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const b = await em.findOneOrFail(ChildcareBooking, { id: bookingId });
    if (b.status === 'cancelled') return;
    if (b.checkInAt) throw rule('The child has come: the day is served', [{ field: 'bookingId', message: 'was checked in' }]);
    if (b.date < businessDateOf(now)) throw rule('A past day cannot be cancelled', [{ field: 'bookingId', message: 'is for a past day' }]);
    Object.assign(b, { status: 'cancelled', cancelledBy: user.id, cancelledAt: now.toJSDate() });
  });
  return describeOne(em, bookingId);
}

/**
 * 入园 on a booked day, by staff on the day. The day is billed now, on attending, not on booking:
 * one served unit on the 临时托 line (priced by the cost-sharing engine at the family's tier,
 * the quote kept), so a day booked and not come is never charged nor claimed from a
 * department. A second press is a 409 and bills nothing more; a refused price refuses the
 * check-in (422), so nothing is served unbilled.
 */
export async function checkInBooking(em: EntityManager, user: AuthUser, siteId: string, bookingId: string, now: DateTime) {
  await lockClassesOf(em, siteId);
  const b = await em.findOneOrFail(ChildcareBooking, { id: bookingId });
  const today = businessDateOf(now);
  if (b.status !== 'booked') throw rule('The day was cancelled', [{ field: 'bookingId', message: 'is cancelled' }]);
  if (b.date !== today) throw rule('Only today’s booked children can be checked in', [{ field: 'bookingId', message: `is for ${b.date}, not today (${today})` }]);
  if (b.checkInAt) throw conflict(`Already checked in at ${timeOf(b.checkInAt)}`, { errors: [{ field: 'bookingId', code: 'already', message: 'the child is already checked in' }] });
  const app = b.applicationId ? await em.findOne(ChildcareApplication, { id: b.applicationId }, { fields: ['facts'] }) : null;
  const { servedUnitIds } = await recordServedUnits(
    em,
    {
      siteId,
      serviceLine: SERVICE_LINE_OF_MODE.occasional,
      service: 'childcare',
      sourceId: b.id,
      units: [{ tier: feeTierOf(app?.facts ?? {}), date: b.date, personRef: b.applicationId ?? b.id }],
    },
    now.toJSDate(),
  );
  Object.assign(b, { checkInAt: now.toJSDate(), checkInBy: user.id, servedUnitId: servedUnitIds[0] });
  await em.flush();
  return describeOne(em, bookingId);
}
