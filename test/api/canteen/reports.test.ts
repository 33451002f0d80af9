import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, MONDAY, TUESDAY, World } from './world';

describe('canteen reports: kitchen counts, delivery runs, day close', () => {
  let w: World;
  const ids = {} as Record<'pork' | 'veg' | 'fish', string>;
  beforeAll(async () => {
    w = await canteenWorld();
    const em = w.em();
    const { setMeals } = await makePlan(em, w.site.id, MONDAY, [
      { date: TUESDAY, meal: 'lunch', name: '素食套餐' },
      { date: TUESDAY, meal: 'lunch', name: '红烧肉套餐' },
      { date: TUESDAY, meal: 'dinner', name: '清蒸鱼套餐' },
    ]);
    [ids.veg, ids.pork, ids.fish] = setMeals.map((s) => s.id);
    const a = await makeMember(em, w.site.id, { name: '安大娘', building: '3栋', room: '201', address: '3栋201', dietaryTags: ['low_salt'], allergies: '花生', walletFen: 5000 });
    const b = await makeMember(em, w.site.id, { name: '白大爷', building: '10栋', room: '1201', address: '10栋1201' });
    const c = await makeMember(em, w.site.id, { name: '陈奶奶', building: '2栋', room: '302', address: '2栋302', dietaryTags: ['soft'], walletFen: 5000 });
    const d = await makeMember(em, w.site.id, { name: '丁爷爷' });
    const e = await makeMember(em, w.site.id, { name: '鄂退单', walletFen: 5000 });
    const take = async (client: typeof w.staff, body: object) => {
      const res = await client.post(`${API}/orders`, { siteId: w.site.id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' }, ...body });
      expect(res.status).toBe(201);
      return res.body;
    };
    await take(w.staff, { memberId: a.id, setMealId: ids.pork, channel: 'delivery', note: '放门口' });
    await take(w.staff, { memberId: b.id, setMealId: ids.veg, channel: 'delivery', payment: { method: 'cash' } });
    await take(w.staff, { memberId: c.id, setMealId: ids.pork, channel: 'delivery' });
    await take(w.staff, { guestName: '访客', setMealId: ids.pork, quantity: 2, payment: { method: 'cash' } });
    await take(w.operator, { memberId: d.id, setMealId: ids.fish, payment: { method: 'external', reference: 'ALI-9' } });
    const gone = await take(w.staff, { memberId: e.id, setMealId: ids.pork, channel: 'pickup' });
    await w.staff.post(`${API}/orders/${gone.id}/cancel`, {});
    await w.staff.post(`${API}/members/${e.id}/wallet/top-ups`, { amountFen: 1000, method: 'cash' });
  });
  afterAll(() => w.close());

  it('the kitchen sees portions per meal and set meal, split by channel, without cancelled orders', async () => {
    const res = await w.staff.get(`${API}/reports/kitchen?siteId=${w.site.id}&date=${TUESDAY}`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual([
      { meal: 'lunch', setMealId: ids.pork, setMealName: '红烧肉套餐', portions: 4, byChannel: { dine_in: 2, pickup: 0, delivery: 2 } },
      { meal: 'lunch', setMealId: ids.veg, setMealName: '素食套餐', portions: 1, byChannel: { dine_in: 0, pickup: 0, delivery: 1 } },
      { meal: 'dinner', setMealId: ids.fish, setMealName: '清蒸鱼套餐', portions: 1, byChannel: { dine_in: 1, pickup: 0, delivery: 0 } },
    ]);
  });

  it('the delivery list runs building by building (2栋 before 10栋), each stop with its dietary notes', async () => {
    const res = await w.community.get(`${API}/reports/delivery?siteId=${w.site.id}&date=${TUESDAY}&meal=lunch`);
    expect(res.status).toBe(200);
    expect(res.body.runs).toHaveLength(1);
    expect(res.body.runs[0].buildings.map((b: { building: string }) => b.building)).toEqual(['2栋', '3栋', '10栋']);
    expect(res.body.runs[0].buildings[1]).toEqual({
      building: '3栋',
      portions: 1,
      stops: [{ memberName: '安大娘', room: '201', setMealName: '红烧肉套餐', quantity: 1, dietaryNotes: '低盐；过敏：花生；放门口' }],
    });
    expect(res.body.runs[0].buildings[0].stops[0].dietaryNotes).toBe('软食');
    expect(res.body.runs[0].buildings[2].stops[0].dietaryNotes).toBeNull();
  });

  it('day close gives each staff member their takings by payment and channel, subsidies by tier, top-ups and the cash their drawer should hold', async () => {
    const res = await w.operator.get(`${API}/reports/day-close?siteId=${w.site.id}&date=${MONDAY}`);
    expect(res.status).toBe(200);
    const staff = res.body.staff.find((s: { staffId: string }) => s.staffId === w.users.canteen_staff.id);
    expect(staff).toMatchObject({
      staffName: w.users.canteen_staff.displayName,
      takings: { wallet: { delivery: 2200, dine_in: 0, pickup: 0 }, cash: { delivery: 1100, dine_in: 2600, pickup: 0 }, external: { dine_in: 0, pickup: 0, delivery: 0 } },
      totals: { wallet: 2200, cash: 3700, external: 0 },
      subsidiesByTier: { age70: { portions: 3, subsidyFen: 600 } },
      walletTopUpsFen: 1000,
      walletRefundsFen: 0,
      cashDrawerFen: 4700,
    });
    const operator = res.body.staff.find((s: { staffId: string }) => s.staffId === w.users.operator_admin.id);
    expect(operator).toMatchObject({ totals: { wallet: 0, cash: 0, external: 1100 }, subsidiesByTier: {}, cashDrawerFen: 0 });
  });

  it('reports answer for the caller’s own site only, to canteen roles only, and name a bad date', async () => {
    for (const report of ['kitchen', 'delivery', 'day-close']) {
      expect((await w.outsider.get(`${API}/reports/${report}?siteId=${w.site.id}`)).body.type).toBe('/problems/not-found');
      expect((await w.childcare.get(`${API}/reports/${report}?siteId=${w.site.id}`)).status).toBe(403);
      expect((await w.staff.get(`${API}/reports/${report}?siteId=${w.site.id}&date=tomorrow`)).body.errors[0].field).toBe('query.date');
      expect((await w.staff.get(`${API}/reports/${report}?siteId=${w.site.id}&date=2030-01-01`)).status).toBe(200);
    }
  });
});
