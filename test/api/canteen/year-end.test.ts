import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { JournalEntry } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, World } from './world';

const NEW_YEARS_EVE = '2026-12-31';
const NEW_YEARS_DAY = '2027-01-01';

/** Each meal draws on the funding accounts of its own date's year, and a year without them refuses the meal. */
describe('canteen orders across 31 December → 1 January', () => {
  let w: World;
  let eve: { id: string };
  let newYear: { id: string };
  beforeAll(async () => {
    w = await canteenWorld();
    w.clock.set(`${NEW_YEARS_EVE}T09:00:00+08:00`);
    ({
      setMeals: [eve, newYear],
    } = await makePlan(w.em(), w.site.id, '2026-12-28', [
      { date: NEW_YEARS_EVE, name: '除夕午餐' },
      { date: NEW_YEARS_DAY, name: '元旦午餐' },
    ]));
  });
  afterAll(() => w.close());

  const order = (setMealId: string, memberId: string, quantity = 1) =>
    w.staff.post(`${API}/orders`, { siteId: w.site.id, setMealId, memberId, quantity, channel: 'dine_in', payment: { method: 'wallet' } });
  const account = (code: string, year: number) => w.em().findOne(FundingAccount, { siteId: w.site.id, account: code, year });
  const drawn = async (code: string, year: number) => (await account(code, year))?.drawnFen ?? null;

  it('on 31 December a 1 January lunch is refused with 422 naming each programme, pool and grant 2027 has not opened, and nothing is written', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const mca2026 = await drawn('mca-meal', 2026);
    const res = await order(newYear.id, m.id);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('Elderly meal subsidy (mca-meal, Civil Affairs Bureau) for 2027');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'fundingAccount.mca-meal',
          code: 'no_funding_account',
          params: { year: 2027, account: 'mca-meal', mechanism: 'tier_subsidy', name: '老年助餐补贴', nameEn: 'Elderly meal subsidy', party: '民政局', partyEn: 'Civil Affairs Bureau' },
          message: 'has no funding account for 2027',
        },
        expect.objectContaining({ code: 'no_funding_account', params: expect.objectContaining({ mechanism: 'fixed_grant', name: '社区公益服务资金（助餐）', year: 2027 }) }),
      ]),
    );
    // An age70 member is not earmarked for the 特困 pool, so it is not named.
    expect(res.body.errors.map((e: { params: { account: string } }) => e.params.account)).not.toContain('charity-tekun-lunch');
    const em = w.em();
    expect(await em.count(CanteenOrder, { memberId: m.id })).toBe(0);
    expect(await em.count(JournalEntry, { memberId: m.id, kind: 'order.payment' })).toBe(0);
    expect((await em.findOneOrFail(CanteenMember, { id: m.id })).walletBalanceFen).toBe(5000);
    expect(await em.count(ServedUnit, { siteId: w.site.id, servedDate: NEW_YEARS_DAY })).toBe(0);
    expect(await drawn('mca-meal', 2026)).toBe(mca2026);
    expect(await account('mca-meal', 2027)).toBeNull();

    const preview = await w.staff.post(`${API}/orders/quote`, { siteId: w.site.id, setMealId: newYear.id, memberId: m.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });
    expect(preview.status).toBe(422);
    expect(preview.body.errors[0].code).toBe('no_funding_account');

    // The same member's lunch on the 31st is its year's, and 2026 is open.
    const today = await order(eve.id, m.id);
    expect(today.status).toBe(201);
    expect(await drawn('mca-meal', 2026)).toBe(mca2026! + 200);
  });

  it('after the rollover opens 2027 from the agreements, the lunch draws on 2027 and not 2026; cancelling gives it back to 2027', async () => {
    const rolled = await w.operator.post('/api/v1/costsharing/funding-accounts/rollover', { siteId: w.site.id, year: 2027 });
    expect(rolled.status).toBe(200);
    // Five programmes, two charity pools and the community grant (its account is the rule's id).
    expect(rolled.body.opened).toHaveLength(8);
    expect(rolled.body.opened).toEqual(
      expect.arrayContaining(['mca-meal', 'mca-bed', 'mca-care-voucher', 'nhc-childcare-slot', 'edu-afterschool', 'charity-tekun-lunch', 'charity-dibao-afterschool']),
    );
    expect(rolled.body.accounts.every((a: { state: string }) => a.state === 'open')).toBe(true);
    expect(await account('mca-meal', 2027)).toMatchObject({ limitFen: 30_000_000, drawnFen: 0, units: 0 });

    const m = await makeMember(w.em(), w.site.id, { categories: [{ category: 'dibao', validFrom: '2026-01-01' }], walletFen: 5000 });
    const [mca2026, grant2026] = [await drawn('mca-meal', 2026), await account(rolled.body.accounts.find((a: { mechanism: string }) => a.mechanism === 'fixed_grant').account, 2026)];
    const eveOrder = await order(eve.id, m.id);
    const newYearOrder = await order(newYear.id, m.id);
    expect([eveOrder.status, newYearOrder.status]).toEqual([201, 201]);
    // The daily cap of ¥5 is per day: the 31st's lunch does not use up the 1st's.
    expect([eveOrder.body.subsidyFen, newYearOrder.body.subsidyFen]).toEqual([500, 500]);
    expect(await drawn('mca-meal', 2026)).toBe(mca2026! + 500);
    expect(await drawn('mca-meal', 2027)).toBe(500);
    const grant2027 = await account(grant2026!.account, 2027);
    expect(grant2027).toMatchObject({ units: 1 });
    const [unit] = await w.em().find(ServedUnit, { sourceId: newYearOrder.body.id });
    expect(unit.quote.drawdowns.map((d) => d.account).sort()).toEqual([grant2026!.account, 'mca-meal'].sort());

    const cancelled = await w.staff.post(`${API}/orders/${newYearOrder.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(await account('mca-meal', 2027)).toMatchObject({ drawnFen: 0, units: 0 });
    expect(await account(grant2026!.account, 2027)).toMatchObject({ drawnFen: 0, units: 0 });
    expect(await drawn('mca-meal', 2026)).toBe(mca2026! + 500);
  });

  it('in the new year, two portions on one day still meet the daily cap and the budget portion by portion', async () => {
    await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 2, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
    try {
      const m = await makeMember(w.em(), w.site.id, { categories: [{ category: 'dibao', validFrom: '2026-01-01' }], walletFen: 5000 });
      const budget = await account('mca-meal', 2027);
      const em = w.em();
      const row = await em.findOneOrFail(FundingAccount, { id: budget!.id });
      row.limitFen = row.drawnFen + 300;
      await em.flush();
      const res = await order(newYear.id, m.id, 2);
      expect(res.status).toBe(201);
      // ¥3 of budget left: the first portion gets it, the second nothing (cap and budget both spent).
      expect(res.body.lines.map((l: { subsidyFen: number }) => l.subsidyFen)).toEqual([300, 0]);
      expect(await account('mca-meal', 2027)).toMatchObject({ drawnFen: row.limitFen });
    } finally {
      await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
    }
  });
});
