import { AfterSchoolAttendance, AfterSchoolChild, AfterSchoolSession } from '../../../api/modules/afterschool/afterschool.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { seedAfterSchoolDemo } from '../../../api/seed/afterschool';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite, makeSiteWithStaff, unique } from '../support/factories';
import { API, NINE_AM } from './world';

/** The demo's after-school care, seeded on Monday 7 December 2026 through the module's services. */
describe('after-school demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let seeded: Awaited<ReturnType<typeof seedAfterSchoolDemo>>;
  let staff: Client;
  let parent: Client;
  beforeAll(async () => {
    t = await startTestApp({ clock: settableClock(NINE_AM) });
    site = await makeSiteWithStaff(t.orm);
    const siteIds = [site.site.id];
    const options = {
      staff: { ...site.users.afterschool_staff, siteIds, departmentId: null, householdId: null },
      parent: { ...site.users.parent, siteIds, departmentId: null, householdId: site.household.id },
      staffPasswordHash: site.users.afterschool_staff.passwordHash,
      staffUsername: (n: number) => unique(`as${n}x`),
    };
    seeded = await seedAfterSchoolDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options);
    expect(await seedAfterSchoolDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options)).toEqual({ groups: 0, enrolled: 0, waiting: 0, staff: 0 });
    [staff, parent] = await Promise.all([Client.login(t.app, site.users.afterschool_staff.username), Client.login(t.app, site.users.parent.username)]);
  }, 120_000);
  afterAll(() => t.close());

  it('a term of three groups giving “5+2”, 60 children enrolled, the first group full with three waiting in order', async () => {
    expect(seeded).toEqual({ groups: 3, enrolled: 60, waiting: 3, staff: 7 });
    const groups = (await staff.get(`${API}/groups?siteId=${site.site.id}`)).body as { name: string; places: { enrolled: number; free: number; waiting: number }[]; fivePlusTwo: { meets: boolean } }[];
    expect(groups.map((g) => g.name).sort()).toEqual(['一二年级组', '三四年级组', '五六年级组'].sort());
    const first = groups.find((g) => g.name === '一二年级组')!;
    expect(first.places.every((p) => p.enrolled === 25 && p.free === 0 && p.waiting === 3)).toBe(true);
    expect(groups.find((g) => g.name === '三四年级组')!.fivePlusTwo.meets).toBe(true);
    const children = (await staff.get(`${API}/children?siteId=${site.site.id}`)).body as { collectors: unknown[]; dibao: { verified: boolean } | null }[];
    expect(children).toHaveLength(63);
    expect(children.every((c) => c.collectors.length >= 1)).toBe(true);
    // A few families on 低保 that staff verified, a few more waiting for staff to see the certificate.
    expect(children.filter((c) => c.dibao?.verified).length).toBe(3);
    expect(children.filter((c) => c.dibao && !c.dibao.verified).length).toBe(3);
  });

  it('the demo parent sees 周子轩 enrolled every school day, with who may collect him and tomorrow’s delegation, and no one else’s child', async () => {
    const children = (await parent.get(`${API}/children?siteId=${site.site.id}`)).body as { name: string; enrolments: { weekday: number; status: string }[]; collectors: { level: string }[]; delegations: { date: string }[] }[];
    expect(children.map((c) => c.name)).toEqual(['周子轩']);
    const [ziXuan] = children;
    expect(ziXuan.enrolments.map((e) => [e.weekday, e.status])).toEqual([1, 2, 3, 4, 5].map((d) => [d, 'enrolled']));
    expect(ziXuan.collectors.map((c) => c.level).sort()).toEqual(['always', 'always', 'emergency']);
    expect(ziXuan.delegations.map((d) => d.date)).toEqual(['2026-12-08']);
  });

  it('this week and next are rostered; one session is short of staff with the colleague left off it offered as the fix', async () => {
    const sessions = (await staff.get(`${API}/sessions?siteId=${site.site.id}&from=2026-12-07&to=2026-12-18`)).body as { date: string; groupName: string; staff: unknown[]; ratio: { short: number; fix: { name: string }[] } }[];
    expect(sessions.length).toBe(2 * (5 + 5 + 4));
    expect(sessions.every((s) => s.staff.length > 0)).toBe(true);
    const short = sessions.filter((s) => s.ratio.short > 0);
    expect(short.map((s) => [s.date, s.groupName, s.ratio.fix.map((f) => f.name)])).toEqual([['2026-12-16', '一二年级组', ['托管 王磊']]]);
  });
});

describe('after-school demo seed on a Thursday', () => {
  it('Monday to Wednesday have attendance: most children in and out, each handed to a listed person or leaving alone where allowed, each attended session a served unit', async () => {
    const thursday = settableClock('2026-12-10T09:00:00+08:00');
    const t = await startTestApp({ clock: thursday });
    try {
      const site = await makePricedSite(t.orm);
      const siteIds = [site.site.id];
      await seedAfterSchoolDemo(t.orm.em.fork(), site.site.id, thursday, {
        staff: { ...site.users.afterschool_staff, siteIds, departmentId: null, householdId: null },
        parent: { ...site.users.parent, siteIds, departmentId: null, householdId: site.household.id },
        staffPasswordHash: site.users.afterschool_staff.passwordHash,
        staffUsername: (n: number) => unique(`as${n}x`),
      });
      const rows = await t.orm.em.fork().find(AfterSchoolAttendance, { siteId: site.site.id });
      // 60 children on three days (the 五六年级组 too: it meets Monday to Thursday), about 6 % absent.
      expect(rows.length).toBeGreaterThan(150);
      expect(rows.length).toBeLessThan(181);
      expect(rows.every((r) => r.state === 'checked_out' && ['always', 'alone'].includes(r.collection!.basis))).toBe(true);
      const sessions = await t.orm.em.fork().find(AfterSchoolSession, { id: { $in: rows.map((r) => r.sessionId) } });
      expect([...new Set(sessions.map((s) => s.date))].sort()).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
      const units = await t.orm.em.fork().find(ServedUnit, { siteId: site.site.id, service: 'afterschool' });
      expect(units.map((u) => u.sourceId).sort()).toEqual(rows.map((r) => r.id).sort());
      const verified = new Set((await t.orm.em.fork().find(AfterSchoolChild, { siteId: site.site.id })).filter((c) => c.dibao?.verified).map((c) => c.id));
      const dibaoUnits = units.filter((u) => u.tier === 'dibao');
      expect(dibaoUnits.length).toBeGreaterThan(0);
      expect(dibaoUnits.every((u) => verified.has(u.quote.subject.personRef!))).toBe(true);
      expect(units.filter((u) => u.tier === 'standard').every((u) => !verified.has(u.quote.subject.personRef!))).toBe(true);
    } finally {
      await t.close();
    }
  }, 120_000);
});
