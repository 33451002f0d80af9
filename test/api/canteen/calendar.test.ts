import { makeIdNumber } from '../../../domain/shared/identity';
import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, World } from './world';

describe('canteen service calendar and policy', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  it('a site without settings runs on the defaults; an admin sets its own policy', async () => {
    const before = await w.staff.get(`${API}/settings?siteId=${w.site.id}`);
    expect(before.body).toEqual({ siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0, closedDays: [] });
    const put = await w.community.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: false, serveOnHolidays: true, defaultOverdraftLimitFen: 2000 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ serveOnWeekends: false, defaultOverdraftLimitFen: 2000 });
    const member = await w.staff.post(`${API}/members`, { siteId: w.site.id, cardNumber: 'OD-1', name: '透支', idNumber: makeIdNumber('420802', '1950-01-01', 15) });
    expect(member.body.overdraftLimitFen).toBe(2000);
    const saturday = await w.staff.get(`${API}/calendar?siteId=${w.site.id}&from=2026-11-28&to=2026-11-28`);
    expect(saturday.body[0]).toMatchObject({ kind: 'weekend', serviceDay: false });
    await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
  });

  it('when the policy is invalid, then 400 names the field; canteen staff may not set it (403), another site’s admin is out of scope', async () => {
    const bad = await w.operator.put(`${API}/settings`, { siteId: w.site.id, tierPricedPortionsPerMeal: -1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'tierPricedPortionsPerMeal', code: 'too_small', params: { min: 0 } });
    const body = { siteId: w.site.id, tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, defaultOverdraftLimitFen: 0 };
    expect((await w.staff.put(`${API}/settings`, body)).status).toBe(403);
    expect((await w.outsider.get(`${API}/settings?siteId=${w.site.id}`)).body.type).toBe('/problems/not-found');
  });

  it('the calendar knows statutory holidays and 调休 make-up days, and the site’s own closing days win', async () => {
    await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-10-08', reason: '厨房改造' });
    const res = await w.staff.get(`${API}/calendar?siteId=${w.site.id}&from=2026-10-01&to=2026-10-10`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    expect(res.body[0]).toEqual({ date: '2026-10-01', kind: 'statutory_holiday', holiday: { zh: '国庆节', en: 'National Day' }, closedReason: null, serviceDay: true, holidaysAnnounced: true });
    expect(res.body[7]).toMatchObject({ date: '2026-10-08', closedReason: '厨房改造', serviceDay: false });
    expect(res.body[9]).toMatchObject({ date: '2026-10-10', kind: 'makeup_workday', serviceDay: true });
    const backwards = await w.staff.get(`${API}/calendar?siteId=${w.site.id}&from=2026-10-10&to=2026-10-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0]).toMatchObject({ field: 'query.to', code: 'ends_before_start' });
    const tooLong = await w.staff.get(`${API}/calendar?siteId=${w.site.id}&from=2026-01-01&to=2026-12-31`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0]).toMatchObject({ field: 'query.to', code: 'range_too_long', params: { days: 92 } });
  });

  it('a year whose holidays are not announced yet says so, so a plan does not silently treat 元旦 as a workday', async () => {
    const res = await w.staff.get(`${API}/calendar?siteId=${w.site.id}&from=2099-12-31&to=2099-12-31`);
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ kind: 'workday', holiday: null, holidaysAnnounced: false });
  });

  it('closing a day: a duplicate is 409, a day with standing orders is 409, reopening works and an unknown one is 404', async () => {
    const first = await w.community.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-12-02', reason: '停水' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ date: '2026-12-02', reason: '停水' });
    const twice = await w.community.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-12-02', reason: '停水' });
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'date', code: 'already_closed' })]);
    const { setMeals } = await makePlan(w.em(), w.site.id, '2026-11-23', [{ date: '2026-11-25' }]);
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    await w.staff.post(`${API}/orders`, { siteId: w.site.id, memberId: m.id, setMealId: setMeals[0].id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });
    const withOrders = await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-11-25', reason: '停电' });
    expect(withOrders.status).toBe(409);
    expect(withOrders.body).toMatchObject({ openOrders: 1, errors: [{ field: 'date', code: 'open_orders', params: { count: 1 } }] });
    expect((await w.operator.delete(`${API}/closed-days/${first.body.id}`)).status).toBe(204);
    expect((await w.operator.delete(`${API}/closed-days/${first.body.id}`)).status).toBe(404);
    expect((await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-02-30', reason: 'x' })).body.errors[0]).toMatchObject({ field: 'date', code: 'date' });
    expect((await w.staff.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-12-03', reason: 'x' })).status).toBe(403);
    const elsewhere = await w.outsider.get(`${API}/calendar?siteId=${w.site.id}&from=2026-10-01&to=2026-10-02`);
    expect(elsewhere.body.type).toBe('/problems/not-found');
  });

  it('a closed day refuses orders with 422 even for a published set meal', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, '2026-11-23', [{ date: '2026-11-26' }]);
    await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-11-26', reason: '检查' });
    const m = await makeMember(w.em(), w.site.id, { walletFen: 5000 });
    const res = await w.staff.post(`${API}/orders`, { siteId: w.site.id, memberId: m.id, setMealId: setMeals[0].id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('setMealId');
  });
});
