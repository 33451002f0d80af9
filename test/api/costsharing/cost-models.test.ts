import { recordServedUnits } from '../../../api/modules/costsharing/served-units';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite, makeSiteWithStaff } from '../support/factories';

const numbers = {
  componentsFen: { materials: 800, labour: 400, utilities: 100, consumables: 50, space: 100, depreciation: 50, overhead: 50 },
  marginBand: { floor: 0, target: 0.03, cap: 0.05 },
  priceStepFen: 50,
  minPriceFen: 0,
};

describe('costsharing: cost model versions', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  let operator: Client;
  beforeAll(async () => {
    t = await startTestApp();
    site = await makePricedSite(t.orm);
    operator = await Client.login(t.app, site.users.operator_admin.username);
  });
  afterAll(() => t.close());

  it('lists the site’s versions with their full unit cost', async () => {
    const res = await operator.get(`/api/v1/costsharing/cost-models?siteId=${site.site.id}&serviceLine=canteen.lunch`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const v = res.body[0];
    expect(v.fullCostFen).toBe(Object.values(v.componentsFen as Record<string, number>).reduce((a, b) => a + b, 0));
  });

  it('when a version is added for a later date, then quotes switch to it at midnight Asia/Shanghai', async () => {
    const created = await operator.post('/api/v1/costsharing/cost-models', { siteId: site.site.id, serviceLine: 'canteen.lunch', effectiveFrom: '2026-12-01', ...numbers });
    expect(created.status).toBe(201);
    const before = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-11-30', tiers: ['member'] });
    const after = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-12-01', tiers: ['member'] });
    expect(before.body.quotes[0].costModelVersionId).not.toBe(created.body.id);
    expect(after.body.quotes[0].costModelVersionId).toBe(created.body.id);
    expect(after.body.quotes[0].cost.totalFen).toBe(1550);
  });

  it('when a version already takes effect that day, then 409: versions are never edited', async () => {
    const res = await operator.post('/api/v1/costsharing/cost-models', { siteId: site.site.id, serviceLine: 'canteen.lunch', effectiveFrom: '2026-01-01', ...numbers });
    expect(res.status).toBe(409);
  });

  it('when the numbers are bad, then 400 names each field and nothing is written', async () => {
    const res = await operator.post('/api/v1/costsharing/cost-models', {
      siteId: site.site.id,
      serviceLine: 'canteen.supper',
      effectiveFrom: '2026-13-01',
      ...numbers,
      componentsFen: { ...numbers.componentsFen, labour: -1 },
      marginBand: { floor: 0.05, target: 0.03, cap: 0.01 },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['serviceLine', 'effectiveFrom', 'componentsFen.labour', 'marginBand.target']));
    const list = await operator.get(`/api/v1/costsharing/cost-models?siteId=${site.site.id}`);
    expect(list.body.every((v: { serviceLine: string }) => v.serviceLine !== 'canteen.supper')).toBe(true);
  });

  it('when every component is zero, then 422 names componentsFen (the engine needs a positive cost)', async () => {
    const zero = Object.fromEntries(Object.keys(numbers.componentsFen).map((k) => [k, 0]));
    const res = await operator.post('/api/v1/costsharing/cost-models', { siteId: site.site.id, serviceLine: 'canteen.dinner', effectiveFrom: '2026-12-05', ...numbers, componentsFen: zero });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('componentsFen');
  });

  it('a version nothing was served under can be withdrawn; one that priced a served unit cannot', async () => {
    const spare = await operator.post('/api/v1/costsharing/cost-models', { siteId: site.site.id, serviceLine: 'canteen.breakfast', effectiveFrom: '2026-12-02', ...numbers });
    expect((await operator.delete(`/api/v1/costsharing/cost-models/${spare.body.id}`)).status).toBe(204);
    expect((await operator.delete(`/api/v1/costsharing/cost-models/${spare.body.id}`)).status).toBe(404);

    const em = t.orm.em.fork();
    const used = await em.transactional(async (tx) => {
      const served = await recordServedUnits(tx, { siteId: site.site.id, serviceLine: 'canteen.dinner', service: 'canteen', sourceId: 'order-x', units: [{ tier: 'member', date: '2026-11-20' }] });
      return served.quotes[0].costModelVersionId;
    });
    const res = await operator.delete(`/api/v1/costsharing/cost-models/${used}`);
    expect(res.status).toBe(422);
  });

  it('who may not: canteen staff and departments get 403; another site’s admin gets 404, as if it did not exist', async () => {
    const canteen = await Client.login(t.app, site.users.canteen_staff.username);
    expect((await canteen.get(`/api/v1/costsharing/cost-models?siteId=${site.site.id}`)).status).toBe(403);
    const dept = await Client.login(t.app, site.mcaUser.username);
    expect((await dept.post('/api/v1/costsharing/cost-models', { siteId: site.site.id })).status).toBe(403);
    const other = await makeSiteWithStaff(t.orm);
    const stranger = await Client.login(t.app, other.users.operator_admin.username);
    const res = await stranger.get(`/api/v1/costsharing/cost-models?siteId=${site.site.id}`);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('/problems/not-found');
  });
});
