/**
 * The counter screen (点餐台) against the real app (API + built web app, demo data), at
 * 1366×768 and by keyboard only: staff find five members by five kinds of search and take
 * an order for each in three keystrokes after the query (four with a second portion), and
 * the kitchen counts rise by exactly the portions ordered; a wallet that cannot pay is
 * refused in words and cash takes over; a double Enter and a retry after a dropped
 * connection make one order each; no hits, no menu and a failing menu are said; the
 * screen reads in English too.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, text, waitForShell } from './support/journey';

interface Hit {
  id: string;
  name: string;
  cardNumber: string;
  idNumber: string;
  phone: string | null;
  walletBalanceFen: number;
  tier: { tier: string };
}
interface KitchenCounts {
  counts: { meal: string; setMealId: string; portions: number }[];
}
interface OrderList {
  total: number;
  items: { id: string; setMealId: string; quantity: number; payment: { method: string } }[];
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

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function siteIdOf(page: Page): Promise<string> {
  return (await getJson<{ user: { siteIds: string[] } }>(page, '/api/v1/auth/me')).user.siteIds[0];
}

const search = (page: Page, siteId: string, q: string) =>
  getJson<Hit[]>(page, `/api/v1/canteen/members/search?siteId=${siteId}&q=${encodeURIComponent(q)}`);

async function memberByCard(page: Page, siteId: string, card: string): Promise<Hit> {
  const [hit] = await search(page, siteId, card);
  if (hit?.cardNumber !== card) throw new Error(`no member with card ${card}`);
  return hit;
}

/** Portions per set meal on a date, from the kitchen board's API. */
async function kitchen(page: Page, siteId: string, date: string): Promise<Map<string, number>> {
  const report = await getJson<KitchenCounts>(page, `/api/v1/canteen/reports/kitchen?siteId=${siteId}&date=${date}`);
  return new Map(report.counts.map((c) => [c.setMealId, c.portions]));
}

/** A write through the API with the page's session and CSRF token (test set-up, not the journey). */
async function post(page: Page, path: string, body: unknown): Promise<void> {
  const { csrfToken } = await getJson<{ csrfToken: string }>(page, '/api/v1/auth/csrf');
  const response = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
  if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
}

const ordersOf = (page: Page, siteId: string, date: string, memberId: string) =>
  getJson<OrderList>(page, `/api/v1/canteen/orders?siteId=${siteId}&date=${date}&memberId=${memberId}`);

/** Logs in as canteen staff and lands on the counter, whose search box has the focus. */
async function openCounter(page: Page): Promise<{ siteId: string; date: string; meal: string; setIds: string[] }> {
  await page.goto('/login');
  await logIn(page, 'canteen');
  await waitForShell(page);
  await page.locator(`${dt('nav-item')}[data-module="canteen"]`).click();
  await page.locator(dt('counter')).waitFor();
  await page.locator(dt('counter-set')).first().waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'counter-search');
  const slot = page.locator(dt('counter-slot'));
  const setIds = await page.locator(dt('counter-set')).evaluateAll((els) => els.map((e) => e.getAttribute('data-set-meal-id') ?? ''));
  return { siteId: await siteIdOf(page), date: (await slot.getAttribute('data-date'))!, meal: (await slot.getAttribute('data-meal'))!, setIds };
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
      expect(await page.locator(`${dt('counter-set')}[data-key="${key}"]`).getAttribute('data-selected')).toBe('true');
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
      await page.locator(`${dt('counter-orders')} ${dt('counter-order')}`).first().waitFor();
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

  it('when Enter is pressed twice, then one order is taken, and Esc steps back to an empty counter', async () => {
    const { siteId, date } = await openCounter(page);
    const member = await memberByCard(page, siteId, 'XFL-0045');
    await find(page, member.cardNumber, member);
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')]);
    await page.locator(dt('counter-confirmation')).waitFor();
    // a third Enter only goes back to the same member's order panel: no set is chosen
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'counter-panel');
    expect((await ordersOf(page, siteId, date, member.id)).total).toBe(1);
    // the member's list reloads after the order: wait for it to settle on the one order
    await page.waitForFunction(() => document.querySelectorAll('[data-test="counter-orders"] [data-test="counter-order"]').length === 1);

    // Esc goes back to the search, a second Esc lets the member go
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'counter-search');
    await page.keyboard.press('Escape');
    await page.locator(dt('counter-no-member')).waitFor();
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
});
