import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { childIdNumber } from '../support/factories';
import { settableClock } from '../canteen/world';
import { API as CHILDCARE, childcareWorld, World } from '../childcare/world';
import { API } from './world';

/**
 * Childcare's check over December's slot-months: 小满 joined 托小一班 on 2 November at 23 months
 * and turned two in mid-November, past the class's band (12–24 months), without moving up; 小禾
 * is 18 months. Both are billed for December; only 小满's slot-month is flagged.
 */
describe('reconciliation: childcare’s check over slot-months', () => {
  let w: World;
  const apps = { over: '', within: '' };
  const clock = settableClock('2026-11-02T09:00:00+08:00');

  beforeAll(async () => {
    w = await childcareWorld({ clock });
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    await w.openClass({ size: 2 });
    const enrol = async (childName: string, born: string) => {
      const client = (await w.family()).client;
      const app = await w.submitted(client, { childName, idNumber: childIdNumber(born), startDate: '2026-11-02' });
      const offer = (await client.get(`${CHILDCARE}/applications/${app.id}`)).body.offer;
      expect((await client.post(`${CHILDCARE}/offers/${offer.id}/accept`)).status).toBe(200);
      return app.id as string;
    };
    apps.over = await enrol('小满', '2024-11-15');
    apps.within = await enrol('小禾', '2025-06-01');
    clock.set('2026-12-07T09:00:00+08:00');
    expect((await w.staff.post(`${CHILDCARE}/fees/bill`, { siteId: w.siteId, month: '2026-12' })).status).toBe(200);
    expect((await w.operator.post(`${API}/claims/build`, { siteId: w.siteId, month: '2026-12' })).status).toBe(200);
  }, 120_000);
  afterAll(() => w.close());

  it('the slot-month of a child past its class’s band is a warning; the child within it passes', async () => {
    const claims = (await w.operator.get(`${API}/claims?siteId=${w.siteId}`)).body as { id: string }[];
    const flagged: { personRef: string; findings: { check: string; severity: string }[] }[] = [];
    const all: string[] = [];
    for (const c of claims) {
      const res = await w.operator.get(`${API}/claims/${c.id}/lines?limit=500`);
      expect(res.status).toBe(200);
      all.push(...res.body.lines.map((l: { personRef: string }) => l.personRef));
      flagged.push(...(await w.operator.get(`${API}/claims/${c.id}/lines?limit=500&check=child_over_band`)).body.lines);
    }
    expect(all).toEqual(expect.arrayContaining([apps.over, apps.within]));
    expect(flagged.map((l) => [l.personRef, l.findings.find((f) => f.check === 'child_over_band')?.severity])).toEqual([[apps.over, 'warning']]);
  });
});
