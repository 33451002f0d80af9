/**
 * The counter screen (点餐台) against the real app (API + built web app, demo data), at
 * 1366×768 and by keyboard only: canteen staff land on it; they find five members by five
 * kinds of search and take an order for each in three keystrokes after the query (four with
 * a second portion), and the kitchen counts rise by exactly the portions ordered; a wallet
 * that cannot pay is refused in words and cash takes over; a double Enter and a retry after
 * a dropped connection make one order each, and after an order Enter picks nobody; a
 * member's second order for the meal asks first with its unsubsidised price; 已点 shows
 * "×3" in full; a guest's name, note and delivery address go with the order; no hits, no
 * menu and a failing menu are said; the screen reads in English too. The same on a slow
 * line, typed ahead: canteen-counter-slow.e2e.ts.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { type Hit, type MenuMeal, getJson, memberByCard, menuMeal, openCounter, ordersOf, post, search, waitForFocus } from './support/counter';
import { logIn, text, waitForShell } from './support/journey';

interface KitchenCounts {
  counts: { meal: string; setMealId: string; portions: number }[];
}

/** Presses keys and counts them, so a test can say how many an order took. */
class Keys {
  count = 0;
  constructor(private readonly page: Page) {}
  async press(key: string): Promise<void> {
    this.count++;
    await this.page.keyboard.press(key);
  }
}

/** Portions per set meal on a date, from the kitchen board's API. */
async function kitchen(page: Page, siteId: string, date: string): Promise<Map<string, number>> {
  const report = await getJson<KitchenCounts>(page, `/api/v1/canteen/reports/kitchen?siteId=${siteId}&date=${date}`);
  return new Map(report.counts.map((c) => [c.setMealId, c.portions]));
}

/** PgDn until the meal in front is one the test needs (a delivery window closes before dine-in's; breakfast has no subsidy). */
async function stepUntil(page: Page, siteId: string, wanted: (meal: MenuMeal) => boolean): Promise<void> {
  const slot = page.locator(dt('counter-slot'));
  for (let step = 0; step < 6; step++) {
    const [date, meal] = [(await slot.getAttribute('data-date'))!, (await slot.getAttribute('data-meal'))!];
    if (wanted(await menuMeal(page, siteId, date, meal))) return;
    await page.keyboard.press('PageDown');
    await page.waitForFunction((was) => {
      const el = document.querySelector('[data-test="counter-slot"]');
      return `${el?.getAttribute('data-date')} ${el?.getAttribute('data-meal')}` !== was;
    }, `${date} ${meal}`);
    await page.locator(`${dt('counter')}[data-busy="false"]`).waitFor();
  }
  throw new Error('none of the next six meals is the one wanted');
}

/** Types the query and waits until the member it should find is the first hit (what Enter picks). */
async function find(page: Page, query: string, member: Hit): Promise<void> {
  await page.keyboard.type(query);
  await page.locator(`${dt('counter-hit')}[data-member-id="${member.id}"]`).waitFor();
  expect(await page.locator(dt('counter-hit')).first().getAttribute('data-member-id')).toBe(member.id);
}

async function expectReadyForNext(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'counter-search');
  expect(await page.locator(dt('counter-search')).inputValue()).toBe('');
}

/** A member the search finds first by the last four digits of `digitsOf(member)`, among the given cards. */
async function findableByLast4(page: Page, siteId: string, cards: string[], digitsOf: (m: Hit) => string | null): Promise<{ member: Hit; query: string }> {
  for (const card of cards) {
    const member = await memberByCard(page, siteId, card);
    const query = digitsOf(member)?.slice(-4);
    if (!query || !/^\d{4}$/.test(query)) continue;
    const hits = await search(page, siteId, query);
    if (hits[0]?.id === member.id) return { member, query };
  }
  throw new Error(`none of ${cards.join(', ')} is found first by its last four digits`);
}

describe('canteen counter', () => {
  const journey = browserPerTest();
  let context: BrowserContext;
  let page: Page;
  beforeEach(() => {
    ({ context, page } = journey);
  });

  it('when staff take five orders by keyboard, then each takes three keys after the search and the kitchen counts rise by the portions ordered', async () => {
    const { siteId, date, meal, setIds } = await openCounter(page);
    expect(setIds.length).toBeGreaterThan(0);
    const before = await kitchen(page, siteId, date);

    const cards = (from: number) => Array.from({ length: 10 }, (_, i) => `XFL-${String(from + i).padStart(4, '0')}`);
    const byPhone = await findableByLast4(page, siteId, cards(20), (m) => m.phone);
    const byId = await findableByLast4(page, siteId, cards(30), (m) => m.idNumber);
    const customers = [
      { how: 'pinyin initials', query: 'zsf', member: await memberByCard(page, siteId, 'XFL-0001') },
      { how: 'name', query: '陈淑珍', member: await memberByCard(page, siteId, 'XFL-0005') },
      { how: 'card number', query: 'XFL-0010', member: await memberByCard(page, siteId, 'XFL-0010') },
      { how: 'last 4 of the phone', ...byPhone },
      { how: 'last 4 of the ID number', ...byId },
    ];
    expect(new Set(customers.map((c) => c.member.id)).size).toBe(5);

    const ordered = new Map<string, number>();
    for (const [i, { query, member }] of customers.entries()) {
      const key = (i % setIds.length) + 1;
      const setMealId = setIds[key - 1];
      await find(page, query, member);

      const keys = new Keys(page);
      await keys.press('Enter');
      await page.locator(`${dt('counter-member')}[data-member-id="${member.id}"]`).waitFor();
      if (i === 0) {
        await page.locator(`${dt('counter-set-price')}[data-state="ready"]`).first().waitFor();
        await screenshot(page, 'canteen-counter-member-picked');
        // the main flow fits the screen: nothing scrolls at 1366×768
        expect(await page.evaluate(() => document.getElementById('main')!.scrollHeight <= document.getElementById('main')!.clientHeight)).toBe(true);
      }
      await keys.press(String(key));
      // the digit waits until the member's orders are read (a repeat must be known before Enter), then picks the set
      await page.locator(`${dt('counter-set')}[data-key="${key}"][data-selected="true"]`).waitFor();
      // one of them takes a second portion for a visitor: + is one more key
      const portions = i === 2 ? 2 : 1;
      if (portions === 2) await keys.press('+');
      await keys.press('Enter');

      const confirmation = page.locator(`${dt('counter-confirmation')}[data-set-meal-id="${setMealId}"]`);
      await confirmation.waitFor();
      expect(await confirmation.textContent()).toContain(member.name);
      expect(await confirmation.textContent()).toContain('已下单');
      expect(await confirmation.getAttribute('data-quantity')).toBe(String(portions));
      expect(keys.count).toBe(portions === 2 ? 4 : 3);
      expect(keys.count).toBeLessThan(5);
      await expectReadyForNext(page);
      // after an order the counter is clear: its confirmation in sight, nobody picked
      await page.locator(dt('counter-no-member')).waitFor();
      if (i === 0) await screenshot(page, 'canteen-counter-ordered');
      ordered.set(setMealId, (ordered.get(setMealId) ?? 0) + portions);
    }

    const after = await kitchen(page, siteId, date);
    for (const id of setIds) {
      expect({ id, meal, rise: (after.get(id) ?? 0) - (before.get(id) ?? 0) }).toEqual({ id, meal, rise: ordered.get(id) ?? 0 });
    }
  });

  it('when the wallet cannot pay, then the refusal is said beside the confirm button, nothing is charged, and X takes cash instead', async () => {
    const { siteId, date, setIds } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0041');
    // the member took most of the wallet back at the desk: ¥1.00 is left
    await post(page, `/api/v1/canteen/members/${member.id}/wallet/refunds`, { amountFen: member.walletBalanceFen - 100, method: 'cash', memo: 'e2e' });
    const kitchenBefore = await kitchen(page, siteId, date);

    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');

    await page.waitForFunction(() => (document.querySelector('[data-test="counter-error"]')?.textContent ?? '').includes('餐卡余额不足'));
    expect(await text(page, dt('counter-error'))).toMatch(/还差 ¥\d+\.\d\d（当前余额 ¥1\.00）/);
    await page.locator(`${dt('counter-wallet')}[data-tone="short"]`).waitFor();
    await screenshot(page, 'canteen-counter-wallet-short');
    // the screen stays as it was, and nothing was taken or charged
    expect(await page.locator(`${dt('counter-set')}[data-key="1"]`).getAttribute('data-selected')).toBe('true');
    expect(await page.locator(dt('counter-confirmation')).count()).toBe(0);
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(0);
    expect((await memberByCard(page, siteId, member.cardNumber)).walletBalanceFen).toBe(100);

    await page.keyboard.press('x');
    expect(await page.locator(`${dt('counter-payment')}[data-method="cash"]`).getAttribute('data-on')).toBe('true');
    await page.keyboard.press('Enter');
    const confirmation = page.locator(dt('counter-confirmation'));
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('现金');

    const orders = await ordersOf(page, siteId, date, member.id);
    expect(orders.items.map((o) => o.payment.method)).toEqual(['cash']);
    expect((await memberByCard(page, siteId, member.cardNumber)).walletBalanceFen).toBe(100);
    expect(((await kitchen(page, siteId, date)).get(setIds[0]) ?? 0) - (kitchenBefore.get(setIds[0]) ?? 0)).toBe(1);
  });

  it('when Enter is pressed twice, then one order is taken and a third Enter does nothing; Esc steps back to an empty counter', async () => {
    const { siteId, date } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0045');
    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')]);
    await page.locator(dt('counter-confirmation')).waitFor();
    // the counter is clear after the order: a third Enter in the empty search box picks nobody
    await page.keyboard.press('Enter');
    await page.locator(dt('counter-no-member')).waitFor();
    await waitForFocus(page, 'counter-search');
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);

    // the member again: the order list says what they had; Esc goes back to the search, a second Esc lets them go
    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.locator(`${dt('counter-orders')}[data-count="1"]`).waitFor();
    await waitForFocus(page, 'counter-panel');
    await page.keyboard.press('Escape');
    await waitForFocus(page, 'counter-search');
    await page.keyboard.press('Escape');
    await page.locator(dt('counter-no-member')).waitFor();
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);
  });

  it('when the connection drops after the order reached the server, then Enter retries with the same Idempotency-Key and nothing is taken twice', async () => {
    const { siteId, date, setIds } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0046');
    const kitchenBefore = await kitchen(page, siteId, date);

    const posts: Request[] = [];
    let dropped = false;
    await page.route(
      (url) => url.pathname === '/api/v1/canteen/orders',
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts.push(route.request());
        if (dropped) return route.continue();
        dropped = true;
        // the server takes the order; its answer never reaches the browser
        const answer = await route.fetch();
        expect(answer.status()).toBe(201);
        await route.abort('connectionreset');
      },
    );

    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-test="counter-error"]')?.textContent ?? '').includes('不会重复扣款'));

    const replay = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/canteen/orders' && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await replay).headers()['idempotent-replayed']).toBe('true');
    await page.locator(dt('counter-confirmation')).waitFor();

    expect(posts).toHaveLength(2);
    const [first, second] = await Promise.all(posts.map((p) => p.headerValue('idempotency-key')));
    expect(first).toBeTruthy();
    expect(second).toBe(first);
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);
    expect(((await kitchen(page, siteId, date)).get(setIds[0]) ?? 0) - (kitchenBefore.get(setIds[0]) ?? 0)).toBe(1);
  });

  it('when nothing matches, the menu is empty or cannot be read, then the counter says so', async () => {
    await openCounter(page);
    await page.keyboard.type('qqqq');
    await page.locator(dt('counter-no-hits')).waitFor();
    expect(await text(page, dt('counter-no-hits'))).toContain('没有找到“qqqq”');
    await page.keyboard.press('Enter');
    expect(await page.locator(dt('counter-no-member')).count()).toBe(1);

    // a site with no published menu in the next two weeks
    const isMenu = (url: URL) => url.pathname === '/api/v1/canteen/menu';
    await page.route(isMenu, async (route) => {
      const date = new URL(route.request().url()).searchParams.get('date');
      await route.fulfill({ json: { siteId: 'x', date, serviceDay: true, meals: [] } });
    });
    await page.reload();
    await page.locator(dt('counter-no-menu')).waitFor();
    expect(await text(page, dt('counter-no-menu'))).toContain('没有已发布的菜单');

    // the menu cannot be read: an error with a retry that works once the server answers again
    await page.unroute(isMenu);
    await page.route(isMenu, (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503 }) }));
    await page.reload();
    await page.locator(dt('counter-menu-error')).waitFor();
    await page.unroute(isMenu);
    await page.locator(`${dt('counter-menu-error')} ${dt('retry')}`).click();
    await page.locator(dt('counter-set')).first().waitFor();
  });

  it('when the screen is in English, then the keys, the member and a guest order read in English', async () => {
    await context.addInitScript(() => localStorage.setItem('xingfuli.locale', 'en'));
    const { siteId } = await openCounter(page);
    expect(await text(page, dt('counter-legend'))).toContain('pick / confirm');

    const member = await memberByCard(page, siteId, 'XFL-0050');
    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.locator(`${dt('counter-member')}[data-member-id="${member.id}"]`).waitFor();
    expect(await text(page, dt('counter-wallet'))).toContain('Wallet');
    await page.keyboard.press('1');
    await page.locator(`${dt('counter-set-price')}[data-state="ready"]`).first().waitFor();
    expect(await text(page, dt('counter-total'))).toContain('To pay');
    await screenshot(page, 'canteen-counter-en');

    // F2 brings the focus back to the search from the order panel
    await page.keyboard.press('F2');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'counter-search');

    // F4: a guest, who pays cash at the full price
    await page.keyboard.press('F4');
    await page.locator(dt('counter-guest')).waitFor();
    expect(await page.locator(`${dt('counter-payment')}[data-method="cash"]`).getAttribute('data-on')).toBe('true');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const confirmation = page.locator(dt('counter-confirmation'));
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('Ordered');
    expect(await confirmation.textContent()).toContain('Guest');
    await screenshot(page, 'canteen-counter-en-guest');
  });

  it('when canteen staff log in, then they land on the counter with the search box in focus, and home leads there too', async () => {
    await page.goto('/login');
    await logIn(page, 'canteen');
    await waitForShell(page);
    await page.locator(dt('counter')).waitFor();
    const landed = new URL(page.url());
    expect([landed.pathname, landed.searchParams.get('tab')]).toEqual(['/canteen', 'counter']);
    await waitForFocus(page, 'counter-search');
    expect(await page.locator(dt('page-home')).count()).toBe(0);
    await screenshot(page, 'canteen-counter-landing');

    await page.goto('/');
    await page.locator(dt('counter')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/canteen');
    await waitForFocus(page, 'counter-search');
  });

  it('when a member comes back for the same meal, then Enter asks first with the unsubsidised price, Enter again and Esc take nothing, and Shift+Enter takes it', async () => {
    const { siteId } = await openCounter(page);
    // lunch, whose first portion a 低保 member has subsidised
    await stepUntil(page, siteId, (m) => m.meal === 'lunch' && m.windows.dine_in.open);
    const slot = page.locator(dt('counter-slot'));
    const [date, meal] = [(await slot.getAttribute('data-date'))!, (await slot.getAttribute('data-meal'))!];
    const setIds = await page.locator(dt('counter-set')).evaluateAll((els) => els.map((e) => e.getAttribute('data-set-meal-id') ?? ''));
    const member = await memberByCard(page, siteId, 'XFL-0016');
    expect(member.tier.tier).toBe('dibao');
    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.locator(`${dt('counter-confirmation')}[data-set-meal-id="${setIds[0]}"]`).waitFor();
    const [first] = (await ordersOf(page, siteId, date, member.id)).items;
    expect(first.subsidyFen).toBeGreaterThan(0);

    // what the server quotes for the same set now: the subsidised portion of the meal is used
    const { channel } = first;
    const { csrfToken } = await getJson<{ csrfToken: string }>(page, '/api/v1/auth/csrf');
    const quoted = (await (
      await page.request.post('/api/v1/canteen/orders/quote', {
        data: { siteId, memberId: member.id, setMealId: setIds[0], quantity: 1, channel, payment: { method: 'wallet' } },
        headers: { 'x-csrf-token': csrfToken },
      })
    ).json()) as { amountFen: number; subsidyFen: number };
    expect(quoted.subsidyFen).toBe(0);
    expect(quoted.amountFen).toBeGreaterThan(first.amountFen);

    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.locator(`${dt('counter-orders')}[data-count="1"]`).waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const question = page.locator(`${dt('counter-repeat')}[data-state="ready"]`);
    await question.waitFor();
    await waitForFocus(page, 'counter-repeat');
    expect(await question.getAttribute('data-amount-fen')).toBe(String(quoted.amountFen));
    expect(await text(page, dt('counter-repeat-text'))).toBe(`这是 ${member.name} 本餐第 2 份（${first.setMealName}），按非补贴价 ¥${(quoted.amountFen / 100).toFixed(2)}`);
    await screenshot(page, 'canteen-counter-repeat');

    // Enter alone, a digit, the next customer's letters: none of them answers the question
    for (const key of ['Enter', '2', 'c', 'Enter']) await page.keyboard.press(key);
    await page.waitForTimeout(500);
    expect(await question.count()).toBe(1);
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);

    // Esc lets it go: the order as keyed in is back, nothing taken
    await page.keyboard.press('Escape');
    await page.locator(dt('counter-order-bar')).waitFor();
    expect(await page.locator(dt('counter-repeat')).count()).toBe(0);
    expect(await page.locator(`${dt('counter-set')}[data-key="1"]`).getAttribute('data-selected')).toBe('true');
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);

    // asked again and answered: the second order is taken at the price the question said
    await page.keyboard.press('Enter');
    await question.waitFor();
    await page.keyboard.press('Shift+Enter');
    await page.locator(`${dt('counter-confirmation')}[data-amount-fen="${quoted.amountFen}"]`).waitFor();
    const orders = (await ordersOf(page, siteId, date, member.id)).items.filter((o) => o.meal === meal);
    expect(orders).toHaveLength(2);
    const second = orders.find((o) => o.id !== first.id)!;
    expect([second.amountFen, second.subsidyFen, second.quantity]).toEqual([quoted.amountFen, 0, 1]);
  });

  it('when a member has three portions of a set, then the 已点 list names the set in full with ×3', async () => {
    const { siteId, date, setIds } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0017');
    await find(page, member.cardNumber, member);
    for (const key of ['Enter', '1', '+', '+', 'Enter']) await page.keyboard.press(key);
    await page.locator(`${dt('counter-confirmation')}[data-quantity="3"]`).waitFor();
    const [ordered] = (await ordersOf(page, siteId, date, member.id)).items;
    expect([ordered.setMealId, ordered.quantity]).toEqual([setIds[0], 3]);

    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    const row = page.locator(`${dt('counter-order')}[data-order-id="${ordered.id}"]`);
    await row.waitFor();
    const set = row.locator(dt('counter-order-set'));
    expect(await text(page, `${dt('counter-order')}[data-order-id="${ordered.id}"] ${dt('counter-order-set')}`)).toBe(`${ordered.setMealName} ×3`);
    // nothing of it is cut off: the box is as wide as what it holds
    expect(await set.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await screenshot(page, 'canteen-counter-orders-x3');
  });

  it('when a guest gives a name and a note, or wants a delivery, then B and S ask for them and the order carries them; no address, no delivery', async () => {
    const { siteId } = await openCounter(page);
    await page.keyboard.press('F4');
    await page.locator(dt('counter-guest')).waitFor();
    await page.keyboard.press('1');
    expect(await page.locator(dt('counter-extras')).count()).toBe(0);
    await page.keyboard.press('b');
    await waitForFocus(page, 'counter-guest-name');
    await page.keyboard.type('李阿姨');
    await page.keyboard.press('Tab');
    await waitForFocus(page, 'counter-note');
    await page.keyboard.type('少盐，米饭软一点');
    await screenshot(page, 'canteen-counter-guest-note');
    await page.keyboard.press('Enter');
    const confirmation = page.locator(dt('counter-confirmation'));
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('李阿姨');
    expect(await text(page, dt('counter-confirmation-note'))).toBe('备注：少盐，米饭软一点');
    const orderId = await confirmation.getAttribute('data-order-id');
    const placed = await getJson<{ guestName: string; note: string; memberId: string | null }>(page, `/api/v1/canteen/orders/${orderId}`);
    expect(placed).toMatchObject({ guestName: '李阿姨', note: '少盐，米饭软一点', memberId: null });

    // a delivery for a guest, on the meal in front or the next one that still delivers
    await stepUntil(page, siteId, (m) => m.windows.delivery.open);
    await page.keyboard.press('F4');
    await page.locator(dt('counter-guest')).waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('s');
    await waitForFocus(page, 'counter-delivery-address');
    await page.keyboard.press('Enter');
    expect(await text(page, dt('counter-error'))).toBe('散客送餐请填写送餐地址');
    expect(await page.locator(dt('counter-confirmation')).count()).toBe(0);
    await page.keyboard.type('浏河社区3栋2单元501');
    // the address is there now: the refusal asking for it goes
    expect(await text(page, dt('counter-error'))).toBe('');
    await screenshot(page, 'canteen-counter-guest-delivery');
    await page.keyboard.press('Enter');
    await page.locator(dt('counter-confirmation-address')).waitFor();
    const deliveryId = await page.locator(dt('counter-confirmation')).getAttribute('data-order-id');
    const delivery = await getJson<{ channel: string; delivery: { address: string } }>(page, `/api/v1/canteen/orders/${deliveryId}`);
    expect(delivery).toMatchObject({ channel: 'delivery', delivery: { address: '浏河社区3栋2单元501' } });
  });

  it('when the screen is in English, then the repeat question and a guest delivery read in English', async () => {
    await context.addInitScript(() => localStorage.setItem('xingfuli.locale', 'en'));
    const { siteId } = await openCounter(page);
    expect(await text(page, dt('counter-legend'))).toContain('B note, name');
    const member = await memberByCard(page, siteId, 'XFL-0019');
    for (let i = 0; i < 2; i++) {
      await find(page, member.cardNumber, member);
      for (const key of ['Enter', '1', 'Enter']) await page.keyboard.press(key);
      if (i === 0) await page.locator(dt('counter-confirmation')).waitFor();
    }
    await page.locator(`${dt('counter-repeat')}[data-state="ready"]`).waitFor();
    expect(await text(page, dt('counter-repeat-text'))).toMatch(new RegExp(`^This is ${member.name}'s portion 2 of this meal \\(.+\\), at the unsubsidised price ¥\\d+\\.\\d\\d$`));
    await screenshot(page, 'canteen-counter-en-repeat');
    await page.keyboard.press('Escape');

    await stepUntil(page, siteId, (m) => m.windows.delivery.open);
    await page.keyboard.press('F4');
    await page.keyboard.press('1');
    await page.keyboard.press('b');
    await waitForFocus(page, 'counter-guest-name');
    await page.keyboard.type('Mrs Li');
    await page.keyboard.press('Escape');
    await waitForFocus(page, 'counter-panel');
    await page.keyboard.press('s');
    await waitForFocus(page, 'counter-delivery-address');
    await screenshot(page, 'canteen-counter-en-guest-fields');
  });
});
