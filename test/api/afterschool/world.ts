import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../../../api/entity-helpers';
import { AfterSchoolChild, AfterSchoolEnrolment } from '../../../api/modules/afterschool/afterschool.entity';
import type { Weekday } from '../../../domain/afterschool';
import type { Clock } from '../../../domain/shared/time';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { childIdNumber, makeFamily, makeSiteWithStaff, makeUser, unique } from '../support/factories';

/** Monday 7 December 2026, 09:00 in Shanghai, unless a story moves the clock. */
export const MONDAY = '2026-12-07';
export const NINE_AM = `${MONDAY}T09:00:00+08:00`;
export const at = (time: string, date = MONDAY) => `${date}T${time}:00+08:00`;
export const API = '/api/v1/afterschool';
/** 8 on the Monday: a second-grader. */
export const BORN = '2018-03-01';
/** December 2026: every day has holiday data, and none is a holiday. */
export const TERM = { kind: 'term', name: '冬季学期', from: '2026-12-01', to: '2026-12-31' };

export type World = Awaited<ReturnType<typeof afterschoolWorld>>;

/**
 * One app on a fresh database with a site (its after-school staff, a second staff member, an
 * admin and one family logged in) and a second site whose staff and family are the outsiders.
 */
export async function afterschoolWorld(options: { clock?: Clock & { set(iso: string): void } } = {}) {
  const clock = options.clock ?? settableClock(NINE_AM);
  const t: TestApp = await startTestApp({ clock, env: { LOG_LEVEL: process.env.LOG_LEVEL } });
  const home = await makeSiteWithStaff(t.orm);
  const other = await makeSiteWithStaff(t.orm);
  const colleague = await makeUser(t.orm.em.fork(), 'afterschool_staff', { siteIds: [home.site.id] });
  const [staff, staff2, operator, parent, outsider, outsiderParent, childcare] = await Promise.all([
    Client.login(t.app, home.users.afterschool_staff.username),
    Client.login(t.app, colleague.username),
    Client.login(t.app, home.users.operator_admin.username),
    Client.login(t.app, home.users.parent.username),
    Client.login(t.app, other.users.afterschool_staff.username),
    Client.login(t.app, other.users.parent.username),
    Client.login(t.app, home.users.childcare_staff.username),
  ]);
  const siteId = home.site.id;
  const ok = <T>(what: string, res: { status: number; body: T }, status = 201): T => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** Another family of this site, logged in. */
  const family = async () => {
    const { household, parent: user } = await makeFamily(t.orm.em.fork(), siteId);
    return { household, user, client: await Client.login(t.app, user.username) };
  };
  const openTerm = async (fields: object = {}) => ok('term', await staff.post(`${API}/periods`, { siteId, ...TERM, ...fields }));
  const openGroup = async (periodId: string, fields: object = {}) =>
    ok('group', await staff.post(`${API}/groups`, { siteId, periodId, name: unique('组'), room: '201', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1, 2, 3, 4, 5], start: '15:30', end: '18:30', ...fields }));
  const registerAs = async (client: Client, fields: object = {}) =>
    client.post(`${API}/children`, { siteId, name: '小明', idNumber: childIdNumber(BORN), school: '幸福里小学', grade: 2, ...fields });
  const childOf = async (client: Client, fields: object = {}) => ok('child', await registerAs(client, fields));
  const enrolAs = async (client: Client, childId: string, groupId: string, weekdays: number[], fields: object = {}) => client.post(`${API}/children/${childId}/enrolments`, { groupId, weekdays, ...fields });
  return {
    t,
    clock,
    home,
    other,
    colleague,
    siteId,
    staff,
    staff2,
    operator,
    parent,
    outsider,
    outsiderParent,
    childcare,
    ok,
    family,
    openTerm,
    openGroup,
    registerAs,
    childOf,
    enrolAs,
    em: () => t.orm.em.fork(),
    close: () => t.close(),
  };
}

/** Children of a household, written directly (for stories about something else), born 2018-03-01, grade 2. */
export async function makeChildren(em: EntityManager, siteId: string, householdId: string, n: number) {
  const children = Array.from({ length: n }, () =>
    em.create(AfterSchoolChild, {
      id: newId(),
      siteId,
      householdId,
      name: unique('孩'),
      idNumber: childIdNumber(BORN),
      birthDate: BORN,
      school: '幸福里小学',
      grade: 2,
      medicalNotes: null,
      leaveAloneOn: [],
    }),
  );
  await em.flush();
  return children;
}

/** Children enrolled in a group on weekdays, written directly (for roster stories). */
export async function enrolDirectly(em: EntityManager, group: { id: string; siteId: string; periodId: string }, householdId: string, createdBy: string, n: number, weekdays: Weekday[] = [1, 2, 3, 4, 5]) {
  const children = await makeChildren(em, group.siteId, householdId, n);
  for (const c of children) {
    for (const weekday of weekdays) {
      em.create(AfterSchoolEnrolment, {
        siteId: group.siteId,
        householdId,
        childId: c.id,
        groupId: group.id,
        periodId: group.periodId,
        weekday,
        startDate: TERM.from,
        status: 'enrolled',
        appliedAt: new Date(),
        enrolledAt: new Date(),
        events: [],
        createdBy,
      });
    }
  }
  await em.flush();
  return children;
}
