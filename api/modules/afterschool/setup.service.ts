import type { EntityManager } from '@mikro-orm/core';
import {
  AfterSchoolError,
  checkFivePlusTwo,
  DEFAULT_DOOR_SETTINGS,
  type DoorSettings,
  generateSessions,
  type Period,
  SHENZHEN_RATIO,
  type StaffRatioRule,
  type WeeklyPattern,
} from '../../../domain/afterschool';
import type { Problem } from '../../../domain/shared/problems';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { ruleBroken } from '../../errors';
import {
  AfterSchoolEnrolment,
  AfterSchoolGroup,
  AfterSchoolPeriod,
  AfterSchoolSession,
  AfterSchoolSettings,
  type IAfterSchoolGroup,
  type IAfterSchoolPeriod,
} from './afterschool.entity';
import type { GroupCreate, PeriodCreate } from './afterschool.schemas';

export const asRuleBroken = (detail: string, problems: readonly Problem[]) => ruleBroken(detail, problems.map((p) => ({ field: p.field, code: 'rule', message: p.message })));

/** Runs a domain step, answering its AfterSchoolError as a 422 naming each field. */
export function byTheRules<T>(detail: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof AfterSchoolError) throw asRuleBroken(detail, err.problems);
    throw err;
  }
}

// ── Settings ──────────────────────────────────────────────────────────────────────────
export interface SiteRules {
  ratio: StaffRatioRule;
  door: DoorSettings;
}

export async function siteRules(em: EntityManager, siteId: string): Promise<SiteRules> {
  const row = await em.findOne(AfterSchoolSettings, { siteId });
  if (!row) return { ratio: SHENZHEN_RATIO, door: DEFAULT_DOOR_SETTINGS };
  return {
    ratio: { baseChildren: row.ratioBaseChildren, baseStaff: row.ratioBaseStaff, childrenPerExtraStaff: row.ratioChildrenPerExtraStaff },
    door: { checkInWithinMinutes: row.checkInWithinMinutes, escalateAfterMinutes: row.escalateAfterMinutes },
  };
}

export async function describeSettings(em: EntityManager, siteId: string) {
  const { ratio, door } = await siteRules(em, siteId);
  return {
    siteId,
    ratioBaseChildren: ratio.baseChildren,
    ratioBaseStaff: ratio.baseStaff,
    ratioChildrenPerExtraStaff: ratio.childrenPerExtraStaff,
    checkInWithinMinutes: door.checkInWithinMinutes,
    escalateAfterMinutes: door.escalateAfterMinutes,
  };
}

type SettingsValues = Omit<Awaited<ReturnType<typeof describeSettings>>, 'siteId'>;

export async function writeSettings(em: EntityManager, user: AuthUser, siteId: string, values: SettingsValues) {
  const row = await em.findOne(AfterSchoolSettings, { siteId });
  if (row) Object.assign(row, values, { updatedBy: user.id });
  else em.create(AfterSchoolSettings, { siteId, ...values, updatedBy: user.id });
  await em.flush();
  return describeSettings(em, siteId);
}

// ── Terms and camps ───────────────────────────────────────────────────────────────────
export const periodOf = (p: IAfterSchoolPeriod): Period => ({ id: p.id, kind: p.kind, from: p.fromDate, to: p.toDate });

export const describePeriod = (p: IAfterSchoolPeriod) => ({
  id: p.id,
  siteId: p.siteId,
  kind: p.kind,
  name: p.name,
  from: p.fromDate,
  to: p.toDate,
  makeupFollows: p.makeupFollows,
  closedDates: p.closedDates,
});

export async function createPeriod(em: EntityManager, body: PeriodCreate) {
  const outside = [...Object.keys(body.makeupFollows).map((d) => [d, 'makeupFollows'] as const), ...body.closedDates.map((d, i) => [d, `closedDates.${i}`] as const)].filter(
    ([d]) => d < body.from || d > body.to,
  );
  if (outside.length > 0) throw asRuleBroken('Dates outside the term', outside.map(([d, field]) => ({ field, message: `${d} is not within ${body.from} to ${body.to}` })));
  const period = em.create(AfterSchoolPeriod, {
    id: newId(),
    siteId: body.siteId,
    kind: body.kind,
    name: body.name,
    fromDate: body.from,
    toDate: body.to,
    makeupFollows: body.makeupFollows,
    closedDates: [...new Set(body.closedDates)].sort(),
  });
  await em.flush();
  return describePeriod(period);
}

export async function listPeriods(em: EntityManager, siteId: string) {
  return (await em.find(AfterSchoolPeriod, { siteId }, { orderBy: { fromDate: 'desc', id: 'asc' } })).map(describePeriod);
}

// ── Groups and their sessions ─────────────────────────────────────────────────────────
export const patternOf = (g: IAfterSchoolGroup): WeeklyPattern => ({ groupId: g.id, weekdays: g.weekdays, start: g.startTime, end: g.endTime });

export async function describeGroups(em: EntityManager, groups: readonly IAfterSchoolGroup[]) {
  const ids = groups.map((g) => g.id);
  const [enrolments, sessions] = await Promise.all([
    em.find(AfterSchoolEnrolment, { groupId: { $in: ids }, status: { $in: ['waiting', 'enrolled'] } }),
    em.find(AfterSchoolSession, { groupId: { $in: ids }, cancelled: false }),
  ]);
  return groups.map((g) => {
    const mine = enrolments.filter((e) => e.groupId === g.id);
    return {
      id: g.id,
      siteId: g.siteId,
      periodId: g.periodId,
      name: g.name,
      room: g.room,
      capacity: g.capacity,
      minAge: g.minAge,
      maxAge: g.maxAge,
      grades: g.gradeFrom != null && g.gradeTo != null ? { from: g.gradeFrom, to: g.gradeTo } : null,
      weekdays: g.weekdays,
      start: g.startTime,
      end: g.endTime,
      places: g.weekdays.map((weekday) => {
        const enrolled = mine.filter((e) => e.weekday === weekday && e.status === 'enrolled').length;
        const waiting = mine.filter((e) => e.weekday === weekday && e.status === 'waiting').length;
        return { weekday, capacity: g.capacity, enrolled, free: Math.max(0, g.capacity - enrolled), waiting };
      }),
      sessions: sessions.filter((s) => s.groupId === g.id).length,
      fivePlusTwo: checkFivePlusTwo(patternOf(g)),
    };
  });
}

/**
 * A group of a term with its weekly pattern; its dated sessions are generated at once: the
 * pattern's weekdays, never a statutory holiday or a day the site closes, plus the 调休 working
 * days (domain generateSessions). `holidaysKnown` is false when the term runs into a year
 * without holiday data: staff should check those dates.
 */
export async function createGroup(em: EntityManager, body: GroupCreate) {
  const period = await em.findOne(AfterSchoolPeriod, { id: body.periodId, siteId: body.siteId });
  if (!period) throw asRuleBroken('No such term at this site', [{ field: 'periodId', message: 'is not a term or camp of this site' }]);
  const group = em.create(AfterSchoolGroup, {
    id: newId(),
    siteId: body.siteId,
    periodId: period.id,
    name: body.name,
    room: body.room,
    capacity: body.capacity,
    minAge: body.minAge,
    maxAge: body.maxAge,
    gradeFrom: body.grades?.from ?? null,
    gradeTo: body.grades?.to ?? null,
    weekdays: [...body.weekdays].sort(),
    startTime: body.start,
    endTime: body.end,
  });
  const { sessions, holidaysKnown } = byTheRules('The pattern cannot make sessions', () =>
    generateSessions(periodOf(period), patternOf(group), { makeupFollows: period.makeupFollows, closedDates: period.closedDates }),
  );
  for (const s of sessions) {
    em.create(AfterSchoolSession, { siteId: body.siteId, groupId: group.id, periodId: period.id, patternDate: s.date, date: s.date, startTime: s.start, endTime: s.end, cancelled: false, note: null });
  }
  await em.flush();
  const [described] = await describeGroups(em, [group]);
  return { ...described, holidaysKnown };
}

export async function listGroups(em: EntityManager, siteId: string, periodId: string | undefined) {
  const groups = await em.find(AfterSchoolGroup, { siteId, ...(periodId ? { periodId } : {}) }, { orderBy: { name: 'asc', id: 'asc' } });
  return describeGroups(em, groups);
}
