import { seedCanteenDemo } from '../../../api/seed/canteen';
import { seedReconciliationDemo } from '../../../api/seed/reconciliation';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';
import { API } from './world';

/** The demo's last month, seeded on Thursday 3 December 2026: the canteen's history reaches back into November. */
describe('reconciliation demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  let seeded: { claims: number };
  const clock = settableClock('2026-12-03T09:00:00+08:00');
  beforeAll(async () => {
    t = await startTestApp({ clock });
    site = await makePricedSite(t.orm);
    await seedCanteenDemo(t.orm.em.fork(), site.site.id, clock, site.users.canteen_staff.id);
    seeded = await seedReconciliationDemo(t.orm.em.fork(), site.site.id, clock, site.users.operator_admin.username);
  }, 300_000);
  afterAll(() => t.close());

  it('builds November’s claims; 民政’s meal claim is sent with its warning explained and part-paid', async () => {
    expect(seeded.claims).toBeGreaterThan(0);
    expect(await seedReconciliationDemo(t.orm.em.fork(), site.site.id, clock, site.users.operator_admin.username)).toEqual({ claims: 0 });
    const department = await Client.login(t.app, site.mcaUser.username);
    const claims = (await department.get(`${API}/claims?siteId=${site.site.id}`)).body;
    expect(claims).toEqual([expect.objectContaining({ period: '2026-11', programmeCode: 'mca-meal', status: 'submitted', paymentStatus: 'part_paid', errorCount: 0 })]);
    expect(claims[0].warningCount).toBeGreaterThan(0);
    const warned = (await department.get(`${API}/claims/${claims[0].id}/lines?check=tier_unsupported`)).body.lines;
    expect(warned[0].findings[0]).toMatchObject({ check: 'tier_unsupported', severity: 'warning', explanation: expect.stringContaining('民政局确认') });
    expect(claims[0].paidFen).toBe(Math.floor(claims[0].totalFen / 2));
  });
});
