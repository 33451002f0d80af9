import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

/** Capacity and money rules under concurrent requests (DESIGN.md §4), on SQLite and on MariaDB. */
describe('canteen orders under concurrency', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  const order = (setMealId: string, body: object) =>
    w.staff.post(`${API}/orders`, { siteId: w.site.id, setMealId, quantity: 1, channel: 'dine_in', payment: { method: 'cash' }, ...body });
  const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

  it('when 20 orders arrive at once for a set meal with 5 portions left, then exactly 5 succeed and 15 get 409', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '限量套餐', portionLimit: 5 }]);
    const members = await Promise.all(Array.from({ length: 10 }, () => makeMember(w.em(), w.site.id, { walletFen: 5000 })));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => order(setMeals[0].id, i < 10 ? { memberId: members[i].id, payment: { method: 'wallet' } } : { guestName: `访客${i}` })),
    );
    expect(statuses(results)).toEqual([...Array(5).fill(201), ...Array(15).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ remainingPortions: 0, detail: '限量套餐 is sold out' });
    expect((await w.em().findOneOrFail(CanteenSetMeal, { id: setMeals[0].id })).orderedPortions).toBe(5);
    expect(await w.em().count(CanteenOrder, { setMealId: setMeals[0].id })).toBe(5);
    const charged = results.filter((r) => r.status === 201 && r.body.payment.method === 'wallet');
    const em = w.em();
    for (const r of charged) expect((await em.findOneOrFail(CanteenMember, { id: r.body.memberId })).walletBalanceFen).toBe(5000 - r.body.amountFen);
  });

  it('when one wallet is charged by 10 orders at once, then it never goes below −overdraft and the ledger agrees with the balance', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '钱包套餐' }]);
    const m = await makeMember(w.em(), w.site.id, { walletFen: 3000, overdraftLimitFen: 500 });
    const results = await Promise.all(Array.from({ length: 10 }, () => order(setMeals[0].id, { memberId: m.id, payment: { method: 'wallet' } })));
    // 1,100 at the age70 price, then 1,300 at the guest price: 3,000 + 500 covers two orders.
    expect(statuses(results)).toEqual([201, 201, ...Array(8).fill(422)]);
    const after = await w.em().findOneOrFail(CanteenMember, { id: m.id });
    expect(after.walletBalanceFen).toBe(600);
    expect(after.walletBalanceFen).toBeGreaterThanOrEqual(-500);
    const lines = await w.em().find(JournalLine, { account: `wallet:${m.id}` });
    expect(lines.reduce((s, l) => s + l.creditFen - l.debitFen, 0)).toBe(600);
  });

  it('when a programme budget has 1,100 fen left and 12 age70 members order at once, then exactly 1,100 fen of subsidy is granted and nobody is refused', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '预算套餐' }]);
    const em = w.em();
    const account = await em.findOneOrFail(FundingAccount, { siteId: w.site.id, account: 'mca-meal', year: 2026 });
    account.limitFen = account.drawnFen + 1100;
    await em.flush();
    const members = await Promise.all(Array.from({ length: 12 }, () => makeMember(w.em(), w.site.id, { walletFen: 2000 })));
    const results = await Promise.all(members.map((m) => order(setMeals[0].id, { memberId: m.id, payment: { method: 'wallet' } })));
    expect(statuses(results)).toEqual(Array(12).fill(201));
    const subsidies = results.map((r) => r.body.subsidyFen).sort((a, b) => b - a);
    expect(subsidies).toEqual([200, 200, 200, 200, 200, 100, 0, 0, 0, 0, 0, 0]);
    const after = await w.em().findOneOrFail(FundingAccount, { id: account.id });
    expect(after.drawnFen).toBe(after.limitFen);
    // Less subsidy means a higher price, never a refusal: 1,100 with the full 200, 1,300 with none.
    expect(results.map((r) => r.body.amountFen + r.body.subsidyFen).every((x) => x === 1300)).toBe(true);
  });
});
