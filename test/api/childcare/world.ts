import type { Clock } from '../../../domain/shared/time';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { childIdNumber, makeFamily, makeSiteWithStaff } from '../support/factories';

/** Monday 7 December 2026, 09:00 in Shanghai, unless a story moves the clock. */
export const MONDAY = '2026-12-07';
export const NINE_AM = `${MONDAY}T09:00:00+08:00`;
export const API = '/api/v1/childcare';
/** 18 months old on the start date below: a toddler, or the mixed class. */
export const BORN = '2025-07-01';
export const START = '2027-01-04';

export type World = Awaited<ReturnType<typeof childcareWorld>>;

/**
 * One app on a fresh database with a site (its staff and one family logged in) and a second
 * site whose childcare staff and family are the outsiders: 404 for everything of this site.
 */
export async function childcareWorld(options: { clock?: Clock & { set(iso: string): void } } = {}) {
  const clock = options.clock ?? settableClock(NINE_AM);
  // LOG_LEVEL=error shows an unexpected 500's cause while a story is written.
  const t: TestApp = await startTestApp({ clock, env: { LOG_LEVEL: process.env.LOG_LEVEL } });
  const home = await makeSiteWithStaff(t.orm);
  const other = await makeSiteWithStaff(t.orm);
  const [staff, operator, parent, outsider, outsiderParent, canteen] = await Promise.all([
    Client.login(t.app, home.users.childcare_staff.username),
    Client.login(t.app, home.users.operator_admin.username),
    Client.login(t.app, home.users.parent.username),
    Client.login(t.app, other.users.childcare_staff.username),
    Client.login(t.app, other.users.parent.username),
    Client.login(t.app, home.users.canteen_staff.username),
  ]);
  const siteId = home.site.id;
  /** Another family of this site, logged in. */
  const family = async () => {
    const { household, parent: user } = await makeFamily(t.orm.em.fork(), siteId);
    return { household, client: await Client.login(t.app, user.username) };
  };
  const applyAs = (client: Client, fields: object = {}) =>
    client.post(`${API}/applications`, { siteId, childName: '小明', idNumber: childIdNumber(BORN), startDate: START, mode: 'full_day', anyClass: true, ...fields });
  /** Applies and submits; answers the submitted application. */
  const submitted = async (client: Client, fields: object = {}) => {
    const created = await applyAs(client, fields);
    if (created.status !== 201) throw new Error(`apply: ${created.status} ${JSON.stringify(created.body)}`);
    const res = await client.post(`${API}/applications/${created.body.id}/submit`);
    if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const openClass = async (fields: object = {}) => {
    const res = await staff.post(`${API}/classes`, { siteId, kind: 'toddler', name: '托小一班', size: 1, ...fields });
    if (res.status !== 201) throw new Error(`class: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { t, clock, home, other, siteId, staff, operator, parent, outsider, outsiderParent, canteen, family, applyAs, submitted, openClass, em: () => t.orm.em.fork(), close: () => t.close() };
}
