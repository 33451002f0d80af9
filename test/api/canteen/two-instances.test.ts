import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

const onMariaDb = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * Two app instances on one database, as a city deploys them (DESIGN.md §5): orders, cancels
 * and top-ups race through both, and afterwards every count agrees with every other. On MariaDB
 * the second instance is a second app with its own ORM and connection pool; the embedded SQLite
 * database serves one process, so there both "instances" are the same app.
 */
describe(`canteen writes racing through ${onMariaDb ? 'two app instances on one MariaDB' : 'one app on the embedded SQLite'}`, () => {
  let w: World;
  let second: TestApp | null = null;
  let staffB: Client;

  beforeAll(async () => {
    w = await canteenWorld();
    if (onMariaDb) {
      second = await startTestApp({ clock: w.clock, config: { database: w.t.config.database } });
      staffB = await Client.login(second.app, w.users.canteen_staff.username);
    } else {
      staffB = w.staff;
    }
  });
  afterAll(async () => {
    await second?.close();
    await w.close();
  });

  it('when orders, cancels and top-ups race, then portions, wallets, journals and budgets all agree and nothing is charged twice', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '并发套餐', portionLimit: 12 }]);
    const setMealId = setMeals[0].id;
    const members = await Promise.all(Array.from({ length: 6 }, () => makeMember(w.em(), w.site.id, { walletFen: 2500 })));
    const mcaBefore = (await w.em().findOneOrFail(FundingAccount, { siteId: w.site.id, account: 'mca-meal', year: 2026 })).drawnFen;
    const body = (m: { id: string }) => ({ siteId: w.site.id, memberId: m.id, setMealId, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });

    // Each member has one order standing before the race; the race cancels those.
    const standing = [];
    for (const m of members) standing.push((await w.staff.post(`${API}/orders`, body(m))).body);
    const through = (i: number) => (i % 2 ? staffB : w.staff);

    const racing = await Promise.all([
      // 3 new orders per member (the wallets cover two at most), every one with a key sent twice.
      ...members.flatMap((m, i) =>
        [0, 1, 2].flatMap((k) => {
          const key = `race-${m.id}-${k}`;
          return [through(i + k).post(`${API}/orders`, body(m), { 'Idempotency-Key': key }), through(i + k + 1).post(`${API}/orders`, body(m), { 'Idempotency-Key': key })];
        }),
      ),
      ...standing.map((o, i) => through(i).post(`${API}/orders/${o.id}/cancel`, { reason: '改约' })),
      ...members.map((m, i) => through(i + 1).post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 500, method: 'cash' })),
    ]);
    expect(racing.every((r) => r.status < 500)).toBe(true);

    const em = w.em();
    const live = await em.find(CanteenOrder, { setMealId, status: 'placed' });
    const meal = await em.findOneOrFail(CanteenSetMeal, { id: setMealId });
    // Portions: what is ordered is what stands, never over the limit.
    expect(meal.orderedPortions).toBe(live.reduce((s, o) => s + o.quantity, 0));
    expect(meal.orderedPortions).toBeLessThanOrEqual(12);
    // Every cancel got through: the standing orders are cancelled, once.
    expect(await em.count(CanteenOrder, { id: { $in: standing.map((o) => o.id) }, status: 'cancelled' })).toBe(members.length);
    // A key sent twice made one order: the twin answers are the same order or a 409 to retry.
    const created = racing.filter((r) => r.status === 201 && r.body.setMealId === setMealId && !r.headers['idempotent-replayed']);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(created.length);
    expect(live.length).toBe(created.length);

    for (const m of members) {
      const after = await em.findOneOrFail(CanteenMember, { id: m.id });
      const wallet = await em.find(JournalLine, { account: `wallet:${m.id}` });
      // The balance is the ledger's, and within the overdraft (none here).
      expect(after.walletBalanceFen).toBe(wallet.reduce((s, l) => s + l.creditFen - l.debitFen, 0));
      expect(after.walletBalanceFen).toBeGreaterThanOrEqual(0);
      const mine = live.filter((o) => o.memberId === m.id);
      expect(after.walletBalanceFen).toBe(2500 + 500 - mine.reduce((s, o) => s + o.amountFen, 0));
      // One tier-priced set per member and meal, whatever raced.
      expect(mine.reduce((s, o) => s + o.subsidisedPortions, 0)).toBeLessThanOrEqual(1);
    }

    // The budget drew exactly what the live served units drew.
    const units = await em.find(ServedUnit, { sourceId: { $in: [...live, ...standing].map((o) => o.id) }, voided: false });
    expect(units.length).toBe(live.reduce((s, o) => s + o.quantity, 0));
    const drawn = units.flatMap((u) => u.quote.drawdowns.filter((d) => d.account === 'mca-meal')).reduce((s, d) => s + d.amountFen, 0);
    const mcaAfter = (await em.findOneOrFail(FundingAccount, { siteId: w.site.id, account: 'mca-meal', year: 2026 })).drawnFen;
    expect(mcaAfter - mcaBefore).toBe(drawn);
  });
});
