import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { CarehomeRuleSet } from '../../../api/modules/carehome/carehome.entity';
import { ContributionRule, CostModelVersion } from '../../../api/modules/costsharing/cost-model.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { DEFAULT_ADMISSION_RULES } from '../../../domain/carehome';
import { Migration20261208000001_carehome_level_lines } from '../../../migrations/Migration20261208000001_carehome_level_lines';
import { startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';

const SPECIAL = 'carehome.bed.special_care';
const DISABLED = 'carehome.bed.disabled';
/** Settings as stored before: each level with a monthly price of its own. */
const OLD_LEVELS = [
  { code: 'independent', zh: '自理', en: 'Independent', grades: ['intact'], monthlyPriceFen: 220_000 },
  { code: 'assisted', zh: '介助', en: 'Assisted', grades: ['mild'], monthlyPriceFen: 300_000 },
  { code: 'care', zh: '护理', en: 'Care', grades: ['intact', 'moderate', 'severe'], monthlyPriceFen: 420_000 },
  { code: 'special', zh: '特护', en: 'Special care', grades: ['complete'], monthlyPriceFen: 560_000 },
];
const OLD_SETTINGS = { careLevels: OLD_LEVELS, voucherGrades: ['moderate'], reassessEveryMonths: 12, leave: { mealRefundFromDays: 7, reducedCareFromDays: 15, reviewOverDays: 60 }, reducedCareShare: 0.5 };

describe('migration: a care level names the line it is priced on, no price of its own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('rewrites stored settings to the line each level was billed on, and gives a site that priced 失能 a 特护 line as a copy of it; twice changes nothing more', async () => {
    const [old, priced] = [await makeSiteWithStaff(t.orm), await makeSiteWithStaff(t.orm)];
    for (const s of [old, priced]) await t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, s.site.id, [2026]));
    // A site from before the 特护 line: its disabled line only.
    await t.orm.em.fork().nativeDelete(CostModelVersion, { siteId: old.site.id, serviceLine: SPECIAL });
    await t.orm.em.fork().nativeDelete(ContributionRule, { siteId: old.site.id, serviceLine: SPECIAL });
    const em = t.orm.em.fork();
    const rules = { defaultClass: DEFAULT_ADMISSION_RULES.defaultClass, rules: DEFAULT_ADMISSION_RULES.rules };
    em.create(CarehomeRuleSet, { siteId: old.site.id, version: 2, effectiveFrom: '2026-11-01', rules, settings: OLD_SETTINGS as never, createdBy: old.users.care_staff.id });
    em.create(CarehomeRuleSet, { siteId: old.site.id, version: 3, effectiveFrom: '2026-12-01', rules, settings: null, createdBy: old.users.care_staff.id });
    await em.flush();
    const pricedSpecial = await t.orm.em.fork().findOneOrFail(CostModelVersion, { siteId: priced.site.id, serviceLine: SPECIAL });

    const migrate = () => new Migration20261208000001_carehome_level_lines(em.getDriver() as AbstractSqlDriver, t.orm.config).up();
    await migrate();
    await migrate();

    const read = t.orm.em.fork();
    const [stored, empty] = await read.find(CarehomeRuleSet, { siteId: old.site.id }, { orderBy: { version: 'asc' } });
    expect(stored.settings!.careLevels).toEqual(
      OLD_LEVELS.map(({ monthlyPriceFen: _price, ...l }, i) => ({ ...l, serviceLine: ['carehome.bed.self_care', 'carehome.bed.semi_disabled', DISABLED, DISABLED][i] })),
    );
    expect(stored.settings!.leave).toEqual(OLD_SETTINGS.leave);
    expect(empty.settings).toBeNull();

    const linesOf = async (siteId: string, serviceLine: string) => ({
      models: (await read.find(CostModelVersion, { siteId, serviceLine })).map(({ labourFen, materialsFen, effectiveFrom, marginTarget, priceStepFen, residentPartyId }) => ({ labourFen, materialsFen, effectiveFrom, marginTarget, priceStepFen, residentPartyId })),
      rules: (await read.find(ContributionRule, { siteId, serviceLine }, { orderBy: { labelEn: 'asc' } })).map(({ partyId, mechanism, labelZh, settings }) => ({ partyId, mechanism, labelZh, settings })),
    });
    const [copy, disabled] = [await linesOf(old.site.id, SPECIAL), await linesOf(old.site.id, DISABLED)];
    expect(copy.models).toHaveLength(1);
    expect(copy).toEqual(disabled);
    // A site already pricing 特护 keeps its own.
    expect(await read.find(CostModelVersion, { siteId: priced.site.id, serviceLine: SPECIAL })).toEqual([expect.objectContaining({ id: pricedSpecial.id, labourFen: pricedSpecial.labourFen })]);
  });
});
