import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { ContributionRule, FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { newId } from '../../../api/entity-helpers';
import { Migration20261204000003_agreed_annual_amounts } from '../../../migrations/Migration20261204000003_agreed_annual_amounts';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite, makeSiteWithStaff } from '../support/factories';

const ROLLOVER = '/api/v1/costsharing/funding-accounts/rollover';

type YearAccount = { account: string; mechanism: string; state: string; openingFen: number | null; limitFen: number | null; leftFen: number | null; name: { zh: string } };

describe('costsharing: a year’s funding accounts, and the rollover that opens them', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  let operator: Client;
  beforeAll(async () => {
    t = await startTestApp();
    site = await makePricedSite(t.orm, 2026);
    operator = await Client.login(t.app, site.users.operator_admin.username);
  });
  afterAll(() => t.close());

  const year = async (y: number): Promise<YearAccount[]> => {
    const res = await operator.get(`${ROLLOVER}?siteId=${site.site.id}&year=${y}`);
    expect(res.status).toBe(200);
    return res.body.accounts;
  };
  const byAccount = (accounts: YearAccount[], code: string) => accounts.find((a) => a.account === code)!;

  it('lists each account the year’s agreements draw on: this year’s open with what is left, next year’s missing with what it would open with', async () => {
    const now = await year(2026);
    expect(now.length).toBe(8);
    expect(now.every((a) => a.state === 'open')).toBe(true);
    expect(byAccount(now, 'mca-meal')).toMatchObject({ mechanism: 'tier_subsidy', name: { zh: '老年助餐补贴' }, party: { zh: '民政局' }, serviceLines: ['canteen.lunch'], limitFen: 30_000_000, leftFen: 30_000_000 });
    const next = await year(2027);
    expect(next.every((a) => a.state === 'missing' && a.limitFen === null)).toBe(true);
    expect(byAccount(next, 'mca-meal').openingFen).toBe(30_000_000);
    expect(byAccount(next, 'charity-tekun-lunch')).toMatchObject({ mechanism: 'charity_pool', openingFen: 2_000_000 });
    expect(byAccount(next, 'charity-dibao-afterschool')).toMatchObject({ mechanism: 'charity_pool', serviceLines: ['afterschool.session'], openingFen: 1_000_000 });
    expect(next.find((a) => a.mechanism === 'fixed_grant')).toMatchObject({ openingFen: 9_600_000 });
  });

  it('a preview for a date in a year without its accounts is refused naming them, like an order; after the rollover it prices', async () => {
    const ask = () => operator.post('/api/v1/costsharing/quotes', { siteId: site.site.id, serviceLine: 'carehome.bed.disabled', date: '2028-01-03' });
    const refused = await ask();
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'fundingAccount.mca-bed', code: 'no_funding_account', params: expect.objectContaining({ year: 2028, name: '养老床位运营补贴' }) }),
      expect.objectContaining({ field: 'fundingAccount.mca-care-voucher', code: 'no_funding_account', params: expect.objectContaining({ year: 2028, name: '养老服务消费券' }) }),
    ]);
    expect((await operator.post(ROLLOVER, { siteId: site.site.id, year: 2028 })).status).toBe(200);
    const priced = await ask();
    expect(priced.status).toBe(200);
    expect(priced.body.quotes[0].drawdowns).toEqual([expect.objectContaining({ account: 'mca-bed', amountFen: 2_000 }), expect.objectContaining({ account: 'mca-care-voucher', amountFen: 1_000 })]);
  });

  it('the rollover opens what is missing and nothing else: run again, or at the same time, it changes nothing', async () => {
    const em = t.orm.em.fork();
    const together = await Promise.all([operator.post(ROLLOVER, { siteId: site.site.id, year: 2027 }), operator.post(ROLLOVER, { siteId: site.site.id, year: 2027 })]);
    expect(together.map((r) => r.status)).toEqual([200, 200]);
    expect(together.flatMap((r) => r.body.opened).sort()).toEqual((await year(2027)).map((a) => a.account).sort());
    expect(await em.count(FundingAccount, { siteId: site.site.id, year: 2027 })).toBe(8);

    const row = await em.findOneOrFail(FundingAccount, { siteId: site.site.id, account: 'mca-meal', year: 2027 });
    row.drawnFen = 1234;
    await em.flush();
    const again = await operator.post(ROLLOVER, { siteId: site.site.id, year: 2027 });
    expect(again.body.opened).toEqual([]);
    expect(byAccount(again.body.accounts, 'mca-meal')).toMatchObject({ state: 'open', limitFen: 30_000_000, drawnFen: 1234, leftFen: 30_000_000 - 1234 });
  });

  it('a rule that ended before the year needs no account in it; one whose agreement states no amount stays missing and is said so', async () => {
    const em = t.orm.em.fork();
    const mca = (await em.findOneOrFail(ContributionRule, { siteId: site.site.id, mechanism: 'tier_subsidy', serviceLine: 'canteen.lunch' })).partyId;
    const rule = (labelZh: string, settings: Record<string, unknown>, effectiveTo: string | null = null) =>
      em.create(ContributionRule, { id: newId(), siteId: site.site.id, serviceLine: 'canteen.dinner', partyId: mca, mechanism: 'tier_subsidy', labelZh, labelEn: labelZh, effectiveFrom: null, effectiveTo, settings });
    const ended = rule('已结束补贴', { programmeCode: 'ended-meal', amountsByTierFen: { age80: 100 }, annualBudgetFen: 1000 }, '2026-12-31');
    // Written before rules kept their annual budget.
    const unstated = rule('未定额补贴', { programmeCode: 'unstated-meal', amountsByTierFen: { age80: 100 } });
    await em.flush();
    const next = await year(2029);
    expect(next.map((a) => a.account)).not.toContain('ended-meal');
    expect(byAccount(next, 'unstated-meal')).toMatchObject({ state: 'missing', openingFen: null });
    const rolled = await operator.post(ROLLOVER, { siteId: site.site.id, year: 2029 });
    expect(rolled.body.opened).not.toContain('unstated-meal');
    expect(byAccount(rolled.body.accounts, 'unstated-meal').state).toBe('missing');
    await em.nativeDelete(ContributionRule, { id: { $in: [ended.id, unstated.id] } });
  });

  it('the migration puts a programme’s or pool’s latest account limit on a rule that states no annual amount', async () => {
    const em = t.orm.em.fork();
    const other = await makePricedSite(t.orm, 2026);
    const rules = await em.find(ContributionRule, { siteId: other.site.id, mechanism: { $in: ['tier_subsidy', 'charity_pool'] } });
    for (const r of rules) {
      const { annualBudgetFen: _budget, annualFen: _pool, ...legacy } = r.settings;
      r.settings = legacy;
    }
    const mcaMeal = await em.findOneOrFail(FundingAccount, { siteId: other.site.id, account: 'mca-meal', year: 2026 });
    mcaMeal.limitFen = 123_456;
    em.create(FundingAccount, { id: newId(), siteId: other.site.id, account: 'mca-meal', year: 2025, limitFen: 1, drawnFen: 0, units: 0 });
    await em.flush();

    await new Migration20261204000003_agreed_annual_amounts(em.getDriver() as AbstractSqlDriver, t.orm.config).up();

    const after = new Map((await t.orm.em.fork().find(ContributionRule, { siteId: other.site.id, mechanism: { $in: ['tier_subsidy', 'charity_pool'] } })).map((r) => [r.serviceLine + r.mechanism, r.settings]));
    expect(after.get('canteen.lunchtier_subsidy')).toMatchObject({ programmeCode: 'mca-meal', annualBudgetFen: 123_456 });
    expect(after.get('canteen.lunchcharity_pool')).toMatchObject({ poolCode: 'charity-tekun-lunch', annualFen: 2_000_000 });
  });

  it('who may: the site’s admins; bad input is 400 naming the field; another site is out of scope (404)', async () => {
    const community = await Client.login(t.app, site.users.community_admin.username);
    expect((await community.post(ROLLOVER, { siteId: site.site.id, year: 2030 })).status).toBe(200);
    const canteen = await Client.login(t.app, site.users.canteen_staff.username);
    expect((await canteen.post(ROLLOVER, { siteId: site.site.id, year: 2030 })).status).toBe(403);
    expect((await canteen.get(`${ROLLOVER}?siteId=${site.site.id}&year=2030`)).status).toBe(403);
    const department = await Client.login(t.app, site.mcaUser.username);
    expect((await department.post(ROLLOVER, { siteId: site.site.id, year: 2030 })).status).toBe(403);
    const bad = await operator.post(ROLLOVER, { siteId: site.site.id, year: 1999 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'year', code: 'too_small' });
    expect((await operator.get(`${ROLLOVER}?siteId=${site.site.id}`)).body.errors[0].field).toBe('query.year');
    const stranger = await Client.login(t.app, (await makeSiteWithStaff(t.orm)).users.operator_admin.username);
    const out = await stranger.post(ROLLOVER, { siteId: site.site.id, year: 2030 });
    expect(out.status).toBe(404);
    expect(out.body.type).toBe('/problems/not-found');
  });
});
