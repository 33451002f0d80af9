import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { JournalEntry, JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, NINE_AM, World } from './world';

describe('canteen orders: taking an order prices it with the six-party engine and charges it', () => {
  let w: World;
  let lunch: { id: string };
  let dinner: { id: string };
  let draft: { id: string };
  beforeAll(async () => {
    w = await canteenWorld();
    const em = w.em();
    ({
      setMeals: [lunch, dinner],
    } = await makePlan(em, w.site.id, MONDAY, [
      { date: MONDAY, meal: 'lunch', name: '红烧肉套餐' },
      { date: MONDAY, meal: 'dinner', name: '清蒸鱼套餐' },
    ]));
    ({
      setMeals: [draft],
    } = await makePlan(em, w.site.id, '2026-11-30', [{ date: '2026-11-30', name: '下周草稿' }], { published: false }));
  });
  afterAll(() => w.close());
  afterEach(() => w.clock.set(NINE_AM));

  const order = (body: object, client = w.staff, headers: Record<string, string> = {}) =>
    client.post(`${API}/orders`, { siteId: w.site.id, setMealId: lunch.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' }, ...body }, headers);
  const drawn = async (account: string) => (await w.em().findOneOrFail(FundingAccount, { siteId: w.site.id, account, year: 2026 })).drawnFen;

  it('when a 76-year-old member orders lunch from the wallet, then the age70 tier price is charged, the quote snapshot is stored and the ledger balances', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '郑大爷', walletFen: 5000 });
    const mcaBefore = await drawn('mca-meal');
    const res = await order({ memberId: m.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      memberId: m.id,
      memberName: '郑大爷',
      date: MONDAY,
      meal: 'lunch',
      setMealName: '红烧肉套餐',
      tier: 'age70',
      tierReasons: [{ code: 'age70', zh: '70 至 79 岁' }],
      amountFen: 1100,
      subsidyFen: 200,
      status: 'placed',
      staffId: w.users.canteen_staff.id,
      payment: { method: 'wallet', reference: null },
      walletBalanceFen: 3900,
      lines: [{ tier: 'age70', portions: 1, unitFen: 1100, subsidyFen: 200, amountFen: 1100, fullCostFen: 1500, programmesFen: { 'mca-meal': 200 } }],
    });
    const em = w.em();
    const units = await em.find(ServedUnit, { sourceId: res.body.id });
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ id: res.body.lines[0].servedUnitIds[0], tier: 'age70', residentPaysFen: 1100, servedDate: MONDAY, voided: false });
    expect(units[0].quote.subject.personRef).toBe(m.id);
    expect(await drawn('mca-meal')).toBe(mcaBefore + 200);
    const entries = await em.find(JournalEntry, { orderId: res.body.id });
    expect(entries).toEqual([expect.objectContaining({ kind: 'order.payment', amountFen: 1100 })]);
    const lines = await em.find(JournalLine, { entryId: entries[0].id });
    expect(lines.map((l) => [l.account, l.debitFen, l.creditFen]).sort()).toEqual([
      ['revenue:canteen', 0, 1100],
      [`wallet:${m.id}`, 1100, 0],
    ]);
    const walletLines = await em.find(JournalLine, { account: `wallet:${m.id}` });
    expect(walletLines.reduce((s, l) => s + l.creditFen - l.debitFen, 0)).toBe(3900);
  });

  it('when a member orders two portions, then one is at the tier price and the other at the guest price; a later order that day is all guest price', async () => {
    const m = await makeMember(w.em(), w.site.id, { birthDate: '1940-01-01', walletFen: 10_000 });
    const two = await order({ memberId: m.id, quantity: 2 });
    expect(two.status).toBe(201);
    expect(two.body.lines).toEqual([
      expect.objectContaining({ tier: 'age80', portions: 1, unitFen: 1000, subsidyFen: 300 }),
      expect.objectContaining({ tier: 'guest', portions: 1, unitFen: 1300, subsidyFen: 0 }),
    ]);
    expect(two.body).toMatchObject({ amountFen: 2300, subsidyFen: 300, walletBalanceFen: 7700 });
    expect(await w.em().count(ServedUnit, { sourceId: two.body.id })).toBe(2);
    const again = await order({ memberId: m.id });
    expect(again.body.lines).toEqual([expect.objectContaining({ tier: 'guest', unitFen: 1300 })]);
    const supper = await order({ memberId: m.id, setMealId: dinner.id });
    expect(supper.body.lines).toEqual([expect.objectContaining({ tier: 'age80', unitFen: 1100 })]);
  });

  it('when a guest orders and pays cash, then the guest price is charged into the staff member’s cash drawer', async () => {
    const res = await order({ guestName: '来访家属', payment: { method: 'cash' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ memberId: null, guestName: '来访家属', tier: 'guest', tierReasons: [{ code: 'guest' }], amountFen: 1300, subsidyFen: 0, walletBalanceFen: null });
    const entry = await w.em().findOneOrFail(JournalEntry, { orderId: res.body.id });
    const lines = await w.em().find(JournalLine, { entryId: entry.id });
    expect(lines.map((l) => [l.account, l.debitFen, l.creditFen]).sort()).toEqual([
      [`cash:${w.users.canteen_staff.id}`, 1300, 0],
      ['revenue:canteen', 0, 1300],
    ]);
  });

  it('when a 特困 member orders, then the charity pool pays the whole price and no money moves', async () => {
    const m = await makeMember(w.em(), w.site.id, { categories: [{ category: 'tekun', validFrom: '2025-01-01' }], walletFen: 100 });
    const pool = await drawn('charity-tekun-lunch');
    const res = await order({ memberId: m.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tier: 'tekun', amountFen: 0, subsidyFen: 500, walletBalanceFen: 100, lines: [{ unitFen: 0, paidByCharityFen: 800 }] });
    expect(await drawn('charity-tekun-lunch')).toBe(pool + 800);
    expect(await w.em().count(JournalEntry, { orderId: res.body.id })).toBe(0);
  });

  it('when more portions a day are tier-priced by the site’s policy, then the per-person daily cap still holds portion by portion', async () => {
    await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 2, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
    try {
      const m = await makeMember(w.em(), w.site.id, { categories: [{ category: 'dibao', validFrom: '2026-01-01' }], walletFen: 5000 });
      const res = await order({ memberId: m.id, quantity: 2 });
      expect(res.status).toBe(201);
      expect(res.body.lines).toEqual([
        expect.objectContaining({ tier: 'dibao', portions: 1, unitFen: 800, subsidyFen: 500 }),
        expect.objectContaining({ tier: 'dibao', portions: 1, unitFen: 1300, subsidyFen: 0 }),
      ]);
      const unit = await w.em().findOneOrFail(ServedUnit, { id: res.body.lines[1].servedUnitIds[0] });
      expect(unit.quote.flags).toContain('personCapReached');
    } finally {
      await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
    }
  });

  it('when the order is for delivery, then the member’s address on file is used unless another is given; without any address, 422', async () => {
    const m = await makeMember(w.em(), w.site.id, { address: '浏河社区3栋2单元201', building: '3栋', room: '201', walletFen: 3000 });
    const res = await order({ memberId: m.id, channel: 'delivery' });
    expect(res.status).toBe(201);
    expect(res.body.delivery).toEqual({ address: '浏河社区3栋2单元201', building: '3栋', room: '201' });
    const elsewhere = await order({ memberId: m.id, channel: 'delivery', delivery: { address: '女儿家 8栋', building: '8栋' } });
    expect(elsewhere.body.delivery).toEqual({ address: '女儿家 8栋', building: '8栋', room: null });
    const guest = await order({ channel: 'delivery', payment: { method: 'cash' } });
    expect(guest.status).toBe(422);
    expect(guest.body.errors[0].field).toBe('delivery.address');
  });

  it('when the channel’s cut-off has passed, then 422 says when it closed; dine-in stays open later', async () => {
    const m = await makeMember(w.em(), w.site.id, { address: '1栋', walletFen: 3000 });
    w.clock.set(`${MONDAY}T10:01:00+08:00`);
    const late = await order({ memberId: m.id, channel: 'delivery' });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ errors: [{ field: 'channel' }], deadline: '2026-11-23T10:00:59.999+08:00' });
    expect((await order({ memberId: m.id, channel: 'dine_in' })).status).toBe(201);
    w.clock.set(`${MONDAY}T13:01:00+08:00`);
    expect((await order({ memberId: m.id, channel: 'dine_in' })).status).toBe(422);
  });

  it('when the set meal is unknown, not published, or at another site, then 404 or 422', async () => {
    expect((await order({ setMealId: 'no-such', payment: { method: 'cash' } })).status).toBe(404);
    const unpublished = await order({ setMealId: draft.id, payment: { method: 'cash' } });
    expect(unpublished.status).toBe(422);
    expect(unpublished.body.errors[0].field).toBe('setMealId');
    const { setMeals } = await makePlan(w.em(), w.otherSite.id, MONDAY, [{ date: MONDAY }]);
    expect((await order({ setMealId: setMeals[0].id, payment: { method: 'cash' } })).status).toBe(404);
  });

  it('when the wallet cannot cover it, then 422 with the shortfall and nothing is written; the overdraft allowance is honoured', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 1000 });
    const before = await w.em().count(CanteenOrder, { memberId: m.id });
    const mca = await drawn('mca-meal');
    const short = await order({ memberId: m.id });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ shortfallFen: 100, balanceFen: 1000, errors: [{ field: 'payment.method' }] });
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(before);
    expect(await drawn('mca-meal')).toBe(mca);
    await w.staff.patch(`${API}/members/${m.id}`, { overdraftLimitFen: 500 });
    const overdrawn = await order({ memberId: m.id });
    expect(overdrawn.status).toBe(201);
    expect(overdrawn.body.walletBalanceFen).toBe(-100);
  });

  it('when the request is not one the counter can take, then 400 names the field or 422/404 says why', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const empty = await w.staff.post(`${API}/orders`, { siteId: w.site.id });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'payment', 'quantity', 'setMealId']);
    expect((await order({ memberId: m.id, quantity: 0 })).body.errors[0].field).toBe('quantity');
    expect((await order({ memberId: m.id, payment: { method: 'external' } })).body.errors[0].field).toBe('payment.reference');
    const guestWallet = await order({ payment: { method: 'wallet' } });
    expect(guestWallet.status).toBe(422);
    expect(guestWallet.body.errors[0].field).toBe('payment.method');
    expect((await order({ memberId: 'no-such-member' })).status).toBe(404);
    await w.staff.post(`${API}/members/${m.id}/deactivate`, {});
    const inactive = await order({ memberId: m.id });
    expect(inactive.status).toBe(422);
    expect(inactive.body.errors[0].field).toBe('memberId');
  });

  it('who may take orders: canteen staff and the operator; the community admin reads only (403); another site’s staff are out of scope', async () => {
    expect((await order({ payment: { method: 'external', reference: 'WX-1' } }, w.operator)).status).toBe(201);
    expect((await order({ payment: { method: 'cash' } }, w.community)).status).toBe(403);
    expect((await order({ payment: { method: 'cash' } }, w.childcare)).status).toBe(403);
    const out = await order({ payment: { method: 'cash' } }, w.outsider);
    expect(out.status).toBe(404);
    expect(out.body.type).toBe('/problems/not-found');
  });

  it('a quote previews the price an order would have, writing nothing', async () => {
    const m = await makeMember(w.em(), w.site.id, { categories: [{ category: 'dibao', validFrom: '2026-01-01' }] });
    const before = await drawn('mca-meal');
    const res = await w.staff.post(`${API}/orders/quote`, { siteId: w.site.id, memberId: m.id, setMealId: lunch.id, quantity: 2, channel: 'pickup', payment: { method: 'cash' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tier: 'dibao', amountFen: 2100, subsidyFen: 500, lines: [{ tier: 'dibao', unitFen: 800, servedUnitIds: [] }, { tier: 'guest', unitFen: 1300 }] });
    expect(await drawn('mca-meal')).toBe(before);
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(0);
    expect((await w.community.post(`${API}/orders/quote`, { siteId: w.site.id, setMealId: lunch.id, quantity: 1, channel: 'pickup', payment: { method: 'cash' } })).status).toBe(403);
    expect((await w.outsider.post(`${API}/orders/quote`, { siteId: w.site.id, setMealId: lunch.id, quantity: 1, channel: 'pickup', payment: { method: 'cash' } })).body.type).toBe('/problems/not-found');
    expect((await w.staff.post(`${API}/orders/quote`, { siteId: w.site.id, setMealId: 'nope', quantity: 1, channel: 'pickup', payment: { method: 'cash' } })).status).toBe(404);
  });
});
