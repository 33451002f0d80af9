/**
 * The counter on a slow line (every API answer held back by Playwright routing) at 1366×768,
 * with a worker who types from memory and never waits: keys 50 ms apart whatever the screen
 * shows. Five typed-ahead orders make exactly those five orders, read back from the API;
 * a search that finds several members stops there with the list in sight and the keys after
 * it dropped; a stray `⏎1⏎` after an order charges nobody again, and a repeat asks first.
 */
import type { Page } from 'playwright-core';
import { memberSearchKeys } from '../../domain/canteen/search';
import { browserPerTest, dt, screenshot } from './support/browser';
import { type Hit, dayOrders, memberByCard, menuMeal, openCounter, ordersOf, search, typeAhead, waitForFocus, waitUntilIdle } from './support/counter';
import { text } from './support/journey';

/** How many members the counter's list shows. */
const COUNTER_LIST = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds back every API answer by `delayMs()` (a fixed delay, or one that varies so answers overtake each other). */
async function slowLine(page: Page, delayMs: () => number): Promise<void> {
  await page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      await sleep(delayMs());
      await route.continue();
    },
  );
}

/** 150–400 ms, the same sequence every run (a linear congruential generator). */
function jitter(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 150 + (state % 251);
  };
}

/**
 * What a worker types to find `member` and nobody else: pinyin initials, the last 4 of the
 * phone or the ID number, or the card, starting with the kind `preferred` names (so the
 * five orders use several kinds), whichever the search answers with this member alone.
 */
async function uniqueQuery(page: Page, siteId: string, member: Hit, preferred: number): Promise<string> {
  const kinds = [memberSearchKeys(member.name).initials[0], member.phone?.slice(-4), member.idNumber.slice(-4), member.cardNumber];
  for (let i = 0; i < kinds.length; i++) {
    const query = kinds[(preferred + i) % kinds.length];
    if (!query || !/^[0-9A-Za-z-]+$/.test(query)) continue;
    const hits = await search(page, siteId, query);
    if (hits.length === 1 && hits[0].id === member.id) return query;
  }
  throw new Error(`nothing finds ${member.name} alone`);
}

describe('canteen counter on a slow line', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it.each([
    // the wallet pays for the first and third (members with money on their card), cash for the rest
    { line: 'every answer 400 ms late', cards: [13, 14, 12, 11, 15], delay: () => () => 400 },
    { line: 'answers 150–400 ms late, overtaking each other', cards: [52, 53, 51, 54, 55], delay: () => jitter(11) },
  ])('when five orders are typed ahead with $line, then exactly those five orders are taken', async ({ cards, delay }) => {
    const { siteId, date, meal, setIds } = await openCounter(page);
    const windows = (await menuMeal(page, siteId, date, meal)).windows;
    const second = setIds.length > 1 ? 2 : 1;
    const members = await Promise.all(cards.map((n) => memberByCard(page, siteId, `XFL-${String(n).padStart(4, '0')}`)));
    // each one's keys after the query, and the order they must make
    const plans = [
      { keys: '1⏎', set: 1, quantity: 1, payment: 'wallet', channel: 'dine_in' },
      { keys: `${second}+x⏎`, set: second, quantity: 2, payment: 'cash', channel: 'dine_in' },
      { keys: `${second}⏎`, set: second, quantity: 1, payment: 'wallet', channel: 'dine_in' },
      { keys: '1++x⏎', set: 1, quantity: 3, payment: 'cash', channel: 'dine_in' },
      windows.pickup.open
        ? { keys: '1zx⏎', set: 1, quantity: 1, payment: 'cash', channel: 'pickup' }
        : { keys: '1x⏎', set: 1, quantity: 1, payment: 'cash', channel: 'dine_in' },
    ];
    const queries = await Promise.all(members.map((m, i) => uniqueQuery(page, siteId, m, i)));
    const typed = members.map((_, i) => `${queries[i]}⏎${plans[i].keys}`).join('');
    const before = new Set((await dayOrders(page, siteId, date)).map((o) => o.id));

    await slowLine(page, delay());
    await typeAhead(page, typed, 50);

    const last = members.at(-1)!;
    await page.waitForFunction((name) => (document.querySelector('[data-test="counter-confirmation"]')?.textContent ?? '').includes(name), last.name, { timeout: 60_000 });
    await waitUntilIdle(page);
    await screenshot(page, 'canteen-counter-slow-typed-ahead');

    const taken = (await dayOrders(page, siteId, date)).filter((o) => !before.has(o.id));
    const made = (o: (typeof taken)[number]) => ({ memberId: o.memberId, setMealId: o.setMealId, quantity: o.quantity, payment: o.payment.method, channel: o.channel, meal: o.meal });
    // No channel key leaves the counter's default: delivery for the homebound (XFL-0014, XFL-0054) while delivery is open.
    const channelOf = (m: Hit, channel: string) => (channel === 'dine_in' && m.homebound && windows.delivery.open ? 'delivery' : channel);
    const meant = members.map((m, i) => ({ memberId: m.id, setMealId: setIds[plans[i].set - 1], quantity: plans[i].quantity, payment: plans[i].payment, channel: channelOf(m, plans[i].channel), meal }));
    const byMember = (a: { memberId: string | null }, b: { memberId: string | null }) => (a.memberId ?? '').localeCompare(b.memberId ?? '');
    expect(taken.map(made).sort(byMember)).toEqual(meant.sort(byMember));

    // and the counter is clear for the next person: nothing typed left over, nobody picked
    expect(await page.locator(dt('counter-search')).inputValue()).toBe('');
    expect(await page.locator(dt('counter-no-member')).count()).toBe(1);
    await waitForFocus(page, 'counter-search');
  });

  it('when a search typed ahead finds several members, or none, then the counter stops there and the keys after Enter do nothing', async () => {
    const { siteId, date } = await openCounter(page);
    // 'w' finds more members than the counter's list of 8 shows, at the demo's size
    const several = await search(page, siteId, 'w', 50);
    expect(several.length).toBeGreaterThan(COUNTER_LIST);
    const before = (await dayOrders(page, siteId, date)).length;
    await slowLine(page, () => 400);

    await typeAhead(page, 'w⏎1⏎');
    await waitUntilIdle(page);
    await page.locator(`${dt('counter-hits')}[data-state="ready"]`).waitFor();
    expect(await page.locator(dt('counter-hit')).count()).toBe(COUNTER_LIST);
    expect(await text(page, dt('counter-choose'))).toBe(`找到不止 ${COUNTER_LIST} 位会员：请再输入几个字，或用 ↑↓ 选中再按 Enter`);
    expect(await page.locator(dt('counter-search')).inputValue()).toBe('w');
    expect(await page.locator(dt('counter-no-member')).count()).toBe(1);
    await waitForFocus(page, 'counter-search');
    await screenshot(page, 'canteen-counter-slow-several');

    // now the worker looks and picks one of them: Enter picks the highlighted member in sight
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator(`${dt('counter-member')}[data-member-id="${several[1].id}"]`).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator(dt('counter-no-member')).waitFor();

    await typeAhead(page, 'qqqq⏎1⏎');
    await waitUntilIdle(page);
    await page.locator(dt('counter-no-hits')).waitFor();
    expect(await page.locator(dt('counter-search')).inputValue()).toBe('qqqq');
    expect(await page.locator(dt('counter-no-member')).count()).toBe(1);
    expect(await dayOrders(page, siteId, date)).toHaveLength(before);
  });

  it('when a stray ⏎1⏎ follows an order, then nobody is charged again, and a repeat for the member is only taken on Shift+Enter', async () => {
    const { siteId, date, meal, setIds } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0018');
    await slowLine(page, () => 400);

    // the order, and straight after it the keys that used to charge the same member again
    await typeAhead(page, `${member.cardNumber}⏎1⏎⏎1⏎`);
    // the keys after the first Enter wait for the search's answer, and the screen says so
    await page.locator(dt('counter-waiting-keys')).waitFor();
    await screenshot(page, 'canteen-counter-slow-waiting');
    await waitUntilIdle(page);
    await page.locator(dt('counter-no-hits')).waitFor();
    expect(await text(page, dt('counter-no-hits'))).toBe('没有找到“1”');
    expect(await page.locator(dt('counter-no-member')).count()).toBe(1);
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);

    // the member again, on purpose: Enter asks first, and the Enters after it answer nothing
    await typeAhead(page, `⎋${member.cardNumber}⏎1⏎⏎⏎`);
    await waitUntilIdle(page);
    const question = page.locator(`${dt('counter-repeat')}[data-state="ready"]`);
    await question.waitFor();
    await page.waitForTimeout(800);
    expect(await question.count()).toBe(1);
    expect(await text(page, dt('counter-repeat-text'))).toContain(`这是 ${member.name} 本餐第 2 份`);
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);
    const asked = Number(await question.getAttribute('data-amount-fen'));
    await screenshot(page, 'canteen-counter-slow-repeat');

    await page.keyboard.press('Shift+Enter');
    const confirmation = page.locator(`${dt('counter-confirmation')}[data-set-meal-id="${setIds[0]}"]`);
    await confirmation.waitFor();
    await waitUntilIdle(page);
    const orders = (await ordersOf(page, siteId, date, member.id)).items.filter((o) => o.meal === meal);
    expect(orders.map((o) => o.quantity)).toEqual([1, 1]);
    const repeatId = await confirmation.getAttribute('data-order-id');
    const repeat = orders.find((o) => o.id === repeatId);
    expect([repeat?.amountFen, repeat?.subsidyFen]).toEqual([asked, 0]);
  });
});
