import { loadPricing, recordServed, voidServed } from '../../../api/modules/costsharing/costsharing.service';
import { quote } from '../../../domain/costsharing';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';

type Share = { amountFen: number };

describe('costsharing: contribution rules, quotes and the margin report', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  let operator: Client;
  const parties = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp();
    site = await makePricedSite(t.orm);
    operator = await Client.login(t.app, site.users.operator_admin.username);
    for (const p of (await operator.get(`/api/v1/costsharing/parties?siteId=${site.site.id}`)).body) parties.set(p.kind === 'department' ? p.name : p.kind, p.id);
  });
  afterAll(() => t.close());

  it('a quote per tier: the six shares add up to the full cost to the fen, and an older or poorer elder pays less', async () => {
    const res = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-11-23' });
    expect(res.status).toBe(200);
    const byTier = Object.fromEntries(res.body.quotes.map((q: { subject: { tier: string } }) => [q.subject.tier, q]));
    for (const q of res.body.quotes) {
      const sum = (q.shares.lines as Share[]).reduce((a, l) => a + l.amountFen, 0);
      expect(sum).toBe(q.cost.totalFen);
    }
    expect(byTier.age80.resident.paysFen).toBeLessThan(byTier.member.resident.paysFen);
    expect(byTier.tekun.resident.paysFen).toBe(0);
    expect(byTier.guest.resident.paysFen).toBeGreaterThanOrEqual(byTier.member.resident.paysFen);
  });

  it('a draft previews new numbers without saving them', async () => {
    const draft = {
      componentsFen: { materials: 1000, labour: 600, utilities: 100, consumables: 50, space: 300, depreciation: 50, overhead: 100 },
      marginBand: { floor: 0, target: 0.03, cap: 0.05 },
      priceStepFen: 50,
      minPriceFen: 0,
    };
    const preview = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-11-23', tiers: ['member'], draft });
    expect(preview.body.quotes[0].cost.totalFen).toBe(2200);
    const saved = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-11-23', tiers: ['member'] });
    expect(saved.body.quotes[0].cost.totalFen).not.toBe(2200);
    const bad = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2026-11-23', draft: { ...draft, priceStepFen: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('draft.priceStepFen');
  });

  it('when no cost model is in force yet, then 422 names the service line', async () => {
    const res = await operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'canteen.lunch', date: '2025-06-01' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('serviceLine');
  });

  it('a new tier subsidy with a budget opens a funding account and changes the price; editing and removing it work', async () => {
    const dpf = [...parties.entries()].find(([name]) => name.includes('残'))![1];
    const created = await operator.post('/api/v1/costsharing/contributions', {
      siteId: site.site.id,
      serviceLine: 'canteen.dinner',
      partyId: dpf,
      label: { zh: '残疾人助餐补贴', en: 'Disability meal subsidy' },
      settings: { mechanism: 'tier_subsidy', programmeCode: 'dpf-meal', amountsByTierFen: { member: 100 }, annualBudgetFen: 50_000 },
    });
    expect(created.status).toBe(201);
    const accounts = await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`);
    expect(accounts.body).toEqual(expect.arrayContaining([expect.objectContaining({ account: 'dpf-meal', limitFen: 50_000, leftFen: 50_000 })]));
    const changed = await operator.put(`/api/v1/costsharing/contributions/${created.body.id}`, {
      serviceLine: 'canteen.dinner',
      partyId: dpf,
      label: { zh: '残疾人助餐补贴', en: 'Disability meal subsidy' },
      settings: { mechanism: 'tier_subsidy', programmeCode: 'dpf-meal', amountsByTierFen: { member: 150 } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.amountsByTierFen.member).toBe(150);
    expect((await operator.delete(`/api/v1/costsharing/contributions/${created.body.id}`)).status).toBe(204);
    const { serviceLine, partyId, label, settings } = changed.body;
    expect((await operator.put(`/api/v1/costsharing/contributions/${created.body.id}`, { serviceLine, partyId, label, settings })).status).toBe(404);
  });

  it('when a rule is bad, then 400 names the field; when its party cannot contribute, then 422', async () => {
    const bad = await operator.post('/api/v1/costsharing/contributions', {
      siteId: site.site.id,
      serviceLine: 'canteen.lunch',
      partyId: parties.get('institution'),
      label: { zh: '免租', en: 'Rent-free' },
      settings: { mechanism: 'in_kind_space', fraction: 1.5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('settings.fraction');
    const operatorOwned = await operator.post('/api/v1/costsharing/contributions', {
      siteId: site.site.id,
      serviceLine: 'canteen.lunch',
      partyId: parties.get('operator'),
      label: { zh: '自掏', en: 'Own' },
      settings: { mechanism: 'in_kind_space', fraction: 0.5 },
    });
    expect(operatorOwned.status).toBe(422);
    expect(operatorOwned.body.errors[0].field).toBe('partyId');
  });

  it('a department reads only the rules that name it, and may not change them', async () => {
    const dept = await Client.login(t.app, site.mcaUser.username);
    const res = await dept.get(`/api/v1/costsharing/contributions?siteId=${site.site.id}`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(new Set(res.body.map((r: { partyKind: string }) => r.partyKind))).toEqual(new Set(['department']));
    expect(res.body.every((r: { partyName: string }) => r.partyName === '民政局')).toBe(true);
    expect((await dept.delete(`/api/v1/costsharing/contributions/${res.body[0].id}`)).status).toBe(403);
  });

  it('the margin report is empty until units are served, then sums their snapshots; a voided unit leaves it', async () => {
    const empty = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-10`);
    expect(empty.status).toBe(200);
    expect(empty.body.lines).toEqual([]);

    const em = t.orm.em.fork();
    const served = await em.transactional(async (tx) => {
      const pricing = await loadPricing(tx, site.site.id, 'canteen.lunch', '2026-10-12', { lock: true });
      const q = quote(pricing.version, pricing.contributions, { tier: 'age80' }, '2026-10-12');
      recordServed(tx, pricing, q, { service: 'canteen', sourceId: 'order-a', quantity: 2 });
      recordServed(tx, pricing, q, { service: 'canteen', sourceId: 'order-b', quantity: 1 });
      return q;
    });
    const report = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-10`);
    expect(report.body.lines).toEqual([
      expect.objectContaining({ serviceLine: 'canteen.lunch', units: 3, fullCostFen: 3 * served.cost.totalFen, marginFen: 3 * served.margin.fen }),
    ]);
    const byKind = report.body.byPartyKind as Record<string, number>;
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(3 * served.cost.totalFen);

    await t.orm.em.fork().transactional((tx) => voidServed(tx, 'order-b'));
    const after = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-10`);
    expect(after.body.lines[0].units).toBe(2);
    const bad = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-1`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.month');
  });

  it('drawing a subsidy spends the programme budget, and voiding gives it back', async () => {
    const before = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    const em = t.orm.em.fork();
    const q = await em.transactional(async (tx) => {
      const pricing = await loadPricing(tx, site.site.id, 'canteen.lunch', '2026-11-02', { lock: true });
      const quoted = quote(pricing.version, pricing.contributions, { tier: 'dibao' }, '2026-11-02');
      recordServed(tx, pricing, quoted, { service: 'canteen', sourceId: 'order-c', quantity: 1 });
      return quoted;
    });
    const drawn = q.drawdowns.find((d) => d.account === 'mca-meal')!.amountFen;
    expect(drawn).toBeGreaterThan(0);
    const mid = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    expect(mid.drawnFen - before.drawnFen).toBe(drawn);
    await t.orm.em.fork().transactional((tx) => voidServed(tx, 'order-c'));
    const end = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    expect(end.drawnFen).toBe(before.drawnFen);
  });
});
