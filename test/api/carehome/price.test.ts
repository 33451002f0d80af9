import { CarehomeBill } from '../../../api/modules/carehome/billing.entity';
import { CostModelVersion } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { settableClock } from '../canteen/world';
import { API, carehomeWorld, NURSING, scoresTotalling, World } from './world';

/** 昏迷: 完全失能 whatever the scores, care level 特护 (special), priced on the 特护 line. */
const COMATOSE = { ...NURSING, scores: scoresTotalling(20), comatose: true };

/**
 * One price: a 特护 resident admitted on 1 November 2026 and never away. Her contract's monthly
 * price is the quote of the 特护 line; November (30 days) is billed in December on that line.
 */
describe('care home: the contract’s price is the cost model’s, and the bill charges it', () => {
  let w: World;
  const clock = settableClock('2026-11-01T09:00:00+08:00');

  beforeAll(async () => {
    w = await carehomeWorld({ clock });
    await w.priced([2026]);
    await w.room({}, [{ careLevels: ['special'] }]);
  }, 120_000);
  afterAll(() => w.close());

  it('quotes the 特护 line at admission and bills a full 30-day month at exactly the contract’s monthly price, on that line’s cost model', async () => {
    const app = await w.applied(w.family, { desiredDate: '2026-11-01' });
    await w.assess(app.id, COMATOSE);
    const { offer } = await w.read(w.family, app.id);
    expect((await w.family.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(200);
    const residence = (await w.read(w.family, app.id)).residence;
    expect(residence).toMatchObject({ careLevel: 'special', priceNow: { serviceLine: 'carehome.bed.special_care', tier: 'disabled', monthFen: residence.monthlyPriceFen } });
    expect(residence.priceNow.fullDayFen).toBeGreaterThan(residence.priceNow.familyDayFen);

    clock.set('2026-12-02T09:00:00+08:00');
    expect((await w.staff.post(`${API}/bills/run`, { siteId: w.siteId, month: '2026-11' })).status).toBe(200);
    const em = w.em();
    const bill = await em.findOneOrFail(CarehomeBill, { residenceId: residence.id, month: '2026-11' });
    expect([bill.serviceLine, bill.tier, bill.servedDays, bill.leaveDays]).toEqual(['carehome.bed.special_care', 'disabled', 30, 0]);
    // The two are one: what the contract says a month costs is what the family is billed for it.
    expect(bill.chargedFen).toBe(residence.monthlyPriceFen);
    const model = await em.findOneOrFail(CostModelVersion, { siteId: w.siteId, serviceLine: 'carehome.bed.special_care' });
    const units = await em.find(ServedUnit, { sourceId: bill.id });
    expect(new Set(units.map((u) => u.costModelVersionId))).toEqual(new Set([model.id]));
    // 特护 is dearer than 介护's 失能 line, for the same subsidies.
    const nursing = await em.findOneOrFail(CostModelVersion, { siteId: w.siteId, serviceLine: 'carehome.bed.disabled' });
    expect(model.labourFen).toBeGreaterThan(nursing.labourFen);
    expect(units[0].fullCostFen).toBe(residence.priceNow.fullDayFen);
  });
});
