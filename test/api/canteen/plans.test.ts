import { makeMember, makePlan } from '../support/factories';
import { API, canteenWorld, World } from './world';

const lunch = (date: string, name: string, extra: object = {}) => ({ date, meal: 'lunch', name, dishes: ['红烧肉', '炒青菜', '米饭'], nutritionTags: ['高蛋白'], portionLimit: 80, ...extra });

describe('canteen meal plans: a week of set meals, copied and published', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  it('when staff create a week’s plan, then it is a draft with its set meals in date and meal order, and cannot be ordered yet', async () => {
    const res = await w.staff.post(`${API}/plans`, {
      siteId: w.site.id,
      weekStart: '2026-12-07',
      setMeals: [lunch('2026-12-08', '清蒸鱼套餐'), { date: '2026-12-07', meal: 'breakfast', name: '粥点套餐', dishes: ['小米粥', '包子'] }, lunch('2026-12-07', '红烧肉套餐', { portionLimit: null })],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ weekStart: '2026-12-07', status: 'draft', publishedAt: null });
    expect(res.body.setMeals.map((s: { date: string; meal: string }) => `${s.date} ${s.meal}`)).toEqual(['2026-12-07 breakfast', '2026-12-07 lunch', '2026-12-08 lunch']);
    expect(res.body.setMeals[0]).toMatchObject({ nutritionTags: [], portionLimit: null, remainingPortions: null, orderedPortions: 0, published: false });
    const byWeek = await w.community.get(`${API}/plans?siteId=${w.site.id}&weekStart=2026-12-09`);
    expect(byWeek.body.id).toBe(res.body.id);
  });

  it('when the week does not start on a Monday or a set meal falls outside it, then 400 names the field; a second plan for the week is 409', async () => {
    const notMonday = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-15', setMeals: [] });
    expect(notMonday.status).toBe(400);
    expect(notMonday.body.errors).toEqual([{ field: 'weekStart', code: 'not_monday', params: { monday: '2026-12-14' }, message: 'must be a Monday (2026-12-14)' }]);
    const outside = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-14', setMeals: [lunch('2026-12-14', 'a'), lunch('2026-12-21', 'b')] });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({ field: 'setMeals.1.date', code: 'outside_week', params: { from: '2026-12-14', to: '2026-12-20' } });
    const twice = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-14', setMeals: [lunch('2026-12-14', 'a'), lunch('2026-12-14', 'a')] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ field: 'setMeals.1.name', code: 'name_taken' });
    expect((await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-14', setMeals: [] })).status).toBe(201);
    const again = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-14', setMeals: [] });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ field: 'weekStart', code: 'plan_exists' });
  });

  it('when a set meal falls on a closing day of the site, then 422 names it', async () => {
    expect((await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2026-12-23', reason: '消防检查' })).status).toBe(201);
    const res = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2026-12-21', setMeals: [lunch('2026-12-22', 'a'), lunch('2026-12-23', 'b')] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'setMeals.1.date', code: 'not_service_day', message: 'is a day the canteen does not serve' }]);
  });

  it('a draft’s set meals are replaced whole; once published, replacing is 409 and one set meal is changed at a time', async () => {
    const created = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2027-01-04', setMeals: [lunch('2027-01-04', '旧套餐')] });
    const replaced = await w.staff.put(`${API}/plans/${created.body.id}`, { setMeals: [lunch('2027-01-05', '新套餐'), lunch('2027-01-05', '素食套餐', { nutritionTags: ['素食'] })] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.setMeals.map((s: { name: string }) => s.name)).toEqual(['新套餐', '素食套餐']);
    const published = await w.staff.post(`${API}/plans/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', setMeals: [{ published: true }, { published: true }] });
    expect(published.body.publishedAt).toBe('2026-11-23T01:00:00.000Z');
    expect((await w.staff.post(`${API}/plans/${created.body.id}/publish`)).status).toBe(409);
    expect((await w.staff.put(`${API}/plans/${created.body.id}`, { setMeals: [] })).status).toBe(409);
    const setMealId = published.body.setMeals[0].id;
    const patched = await w.staff.patch(`${API}/set-meals/${setMealId}`, { portionLimit: 30, dishes: ['番茄炒蛋', '米饭'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ portionLimit: 30, remainingPortions: 30, dishes: ['番茄炒蛋', '米饭'] });
    const clash = await w.staff.patch(`${API}/set-meals/${setMealId}`, { name: '素食套餐' });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([expect.objectContaining({ field: 'name', code: 'name_taken' })]);
    const nothing = await w.staff.patch(`${API}/set-meals/${setMealId}`, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors).toEqual([expect.objectContaining({ field: '(body)', code: 'no_change' })]);
    const tooLong = await w.staff.patch(`${API}/set-meals/${setMealId}`, { name: '长'.repeat(51), dishes: [] });
    expect(tooLong.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', code: 'too_long', params: { max: 50 } }),
        expect.objectContaining({ field: 'dishes', code: 'required' }),
      ]),
    );
    expect((await w.staff.patch(`${API}/set-meals/no-such`, { portionLimit: 3 })).status).toBe(404);
  });

  it('when a portion limit would fall under what is already ordered, then 422', async () => {
    const { setMeals } = await makePlan(w.em(), w.site.id, '2026-11-23', [{ date: '2026-11-24', portionLimit: 10 }]);
    const m = await makeMember(w.em(), w.site.id, { walletFen: 10_000 });
    const order = await w.staff.post(`${API}/orders`, { siteId: w.site.id, memberId: m.id, setMealId: setMeals[0].id, quantity: 3, channel: 'dine_in', payment: { method: 'wallet' } });
    expect(order.status).toBe(201);
    const res = await w.staff.patch(`${API}/set-meals/${setMeals[0].id}`, { portionLimit: 2 });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'portionLimit', code: 'below_ordered', params: { ordered: 3 }, message: 'must be at least the 3 portions already ordered' });
    expect((await w.staff.patch(`${API}/set-meals/${setMeals[0].id}`, { portionLimit: 3 })).body.remainingPortions).toBe(0);
  });

  it('when a plan without set meals is published, then 422', async () => {
    const empty = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2027-01-11', setMeals: [] });
    const res = await w.staff.post(`${API}/plans/${empty.body.id}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'setMeals', code: 'required' });
    expect((await w.staff.post(`${API}/plans/no-such/publish`)).status).toBe(404);
  });

  it('when last week is copied, then its set meals move a week on as a draft, skipping (and listing) days the canteen is closed', async () => {
    await w.staff.post(`${API}/plans`, {
      siteId: w.site.id,
      weekStart: '2027-01-18',
      setMeals: [lunch('2027-01-18', '红烧肉套餐'), lunch('2027-01-19', '清蒸鱼套餐'), lunch('2027-01-20', '素食套餐')],
    });
    await w.operator.post(`${API}/closed-days`, { siteId: w.site.id, date: '2027-01-27', reason: '员工培训' });
    const copy = await w.staff.post(`${API}/plans/copy-previous`, { siteId: w.site.id, weekStart: '2027-01-25' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ weekStart: '2027-01-25', status: 'draft' });
    expect(copy.body.setMeals.map((s: { date: string; name: string }) => `${s.date} ${s.name}`)).toEqual(['2027-01-25 红烧肉套餐', '2027-01-26 清蒸鱼套餐']);
    expect(copy.body.skipped).toEqual([{ date: '2027-01-27', meal: 'lunch', name: '素食套餐', reason: 'the canteen does not serve that day' }]);
    expect((await w.staff.post(`${API}/plans/copy-previous`, { siteId: w.site.id, weekStart: '2027-01-25' })).status).toBe(409);
    expect((await w.staff.post(`${API}/plans/copy-previous`, { siteId: w.site.id, weekStart: '2027-03-01' })).status).toBe(404);
    expect((await w.staff.post(`${API}/plans/copy-previous`, { siteId: w.site.id, weekStart: '2027-03-02' })).body.errors[0].field).toBe('weekStart');
  });

  it('the menu of a date lists the published set meals by meal, with portions left and each channel’s cut-off as of now', async () => {
    await makePlan(w.em(), w.site.id, '2026-11-23', [
      { date: '2026-11-23', meal: 'breakfast', name: '早点' },
      { date: '2026-11-23', meal: 'lunch', name: '红烧肉套餐', portionLimit: 50 },
      { date: '2026-11-23', meal: 'lunch', name: '草稿里的', portionLimit: 50 },
    ]).then(async ({ setMeals }) => {
      setMeals[2].published = false;
      await w.em().nativeUpdate('CanteenSetMeal', { id: setMeals[2].id }, { published: false });
    });
    const res = await w.community.get(`${API}/menu?siteId=${w.site.id}&date=2026-11-23`);
    expect(res.status).toBe(200);
    expect(res.body.serviceDay).toBe(true);
    const meals = Object.fromEntries(res.body.meals.map((m: { meal: string }) => [m.meal, m]));
    expect(meals.breakfast.windows.dine_in).toMatchObject({ open: false, reason: 'cutoff_passed', deadline: '2026-11-23T08:30:59.999+08:00' });
    expect(meals.lunch.windows.delivery).toMatchObject({ open: true, reason: null, deadline: '2026-11-23T10:00:59.999+08:00' });
    expect(meals.lunch.setMeals.map((s: { name: string }) => s.name)).toContain('红烧肉套餐');
    expect(meals.lunch.setMeals.map((s: { name: string }) => s.name)).not.toContain('草稿里的');
  });

  it('who may plan: the community admin reads but may not write (403); another site’s staff are out of scope', async () => {
    const created = await w.staff.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2027-02-01', setMeals: [lunch('2027-02-01', 'x')] });
    expect((await w.community.get(`${API}/plans/${created.body.id}`)).status).toBe(200);
    expect((await w.community.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2027-02-08', setMeals: [] })).status).toBe(403);
    expect((await w.community.post(`${API}/plans/${created.body.id}/publish`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/plans/${created.body.id}`)).body.type).toBe('/problems/not-found');
    expect((await w.outsider.post(`${API}/plans/${created.body.id}/publish`)).body.type).toBe('/problems/not-found');
    expect((await w.outsider.put(`${API}/plans/${created.body.id}`, { setMeals: [] })).body.type).toBe('/problems/not-found');
    expect((await w.outsider.patch(`${API}/set-meals/${created.body.setMeals[0].id}`, { portionLimit: 9 })).body.type).toBe('/problems/not-found');
    expect((await w.outsider.post(`${API}/plans`, { siteId: w.site.id, weekStart: '2027-02-08', setMeals: [] })).body.type).toBe('/problems/not-found');
    expect((await w.outsider.post(`${API}/plans/copy-previous`, { siteId: w.site.id, weekStart: '2027-02-08' })).body.type).toBe('/problems/not-found');
    expect((await w.outsider.get(`${API}/menu?siteId=${w.site.id}`)).body.type).toBe('/problems/not-found');
    expect((await w.staff.get(`${API}/plans?siteId=${w.site.id}&weekStart=2030-01-07`)).status).toBe(404);
    expect((await w.staff.get(`${API}/plans/no-such`)).status).toBe(404);
    expect((await w.staff.get(`${API}/plans?siteId=${w.site.id}`)).body.errors[0].field).toBe('query.weekStart');
  });
});
