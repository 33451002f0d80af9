import { DateTime } from 'luxon';
import type { Clock } from '../../../domain/shared/time';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite, makeSiteWithStaff } from '../support/factories';

/** A clock a story can move: `clock.set('2026-11-23T10:01:00+08:00')`. */
export function settableClock(iso: string): Clock & { set(iso: string): void } {
  let at = DateTime.fromISO(iso, { setZone: true }).toUTC();
  return {
    now: () => at,
    set(next: string) {
      at = DateTime.fromISO(next, { setZone: true }).toUTC();
    },
  };
}

/** The Monday the canteen stories stand in; 09:00 that day unless a story moves the clock. */
export const MONDAY = '2026-11-23';
export const TUESDAY = '2026-11-24';
export const NINE_AM = `${MONDAY}T09:00:00+08:00`;

export type World = Awaited<ReturnType<typeof canteenWorld>>;

/**
 * One app on a fresh database (SQLite file, or this worker's MariaDB database) with a priced
 * site (the 幸福里 demo cost models and budgets), its staff logged in, and a second site
 * whose canteen staff serve as the outsider, who must get 404 for everything of this site.
 */
export async function canteenWorld() {
  const clock = settableClock(NINE_AM);
  const t: TestApp = await startTestApp({ clock });
  const priced = await makePricedSite(t.orm);
  const other = await makeSiteWithStaff(t.orm);
  const [staff, operator, community, outsider, childcare] = await Promise.all([
    Client.login(t.app, priced.users.canteen_staff.username),
    Client.login(t.app, priced.users.operator_admin.username),
    Client.login(t.app, priced.users.community_admin.username),
    Client.login(t.app, other.users.canteen_staff.username),
    Client.login(t.app, priced.users.childcare_staff.username),
  ]);
  return {
    t,
    clock,
    site: priced.site,
    users: priced.users,
    otherSite: other.site,
    staff,
    operator,
    community,
    outsider,
    childcare,
    em: () => t.orm.em.fork(),
    close: () => t.close(),
  };
}

export const API = '/api/v1/canteen';
