import { JournalEntry } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

describe('canteen idempotency: a retried POST with the same Idempotency-Key creates nothing new', () => {
  let w: World;
  let lunch: { id: string };
  beforeAll(async () => {
    w = await canteenWorld();
    ({
      setMeals: [lunch],
    } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY }]));
  });
  afterAll(() => w.close());

  it('when an order is retried with the same key, then the first response comes back and there is one order and one charge', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const body = { siteId: w.site.id, memberId: m.id, setMealId: lunch.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } };
    const first = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'counter-1:order-42' });
    const retry = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'counter-1:order-42' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(1);
    expect(await w.em().count(JournalEntry, { memberId: m.id, kind: 'order.payment' })).toBe(1);
    expect((await w.em().findOneOrFail(CanteenMember, { id: m.id })).walletBalanceFen).toBe(3900);
  });

  it('when the same key is sent at once by a double-click, then one order is made and the other answer is the replay or a 409 to retry', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const body = { siteId: w.site.id, memberId: m.id, setMealId: lunch.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } };
    const results = await Promise.all(Array.from({ length: 5 }, () => w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'double-click-7' })));
    expect(results.filter((r) => r.status === 201 && !r.headers['idempotent-replayed'])).toHaveLength(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(1);
    expect((await w.em().findOneOrFail(CanteenMember, { id: m.id })).walletBalanceFen).toBe(3900);
  });

  it('when a key is reused for a different order, then 409 names the key; a failed first attempt frees the key for a real retry', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 500 });
    const body = { siteId: w.site.id, memberId: m.id, setMealId: lunch.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } };
    const refused = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'retry-after-top-up' });
    expect(refused.status).toBe(422);
    await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 1000, method: 'cash' });
    const retried = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'retry-after-top-up' });
    expect(retried.status).toBe(201);
    const other = await w.staff.post(`${API}/orders`, { ...body, quantity: 2 }, { 'Idempotency-Key': 'retry-after-top-up' });
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'header.Idempotency-Key', code: 'key_reused' })]);
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(1);
  });

  it('when a retry sends the same body with its JSON keys in another order, then it is the same request and replays', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const first = await w.staff.post(
      `${API}/orders`,
      { siteId: w.site.id, memberId: m.id, setMealId: lunch.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } },
      { 'Idempotency-Key': 'reordered-keys' },
    );
    expect(first.status).toBe(201);
    const again = await w.staff.post(
      `${API}/orders`,
      { payment: { method: 'wallet' }, channel: 'dine_in', quantity: 1, setMealId: lunch.id, memberId: m.id, siteId: w.site.id },
      { 'Idempotency-Key': 'reordered-keys' },
    );
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await w.em().count(CanteenOrder, { memberId: m.id })).toBe(1);
  });

  it('when the last portion went to the first attempt, then its retry still replays that order instead of answering sold out', async () => {
    const {
      setMeals: [lastOne],
    } = await makePlan(w.em(), w.site.id, MONDAY, [{ date: MONDAY, name: '最后一份', portionLimit: 1 }]);
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const body = { siteId: w.site.id, memberId: m.id, setMealId: lastOne.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } };
    const first = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'last-portion' });
    expect(first.status).toBe(201);
    const someoneElse = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'last-portion-other' });
    expect(someoneElse.status).toBe(409);
    const retry = await w.staff.post(`${API}/orders`, body, { 'Idempotency-Key': 'last-portion' });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });

  it('when a top-up is retried with the same key, then the wallet is credited once', async () => {
    const m = await makeMember(w.em(), w.site.id);
    const topUp = () => w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 2000, method: 'cash' }, { 'Idempotency-Key': 'topup-1' });
    const [a, b] = [await topUp(), await topUp()];
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect((await w.em().findOneOrFail(CanteenMember, { id: m.id })).walletBalanceFen).toBe(2000);
    expect(await w.em().count(JournalEntry, { memberId: m.id, kind: 'wallet.top_up' })).toBe(1);
  });
});
