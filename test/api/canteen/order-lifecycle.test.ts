import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit, ServedUnitShare } from '../../../api/modules/costsharing/served-unit.entity';
import { JournalEntry, JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, NINE_AM, TUESDAY, World } from './world';

describe('canteen orders after the counter: cancel, serve, no-show, read', () => {
  let w: World;
  let today: { id: string };
  let tomorrow: { id: string };
  beforeAll(async () => {
    w = await canteenWorld();
    ({
      setMeals: [today, tomorrow],
    } = await makePlan(w.em(), w.site.id, MONDAY, [
      { date: MONDAY, name: '今日午餐', portionLimit: 40 },
      { date: TUESDAY, name: '明日午餐' },
    ]));
  });
  afterAll(() => w.close());
  afterEach(() => w.clock.set(NINE_AM));

  const take = async (body: object = {}) => {
    const res = await w.staff.post(`${API}/orders`, { siteId: w.site.id, setMealId: today.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' }, ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const drawn = async () => (await w.em().findOneOrFail(FundingAccount, { siteId: w.site.id, account: 'mca-meal', year: 2026 })).drawnFen;
  const ordered = async (id: string) => (await w.em().findOneOrFail(CanteenSetMeal, { id })).orderedPortions;

  it('when an order is cancelled before the cut-off, then the wallet is refunded by a journal entry, the portion and the subsidy go back, the snapshot is voided', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 3000 });
    const [mca, portions] = [await drawn(), await ordered(today.id)];
    const placed = await take({ memberId: m.id, quantity: 2 });
    expect(await drawn()).toBe(mca + 200);
    const res = await w.staff.post(`${API}/orders/${placed.id}/cancel`, { reason: '临时住院' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '临时住院', walletBalanceFen: 3000 });
    expect(await drawn()).toBe(mca);
    expect(await ordered(today.id)).toBe(portions);
    const em = w.em();
    expect((await em.find(ServedUnit, { sourceId: placed.id })).every((u) => u.voided)).toBe(true);
    const units = await em.find(ServedUnit, { sourceId: placed.id });
    expect((await em.find(ServedUnitShare, { servedUnitId: { $in: units.map((u) => u.id) } })).every((s) => s.voided)).toBe(true);
    const refund = await em.findOneOrFail(JournalEntry, { orderId: placed.id, kind: 'order.refund' });
    const lines = await em.find(JournalLine, { entryId: refund.id });
    expect(lines.map((l) => [l.account, l.debitFen, l.creditFen]).sort()).toEqual([
      ['revenue:canteen', 2400, 0],
      [`wallet:${m.id}`, 0, 2400],
    ]);
    expect((await w.staff.get(`${API}/members/${m.id}/wallet`)).body.balanceFen).toBe(3000);
  });

  it('when a cash order is cancelled, then the cash comes out of the drawer of whoever took it', async () => {
    const placed = await take({ payment: { method: 'cash' } });
    await w.operator.post(`${API}/orders/${placed.id}/cancel`, {});
    const refund = await w.em().findOneOrFail(JournalEntry, { orderId: placed.id, kind: 'order.refund' });
    const lines = await w.em().find(JournalLine, { entryId: refund.id });
    expect(lines.find((l) => l.creditFen > 0)!.account).toBe(`cash:${w.users.canteen_staff.id}`);
    expect(refund.staffId).toBe(w.users.operator_admin.id);
  });

  it('when the cut-off has passed, then cancelling is 422 with the deadline; a cancelled order cannot be cancelled again (409)', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 3000, address: '2栋' });
    const delivery = await take({ memberId: m.id, channel: 'delivery' });
    w.clock.set(`${MONDAY}T10:30:00+08:00`);
    const late = await w.staff.post(`${API}/orders/${delivery.id}/cancel`, {});
    expect(late.status).toBe(422);
    expect(late.body.deadline).toBe('2026-11-23T10:00:59.999+08:00');
    w.clock.set(NINE_AM);
    const dineIn = await take({ memberId: m.id });
    expect((await w.staff.post(`${API}/orders/${dineIn.id}/cancel`, {})).status).toBe(200);
    const again = await w.staff.post(`${API}/orders/${dineIn.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, type: '/problems/conflict', orderStatus: 'cancelled' });
    expect((await w.staff.post(`${API}/orders/no-such/cancel`, {})).status).toBe(404);
    expect((await w.staff.post(`${API}/orders/${dineIn.id}/cancel`, { reason: '' })).body.errors[0].field).toBe('reason');
  });

  it('when an order is served on its day, then it is served; before its day, 422; a served order cannot be served, cancelled or marked no-show (409)', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const early = await take({ memberId: m.id, setMealId: tomorrow.id });
    const notYet = await w.staff.post(`${API}/orders/${early.id}/serve`);
    expect(notYet.status).toBe(422);
    expect(notYet.body.errors[0].field).toBe('orderId');
    const now = await take({ memberId: m.id });
    const served = await w.staff.post(`${API}/orders/${now.id}/serve`);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ status: 'served', closedAt: '2026-11-23T01:00:00.000Z', memberName: m.name });
    expect((await w.staff.post(`${API}/orders/${now.id}/serve`)).status).toBe(409);
    expect((await w.staff.post(`${API}/orders/${now.id}/no-show`)).status).toBe(409);
    expect((await w.staff.post(`${API}/orders/${now.id}/cancel`, {})).status).toBe(409);
    expect((await w.staff.post(`${API}/orders/no-such/serve`)).status).toBe(404);
  });

  it('when a member does not come, then the no-show keeps the payment but voids the served unit, so the subsidy goes back to the budget', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const placed = await take({ memberId: m.id });
    const mca = await drawn();
    const res = await w.staff.post(`${API}/orders/${placed.id}/no-show`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('no_show');
    expect(await drawn()).toBe(mca - 200);
    expect((await w.em().findOneOrFail(ServedUnit, { sourceId: placed.id })).voided).toBe(true);
    expect(await w.em().count(JournalEntry, { orderId: placed.id, kind: 'order.refund' })).toBe(0);
    expect((await w.staff.get(`${API}/members/${m.id}/wallet`)).body.balanceFen).toBe(3900);
  });

  it('orders are read one by one or listed by date, meal, member and status; other sites and roles are refused', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '列表测试', walletFen: 5000 });
    const placed = await take({ memberId: m.id });
    const one = await w.community.get(`${API}/orders/${placed.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: placed.id, memberName: '列表测试', lines: [{ tier: 'age70' }] });
    const list = await w.staff.get(`${API}/orders?siteId=${w.site.id}&date=${MONDAY}&meal=lunch&memberId=${m.id}&status=placed`);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: placed.id }] });
    expect((await w.staff.get(`${API}/orders?siteId=${w.site.id}&status=eaten`)).body.errors[0].field).toBe('query.status');
    expect((await w.staff.get(`${API}/orders/no-such`)).status).toBe(404);
    for (const path of [`/orders/${placed.id}`, `/orders?siteId=${w.site.id}`]) {
      expect((await w.outsider.get(`${API}${path}`)).body.type).toBe('/problems/not-found');
      expect((await w.childcare.get(`${API}${path}`)).status).toBe(403);
    }
    for (const action of ['cancel', 'serve', 'no-show']) {
      expect((await w.outsider.post(`${API}/orders/${placed.id}/${action}`, {})).body.type).toBe('/problems/not-found');
      expect((await w.community.post(`${API}/orders/${placed.id}/${action}`, {})).status).toBe(403);
    }
  });
});
