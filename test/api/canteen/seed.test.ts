import { ageOn, parseIdNumber } from '../../../domain/shared/identity';
import { JournalEntry, JournalLine } from '../../../api/modules/canteen/journal.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { CanteenOrder } from '../../../api/modules/canteen/order.entity';
import { CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { fromJson, selectRows } from '../../../api/db';
import type { QuoteSnapshot } from '../../../domain/costsharing';
import { historyStart, seedCanteenDemo } from '../../../api/seed/canteen';
import { Client, startTestApp, TestApp } from '../support/app';
import { makePricedSite } from '../support/factories';
import { API, MONDAY, NINE_AM, settableClock } from './world';

/**
 * The demo at the real size: 1,600 members drawn like a community's register, and two weeks
 * of orders written as the order desk writes them. Monday 09:00: breakfast is over, lunch and
 * dinner are still being ordered.
 */
describe('canteen demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makePricedSite>>;
  let seeded: Awaited<ReturnType<typeof seedCanteenDemo>>;
  const clock = settableClock(NINE_AM);
  const em = () => t.orm.em.fork();
  beforeAll(async () => {
    t = await startTestApp({ clock });
    site = await makePricedSite(t.orm);
    seeded = await seedCanteenDemo(em(), site.site.id, clock, site.users.canteen_staff.id);
  }, 120_000);
  afterAll(() => t.close());

  const share = (n: number, of: number) => n / of;

  it('seeds 1,600 members with valid, unique 荆门 ID numbers, aged 60–98, the categories in a community’s shares; a second run does nothing', async () => {
    expect(seeded.members).toBe(1_600);
    // plans from the week the history starts in (2026-11-09) to next week
    expect(seeded.setMeals).toBe(4 * 7 * 7);
    expect(await seedCanteenDemo(em(), site.site.id, clock, site.users.canteen_staff.id)).toEqual({ members: 0, setMeals: 0, orders: 0 });
    const members = await em().find(CanteenMember, { siteId: site.site.id });
    expect(members).toHaveLength(1_600);
    expect(new Set(members.map((m) => m.idNumber)).size).toBe(1_600);
    expect(new Set(members.map((m) => m.cardNumber)).size).toBe(1_600);
    for (const m of members) {
      const parsed = parseIdNumber(m.idNumber);
      expect(parsed.ok && parsed.id.birthDate === m.birthDate && parsed.id.sex === m.sex).toBe(true);
      expect(m.idNumber.slice(0, 4)).toBe('4208');
    }
    const ages = members.map((m) => ageOn(m.birthDate, MONDAY));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...ages)).toBeLessThanOrEqual(98);
    const holding = (category: string) => members.filter((m) => m.categories.some((c) => c.category === category)).length;
    expect(share(holding('tekun'), 1_600)).toBeGreaterThan(0.02);
    expect(share(holding('tekun'), 1_600)).toBeLessThan(0.045);
    expect(share(holding('dibao'), 1_600)).toBeGreaterThan(0.06);
    expect(share(holding('dibao'), 1_600)).toBeLessThan(0.11);
    expect(share(ages.filter((a) => a >= 80).length, 1_600)).toBeGreaterThan(0.12);
    expect(share(ages.filter((a) => a >= 80).length, 1_600)).toBeLessThan(0.19);
    expect(share(members.filter((m) => m.homebound).length, 1_600)).toBeGreaterThan(0.035);
    expect(share(members.filter((m) => m.homebound).length, 1_600)).toBeLessThan(0.075);
    expect(members.filter((m) => m.dietaryTags.length).length).toBeGreaterThan(300);
    expect(members.filter((m) => m.allergies).length).toBeGreaterThan(50);
  }, 60_000);

  it('names collide as a real register’s do: several 王秀英, and pinyin initials shared by many', async () => {
    const members = await em().find(CanteenMember, { siteId: site.site.id }, { fields: ['name', 'searchInitials'] });
    const byName = new Map<string, number>();
    for (const m of members) byName.set(m.name, (byName.get(m.name) ?? 0) + 1);
    expect(byName.get('王秀英')).toBeGreaterThanOrEqual(3);
    expect([...byName.values()].filter((n) => n > 1).length).toBeGreaterThan(20);
    const byInitials = new Map<string, number>();
    for (const m of members) byInitials.set(m.searchInitials, (byInitials.get(m.searchInitials) ?? 0) + 1);
    expect(Math.max(...byInitials.values())).toBeGreaterThanOrEqual(10);
    // the journeys find these two by name and initials: they stay unique
    expect(byName.get('张三丰')).toBe(1);
    expect(byName.get('陈淑珍')).toBe(1);
  }, 60_000);

  it('two weeks of orders: past meals closed (a few no-shows and cancellations), today’s later meals still placed, lunch the big meal', async () => {
    const orders = await em().find(CanteenOrder, { siteId: site.site.id }, { fields: ['memberId', 'date', 'meal', 'status', 'channel', 'payment'] });
    expect(seeded.orders).toBe(orders.length);
    const from = historyStart(MONDAY);
    expect(orders.every((o) => o.date >= from && o.date <= MONDAY)).toBe(true);
    const past = orders.filter((o) => o.date < MONDAY || o.meal === 'breakfast');
    expect(past.every((o) => o.status !== 'placed')).toBe(true);
    const closedShare = (status: string) => share(past.filter((o) => o.status === status).length, past.length);
    expect(closedShare('served')).toBeGreaterThan(0.95);
    expect(closedShare('no_show')).toBeGreaterThan(0);
    expect(closedShare('cancelled')).toBeGreaterThan(0);
    expect(orders.filter((o) => o.date === MONDAY && o.meal !== 'breakfast').every((o) => o.status === 'placed')).toBe(true);
    const perDay = (meal: string) => orders.filter((o) => o.meal === meal && o.date < MONDAY).length / 14;
    expect(perDay('lunch')).toBeGreaterThan(250);
    expect(perDay('lunch')).toBeGreaterThan(2 * perDay('dinner'));
    expect(perDay('dinner')).toBeGreaterThan(perDay('breakfast'));
    expect(orders.filter((o) => o.channel === 'delivery').length).toBeGreaterThan(0);
    // the hand members the journeys use keep today to themselves and their wallets as they were
    const hand = await em().find(CanteenMember, { siteId: site.site.id, cardNumber: { $lte: 'XFL-0060' } }, { fields: ['id'] });
    const handIds = new Set(hand.map((m) => m.id));
    expect(handIds.size).toBe(60);
    expect(orders.filter((o) => o.memberId && handIds.has(o.memberId) && (o.date >= MONDAY || o.payment === 'wallet'))).toEqual([]);
  }, 60_000);

  it('every order’s served units and shares add up, live units’ drawdowns are what the funding accounts drew, and the set meals count what was ordered', async () => {
    // Plain rows: tens of thousands of entities would take the ORM longer to build than the checks take.
    const [orders, units, shares, accounts, setMeals] = await Promise.all([
      em().find(CanteenOrder, { siteId: site.site.id }, { fields: ['quantity', 'amountFen', 'lines', 'status', 'setMealId'] }),
      selectRows<{ id: string; source_id: string; quantity: number; resident_pays_fen: number; full_cost_fen: number; voided: unknown; served_date: string; quote: unknown }>(
        em(),
        'select `id`, `source_id`, `quantity`, `resident_pays_fen`, `full_cost_fen`, `voided`, `served_date`, `quote` from `served_unit` where `site_id` = ?',
        [site.site.id],
      ),
      selectRows<{ served_unit_id: string; amount_fen: number; voided: unknown }>(em(), 'select `served_unit_id`, `amount_fen`, `voided` from `served_unit_share` where `site_id` = ?', [site.site.id]),
      em().find(FundingAccount, { siteId: site.site.id }),
      em().find(CanteenSetMeal, { siteId: site.site.id }),
    ]);
    const unitsOf = new Map<string, typeof units>();
    for (const u of units) unitsOf.set(u.source_id, [...(unitsOf.get(u.source_id) ?? []), u]);
    const sharesOf = new Map<string, typeof shares>();
    for (const s of shares) sharesOf.set(s.served_unit_id, [...(sharesOf.get(s.served_unit_id) ?? []), s]);
    // What does not add up, collected and compared once: a hundred thousand expect calls take longer than the seed.
    const wrong: string[] = [];
    for (const o of orders) {
      const mine = unitsOf.get(o.id) ?? [];
      const voided = o.status === 'cancelled' || o.status === 'no_show';
      if (mine.reduce((n, u) => n + u.quantity, 0) !== o.quantity) wrong.push(`order ${o.id}: units ≠ quantity`);
      if (mine.reduce((n, u) => n + Number(u.resident_pays_fen) * u.quantity, 0) !== o.amountFen) wrong.push(`order ${o.id}: units' prices ≠ amount`);
      if (o.lines.flatMap((l) => l.servedUnitIds).sort().join() !== mine.map((u) => u.id).sort().join()) wrong.push(`order ${o.id}: lines name other units`);
      for (const u of mine) {
        const parts = sharesOf.get(u.id) ?? [];
        if (Boolean(u.voided) !== voided || parts.some((x) => Boolean(x.voided) !== voided)) wrong.push(`unit ${u.id}: voided ≠ ${voided}`);
        if (parts.reduce((n, x) => n + Number(x.amount_fen), 0) !== Number(u.full_cost_fen) * u.quantity) wrong.push(`unit ${u.id}: shares ≠ full cost`);
      }
    }
    expect(wrong).toEqual([]);
    expect(units.filter((u) => u.voided).length).toBeGreaterThan(0);
    const drawn = new Map<string, { drawnFen: number; units: number }>();
    for (const u of units.filter((x) => !x.voided)) {
      for (const d of fromJson<QuoteSnapshot>(u.quote).drawdowns) {
        const key = `${d.account}|${u.served_date.slice(0, 4)}`;
        const sum = drawn.get(key) ?? { drawnFen: 0, units: 0 };
        sum.drawnFen += d.amountFen * u.quantity;
        sum.units += d.units * u.quantity;
        drawn.set(key, sum);
      }
    }
    expect(drawn.get('mca-meal|2026')!.drawnFen).toBeGreaterThan(0);
    for (const a of accounts) expect({ account: a.account, drawnFen: a.drawnFen, units: a.units }).toEqual({ account: a.account, ...(drawn.get(`${a.account}|${a.year}`) ?? { drawnFen: 0, units: 0 }) });
    for (const s of setMeals) {
      const ordered = orders.filter((o) => o.setMealId === s.id && o.status !== 'cancelled').reduce((n, o) => n + o.quantity, 0);
      expect({ id: s.id, ordered: s.orderedPortions }).toEqual({ id: s.id, ordered });
      if (s.portionLimit !== null) expect(s.orderedPortions).toBeLessThanOrEqual(s.portionLimit!);
    }
  }, 60_000);

  it('the journal balances entry by entry, and every wallet’s ledger is its balance', async () => {
    const [entries, lines, members] = await Promise.all([
      em().find(JournalEntry, { siteId: site.site.id }, { fields: ['kind', 'amountFen'] }),
      em().find(JournalLine, { siteId: site.site.id }, { fields: ['entryId', 'account', 'debitFen', 'creditFen'] }),
      em().find(CanteenMember, { siteId: site.site.id }, { fields: ['walletBalanceFen'] }),
    ]);
    const byEntry = new Map<string, { debit: number; credit: number }>();
    const byAccount = new Map<string, number>();
    for (const l of lines) {
      const e = byEntry.get(l.entryId) ?? { debit: 0, credit: 0 };
      e.debit += l.debitFen;
      e.credit += l.creditFen;
      byEntry.set(l.entryId, e);
      byAccount.set(l.account, (byAccount.get(l.account) ?? 0) + l.creditFen - l.debitFen);
    }
    expect(entries.filter((e) => byEntry.get(e.id)?.debit !== e.amountFen || byEntry.get(e.id)?.credit !== e.amountFen)).toEqual([]);
    expect(members.filter((m) => (byAccount.get(`wallet:${m.id}`) ?? 0) !== m.walletBalanceFen)).toEqual([]);
    expect(members.filter((m) => m.walletBalanceFen < 0)).toEqual([]);
    expect(entries.some((e) => e.kind === 'wallet.top_up')).toBe(true);
    expect(entries.some((e) => e.kind === 'order.refund')).toBe(true);
  }, 60_000);

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
  }, 60_000);
});
