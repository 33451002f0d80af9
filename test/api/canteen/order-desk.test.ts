import pino from 'pino';
import { loadAuthUser } from '../../../api/auth/passport';
import { HttpProblem } from '../../../api/errors';
import type { OrderInput } from '../../../api/modules/canteen/canteen.schemas';
import { orderDesk } from '../../../api/modules/canteen/order-desk';
import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder, OrderPriceLine } from '../../../api/modules/canteen/order.entity';
import { CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

/**
 * Orders that arrive together are taken in one transaction (the order desk): each must still
 * be checked against what the ones before it took, and a refused one must leave nothing behind
 * while the others are taken. On SQLite and on MariaDB.
 */
describe('canteen orders taken together', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  const order = (body: object, headers: Record<string, string> = {}) =>
    w.staff.post(`${API}/orders`, { siteId: w.site.id, quantity: 1, channel: 'dine_in', payment: { method: 'cash' }, ...body }, headers);
  const mcaDrawn = async () => (await w.em().findOneOrFail(FundingAccount, { siteId: w.site.id, account: 'mca-meal', year: 2026 })).drawnFen;
  const walletOf = async (id: string) => (await w.em().findOneOrFail(CanteenMember, { id })).walletBalanceFen;
  const mcaOf = (lines: OrderPriceLine[]) => lines.reduce((s, l) => s + (l.programmesFen['mca-meal'] ?? 0) * l.portions, 0);

  it('when one member orders the same lunch three times at once, then exactly one portion gets the tier price and the wallet pays for all three', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '同桌套餐' }]);
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const before = await mcaDrawn();
    const results = await Promise.all(Array.from({ length: 3 }, () => order({ memberId: m.id, setMealId: setMeals[0].id, payment: { method: 'wallet' } })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    // The member stays age70; the portions after the first are priced as a guest's.
    expect(results.map((r) => [r.body.tier, r.body.lines[0].tier, r.body.amountFen, r.body.subsidyFen]).sort()).toEqual([
      ['age70', 'age70', 1100, 200],
      ['age70', 'guest', 1300, 0],
      ['age70', 'guest', 1300, 0],
    ]);
    expect(await walletOf(m.id)).toBe(5000 - 1100 - 1300 - 1300);
    expect((await mcaDrawn()) - before).toBe(200);
    // Each answer shows the balance its own charge left: three different balances down to the last.
    expect(results.map((r) => r.body.walletBalanceFen).sort((a, b) => b - a)).toEqual([3900, 2600, 1300]);
  });

  it('when good and refused orders arrive together, then each refusal is its own and leaves nothing, and the rest are taken and charged exactly', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [
      { date: MONDAY, name: '三份限量', portionLimit: 3 },
      { date: MONDAY, name: '不限量套餐' },
    ]);
    const [limited, open] = setMeals;
    const em = w.em();
    const buyers = await Promise.all(Array.from({ length: 4 }, () => makeMember(w.em(), w.site.id, { walletFen: 5000 })));
    const retired = await makeMember(em, w.site.id, { walletFen: 5000 });
    const broke = await makeMember(w.em(), w.site.id, { walletFen: 0 });
    await em.nativeUpdate(CanteenMember, { id: retired.id }, { active: false });
    const elsewhere = await makeMember(w.em(), w.otherSite.id, { walletFen: 5000 });
    const before = await mcaDrawn();

    const requests: (readonly [string, ReturnType<typeof order>])[] = [
      ...buyers.map((m) => ['sold out for one', order({ memberId: m.id, setMealId: limited.id, payment: { method: 'wallet' } })] as const),
      ['deactivated', order({ memberId: retired.id, setMealId: open.id, payment: { method: 'wallet' } })],
      ['wallet short', order({ memberId: broke.id, setMealId: open.id, payment: { method: 'wallet' } })],
      ['guest wallet', order({ guestName: '散客甲', setMealId: open.id, payment: { method: 'wallet' } })],
      ['other site', order({ memberId: elsewhere.id, setMealId: open.id })],
      ...Array.from({ length: 3 }, (_, i) => ['guest', order({ guestName: `散客${i}`, setMealId: open.id })] as const),
      ...Array.from({ length: 2 }, () => ['same key', order({ guestName: '重复提交', setMealId: open.id }, { 'Idempotency-Key': 'desk-double-enter' })] as const),
    ];
    const results = await Promise.all(requests.map(([, r]) => r));
    const byKind = (kind: string) => results.filter((_, i) => requests[i][0] === kind);

    expect(byKind('sold out for one').map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
    expect(byKind('deactivated')[0]).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'memberId' })] } });
    expect(byKind('wallet short')[0]).toMatchObject({ status: 422, body: { shortfallFen: 1100 } });
    expect(byKind('guest wallet')[0]).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field: 'payment.method' })] } });
    expect(byKind('other site')[0].status).toBe(404);
    expect(byKind('guest').map((r) => r.status)).toEqual([201, 201, 201]);
    const [first, second] = byKind('same key');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);

    const fresh = w.em();
    expect((await fresh.findOneOrFail(CanteenSetMeal, { id: limited.id })).orderedPortions).toBe(3);
    expect((await fresh.findOneOrFail(CanteenSetMeal, { id: open.id })).orderedPortions).toBe(4);
    expect(await fresh.count(CanteenOrder, { setMealId: limited.id })).toBe(3);
    expect(await fresh.count(CanteenOrder, { setMealId: open.id })).toBe(4);
    expect(await fresh.count(CanteenOrder, { memberId: { $in: [retired.id, broke.id, elsewhere.id] } })).toBe(0);
    expect(await walletOf(retired.id)).toBe(5000);
    expect(await walletOf(broke.id)).toBe(0);
    for (const m of buyers) {
      const charged = await fresh.findOne(CanteenOrder, { memberId: m.id });
      expect(await walletOf(m.id)).toBe(5000 - (charged?.amountFen ?? 0));
      const lines = await fresh.find(JournalLine, { account: `wallet:${m.id}` });
      expect(lines.reduce((s, l) => s + l.creditFen - l.debitFen, 0)).toBe(await walletOf(m.id));
    }
    // The budget was drawn by the orders taken, and by nothing that was refused.
    const taken = results.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(taken).toHaveLength(7);
    expect((await mcaDrawn()) - before).toBe(taken.reduce((s, r) => s + mcaOf(r.body.lines as OrderPriceLine[]), 0));
  });

  it('when orders reach an idle desk in the same moment, then the first is taken alone and all the others in one batch, each checked against the ones before it', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '两份限量', portionLimit: 2 }]);
    const user = (await loadAuthUser(w.t.orm, w.users.canteen_staff.id))!;
    const m = await makeMember(w.em(), w.site.id, { walletFen: 2500 });
    const poor = await makeMember(w.em(), w.site.id, { walletFen: 1000 });
    const before = await mcaDrawn();
    const take = (body: Partial<OrderInput>) =>
      orderDesk.take({ orm: w.t.orm, config: w.t.config, clock: w.clock, logger: pino({ level: 'silent' }) }, w.t.orm.em.fork(), { kind: 'take', user, input: { siteId: w.site.id, setMealId: setMeals[0].id, quantity: 1, channel: 'dine_in', payment: { method: 'cash' }, ...body }, now: w.clock.now() }, undefined).then(
        (answer) => ({ status: 201, answer }),
        (err: HttpProblem) => ({ status: err.status, answer: null }),
      );
    // No await between them: the desk starts on the first and queues the rest for its next batch.
    const outcomes = await Promise.all([
      take({ guestName: '先到' }),
      take({ memberId: poor.id, payment: { method: 'wallet' } }),
      take({ memberId: m.id, payment: { method: 'wallet' } }),
      take({ memberId: m.id, payment: { method: 'wallet' } }),
    ]);
    // The poor member's 1,100 is refused (wallet short) and gives back what its pricing drew; the
    // member's first portion takes the last place and the subsidy, the second finds it sold out.
    expect(outcomes.map((o) => o.status)).toEqual([201, 422, 201, 409]);
    expect(outcomes[2].answer).toMatchObject({ amountFen: 1100, subsidyFen: 200, walletBalanceFen: 1400 });
    expect(await walletOf(m.id)).toBe(1400);
    expect(await walletOf(poor.id)).toBe(1000);
    expect((await mcaDrawn()) - before).toBe(200);
    const placed = await w.em().find(CanteenOrder, { setMealId: setMeals[0].id }, { orderBy: { id: 'asc' } });
    expect(placed.map((o) => o.guestName ?? o.memberId)).toEqual(['先到', m.id]);
    expect((await w.em().findOneOrFail(CanteenSetMeal, { id: setMeals[0].id })).orderedPortions).toBe(2);
  });
});
