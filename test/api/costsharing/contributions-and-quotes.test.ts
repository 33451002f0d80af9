import { recordServedUnits, voidServedUnits } from '../../../api/modules/costsharing/served-units';
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

  it('a new tier subsidy opens this year’s funding account with its budget; editing it sets the budget; removing it works', async () => {
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
      settings: { mechanism: 'tier_subsidy', programmeCode: 'dpf-meal', amountsByTierFen: { member: 150 }, annualBudgetFen: 60_000 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ amountsByTierFen: { member: 150 }, annualBudgetFen: 60_000 });
    const listed = await operator.get(`/api/v1/costsharing/contributions?siteId=${site.site.id}&serviceLine=canteen.dinner`);
    expect(listed.body.find((c: { id: string }) => c.id === created.body.id).settings.amountsByTierFen.member).toBe(150);
    const reset = await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`);
    expect(reset.body).toEqual(expect.arrayContaining([expect.objectContaining({ account: 'dpf-meal', limitFen: 60_000 })]));
    expect((await operator.delete(`/api/v1/costsharing/contributions/${created.body.id}`)).status).toBe(204);
    const { serviceLine, partyId, label, settings } = changed.body;
    expect((await operator.put(`/api/v1/costsharing/contributions/${created.body.id}`, { serviceLine, partyId, label, settings })).status).toBe(404);
  });

  it('when a rule is bad, then 400 names the field (a programme without its annual budget too); when its party cannot contribute, then 422', async () => {
    const unbudgeted = await operator.post('/api/v1/costsharing/contributions', {
      siteId: site.site.id,
      serviceLine: 'canteen.dinner',
      partyId: [...parties.entries()].find(([name]) => name.includes('残'))![1],
      label: { zh: '无预算', en: 'No budget' },
      settings: { mechanism: 'tier_subsidy', programmeCode: 'no-budget', amountsByTierFen: { member: 100 } },
    });
    expect(unbudgeted.status).toBe(400);
    expect(unbudgeted.body.errors[0].field).toBe('settings.annualBudgetFen');
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

    const lunch = { siteId: site.site.id, serviceLine: 'canteen.lunch', service: 'canteen' as const };
    const age80 = { tier: 'age80', date: '2026-10-12' };
    const quotes = await t.orm.em.fork().transactional(async (tx) => [
      ...(await recordServedUnits(tx, { ...lunch, sourceId: 'order-a', units: [age80, age80] })).quotes,
      ...(await recordServedUnits(tx, { ...lunch, sourceId: 'order-b', units: [age80] })).quotes,
    ]);
    const sum = (f: (q: (typeof quotes)[number]) => number) => quotes.reduce((s, q) => s + f(q), 0);
    const report = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-10`);
    expect(report.body.lines).toEqual([
      expect.objectContaining({ serviceLine: 'canteen.lunch', units: 3, fullCostFen: sum((q) => q.cost.totalFen), marginFen: sum((q) => q.margin.fen) }),
    ]);
    const byKind = report.body.byPartyKind as Record<string, number>;
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(sum((q) => q.cost.totalFen));

    await t.orm.em.fork().transactional((tx) => voidServedUnits(tx, ['order-b']));
    const after = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-10`);
    expect(after.body.lines[0].units).toBe(2);
    const bad = await operator.get(`/api/v1/costsharing/margin-report?siteId=${site.site.id}&month=2026-1`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.month');
  });

  it('drawing a subsidy spends the programme budget, and voiding gives it back', async () => {
    const before = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    const { quotes: [q] } = await t.orm.em.fork().transactional((tx) =>
      recordServedUnits(tx, { siteId: site.site.id, serviceLine: 'canteen.lunch', service: 'canteen', sourceId: 'order-c', units: [{ tier: 'dibao', date: '2026-11-02' }] }),
    );
    const drawn = q.drawdowns.find((d) => d.account === 'mca-meal')!.amountFen;
    expect(drawn).toBeGreaterThan(0);
    const mid = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    expect(mid.drawnFen - before.drawnFen).toBe(drawn);
    await t.orm.em.fork().transactional((tx) => voidServedUnits(tx, ['order-c']));
    const end = (await operator.get(`/api/v1/costsharing/funding-accounts?siteId=${site.site.id}&year=2026`)).body.find((a: { account: string }) => a.account === 'mca-meal');
    expect(end.drawnFen).toBe(before.drawnFen);
  });
});
