import { ageOn } from '../../../domain/shared/identity';
import { JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { seedCanteenDemo } from '../../../api/seed/canteen';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';
import { API, MONDAY, NINE_AM, settableClock } from './world';

describe('canteen demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  const clock = settableClock(NINE_AM);
  beforeAll(async () => {
    t = await startTestApp({ clock });
    site = await makePricedSite(t.orm);
  });
  afterAll(() => t.close());

  it('seeds ~60 members aged 60–95 with valid ID numbers and wallets, and published plans for this week and next; a second run does nothing', async () => {
    const first = await seedCanteenDemo(t.orm.em.fork(), site.site.id, clock);
    expect(first.members).toBe(60);
    expect(first.setMeals).toBe(2 * 7 * 7);
    expect(await seedCanteenDemo(t.orm.em.fork(), site.site.id, clock)).toEqual({ members: 0, setMeals: 0 });
    const members = await t.orm.em.fork().find(CanteenMember, { siteId: site.site.id });
    const ages = members.map((m) => ageOn(m.birthDate, MONDAY));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...ages)).toBeLessThanOrEqual(95);
    expect(members.filter((m) => m.homebound).length).toBeGreaterThanOrEqual(3);
    for (const m of members) {
      const ledger = (await t.orm.em.fork().find(JournalLine, { account: `wallet:${m.id}` })).reduce((s, l) => s + l.creditFen - l.debitFen, 0);
      expect(ledger).toBe(m.walletBalanceFen);
    }
  });

  it('the counter finds 张三丰 by zsf, sees 低保 and 特困 tiers, and can sell the seeded lunch', async () => {
    const staff = await Client.login(t.app, site.users.canteen_staff.username);
    const hit = (await staff.get(`${API}/members/search?siteId=${site.site.id}&q=zsf`)).body[0];
    expect(hit).toMatchObject({ name: '张三丰', cardNumber: 'XFL-0001' });
    const list = (await staff.get(`${API}/members?siteId=${site.site.id}&limit=100`)).body.items as { tier: { tier: string } }[];
    const tiers = new Set(list.map((m) => m.tier.tier));
    for (const tier of ['dibao', 'tekun', 'age70', 'age80']) expect(tiers).toContain(tier);
    const menu = (await staff.get(`${API}/menu?siteId=${site.site.id}&date=${MONDAY}`)).body;
    const lunch = menu.meals.find((m: { meal: string }) => m.meal === 'lunch');
    expect(lunch.setMeals.map((s: { name: string }) => s.name)).toEqual(['红烧肉套餐', '清蒸鱼套餐', '素食套餐']);
    const res = await staff.post(`${API}/orders`, { siteId: site.site.id, memberId: hit.id, setMealId: lunch.setMeals[0].id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });
    expect(res.status).toBe(201);
    const next = (await staff.get(`${API}/plans?siteId=${site.site.id}&weekStart=2026-11-30`)).body;
    expect(next).toMatchObject({ status: 'published' });
  });
});
