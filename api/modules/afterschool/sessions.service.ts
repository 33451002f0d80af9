import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import {
  checkIn as checkInOnSheet,
  checkSessionRatio,
  type Claimant,
  doorAlerts,
  freeStaffFor,
  instantAt,
  markAbsent as markAbsentOnSheet,
  mayCollect,
  moveSession,
  REFUSAL_WORDS,
  type RefusalCode,
  type Session,
  type Sheet,
  type SheetRow,
  sheetFor,
  type Weekday,
  weekdayOf,
} from '../../../domain/afterschool';
import { addDays } from '../../../domain/shared/business-date';
import { BUSINESS_ZONE, type BusinessDate, businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { User, UserSite } from '../../auth/user.entity';
import { newId } from '../../entity-helpers';
import { conflict, ruleBroken } from '../../errors';
import { CostModelVersion } from '../costsharing/cost-model.entity';
import { Party } from '../costsharing/party.entity';
import { ServedUnit, ServedUnitShare } from '../costsharing/served-unit.entity';
import { Household } from '../sites/household.entity';
import { recordServedUnits, voidServedUnits } from '../costsharing/served-units';
import { retryingDeadlocks } from '../../transaction';
import {
  AfterSchoolAttendance,
  AfterSchoolChild,
  AfterSchoolCollector,
  AfterSchoolDelegation,
  AfterSchoolEnrolment,
  AfterSchoolGroup,
  AfterSchoolPeriod,
  AfterSchoolRefusal,
  AfterSchoolRoster,
  AfterSchoolSession,
  type IAfterSchoolAttendance,
  type IAfterSchoolSession,
} from './afterschool.entity';
import { collectionRulesOf, describeCollector, describeDelegation } from './families.service';
import { notifyHouseholds } from './notifications';
import { asRuleBroken, byTheRules, siteRules } from './setup.service';

type StaffMember = { id: string; name: string };

/** The site's after-school staff, by name: who may be rostered and offered as the fix. */
export async function staffOfSite(em: EntityManager, siteId: string): Promise<StaffMember[]> {
  const links = await em.find(UserSite, { siteId });
  const users = await em.find(User, { id: { $in: links.map((l) => l.userId) }, role: 'afterschool_staff', active: true }, { orderBy: { displayName: 'asc', id: 'asc' } });
  return users.map((u) => ({ id: u.id, name: u.displayName }));
}

const sessionOf = (s: IAfterSchoolSession): Session => ({ id: s.id, groupId: s.groupId, periodId: s.periodId, date: s.date, start: s.startTime, end: s.endTime, cancelled: s.cancelled });

/**
 * The children each session expects: those enrolled in its group on the weekday the pattern
 * gave it (a 调休 day: the weekday the site says it keeps), from their first day. A 调休 day
 * the site has not named keeps an unknown weekday, so every child of the group is expected.
 */
async function expectedChildren(em: EntityManager, sessions: readonly IAfterSchoolSession[]): Promise<Map<string, string[]>> {
  const groupIds = [...new Set(sessions.map((s) => s.groupId))];
  const [enrolled, periods] = await Promise.all([
    em.find(AfterSchoolEnrolment, { groupId: { $in: groupIds }, status: 'enrolled' }),
    em.find(AfterSchoolPeriod, { id: { $in: [...new Set(sessions.map((s) => s.periodId))] } }),
  ]);
  const follows = new Map(periods.map((p) => [p.id, p.makeupFollows]));
  return new Map(
    sessions.map((s) => {
      const weekday: Weekday = follows.get(s.periodId)?.[s.patternDate] ?? weekdayOf(s.patternDate);
      const ids = enrolled.filter((e) => e.groupId === s.groupId && e.startDate <= s.date && (weekday > 5 || e.weekday === weekday)).map((e) => e.childId);
      return [s.id, [...new Set(ids)]];
    }),
  );
}

const isLive = (s: IAfterSchoolSession, now: DateTime) => s.date === businessDateOf(now) && now >= instantAt(s.date, s.startTime) && now < instantAt(s.date, s.endTime);

/**
 * Sessions with their group, the children expected and present, the staff rostered and the
 * ratio check: before the session the children expected decide, while it runs the children
 * present; a session short of staff is offered the first free staff (in no overlapping session).
 */
async function describeSessions(em: EntityManager, siteId: string, sessions: readonly IAfterSchoolSession[], now: DateTime) {
  if (sessions.length === 0) return [];
  const dates = [...new Set(sessions.map((s) => s.date))];
  const sameDays = await em.find(AfterSchoolSession, { siteId, date: { $in: dates } });
  const [groups, roster, staff, expected, attendance, rules] = await Promise.all([
    em.find(AfterSchoolGroup, { id: { $in: [...new Set(sessions.map((s) => s.groupId))] } }),
    em.find(AfterSchoolRoster, { sessionId: { $in: sameDays.map((s) => s.id) } }),
    staffOfSite(em, siteId),
    expectedChildren(em, sessions),
    em.find(AfterSchoolAttendance, { sessionId: { $in: sessions.map((s) => s.id) }, state: 'checked_in' }),
    siteRules(em, siteId),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const rostered = await em.find(User, { id: { $in: [...new Set(roster.map((r) => r.staffId))] } });
  for (const u of rostered) if (!names.has(u.id)) names.set(u.id, u.displayName);
  const member = (id: string): StaffMember => ({ id, name: names.get(id) ?? id });
  const domainSameDays = sameDays.map(sessionOf);
  const rosterEntries = roster.map((r) => ({ sessionId: r.sessionId, staffId: r.staffId }));
  return sessions.map((s) => {
    const group = groups.find((g) => g.id === s.groupId)!;
    const onDuty = roster.filter((r) => r.sessionId === s.id).map((r) => r.staffId);
    const present = attendance.filter((a) => a.sessionId === s.id).length;
    const expectedCount = s.cancelled ? 0 : expected.get(s.id)!.length;
    const free = freeStaffFor(sessionOf(s), domainSameDays, rosterEntries, staff.map((m) => m.id));
    const flag = checkSessionRatio({ sessionId: s.id, childrenExpected: expectedCount, ...(isLive(s, now) ? { childrenPresent: present } : {}), staffOnDuty: onDuty }, free, rules.ratio);
    return {
      id: s.id,
      siteId: s.siteId,
      groupId: s.groupId,
      groupName: group.name,
      room: group.room,
      periodId: s.periodId,
      date: s.date,
      start: s.startTime,
      end: s.endTime,
      cancelled: s.cancelled,
      movedFrom: s.patternDate === s.date ? null : s.patternDate,
      note: s.note ?? null,
      expected: expectedCount,
      present,
      staff: onDuty.map(member),
      ratio: { basis: flag.basis, children: flag.children, needed: flag.needed, short: flag.short, fix: flag.fix.map(member), words: flag.words },
    };
  });
}

export type DescribedSession = Awaited<ReturnType<typeof describeSessions>>[number];

export async function listSessions(em: EntityManager, siteId: string, range: { from: BusinessDate; to: BusinessDate; groupId?: string }, now: DateTime) {
  if (addDays(range.from, 62) < range.to) throw asRuleBroken('At most 63 days at once', [{ field: 'to', message: 'must be within 63 days of from' }]);
  const sessions = await em.find(
    AfterSchoolSession,
    { siteId, date: { $gte: range.from, $lte: range.to }, ...(range.groupId ? { groupId: range.groupId } : {}) },
    { orderBy: { date: 'asc', startTime: 'asc', groupId: 'asc' } },
  );
  return describeSessions(em, siteId, sessions, now);
}

export async function describeSession(em: EntityManager, sessionId: string, now: DateTime) {
  const s = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  const [described] = await describeSessions(em, s.siteId, [s], now);
  return described;
}

async function householdsExpected(em: EntityManager, session: IAfterSchoolSession): Promise<string[]> {
  const ids = (await expectedChildren(em, [session])).get(session.id)!;
  return (await em.find(AfterSchoolChild, { id: { $in: ids } })).map((c) => c.householdId);
}

function stillAhead(session: IAfterSchoolSession, now: DateTime, doing: string) {
  if (session.cancelled) throw conflict(`The session is cancelled; it cannot be ${doing}`, { errors: [{ field: 'sessionId', code: 'session_cancelled', message: 'is cancelled' }] });
  if (session.date < businessDateOf(now)) throw asRuleBroken(`A past session cannot be ${doing}`, [{ field: 'sessionId', message: `was on ${session.date}` }]);
}

/** Cancels a session still to come; every family expected is told through the outbox, with the reason. */
export async function cancelSession(em: EntityManager, sessionId: string, reason: string, now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  stillAhead(session, now, 'cancelled');
  const households = await householdsExpected(em, session);
  const group = await em.findOneOrFail(AfterSchoolGroup, { id: session.groupId });
  session.cancelled = true;
  session.note = reason;
  const familiesTold = notifyHouseholds(em, {
    siteId: session.siteId,
    householdIds: households,
    kind: 'session_cancelled',
    subject: `课后托管取消 / Session cancelled: ${group.name} ${session.date}`,
    body: `${group.name} ${session.date} ${session.startTime}–${session.endTime} 的托管取消：${reason} / The ${group.name} session on ${session.date} is cancelled: ${reason}`,
    now,
  });
  await em.flush();
  return { ...(await describeSession(em, sessionId, now)), familiesTold };
}

/** Moves a session still to come to another working day or hours (domain moveSession); its families are told. */
export async function moveSessionTo(em: EntityManager, sessionId: string, to: { date: BusinessDate; start: string; end: string; reason: string }, now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  stillAhead(session, now, 'moved');
  if (to.date < businessDateOf(now)) throw asRuleBroken('A session cannot move into the past', [{ field: 'date', message: 'must not be in the past' }]);
  const moved = byTheRules('The session cannot move there', () => moveSession(sessionOf(session), to));
  const households = await householdsExpected(em, session);
  const group = await em.findOneOrFail(AfterSchoolGroup, { id: session.groupId });
  const before = `${session.date} ${session.startTime}–${session.endTime}`;
  Object.assign(session, { date: moved.date, startTime: moved.start, endTime: moved.end, note: to.reason });
  const familiesTold = notifyHouseholds(em, {
    siteId: session.siteId,
    householdIds: households,
    kind: 'session_moved',
    subject: `课后托管调整 / Session moved: ${group.name}`,
    body: `${group.name} 原 ${before} 的托管改到 ${moved.date} ${moved.start}–${moved.end}：${to.reason} / The ${group.name} session of ${before} moves to ${moved.date} ${moved.start}–${moved.end}: ${to.reason}`,
    now,
  });
  await em.flush();
  return { ...(await describeSession(em, sessionId, now)), familiesTold };
}

/** Sets who works a session: each must be after-school staff of the site. Answers the session with its ratio check. */
export async function setRoster(em: EntityManager, sessionId: string, staffIds: readonly string[], now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  const staff = new Set((await staffOfSite(em, session.siteId)).map((s) => s.id));
  const unknown = staffIds.map((id, i) => [id, i] as const).filter(([id]) => !staff.has(id));
  if (unknown.length > 0) throw asRuleBroken('Only the site’s after-school staff can be rostered', unknown.map(([, i]) => ({ field: `staffIds.${i}`, message: 'is not after-school staff of this site' })));
  await em.nativeDelete(AfterSchoolRoster, { sessionId });
  for (const staffId of staffIds) em.create(AfterSchoolRoster, { siteId: session.siteId, sessionId, staffId });
  await em.flush();
  return describeSession(em, sessionId, now);
}

// ── The door ──────────────────────────────────────────────────────────────────────────
function domainRow(childId: string, a: IAfterSchoolAttendance | undefined): SheetRow {
  if (!a) return { childId, state: 'expected' };
  return {
    childId,
    state: a.state,
    ...(a.checkedInAt ? { checkedInAt: a.checkedInAt.toISOString() } : {}),
    ...(a.checkedOutAt ? { checkedOutAt: a.checkedOutAt.toISOString() } : {}),
    ...(a.collection ? { collection: a.collection } : {}),
  };
}

/** The session's sheet: the children expected and any other child checked in, with their attendance. */
async function sheetOf(em: EntityManager, session: IAfterSchoolSession) {
  const [expected, attendance] = await Promise.all([expectedChildren(em, [session]), em.find(AfterSchoolAttendance, { sessionId: session.id })]);
  const ids = [...new Set([...(session.cancelled ? [] : expected.get(session.id)!), ...attendance.map((a) => a.childId)])];
  const sheet: Sheet = {
    ...sheetFor({ id: session.id, date: session.date, start: session.startTime, end: session.endTime }, ids),
  };
  sheet.rows = sheet.rows.map((r) => domainRow(r.childId, attendance.find((a) => a.childId === r.childId)));
  return { sheet, attendance };
}

const childNames = async (em: EntityManager, ids: readonly string[]) => new Map((await em.find(AfterSchoolChild, { id: { $in: [...new Set(ids)] } })).map((c) => [c.id, c]));

/** A session's sheet for the door: each child with who may collect it that day, and the alerts due now (today only). */
export async function describeSheet(em: EntityManager, sessionId: string, now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  const { sheet } = await sheetOf(em, session);
  const ids = sheet.rows.map((r) => r.childId);
  const [children, collectors, delegations, group, rules] = await Promise.all([
    childNames(em, ids),
    em.find(AfterSchoolCollector, { childId: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } }),
    em.find(AfterSchoolDelegation, { childId: { $in: ids }, date: session.date }, { orderBy: { fromTime: 'asc', id: 'asc' } }),
    em.findOneOrFail(AfterSchoolGroup, { id: session.groupId }),
    siteRules(em, session.siteId),
  ]);
  const weekday = weekdayOf(session.date);
  const rows = sheet.rows
    .map((r) => {
      const child = children.get(r.childId)!;
      return {
        childId: r.childId,
        name: child.name,
        grade: child.grade,
        medicalNotes: child.medicalNotes ?? null,
        dibao: child.dibao ?? null,
        state: r.state,
        checkedInAt: r.checkedInAt ?? null,
        checkedOutAt: r.checkedOutAt ?? null,
        collection: r.collection ?? null,
        collectors: collectors.filter((c) => c.childId === r.childId).map(describeCollector),
        delegationsToday: delegations.filter((d) => d.childId === r.childId).map(describeDelegation),
        mayLeaveAloneToday: child.leaveAloneOn.includes(weekday),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.childId.localeCompare(b.childId));
  const today = session.date === businessDateOf(now) && !session.cancelled;
  const alerts = today
    ? doorAlerts(sheet, now, rules.door).map((a) => ({ ...a, childName: children.get(a.childId)!.name, sessionId: session.id, groupName: group.name }))
    : [];
  return { session: await describeSession(em, sessionId, now), rows, alerts };
}

function atTheDoorToday(session: IAfterSchoolSession, now: DateTime) {
  if (session.cancelled) throw conflict('The session is cancelled', { errors: [{ field: 'sessionId', code: 'session_cancelled', message: 'is cancelled' }] });
  if (session.date !== businessDateOf(now)) throw asRuleBroken('The door works on the session’s own day', [{ field: 'sessionId', message: `is on ${session.date}, not today` }]);
}

/** Checks a child of the sheet in (an absent child who turns up too), with the time and who did it. */
export async function checkIn(em: EntityManager, user: AuthUser, sessionId: string, childId: string, now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  atTheDoorToday(session, now);
  const { sheet, attendance } = await sheetOf(em, session);
  if (!sheet.rows.some((r) => r.childId === childId)) throw asRuleBroken('The child is not expected at this session', [{ field: 'childId', message: 'is not on this session’s sheet' }]);
  const row = sheet.rows.find((r) => r.childId === childId)!;
  if (row.state === 'checked_in' || row.state === 'checked_out') {
    throw conflict(`The child is already ${row.state.replace('_', ' ')}`, { errors: [{ field: 'childId', code: `already_${row.state}`, message: `is ${row.state.replace('_', ' ')}` }] });
  }
  checkInOnSheet(sheet, childId, now);
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  const existing = attendance.find((a) => a.childId === childId);
  const attendanceId = existing?.id ?? newId();
  if (existing) Object.assign(existing, { state: 'checked_in', checkedInAt: now.toJSDate(), checkedInBy: user.id });
  else {
    em.create(AfterSchoolAttendance, {
      id: attendanceId,
      siteId: session.siteId,
      householdId: child.householdId,
      sessionId,
      childId,
      state: 'checked_in',
      checkedInAt: now.toJSDate(),
      checkedInBy: user.id,
      checkedOutAt: null,
      checkedOutBy: null,
      collection: null,
    });
  }
  await em.flush();
  await priceAttendedSession(em, session, attendanceId, childId, now);
  return describeSheet(em, sessionId, now);
}

/**
 * Marks a child of today's sheet absent: one expected, or one checked in by mistake, whose
 * check-in is taken back and whose priced session is voided (the family is not billed for it,
 * and what it drew from the subsidy goes back). A child marked absent who turns up is checked in.
 */
export async function markAbsent(em: EntityManager, sessionId: string, childId: string, now: DateTime) {
  const session = await em.findOneOrFail(AfterSchoolSession, { id: sessionId });
  atTheDoorToday(session, now);
  const { sheet, attendance } = await sheetOf(em, session);
  const row = sheet.rows.find((r) => r.childId === childId);
  if (!row) throw asRuleBroken('The child is not expected at this session', [{ field: 'childId', message: 'is not on this session’s sheet' }]);
  if (row.state === 'absent' || row.state === 'checked_out') {
    throw conflict(`The child is already ${row.state.replace('_', ' ')}`, { errors: [{ field: 'childId', code: `already_${row.state}`, message: `is ${row.state.replace('_', ' ')}` }] });
  }
  markAbsentOnSheet(sheet, childId);
  const existing = attendance.find((a) => a.childId === childId);
  if (existing) {
    Object.assign(existing, { state: 'absent', checkedInAt: null, checkedInBy: null });
    await voidServedUnits(em, [existing.id]);
  } else {
    const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
    em.create(AfterSchoolAttendance, {
      id: newId(),
      siteId: session.siteId,
      householdId: child.householdId,
      sessionId,
      childId,
      state: 'absent',
      checkedInAt: null,
      checkedInBy: null,
      checkedOutAt: null,
      checkedOutBy: null,
      collection: null,
    });
  }
  await em.flush();
  return describeSheet(em, sessionId, now);
}

export const SESSION_LINE = 'afterschool.session';

/**
 * An attended session is a served unit, priced by the shared use case with its quote kept (the
 * 教育 subsidy, a charity pool for 低保 families, the family's share): at a site that prices the
 * after-school line. The child's 低保 prices the 低保 tier only once staff verified it.
 */
export async function priceAttendedSession(em: EntityManager, session: IAfterSchoolSession, attendanceId: string, childId: string, now: DateTime) {
  if ((await em.count(CostModelVersion, { siteId: session.siteId, serviceLine: SESSION_LINE })) === 0) return;
  const child = await em.findOneOrFail(AfterSchoolChild, { id: childId });
  const tier = child.dibao?.verified ? 'dibao' : 'standard';
  await recordServedUnits(
    em,
    { siteId: session.siteId, serviceLine: SESSION_LINE, service: 'afterschool', sourceId: attendanceId, units: [{ tier, date: session.date, personRef: childId }] },
    now.toJSDate(),
  );
}

export interface CheckOutRequest {
  childId: string;
  claimant: Claimant;
  supervisorId?: string;
}

/** A staff member of the site other than the one at the door, who confirms an emergency collection. */
async function checkSupervisor(em: EntityManager, user: AuthUser, siteId: string, supervisorId: string | undefined) {
  if (supervisorId === undefined) return undefined;
  const refuse = (message: string) => asRuleBroken('The supervisor cannot confirm this', [{ field: 'supervisorId', message }]);
  if (supervisorId === user.id) throw refuse('must be another staff member than the one at the door');
  const supervisor = await em.findOne(User, { id: supervisorId, active: true, role: { $in: ['afterschool_staff', 'operator_admin', 'community_admin'] } });
  if (!supervisor || (await em.count(UserSite, { userId: supervisorId, siteId })) === 0) throw refuse('is not after-school staff or an admin of this site');
  return { staffId: supervisorId };
}

/**
 * Hands a checked-in child over, only as `mayCollect` allows at this moment: to a person on the
 * list at the `always` level, at `emergency` with a supervisor (recorded as such), by a day
 * delegation within its window, or alone on an allowed weekday. A refusal is kept with who
 * tried and the staff member at the door, in the same transaction as the decision, and only
 * then answered as a 422 (so the route opens that transaction here, not around the handler).
 */
export async function checkOut(em: EntityManager, user: AuthUser, sessionId: string, request: CheckOutRequest, now: DateTime) {
  const outcome = await retryingDeadlocks(em, async (tx) => {
    const session = await tx.findOneOrFail(AfterSchoolSession, { id: sessionId });
    atTheDoorToday(session, now);
    const attendance = await tx.findOne(AfterSchoolAttendance, { sessionId, childId: request.childId });
    if (!attendance || attendance.state !== 'checked_in') {
      const state = attendance?.state ?? 'not checked in';
      throw conflict(`The child is ${state.replace('_', ' ')}`, { errors: [{ field: 'childId', code: 'not_checked_in', message: `is ${state.replace('_', ' ')}` }] });
    }
    const supervisor = await checkSupervisor(tx, user, session.siteId, request.supervisorId);
    const child = await tx.findOneOrFail(AfterSchoolChild, { id: request.childId });
    const [collectors, delegations] = await Promise.all([
      tx.find(AfterSchoolCollector, { childId: child.id }),
      // Every day's: a delegation for another day is refused as such, not as someone unknown.
      tx.find(AfterSchoolDelegation, { childId: child.id }),
    ]);
    const decision = mayCollect(collectionRulesOf(child, collectors, delegations), request.claimant, now, supervisor);
    if (!decision.allowed) {
      const person = request.claimant.kind === 'person' ? request.claimant : null;
      tx.create(AfterSchoolRefusal, {
        siteId: session.siteId,
        householdId: child.householdId,
        sessionId,
        childId: child.id,
        claimantName: person?.name ?? null,
        claimantIdLast4: person?.idLast4 ?? null,
        alone: person === null,
        reason: decision.reason,
        supervisorId: supervisor?.staffId ?? null,
        recordedBy: user.id,
        at: now.toJSDate(),
      });
      await tx.flush();
      return { refused: decision.reason };
    }
    Object.assign(attendance, { state: 'checked_out', checkedOutAt: now.toJSDate(), checkedOutBy: user.id, collection: decision.record });
    await tx.flush();
    return { refused: null };
  });
  if (outcome.refused !== null) {
    const words = REFUSAL_WORDS[outcome.refused];
    throw ruleBroken(`Check-out refused: ${words.en}`, [{ field: 'claimant', code: outcome.refused, message: words.en }], { reason: outcome.refused, words });
  }
  return describeSheet(em, sessionId, now);
}

/** Refused check-outs of the site (of a day, or the latest 200), newest first, with the session and the people by name. */
export async function listRefusals(em: EntityManager, siteId: string, date: BusinessDate | undefined) {
  const where = date ? { siteId, at: { $gte: instantAt(date, '00:00').toJSDate(), $lt: instantAt(addDays(date, 1), '00:00').toJSDate() } } : { siteId };
  const rows = await em.find(AfterSchoolRefusal, where, { orderBy: { at: 'desc', id: 'desc' }, limit: 200 });
  const [children, sessions, people] = await Promise.all([
    childNames(em, rows.map((r) => r.childId)),
    em.find(AfterSchoolSession, { id: { $in: [...new Set(rows.map((r) => r.sessionId))] } }),
    em.find(User, { id: { $in: [...new Set(rows.flatMap((r) => [r.recordedBy, ...(r.supervisorId ? [r.supervisorId] : [])]))] } }),
  ]);
  const groups = new Map((await em.find(AfterSchoolGroup, { id: { $in: [...new Set(sessions.map((s) => s.groupId))] } })).map((g) => [g.id, g.name]));
  const sessionOfRow = new Map(sessions.map((s) => [s.id, s]));
  const nameOf = new Map(people.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.sessionId,
    childId: r.childId,
    childName: children.get(r.childId)?.name ?? '',
    claimantName: r.claimantName ?? null,
    claimantIdLast4: r.claimantIdLast4 ?? null,
    alone: r.alone,
    reason: r.reason as RefusalCode,
    words: REFUSAL_WORDS[r.reason as RefusalCode],
    supervisorId: r.supervisorId ?? null,
    supervisorName: r.supervisorId ? (nameOf.get(r.supervisorId) ?? '') : null,
    recordedBy: r.recordedBy,
    recordedByName: nameOf.get(r.recordedBy) ?? '',
    groupName: groups.get(sessionOfRow.get(r.sessionId)!.groupId) ?? '',
    sessionDate: sessionOfRow.get(r.sessionId)!.date,
    at: r.at.toISOString(),
  }));
}

/** Today's alerts across the site's sessions: expected and not in by the set time; still present after the end, then escalated. */
export async function listAlerts(em: EntityManager, siteId: string, now: DateTime) {
  const today = businessDateOf(now);
  const sessions = await em.find(AfterSchoolSession, { siteId, date: today, cancelled: false }, { orderBy: { startTime: 'asc', id: 'asc' } });
  const alerts = [];
  for (const s of sessions) alerts.push(...(await describeSheet(em, s.id, now)).alerts);
  return alerts;
}

// ── Exports ───────────────────────────────────────────────────────────────────────────
const shanghai = (at: Date | null | undefined) => (at ? DateTime.fromJSDate(at).setZone(BUSINESS_ZONE).toFormat('yyyy-MM-dd HH:mm') : '');

export async function weekRoster(em: EntityManager, siteId: string, weekStart: BusinessDate, now: DateTime) {
  return listSessions(em, siteId, { from: weekStart, to: addDays(weekStart, 6) }, now);
}

export async function attendanceRows(em: EntityManager, siteId: string, from: BusinessDate, to: BusinessDate, now: DateTime) {
  if (addDays(from, 92) < to) throw asRuleBroken('At most 93 days at once', [{ field: 'to', message: 'must be within 93 days of from' }]);
  const sessions = await em.find(AfterSchoolSession, { siteId, date: { $gte: from, $lte: to } }, { orderBy: { date: 'asc', startTime: 'asc', id: 'asc' } });
  const [attendance, groups, expected] = await Promise.all([
    em.find(AfterSchoolAttendance, { sessionId: { $in: sessions.map((s) => s.id) } }),
    em.find(AfterSchoolGroup, { siteId }),
    expectedChildren(em, sessions),
  ]);
  const children = await childNames(em, [...attendance.map((a) => a.childId), ...[...expected.values()].flat()]);
  const staff = new Map((await em.find(User, { id: { $in: [...new Set(attendance.flatMap((a) => [a.checkedInBy, a.checkedOutBy, a.collection?.supervisorId]).filter((x): x is string => !!x))] } })).map((u) => [u.id, u.displayName]));
  return sessions.flatMap((s) => {
    const ids = [...new Set([...(s.cancelled ? [] : expected.get(s.id)!), ...attendance.filter((a) => a.sessionId === s.id).map((a) => a.childId)])];
    return ids.map((childId) => {
      const a = attendance.find((x) => x.sessionId === s.id && x.childId === childId);
      const child = children.get(childId)!;
      return {
        date: s.date,
        group: groups.find((g) => g.id === s.groupId)?.name ?? '',
        time: `${s.startTime}–${s.endTime}`,
        child: child.name,
        grade: child.grade,
        state: s.cancelled ? 'cancelled' : (a?.state ?? (s.date < businessDateOf(now) ? 'not_seen' : 'expected')),
        checkedInAt: shanghai(a?.checkedInAt),
        checkedInBy: a?.checkedInBy ? (staff.get(a.checkedInBy) ?? '') : '',
        checkedOutAt: shanghai(a?.checkedOutAt),
        checkedOutBy: a?.checkedOutBy ? (staff.get(a.checkedOutBy) ?? '') : '',
        collectedBy: a?.collection ? (a.collection.identity?.name ?? (a.collection.basis === 'alone' ? '自行离开 alone' : '')) : '',
        basis: a?.collection?.basis ?? '',
        supervisor: a?.collection?.supervisorId ? (staff.get(a.collection.supervisorId) ?? a.collection.supervisorId) : '',
      };
    });
  });
}

/**
 * A child's month as its family reads it: each session attended, in and out, who collected it
 * and what the family pays for it (the served unit's quote; none where the site does not price
 * the line), and the month's total.
 */
export async function childMonth(em: EntityManager, childId: string, month: string) {
  const from = `${month}-01`;
  const to = `${month}-31`;
  const attendance = await em.find(AfterSchoolAttendance, { childId });
  const sessions = await em.find(AfterSchoolSession, { id: { $in: attendance.map((a) => a.sessionId) }, date: { $gte: from, $lte: to } }, { orderBy: { date: 'asc', startTime: 'asc' } });
  const [groups, units] = await Promise.all([
    em.find(AfterSchoolGroup, { id: { $in: [...new Set(sessions.map((s) => s.groupId))] } }),
    em.find(ServedUnit, { sourceId: { $in: attendance.map((a) => a.id) }, voided: false }),
  ]);
  const rows = sessions.map((s) => {
    const a = attendance.find((x) => x.sessionId === s.id)!;
    const unit = units.find((u) => u.sourceId === a.id);
    return {
      date: s.date,
      groupName: groups.find((g) => g.id === s.groupId)!.name,
      state: a.state,
      checkedInAt: a.checkedInAt?.toISOString() ?? null,
      checkedOutAt: a.checkedOutAt?.toISOString() ?? null,
      basis: a.collection?.basis ?? null,
      collectedBy: a.collection?.identity?.name ?? null,
      paysFen: unit ? unit.residentPaysFen : null,
    };
  });
  return { childId, month, sessions: rows, totalPaysFen: rows.reduce((sum, r) => sum + (r.paysFen ?? 0), 0) };
}

/**
 * Monthly statements, one per family: each child's sessions attended that month with what the
 * departments pay for them (by the served units' shares) and what the family pays (their
 * quotes), and the family's total. Voided sessions (marked absent) are left out. `where` is the
 * caller's scope: a parent's household alone, or the site's for staff.
 */
export async function listStatements(em: EntityManager, siteId: string, where: object, month: string) {
  const sessions = await em.find(AfterSchoolSession, { siteId, date: { $gte: `${month}-01`, $lte: `${month}-31` } }, { fields: ['id'] });
  const attendance = await em.find(AfterSchoolAttendance, { ...where, siteId, sessionId: { $in: sessions.map((s) => s.id) } }, { orderBy: { householdId: 'asc', childId: 'asc' } });
  const units = await em.find(ServedUnit, { sourceId: { $in: attendance.map((a) => a.id) }, voided: false });
  if (units.length === 0) return [];
  const [children, households, shares] = await Promise.all([
    childNames(em, attendance.map((a) => a.childId)),
    em.find(Household, { id: { $in: [...new Set(attendance.map((a) => a.householdId))] } }),
    em.find(ServedUnitShare, { servedUnitId: { $in: units.map((u) => u.id) }, $or: [{ partyKind: 'department' }, { source: 'charity_pool' }] }),
  ]);
  const parties = await em.find(Party, { id: { $in: [...new Set(shares.map((s) => s.partyId))] } });
  const statements = new Map<string, { householdId: string; householdName: string; month: string; lines: StatementLine[]; totalFen: number }>();
  for (const a of attendance) {
    const unit = units.find((u) => u.sourceId === a.id);
    if (!unit) continue;
    const statement = statements.get(a.householdId) ?? { householdId: a.householdId, householdName: households.find((h) => h.id === a.householdId)!.name, month, lines: [], totalFen: 0 };
    let line = statement.lines.find((l) => l.childId === a.childId);
    if (!line) statement.lines.push((line = { childId: a.childId, childName: children.get(a.childId)!.name, sessions: 0, dibaoSessions: 0, departments: [], charityFen: 0, residentPaysFen: 0 }));
    line.sessions += 1;
    if (unit.tier === 'dibao') line.dibaoSessions += 1;
    line.residentPaysFen += unit.residentPaysFen;
    for (const s of shares.filter((x) => x.servedUnitId === unit.id)) {
      if (s.source === 'charity_pool') {
        line.charityFen += s.amountFen;
        continue;
      }
      const party = parties.find((p) => p.id === s.partyId)!;
      const paid = line.departments.find((d) => d.partyId === s.partyId && d.programmeCode === (s.programmeCode ?? null));
      if (paid) paid.amountFen += s.amountFen;
      else line.departments.push({ partyId: s.partyId, party: { zh: party.name, en: party.nameEn }, programmeCode: s.programmeCode ?? null, amountFen: s.amountFen });
    }
    statement.totalFen += unit.residentPaysFen;
    statements.set(a.householdId, statement);
  }
  return [...statements.values()];
}

interface StatementLine {
  childId: string;
  childName: string;
  sessions: number;
  dibaoSessions: number;
  charityFen: number;
  departments: { partyId: string; party: { zh: string; en: string }; programmeCode: string | null; amountFen: number }[];
  residentPaysFen: number;
}
