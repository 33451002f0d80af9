import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { CarehomeBill } from '../../../api/modules/carehome/billing.entity';
import type { Quote } from '../../../domain/costsharing';
import { CarehomeRuleSet } from '../../../api/modules/carehome/carehome.entity';
import { DEFAULT_ADMISSION_RULES, DEFAULT_CARE_HOME_SETTINGS } from '../../../domain/carehome';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { settableClock } from '../canteen/world';
import { API, carehomeWorld, World } from './world';

const ORDER = { defaultClass: DEFAULT_ADMISSION_RULES.defaultClass, rules: DEFAULT_ADMISSION_RULES.rules };
/** The site calls its 介护 level 护理二级 and prices it its own way. */
const priced = (nursingFen: number) => DEFAULT_CARE_HOME_SETTINGS.careLevels.map((l) => (l.code === 'nursing' ? { ...l, zh: '护理二级', monthlyPriceFen: nursingFen } : l));
/** A strict site: meals refunded from 3 days away, care reduced from 5 (to a fifth), review over 6. */
const STRICT = { ...DEFAULT_CARE_HOME_SETTINGS, careLevels: priced(500_000), leave: { mealRefundFromDays: 3, reducedCareFromDays: 5, reviewOverDays: 6 }, reducedCareShare: 0.2 };

/**
 * November 2026: the site stores its own settings from the 2nd (介护 at ¥5,000 a month, strict
 * leave rules) and dearer ones from the 20th (介护 at ¥6,000). 王秀英 is admitted on the 2nd and
 * away 7 days from the 10th; a neighbour's relative is admitted on the 25th.
 */
describe('care home: a site’s own care levels, prices and leave rules, versioned with its order of admission', () => {
  let w: World;
  const clock = settableClock('2026-11-02T09:00:00+08:00');
  const post = (body: object, client = w.staff) => client.post(`${API}/rule-sets`, { siteId: w.siteId, ...ORDER, effectiveFrom: '2026-11-02', ...body });

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
    expect(await fields({ careLevels: priced(0) })).toEqual(['settings.careLevels[2].monthlyPriceFen']);
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
    const res = await post({ effectiveFrom: '2026-11-20', settings: { ...STRICT, careLevels: priced(600_000) } });
    expect(res.status).toBe(201);
    expect(res.body.map((s: { version: number; inForce: boolean; settings: typeof STRICT }) => [s.version, s.inForce, s.settings.careLevels[2].monthlyPriceFen, s.settings.leave.reducedCareFromDays])).toEqual([
      [1, false, 420_000, 15],
      [2, true, 500_000, 5],
      [3, false, 500_000, 5],
      [4, false, 600_000, 5],
    ]);
    // Version 3 stores no settings of its own.
    expect((await w.em().findOneOrFail(CarehomeRuleSet, { siteId: w.siteId, version: 3 })).settings).toBeNull();
  });

  it('a contract takes the price of its care level in force on the admission day; billing tiers leave by the site’s rules and reduces care by its share', async () => {
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
    expect([first.monthlyPriceFen, first.depositFen, later.monthlyPriceFen]).toEqual([500_000, 500_000, 600_000]);
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
