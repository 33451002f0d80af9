import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { ChildcareFee } from '../../../api/modules/childcare/childcare.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { API, childcareWorld, World } from './world';

/**
 * Fees: the staff bill December 2026; two children of the site are enrolled (one full-day,
 * one half-day on 低保), and a third family's child withdrew before December.
 */
describe('childcare fees and statements', () => {
  let w: World;
  let other: Awaited<ReturnType<World['family']>>;
  beforeAll(async () => {
    w = await childcareWorld();
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    await w.openClass({ size: 2 });
    // Enrolled from today (a start date already past counts from today).
    const full = await w.submitted(w.parent, { startDate: '2026-12-01', childName: '小明' });
    await w.parent.post(`${API}/offers/${(await w.parent.get(`${API}/applications/${full.id}`)).body.offer.id}/accept`);
    // 小明's parent reports him sick on Tuesday and Wednesday: two absent days the fee rule reads.
    const [enrolment] = (await w.parent.get(`${API}/enrolments?siteId=${w.siteId}`)).body;
    expect((await w.parent.post(`${API}/enrolments/${enrolment.id}/absences`, { from: '2026-12-08', to: '2026-12-09', reason: 'sick' })).status).toBeLessThan(300);
    other = await w.family();
    const half = await w.submitted(other.client, { startDate: '2026-12-01', childName: '小红', mode: 'half_day', half: 'morning', facts: { dibao: { value: true } } });
    await w.staff.post(`${API}/applications/${half.id}/facts/dibao/verify`);
    const offer = (await other.client.get(`${API}/applications/${half.id}`)).body.offer;
    expect((await other.client.post(`${API}/offers/${offer.id}/accept`)).status).toBe(200);
  });
  afterAll(() => w.close());

  const bill = (month: string, client = w.staff, headers: Record<string, string> = {}) => client.post(`${API}/fees/bill`, { siteId: w.siteId, month }, headers);

  it('when a month has not started, then billing it is a 422 naming month; bad months are 400', async () => {
    const future = await bill('2027-01');
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'month', code: 'month_not_started' })]);
    for (const month of ['2026-13', '2026-12-01', '']) {
      const res = await bill(month);
      expect({ month, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ month, status: 400, fields: ['month'] });
    }
  });

  it('when the staff bill December twice at once, then each child has one slot-month with its quote, and the 卫健 budget is drawn once', async () => {
    const [a, b] = await Promise.all([bill('2026-12'), bill('2026-12')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.billedNow + b.body.billedNow, a.body.children, b.body.children]).toEqual([2, 2, 2]);
    const again = await bill('2026-12');
    expect(again.body).toMatchObject({ billedNow: 0, children: 2, chargedFen: a.body.chargedFen });

    const em = w.em();
    const fees = await em.find(ChildcareFee, { siteId: w.siteId }, { orderBy: { serviceLine: 'asc' } });
    expect(fees.map((f) => [f.serviceLine, f.tier, f.month])).toEqual([
      ['childcare.full_day', 'standard', '2026-12'],
      ['childcare.half_day', 'dibao', '2026-12'],
    ]);
    const units = await em.find(ServedUnit, { sourceId: { $in: fees.map((f) => f.id) } });
    expect(units).toHaveLength(2);
    for (const f of fees) {
      const unit = units.find((u) => u.id === f.servedUnitId)!;
      expect(unit).toMatchObject({ service: 'childcare', servedDate: '2026-12-01', residentPaysFen: f.residentPaysFen });
      expect(unit.quote.subject.personRef).toBe(f.applicationId);
    }
    // Full day standard 80,000 and half day 低保 60,000: one programme for every mode.
    const nhc = await em.findOneOrFail(FundingAccount, { siteId: w.siteId, account: 'nhc-childcare-slot', year: 2026 });
    expect(nhc).toMatchObject({ drawnFen: 140_000, units: 2 });
  });

  it('when a parent reads statements, then it sees its own family’s month alone, with the 卫健 subsidy and its share; staff see every family', async () => {
    const mine = await w.parent.get(`${API}/statements?siteId=${w.siteId}&month=2026-12`);
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    const [statement] = mine.body;
    expect(statement).toMatchObject({ householdId: w.home.household.id, month: '2026-12', lines: [expect.objectContaining({ childName: '小明', mode: 'full_day', tier: 'standard' })] });
    const [line] = statement.lines;
    expect(line.departments).toEqual([expect.objectContaining({ party: { zh: '卫生健康局', en: 'Health Commission' }, programmeCode: 'nhc-childcare-slot', amountFen: 80_000 })]);
    // Enrolled from Monday 7 December: the meals of the 4 service days before and of the 2 days
    // reported sick are refunded.
    expect(line).toMatchObject({ residentPaysFen: 178_700, enrolledDays: 19, absentDays: 2, refunds: [expect.objectContaining({ kind: 'meals', days: 6 })] });
    expect(line.chargedFen).toBe(178_700 - line.refunds[0].fen);
    expect(statement.totalFen).toBe(line.chargedFen);

    const all = await w.staff.get(`${API}/statements?siteId=${w.siteId}`);
    expect(all.body.map((s: { householdId: string }) => s.householdId).sort()).toEqual([w.home.household.id, other.household.id].sort());
    const theirs = await other.client.get(`${API}/statements?siteId=${w.siteId}`);
    expect(theirs.body.map((s: { householdId: string }) => s.householdId)).toEqual([other.household.id]);
  });

  it('when someone of another site or service asks, then statements are 404 to other sites, and billing is for the site’s childcare staff and admins alone', async () => {
    expect((await w.outsider.get(`${API}/statements?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.outsiderParent.get(`${API}/statements?siteId=${w.siteId}`)).status).toBe(404);
    expect((await bill('2026-12', w.outsider)).status).toBe(404);
    expect((await bill('2026-12', w.parent)).status).toBe(403);
    expect((await bill('2026-12', w.canteen)).status).toBe(403);
    expect((await bill('2026-12', w.operator)).status).toBe(200);
  });

  it('when the site has no cost model for a mode, then billing is a 422 naming the service line and nothing is billed', async () => {
    const bare = await childcareWorld({ clock: w.clock });
    try {
      await bare.openClass({ size: 1 });
      const app = await bare.submitted(bare.parent, { startDate: '2026-12-01' });
      await bare.parent.post(`${API}/offers/${(await bare.parent.get(`${API}/applications/${app.id}`)).body.offer.id}/accept`);
      const res = await bare.staff.post(`${API}/fees/bill`, { siteId: bare.siteId, month: '2026-12' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'serviceLine', code: 'no_cost_model' })]);
      expect(await bare.em().count(ChildcareFee, { siteId: bare.siteId })).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it('when admins set the absence rules, then the settings answer them; left out, a rule keeps its value', async () => {
    const put = await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 3, sickMonthFree: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ siteId: w.siteId, offerDeadlineWorkingDays: 3, refundMealsPerAbsentDay: true, sickMonthFree: false });
    const again = await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 4 });
    expect(again.body).toMatchObject({ offerDeadlineWorkingDays: 4, sickMonthFree: false });
    expect((await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 3, sickMonthFree: 'no' })).body.errors).toEqual([expect.objectContaining({ field: 'sickMonthFree' })]);
  });
});
