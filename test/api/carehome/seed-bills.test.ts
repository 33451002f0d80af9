import { seedCarehomeDemo } from '../../../api/seed/carehome';
import { seedCarehomeBills } from '../../../api/seed/carehome-bills';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';
import { API, NINE_AM } from './world';

/** The demo care home's money on Monday 7 December 2026: November billed for every resident. */
describe('care-home demo bills', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  beforeAll(async () => {
    const clock = settableClock(NINE_AM);
    t = await startTestApp({ clock });
    site = await makePricedSite(t.orm, 2026);
    await seedCarehomeDemo(t.orm.em.fork(), site.site.id, clock, { staffId: site.users.care_staff.id, familyHouseholdId: site.household.id, familyUserId: site.users.family.id });
    const staff = { ...site.users.care_staff, siteIds: [site.site.id], departmentId: null, householdId: null };
    const options = { staff, familyHouseholdId: site.household.id };
    expect(await seedCarehomeBills(t.orm.em.fork(), site.site.id, clock, options)).toMatchObject({ month: '2026-11', residents: 44, billedNow: 44 });
    expect(await seedCarehomeBills(t.orm.em.fork(), site.site.id, clock, options)).toEqual({ residents: 0 });
  }, 300_000);
  afterAll(() => t.close());

  it('the family login reads last month’s bill of its relative on leave, with the leave days; staff see all 44 and the arrears list', async () => {
    const family = await Client.login(t.app, site.users.family.username);
    const mine = (await family.get(`${API}/statements?siteId=${site.site.id}`)).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ month: '2026-11', lines: [expect.objectContaining({ leaveDays: 3, servedDays: 27 })] });
    expect(mine[0].lines[0].account.depositHeldFen).toBe(mine[0].lines[0].account.depositFen);
    const staff = await Client.login(t.app, site.users.care_staff.username);
    const all = (await staff.get(`${API}/statements?siteId=${site.site.id}&month=2026-11`)).body;
    expect(all.flatMap((s: { lines: unknown[] }) => s.lines)).toHaveLength(44);
    const accounts = (await staff.get(`${API}/accounts?siteId=${site.site.id}`)).body;
    expect(accounts).toHaveLength(44);
    expect(accounts.every((a: { arrearsFen: number; billedFen: number }) => a.arrearsFen === a.billedFen && a.billedFen > 0)).toBe(true);
  });
});
