import { newId } from '../../../api/entity-helpers';
import { CarehomeAssessment, CarehomeBed, CarehomeBedStateChange, CarehomeLeave, CarehomeResidence } from '../../../api/modules/carehome/carehome.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { settableClock } from '../canteen/world';
import { API as CARE, carehomeWorld, NURSING, World } from '../carehome/world';
import { API } from './world';

/**
 * The care home's checks over November's bed-days. 王秀英 (A) and 李桂芳 (B) are both admitted
 * on 2 November and billed for the month; then records arrive late, as they do: A's bed was out
 * of service from the 20th to the 21st, A had been on leave on the 5th and 6th, B in hospital on
 * the 10th and 11th, A moved out on
 * the 25th, B died on the 28th, and B's assessment had lapsed on the 15th. Each check finds
 * exactly the bed-days it is about, and passes every other.
 */
describe('reconciliation: the care home’s checks over bed-days', () => {
  let w: World;
  const ids = { a: '', b: '', appA: '', appB: '' };
  const clock = settableClock('2026-11-02T09:00:00+08:00');

  beforeAll(async () => {
    w = await carehomeWorld({ clock });
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    await w.room({}, [{ careLevels: ['nursing'] }, { careLevels: ['nursing'] }, { careLevels: ['nursing'] }]);
    for (const who of ['a', 'b'] as const) {
      const client = who === 'a' ? w.family : (await w.neighbour()).client;
      const app = await w.applied(client, { desiredDate: '2026-11-02' });
      await w.assess(app.id, NURSING);
      const { offer } = await w.read(client, app.id);
      expect((await client.post(`${CARE}/offers/${offer.id}/accept`, {})).status).toBe(200);
      ids[who] = (await w.read(w.staff, app.id)).residence.id;
      ids[who === 'a' ? 'appA' : 'appB'] = app.id;
    }
    clock.set('2026-12-03T09:00:00+08:00');
    expect((await w.staff.post(`${CARE}/bills/run`, { siteId: w.siteId, month: '2026-11' })).status).toBe(200);
  }, 120_000);
  afterAll(() => w.close());

  const build = async () => {
    const res = await w.operator.post(`${API}/claims/build`, { siteId: w.siteId, month: '2026-11' });
    if (res.status !== 200) throw new Error(`build: ${res.status} ${JSON.stringify(res.body)}`);
  };
  /** The dates of a person's lines in 民政's bed-subsidy claim that a check flags. */
  const flagged = async (check: string) => {
    const claims = (await w.operator.get(`${API}/claims?siteId=${w.siteId}`)).body as { id: string; programmeCode: string }[];
    const claim = claims.find((c) => c.programmeCode === 'mca-bed')!;
    const res = await w.operator.get(`${API}/claims/${claim.id}/lines?limit=500&check=${check}`);
    expect(res.status).toBe(200);
    const lines = res.body.lines as { servedDate: string; personRef: string }[];
    const of = (app: string) => lines.filter((l) => l.personRef === app).map((l) => l.servedDate).sort();
    return { a: of(ids.appA), b: of(ids.appB) };
  };
  const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);

  it('before any late record, a month of bed-days passes every care-home check', async () => {
    await build();
    for (const check of ['over_capacity', 'place_out_of_service', 'after_discharge', 'after_death', 'absent_day', 'assessment_lapsed']) {
      expect({ check, ...(await flagged(check)) }).toEqual({ check, a: [], b: [] });
    }
  });

  describe('once the late records are in', () => {
    beforeAll(async () => {
      const em = w.em();
      const [a, b] = [await em.findOneOrFail(CarehomeResidence, { id: ids.a }), await em.findOneOrFail(CarehomeResidence, { id: ids.b })];
      const change = (toState: string, at: string) =>
        em.create(CarehomeBedStateChange, { id: newId(), bedId: a.bedId, siteId: w.siteId, fromState: 'occupied', toState, changedBy: null, changedAt: new Date(at), reason: '漏水' });
      change('out_of_service', '2026-11-20T10:00:00+08:00');
      change('occupied', '2026-11-22T10:00:00+08:00');
      em.create(CarehomeLeave, { id: newId(), siteId: w.siteId, householdId: a.householdId, residenceId: a.id, fromDate: '2026-11-05', expectedBack: '2026-11-07', returnedOn: '2026-11-07', reason: '回家', createdBy: a.householdId });
      em.create(CarehomeLeave, { id: newId(), siteId: w.siteId, householdId: b.householdId, residenceId: b.id, kind: 'hospital', fromDate: '2026-11-10', expectedBack: '2026-11-12', returnedOn: '2026-11-12', reason: '肺炎住院', createdBy: b.householdId });
      Object.assign(a, { dischargedOn: '2026-11-25', dischargeReason: 'moved' });
      Object.assign(b, { dischargedOn: '2026-11-28', dischargeReason: 'deceased' });
      const assessment = await em.findOneOrFail(CarehomeAssessment, { applicationId: ids.appB });
      assessment.validUntil = '2026-11-15';
      await em.flush();
      await build();
    });

    it('a bed-day in a bed that was out of service is an error; the other bed passes', async () => {
      expect(await flagged('place_out_of_service')).toEqual({ a: days(20, 21), b: [] });
    });

    it('a bed-day after a discharge, and after a death, is each found by its own check', async () => {
      expect(await flagged('after_discharge')).toEqual({ a: days(26, 30), b: [] });
      expect(await flagged('after_death')).toEqual({ a: [], b: days(29, 30) });
    });

    it('a served bed-day on a leave day, or on a hospital day, is a warning to explain', async () => {
      expect(await flagged('absent_day')).toEqual({ a: days(5, 6), b: days(10, 11) });
    });

    it('a bed-day priced at a care level whose assessment had lapsed is an error', async () => {
      expect(await flagged('assessment_lapsed')).toEqual({ a: [], b: days(15, 30) });
      expect(await flagged('over_capacity')).toEqual({ a: [], b: [] });
    });

    it('more residents served on a day than the home has beds is outside licensed capacity: every bed-day of those days', async () => {
      const em = w.em();
      // Two of the three beds are taken out of the licence (written directly: no route deletes a bed).
      const beds = await em.find(CarehomeBed, { siteId: w.siteId }, { orderBy: { code: 'desc' } });
      await em.nativeDelete(CarehomeBed, { id: { $in: beds.slice(0, 2).map((b) => b.id) } });
      await build();
      expect(await flagged('over_capacity')).toEqual({ a: days(2, 30), b: days(2, 30) });
    });
  });
});
