import { ChildcareApplication, ChildcareEnrolment } from '../../../api/modules/childcare/childcare.entity';
import { DEMO_WAITING, seedChildcareDemo } from '../../../api/seed/childcare';
import { belongsOn, STANDARD_CLASSES } from '../../../domain/childcare';
import { parseIdNumber } from '../../../domain/shared/identity';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';
import { API, MONDAY, NINE_AM } from './world';

interface Listed {
  childName: string;
  idNumber: string;
  birthDate: string;
  status: string;
  facts: Record<string, { verified: boolean }>;
  standing: { position: number | null; policyClass: number; points: number; ruleSetVersion: number; reasons: { rule: string; label: { zh: string } }[] } | null;
  offer: { status: string; className: string; deadline: string } | null;
}

/** The demo centre at its real size, seeded through the module's services on Monday 7 December 2026. */
describe('childcare demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let seeded: Awaited<ReturnType<typeof seedChildcareDemo>>;
  let staff: Client;
  let parent: Client;
  beforeAll(async () => {
    t = await startTestApp({ clock: settableClock(NINE_AM) });
    site = await makeSiteWithStaff(t.orm);
    const user = site.users.childcare_staff;
    const options = { staff: { ...user, siteIds: [site.site.id], departmentId: null, householdId: null }, parentHouseholdId: site.household.id };
    seeded = await seedChildcareDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options);
    expect(await seedChildcareDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options)).toEqual({ places: 0, enrolled: 0, waiting: 0 });
    [staff, parent] = await Promise.all([Client.login(t.app, user.username), Client.login(t.app, site.users.parent.username)]);
  }, 120_000);
  afterAll(() => t.close());

  it('100 places in classes within the standard; 90 children, each in its class’s band today; the free places all offered or booked for the day', async () => {
    expect(seeded).toEqual({ places: 100, enrolled: 90, waiting: DEMO_WAITING });
    const classes = (await staff.get(`${API}/classes?siteId=${site.site.id}`)).body as { id: string; kind: 'infant'; size: number; placesUsed: number; openOffers: number }[];
    expect(classes.reduce((n, c) => n + c.size, 0)).toBe(STANDARD_CLASSES.siteTotal);
    for (const c of classes) expect(c.size).toBeLessThanOrEqual(STANDARD_CLASSES.kinds[c.kind].maxChildren);
    expect(classes.reduce((n, c) => n + c.placesUsed, 0)).toBe(90);
    // Three 临时托 days booked for today keep their places from the offers.
    const booked = (await staff.get(`${API}/bookings?siteId=${site.site.id}`)).body as { classId: string; date: string; householdName: string }[];
    expect(booked.map((b) => b.date)).toEqual([MONDAY, MONDAY, MONDAY]);
    expect(classes.reduce((n, c) => n + c.openOffers, 0)).toBe(7);
    expect(classes.every((c) => c.placesUsed + c.openOffers + booked.filter((b) => b.classId === c.id).length === c.size)).toBe(true);
    const enrolled = await t.orm.em.fork().find(ChildcareEnrolment, { siteId: site.site.id });
    const apps = (await staff.get(`${API}/applications?siteId=${site.site.id}&status=enrolled`)).body as Listed[];
    expect(apps).toHaveLength(90);
    const kindOf = new Map(classes.map((c) => [c.id, c.kind]));
    const byApp = await t.orm.em.fork().find(ChildcareApplication, { siteId: site.site.id, status: 'enrolled' });
    for (const e of enrolled) {
      const app = byApp.find((a) => a.id === e.applicationId)!;
      expect({ child: app.childName, fits: belongsOn(STANDARD_CLASSES, kindOf.get(e.classId)!, app.birthDate, MONDAY), started: e.fromDate <= MONDAY }).toEqual({ child: app.childName, fits: true, started: true });
    }
  }, 60_000);

  it('about 150 waiting under rule set version 2, with valid 荆门 ID numbers, applied over the past months, facts partly verified', async () => {
    const waiting = [
      ...((await staff.get(`${API}/applications?siteId=${site.site.id}&status=submitted`)).body as Listed[]),
      ...((await staff.get(`${API}/applications?siteId=${site.site.id}&status=offered`)).body as Listed[]),
    ];
    expect(waiting).toHaveLength(DEMO_WAITING);
    expect(waiting.every((a) => a.standing?.ruleSetVersion === 2)).toBe(true);
    const rules = (await staff.get(`${API}/rule-sets?siteId=${site.site.id}`)).body as { version: number; inForce: boolean; rules: { code: string }[] }[];
    expect(rules.find((r) => r.inForce)).toMatchObject({ version: 2 });
    expect(rules.find((r) => r.inForce)!.rules.map((r) => r.code)).toEqual(['dibao_tekun_first', 'both_parents_working', 'resident', 'sibling_enrolled', 'disability']);
    const facts = waiting.flatMap((a) => Object.values(a.facts));
    expect(facts.filter((f) => f.verified).length).toBeGreaterThan(facts.length / 2);
    expect(facts.filter((f) => !f.verified).length).toBeGreaterThan(20);
    expect(waiting.some((a) => a.standing!.reasons.some((r) => r.rule === 'sibling_enrolled'))).toBe(true);
    expect(new Set(waiting.map((a) => a.standing!.points)).size).toBeGreaterThan(5);
    const stored = await t.orm.em.fork().find(ChildcareApplication, { siteId: site.site.id });
    for (const a of stored) {
      const parsed = parseIdNumber(a.idNumber);
      expect(parsed.ok && parsed.id.birthDate === a.birthDate).toBe(true);
    }
    expect(new Set(stored.map((a) => a.idNumber)).size).toBe(stored.length);
    const applied = stored.filter((a) => a.status !== 'enrolled').map((a) => a.appliedAt!.toISOString().slice(0, 7));
    expect(new Set(applied).size).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('the demo parent sees 周可馨 enrolled in 托小二班, 周子涵 waiting with her position and why, and an open offer for 周一诺', async () => {
    const mine = (await parent.get(`${API}/applications?siteId=${site.site.id}`)).body as Listed[];
    expect(mine.map((a) => a.childName).sort()).toEqual(['周一诺', '周可馨', '周子涵']);
    expect(mine.find((a) => a.childName === '周可馨')).toMatchObject({ status: 'enrolled', offer: null });
    const sister = mine.find((a) => a.childName === '周子涵')!;
    expect(sister.status).toBe('submitted');
    expect(sister.standing).toMatchObject({ policyClass: 1, points: 20, ruleSetVersion: 2 });
    expect(sister.standing!.position).toBeGreaterThan(0);
    expect(sister.standing!.reasons.map((r) => r.label.zh)).toEqual(['低保/特困家庭优先', '本社区居民 +20']);
    const brother = mine.find((a) => a.childName === '周一诺')!;
    expect(brother.status).toBe('offered');
    expect(brother.offer).toMatchObject({ status: 'open', className: '乳儿班' });
    expect(brother.offer!.deadline > MONDAY).toBe(true);
  }, 60_000);

  it('today’s sheet: most children through the 晨检 and in, a few away, one sent home with a fever; the 乳儿班 one carer short; 周可馨’s absence reported ahead by the parent', async () => {
    const sheet = (await staff.get(`${API}/days?siteId=${site.site.id}`)).body as {
      date: string;
      classes: { name: string; short: number; carers: string[]; warning: { zh: string } | null; children: { childName: string; state: string; absence: { markedBy: string } | null }[] }[];
    };
    expect(sheet.date).toBe(MONDAY);
    const children = sheet.classes.flatMap((c) => c.children);
    expect(children).toHaveLength(90);
    const count = (state: string) => children.filter((k) => k.state === state).length;
    expect(count('present')).toBeGreaterThan(45);
    expect(count('absent')).toBeGreaterThanOrEqual(3);
    expect(count('sent_home')).toBe(1);
    expect(count('expected')).toBeGreaterThan(0);
    expect(sheet.classes.filter((c) => c.warning).map((c) => c.name)).toEqual(['乳儿班']);
    expect(sheet.classes.find((c) => c.name === '乳儿班')!.short).toBe(1);
    expect(children.find((k) => k.childName === '周可馨')!.state).toBe('expected');
    const mine = (await parent.get(`${API}/enrolments?siteId=${site.site.id}`)).body as { id: string; childName: string; className: string }[];
    expect(mine).toEqual([expect.objectContaining({ childName: '周可馨', className: '托小二班' })]);
    const month = (await parent.get(`${API}/enrolments/${mine[0].id}/days?month=2026-12`)).body as { days: { date: string; absence: { markedBy: string; note: string } | null }[] };
    expect(month.days.filter((d) => d.absence).map((d) => [d.date, d.absence!.markedBy, d.absence!.note])).toEqual([['2026-12-09', 'parent', '带孩子打疫苗']]);
  }, 60_000);
});
