import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { CarehomeBill } from '../../../api/modules/carehome/billing.entity';
import type { Quote } from '../../../domain/costsharing';
import { CarehomeRuleSet } from '../../../api/modules/carehome/carehome.entity';
import { DEFAULT_ADMISSION_RULES, DEFAULT_CARE_HOME_SETTINGS } from '../../../domain/carehome';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { CostModelVersion } from '../../../api/modules/costsharing/cost-model.entity';
import { previewQuotes } from '../../../api/modules/costsharing/costsharing.service';
import { settableClock } from '../canteen/world';
import { API, carehomeWorld, World } from './world';

const ORDER = { defaultClass: DEFAULT_ADMISSION_RULES.defaultClass, rules: DEFAULT_ADMISSION_RULES.rules };
const SPECIAL = 'carehome.bed.special_care';
/** The site calls its 介护 level 护理二级 and prices it on a line of its choosing. */
const priced = (serviceLine: string) => DEFAULT_CARE_HOME_SETTINGS.careLevels.map((l) => (l.code === 'nursing' ? { ...l, zh: '护理二级', serviceLine } : l));
/** A strict site: 介护 on the 特护 line, meals refunded from 3 days away, care reduced from 5 (to a fifth), review over 6. */
const STRICT = { ...DEFAULT_CARE_HOME_SETTINGS, careLevels: priced(SPECIAL), leave: { mealRefundFromDays: 3, reducedCareFromDays: 5, reviewOverDays: 6 }, reducedCareShare: 0.2 };

/**
 * November 2026: the site stores its own settings from the 2nd (介护 priced on the 特护 line,
 * strict leave rules) and from the 20th others (介护 back on the 失能 line). 王秀英 is admitted on the 2nd and
 * away 7 days from the 10th; a neighbour's relative is admitted on the 25th.
 */
describe('care home: a site’s own care levels, prices and leave rules, versioned with its order of admission', () => {
  let w: World;
  const clock = settableClock('2026-11-02T09:00:00+08:00');
  const post = (body: object, client = w.staff) => client.post(`${API}/rule-sets`, { siteId: w.siteId, ...ORDER, effectiveFrom: '2026-11-02', ...body });
  /** The family's price of a bed-day on a line for the 失能 tier on a date, by the cost-sharing preview. */
  const familyDay = async (serviceLine: string, date: string) => (await previewQuotes(w.em(), { siteId: w.siteId, serviceLine, date, tiers: ['disabled'] }))[0].resident.paysFen;

  beforeAll(async () => {
    w = await carehomeWorld({ clock });
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    await w.room({}, [{ careLevels: ['nursing'] }, { careLevels: ['nursing'] }]);
  }, 120_000);
  afterAll(() => w.close());

  it('refuses settings it cannot work from, naming each field (422; 400 for a shape it cannot read), and stores nothing refused', async () => {
    const fields = async (settings: object) => {
      const res = await post({ settings: { ...STRICT, ...settings } });
      expect(res.status).toBe(422);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await fields({ careLevels: priced('canteen.lunch') })).toEqual(['settings.careLevels[2].serviceLine']);
    // The 特护 line is priced only from the 15th: settings from the 2nd naming it cannot be billed, from the 20th they can.
    await w.em().nativeUpdate(CostModelVersion, { siteId: w.siteId, serviceLine: SPECIAL }, { effectiveFrom: '2026-11-15' });
    expect(await fields({})).toEqual(['settings.careLevels[2].serviceLine', 'settings.careLevels[3].serviceLine']);
    const unpriced = await post({ settings: DEFAULT_CARE_HOME_SETTINGS });
    expect(unpriced.body.errors).toEqual([expect.objectContaining({ field: 'settings.careLevels[3].serviceLine', message: expect.stringContaining('2026-11-02') })]);
    await w.em().nativeUpdate(CostModelVersion, { siteId: w.siteId, serviceLine: SPECIAL }, { effectiveFrom: '2026-01-01' });
    expect(await fields({ leave: { mealRefundFromDays: 15, reducedCareFromDays: 7, reviewOverDays: 60 } })).toEqual(['settings.leave.reducedCareFromDays']);
    expect(await fields({ reducedCareShare: 1.5 })).toEqual(['settings.reducedCareShare']);
    expect(await fields({ careLevels: STRICT.careLevels.filter((l) => l.code !== 'special') })).toEqual(['settings.careLevels']);
    const bad = await post({ settings: { ...STRICT, voucherGrades: ['worst'] } });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['settings.voucherGrades.0']]);
    expect((await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`)).body).toHaveLength(1);
  });

  it('families, other staff and other sites may not store settings', async () => {
    expect((await post({ settings: STRICT }, w.family)).status).toBe(403);
    expect((await post({ settings: STRICT }, w.canteen)).status).toBe(403);
    expect((await w.outsider.post(`${API}/rule-sets`, { siteId: w.siteId, ...ORDER, effectiveFrom: '2026-11-02', settings: STRICT })).status).toBe(404);
    expect((await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`)).body).toHaveLength(1);
  });

  it('staff and admins store versions with settings; each version answers the settings it stands on, a version without them keeps the one before’s', async () => {
    expect((await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`)).body[0].settings).toEqual(DEFAULT_CARE_HOME_SETTINGS);
    expect((await post({ settings: STRICT })).status).toBe(201);
    expect((await post({ effectiveFrom: '2026-11-10' }, w.operator)).status).toBe(201);
    const res = await post({ effectiveFrom: '2026-11-20', settings: { ...STRICT, careLevels: priced('carehome.bed.disabled') } });
    expect(res.status).toBe(201);
    // Each version answers its levels' prices: the quote of the line each names, for the level's tier, 30 days of it a month.
    const [special, disabled] = [await familyDay(SPECIAL, '2026-11-02'), await familyDay('carehome.bed.disabled', '2026-11-02')];
    expect(special).toBeGreaterThan(disabled);
    type Answer = { version: number; inForce: boolean; settings: typeof STRICT; prices: { serviceLine: string; familyDayFen: number; monthFen: number; fullDayFen: number }[] };
    expect(res.body.map((s: Answer) => [s.version, s.inForce, s.settings.careLevels[2].serviceLine, s.prices[2].familyDayFen, s.prices[2].monthFen, s.settings.leave.reducedCareFromDays])).toEqual([
      [1, false, 'carehome.bed.disabled', disabled, disabled * 30, 15],
      [2, true, SPECIAL, special, special * 30, 5],
      [3, false, SPECIAL, special, special * 30, 5],
      [4, false, 'carehome.bed.disabled', disabled, disabled * 30, 5],
    ]);
    expect(res.body[1].prices[2].fullDayFen).toBeGreaterThan(special);
    // Version 3 stores no settings of its own.
    expect((await w.em().findOneOrFail(CarehomeRuleSet, { siteId: w.siteId, version: 3 })).settings).toBeNull();
  });

  it('a contract takes the quote of its care level’s line in force on the admission day; billing tiers leave by the site’s rules and reduces care by its share', async () => {
    const admit = async (client: typeof w.family, admissionDate: string) => {
      const app = await w.applied(client, { desiredDate: admissionDate });
      await w.assess(app.id);
      const { offer } = await w.read(client, app.id);
      const accepted = await client.post(`${API}/offers/${offer.id}/accept`, { admissionDate });
      expect(accepted.status).toBe(200);
      return (await w.read(w.staff, app.id)).residence;
    };
    const first = await admit(w.family, '2026-11-02');
    const later = await admit((await w.neighbour()).client, '2026-11-25');
    const [special, disabled] = [await familyDay(SPECIAL, '2026-11-02'), await familyDay('carehome.bed.disabled', '2026-11-25')];
    expect([first.monthlyPriceFen, first.depositFen, later.monthlyPriceFen]).toEqual([special * 30, special * 30, disabled * 30]);
    // Staff and the family read the level by the site's own name.
    expect(first.careLevelName.zh).toBe('护理二级');
    expect((await w.family.get(`${API}/applications?siteId=${w.siteId}`)).body[0].careLevelName.zh).toBe('护理二级');

    clock.set('2026-11-10T09:00:00+08:00');
    expect((await w.staff.post(`${API}/residences/${first.id}/leaves`, { fromDate: '2026-11-10', expectedBack: '2026-11-17', reason: '回家小住' })).status).toBe(201);
    clock.set('2026-11-17T09:00:00+08:00');
    expect((await w.staff.post(`${API}/residences/${first.id}/return`, { date: '2026-11-17' })).status).toBe(200);
    clock.set('2026-12-07T09:00:00+08:00');
    expect((await w.staff.post(`${API}/bills/run`, { siteId: w.siteId, month: '2026-11' })).status).toBe(200);

    const bill = await w.em().findOneOrFail(CarehomeBill, { residenceId: first.id, month: '2026-11' });
    // The level bills on the line its settings name, for its own subsidy tier, at the price its contract was quoted.
    expect([bill.serviceLine, bill.tier, bill.days.find((d) => d.kind === 'served')!.familyFen]).toEqual([SPECIAL, 'disabled', special]);
    const leave = bill.days.flatMap((d) => (d.kind === 'leave' ? [d] : []));
    // 7 days away: the defaults would refund meals only; this site reduces care from 5 days and flags over 6.
    expect(leave.map((d) => [d.tier, d.absenceDays])).toEqual(Array(7).fill(['reduced_care', 7]));
    expect(bill.reviewFlags).toEqual([{ from: '2026-11-10', to: '2026-11-16', days: 7 }]);
    // A served day of the same line gives the day's care cost: a fifth of it is still charged, four fifths taken off.
    const served = await w.em().findOneOrFail(ServedUnit, { sourceId: bill.id }, { orderBy: { servedDate: 'asc' } });
    const careFen = (served.quote as Quote).cost.componentsFen.labour;
    expect(careFen).toBeGreaterThan(0);
    for (const d of leave) {
      expect(d.mealRefundFen).toBeGreaterThan(0);
      expect(d.careReductionFen).toBe(Math.min(Math.round(careFen * 0.8), d.familyFen - d.mealRefundFen));
      expect(d.chargedFen).toBe(d.familyFen - d.mealRefundFen - d.careReductionFen);
    }
  });
});
