import type { EntityManager } from '@mikro-orm/core';
import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { openFundingYear } from '../../../api/modules/costsharing/funding-year';
import { ServedUnit, ServedUnitShare } from '../../../api/modules/costsharing/served-unit.entity';
import { recordServedUnits, ServedUnitsRequest, voidServedUnits } from '../../../api/modules/costsharing/served-units';
import { HttpProblem } from '../../../api/errors';
import { startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';

/** How the next services will call the one pricing use case: a care home's bed-months, a childcare slot-month. */
describe('costsharing: price and record served units', () => {
  let t: TestApp;
  let siteId: string;
  beforeAll(async () => {
    t = await startTestApp();
    siteId = (await makePricedSite(t.orm, 2026)).site.id;
  });
  afterAll(() => t.close());

  const record = (request: Omit<ServedUnitsRequest, 'siteId'>) => t.orm.em.fork().transactional((tx) => recordServedUnits(tx, { siteId, ...request }));
  const refusal = (request: Omit<ServedUnitsRequest, 'siteId'>) => record(request).then(() => null, (err: HttpProblem) => err);
  const account = (code: string, year: number) => t.orm.em.fork().findOne(FundingAccount, { siteId, account: code, year });
  const bedMonths = (dates: string[]) => ({
    serviceLine: 'carehome.bed.semi_disabled',
    service: 'carehome' as const,
    sourceId: 'stay-1',
    units: dates.map((date) => ({ tier: 'semi_disabled', date, personRef: 'elder-1' })),
  });

  it('when a stay’s bed-months run into a year whose accounts are not open, then nothing is recorded and the 422 names the programme', async () => {
    const before = await account('mca-bed', 2026);
    const err = await refusal(bedMonths(['2026-12-01', '2027-01-01']));
    expect(err).toBeInstanceOf(HttpProblem);
    expect(err!.status).toBe(422);
    expect(err!.errors).toEqual([expect.objectContaining({ field: 'fundingAccount.mca-bed', code: 'no_funding_account', params: expect.objectContaining({ year: 2027, name: '养老床位运营补贴' }) })]);
    expect(await t.orm.em.fork().count(ServedUnit, { sourceId: 'stay-1' })).toBe(0);
    expect(await account('mca-bed', 2026)).toEqual(before);
  });

  it('once the year is open, each bed-month keeps its quote and shares and draws on its own year; voiding gives both years back', async () => {
    await t.orm.em.fork().transactional((tx: EntityManager) => openFundingYear(tx, siteId, 2027));
    const served = await record(bedMonths(['2026-12-01', '2027-01-01']));
    expect(served.servedUnitIds).toHaveLength(2);
    expect(served.quotes.map((q) => q.date)).toEqual(['2026-12-01', '2027-01-01']);
    expect(await account('mca-bed', 2026)).toMatchObject({ drawnFen: 1_330, units: 1 });
    expect(await account('mca-bed', 2027)).toMatchObject({ drawnFen: 1_330, units: 1 });
    const em = t.orm.em.fork();
    const units = await em.find(ServedUnit, { sourceId: 'stay-1' }, { orderBy: { servedDate: 'asc' } });
    expect(units.map((u) => [u.service, u.tier, u.quote.subject.personRef, u.voided])).toEqual([
      ['carehome', 'semi_disabled', 'elder-1', false],
      ['carehome', 'semi_disabled', 'elder-1', false],
    ]);
    const shares = await em.find(ServedUnitShare, { servedUnitId: units[0].id });
    expect(shares.reduce((s, x) => s + x.amountFen, 0)).toBe(units[0].fullCostFen);
    expect(shares.find((s) => s.programmeCode === 'mca-bed')?.amountFen).toBe(1_330);

    await t.orm.em.fork().transactional((tx) => voidServedUnits(tx, ['stay-1']));
    expect(await account('mca-bed', 2026)).toMatchObject({ drawnFen: 0, units: 0 });
    expect(await account('mca-bed', 2027)).toMatchObject({ drawnFen: 0, units: 0 });
    const voided = t.orm.em.fork();
    expect((await voided.find(ServedUnit, { sourceId: 'stay-1' })).every((u) => u.voided)).toBe(true);
    expect((await voided.find(ServedUnitShare, { servedUnitId: { $in: units.map((u) => u.id) } })).every((s) => s.voided)).toBe(true);
  });

  it('a child’s monthly cap counts what the month already drew, earlier and in the same request', async () => {
    const slot = (date: string) => ({ tier: 'dibao', date, personRef: 'child-1' });
    const served = await record({
      serviceLine: 'childcare.full_day',
      service: 'childcare',
      sourceId: 'enrolment-1',
      units: [slot('2026-11-01'), slot('2026-11-15'), slot('2026-12-01')],
      used: [{ personRef: 'child-1', programmeCode: 'nhc-childcare-slot', date: '2026-11-01', amountFen: 20_000 }],
    });
    const subsidy = served.quotes.map((q) => q.contributions.find((c) => c.programmeCode === 'nhc-childcare-slot')!.amountFen);
    // ¥1,200 a month: ¥200 used, ¥1,000 left for the first slot-month, none for the second; December starts afresh.
    expect(subsidy).toEqual([100_000, 0, 120_000]);
    expect(served.quotes[1].flags).toContain('personCapReached');
  });

  it('when no cost model is in force on a unit’s date, then 422 names the service line', async () => {
    const err = await refusal({ serviceLine: 'afterschool.session', service: 'afterschool', sourceId: 'session-1', units: [{ tier: 'standard', date: '2025-06-02' }] });
    expect(err).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'serviceLine', code: 'no_cost_model' })] });
  });
});
