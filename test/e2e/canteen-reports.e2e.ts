/**
 * The canteen's kitchen board, delivery list and day close against the real app (API + built
 * web app, demo data). Orders are placed through the API with the page's own session, for
 * tomorrow's lunch (today's may be past its cut-off at the real clock); every run shares one
 * server, so the journeys compare against a reading taken before they order.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, text, waitForShell } from './support/journey';

/** A business date (Asia/Shanghai) `days` from today, as YYYY-MM-DD. */
function businessDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const TOMORROW = businessDate(1);

interface PlacedOrder {
  id: string;
  amountFen: number;
  tier: string;
  payment: { method: 'wallet' | 'cash' | 'external' };
  lines: { lineSubsidyFen: number }[];
}

interface OrderSpec {
  card?: string;
  guestName?: string;
  setMealId: string;
  channel: 'dine_in' | 'pickup' | 'delivery';
  quantity?: number;
  payment?: 'wallet' | 'cash' | 'external';
  note?: string;
}

/** The canteen API as the signed-in page would call it: same session cookie, its CSRF token. */
class CanteenApi {
  private constructor(
    private readonly page: Page,
    private readonly csrfToken: string,
    readonly staffId: string,
    readonly siteId: string,
  ) {}

  static async of(page: Page): Promise<CanteenApi> {
    const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { id: string; siteIds: string[] } };
    const { csrfToken } = (await (await page.request.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
    return new CanteenApi(page, csrfToken, me.user.id, me.user.siteIds[0]);
  }

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const response = await this.page.request.get(`/api/v1${path}`, { params: { siteId: this.siteId, ...query } });
    if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** The lunch set meals of a day, in menu order. */
  async lunch(date: string): Promise<{ id: string; name: string; portionLimit: number | null }[]> {
    const menu = await this.get<{ meals: { meal: string; setMeals: { id: string; name: string; portionLimit: number | null }[] }[] }>('/canteen/menu', { date });
    return menu.meals.find((m) => m.meal === 'lunch')?.setMeals ?? [];
  }

  async memberId(card: string): Promise<string> {
    const hits = await this.get<{ id: string; cardNumber: string }[]>('/canteen/members/search', { q: card });
    const hit = hits.find((h) => h.cardNumber === card);
    if (!hit) throw new Error(`no member ${card}`);
    return hit.id;
  }

  async order(spec: OrderSpec): Promise<PlacedOrder> {
    const method = spec.payment ?? (spec.card ? 'wallet' : 'cash');
    const body = {
      siteId: this.siteId,
      memberId: spec.card ? await this.memberId(spec.card) : null,
      guestName: spec.guestName ?? null,
      setMealId: spec.setMealId,
      quantity: spec.quantity ?? 1,
      channel: spec.channel,
      payment: method === 'external' ? { method, reference: `E2E-${randomUUID().slice(0, 8)}` } : { method },
      note: spec.note ?? null,
    };
    const response = await this.page.request.post('/api/v1/canteen/orders', {
      data: body,
      headers: { 'x-csrf-token': this.csrfToken, 'idempotency-key': randomUUID() },
    });
    if (!response.ok()) throw new Error(`POST /canteen/orders: ${response.status()} ${await response.text()}`);
    return (await response.json()) as PlacedOrder;
  }
}

const setMealCard = (id: string) => `${dt('kitchen-set-meal')}[data-set-meal-id="${id}"]`;

/** A number kept in a data attribute, 0 when the element is not there (an empty board, no close yet). */
async function numberAt(page: Page, selector: string, attribute: string): Promise<number> {
  const element = page.locator(selector);
  if ((await element.count()) === 0) return 0;
  return Number(await element.first().getAttribute(attribute));
}

async function waitForNumber(page: Page, selector: string, attribute: string, expected: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([s, a, n]) => Number(document.querySelector(s)?.getAttribute(a)) === n,
    [selector, attribute, expected] as const,
    { timeout },
  );
}

async function openCanteen(page: Page, query: string): Promise<CanteenApi> {
  await page.goto('/login');
  await logIn(page, 'canteen');
  await waitForShell(page);
  await page.goto(`/canteen?${query}`);
  await page.locator(dt('page-canteen')).waitFor();
  return CanteenApi.of(page);
}

/** Step a report's day forward until it shows `date`, the way staff would (the 后一天 button). */
async function goToDate(page: Page, report: string, date: string): Promise<void> {
  const root = page.locator(dt(report));
  await root.waitFor();
  await root.locator(dt('report-date-next')).click();
  await page.locator(`${dt(report)}[data-date="${date}"][data-state="ready"]`).waitFor();
}

describe('canteen reports', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when orders come in for tomorrow, then the kitchen board counts them by channel and refreshes itself without a reload', async () => {
    const api = await openCanteen(page, 'tab=kitchen&refresh=2');
    await goToDate(page, 'kitchen', TOMORROW);
    const [lunch] = await api.lunch(TOMORROW);
    const card = setMealCard(lunch.id);
    const channel = (ch: string) => `${card} ${dt('kitchen-channel')}[data-channel="${ch}"]`;
    const before = {
      total: await numberAt(page, card, 'data-portions'),
      delivery: await numberAt(page, channel('delivery'), 'data-portions'),
      dineIn: await numberAt(page, channel('dine_in'), 'data-portions'),
      pickup: await numberAt(page, channel('pickup'), 'data-portions'),
    };
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await api.order({ card: 'XFL-0004', setMealId: lunch.id, channel: 'delivery' });
    await api.order({ guestName: '后厨看板访客', setMealId: lunch.id, channel: 'dine_in', quantity: 2 });
    await waitForNumber(page, card, 'data-portions', before.total + 3);
    expect(await numberAt(page, channel('delivery'), 'data-portions')).toBe(before.delivery + 1);
    expect(await numberAt(page, channel('dine_in'), 'data-portions')).toBe(before.dineIn + 2);
    expect(await page.locator(`${card} ${dt('kitchen-limit')}`).getAttribute('data-limit')).toBe(String(lunch.portionLimit));
    expect(await text(page, dt('kitchen-updated-at'))).toMatch(/更新于 \d{2}:\d{2}:\d{2}/);

    // another order: the board follows on its own
    await api.order({ guestName: '后厨看板访客', setMealId: lunch.id, channel: 'pickup', payment: 'cash' });
    await waitForNumber(page, card, 'data-portions', before.total + 4);
    expect(await numberAt(page, channel('pickup'), 'data-portions')).toBe(before.pickup + 1);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, 'canteen-reports-kitchen');

    // a failed refresh keeps the counts on screen with a warning, and the next good one clears it
    await page.route('**/api/v1/canteen/reports/kitchen**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }) }),
    );
    await page.locator(dt('kitchen-refresh-failed')).waitFor();
    expect(await numberAt(page, card, 'data-portions')).toBe(before.total + 4);
    await screenshot(page, 'canteen-reports-kitchen-refresh-failed');
    await page.unroute('**/api/v1/canteen/reports/kitchen**');
    await page.locator(dt('kitchen-refresh-failed')).waitFor({ state: 'detached' });

    // on another tab nobody sees the board: it stops asking, and catches up on coming back
    let asked = 0;
    page.on('request', (request) => {
      if (request.url().includes('/canteen/reports/kitchen')) asked += 1;
    });
    await page.getByRole('tab', { name: '送餐清单' }).click();
    await page.locator(dt('delivery')).waitFor();
    await page.waitForTimeout(500); // a request already on its way when the tab changed may still land
    asked = 0;
    await page.waitForTimeout(4500);
    expect(asked).toBe(0);
    await page.getByRole('tab', { name: '后厨看板' }).click();
    await page.waitForRequest((request) => request.url().includes('/canteen/reports/kitchen'), { timeout: 3000 });

    // 大屏 for a wall display
    await page.locator(dt('kitchen-big')).click();
    await page.locator('.kitchen--big').waitFor();
    await screenshot(page, 'canteen-reports-kitchen-big');
    await page.locator(dt('kitchen-big')).click();
    await page.locator('.kitchen--big').waitFor({ state: 'detached' });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator(dt('nav')).isVisible()).toBe(false);
    await screenshot(page, 'canteen-reports-kitchen-print');
  });

  it('when deliveries are ordered, then the list groups them by building with the dietary notes, and prints without the frame', async () => {
    const api = await openCanteen(page, 'tab=delivery');
    const [lunch, fish] = await api.lunch(TOMORROW);
    // 刘建国 (XFL-0004) lives in 4栋 and eats 低糖, allergic to 花生; XFL-0010 in 10栋, XFL-0002 in 2栋
    await api.order({ card: 'XFL-0010', setMealId: lunch.id, channel: 'delivery' });
    await api.order({ card: 'XFL-0004', setMealId: fish.id, channel: 'delivery', note: '放门口' });
    await api.order({ card: 'XFL-0002', setMealId: lunch.id, channel: 'delivery' });

    await goToDate(page, 'delivery', TOMORROW);
    await page.locator(`${dt('delivery-meal')} [data-meal="lunch"]`).click();
    await page.locator(`${dt('delivery-meal')} [data-meal="lunch"].is-active`).waitFor();
    await page.locator(`${dt('delivery')}[data-state="ready"]`).waitFor();
    const run = `${dt('delivery-run')}[data-meal="lunch"]`;
    await page.locator(run).waitFor();
    expect(await page.locator(`${dt('delivery-run')}:not([data-meal="lunch"])`).count()).toBe(0);

    const building = page.locator(`${run} ${dt('delivery-building')}[data-building="4栋"]`);
    const stop = building.locator(`${dt('delivery-stop')}[data-member="刘建国"]`).filter({ hasText: '放门口' });
    await stop.waitFor();
    const notes = await stop.locator(dt('delivery-note')).allTextContents();
    expect(notes).toEqual(expect.arrayContaining(['低糖', '过敏：花生', '放门口']));
    expect(await stop.locator('.delivery__note--allergy').textContent()).toBe('过敏：花生');
    expect(await stop.textContent()).toContain('清蒸鱼套餐');

    // in English the diet tags and the word allergy are English; what staff typed stays as typed
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await stop.locator(dt('delivery-note')).allTextContents()).toEqual(expect.arrayContaining(['low sugar', 'Allergy: 花生', '放门口']));
    await screenshot(page, 'canteen-reports-delivery-en');
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // buildings as people read them: 2栋, 4栋, … 10栋
    const buildings = await page.locator(`${run} ${dt('delivery-building')}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-building')));
    expect(buildings.indexOf('2栋')).toBeLessThan(buildings.indexOf('4栋'));
    expect(buildings.indexOf('4栋')).toBeLessThan(buildings.indexOf('10栋'));
    await screenshot(page, 'canteen-reports-delivery');

    // 打印 opens the browser's print dialog
    await page.evaluate(() => {
      window.print = () => ((window as unknown as { printed: boolean }).printed = true);
    });
    await page.locator(dt('delivery-print')).click();
    expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator(dt('nav')).isVisible()).toBe(false);
    expect(await page.locator(dt('logout')).isVisible()).toBe(false);
    expect(await page.locator(dt('delivery-print')).isVisible()).toBe(false);
    expect(await page.getByRole('tab', { name: '送餐清单' }).isVisible()).toBe(false);
    expect(await page.locator('.delivery__sheet-title').textContent()).toContain(TOMORROW);
    await screenshot(page, 'canteen-reports-delivery-print');
  });

  it('when staff take orders, then the day close adds them to their takings by payment, their drawer and the subsidies by tier', async () => {
    const api = await openCanteen(page, 'tab=dayClose');
    await page.locator(`${dt('day-close')}[data-state="ready"]`).waitFor();
    const mine = `${dt('day-close-staff')}[data-staff-id="${api.staffId}"]`;
    const read = async () => ({
      wallet: await numberAt(page, mine, 'data-wallet-fen'),
      cash: await numberAt(page, mine, 'data-cash-fen'),
      external: await numberAt(page, mine, 'data-external-fen'),
      drawer: await numberAt(page, mine, 'data-drawer-fen'),
      subsidy: await numberAt(page, mine, 'data-subsidy-fen'),
    });
    const before = await read();

    const [lunch] = await api.lunch(TOMORROW);
    // XFL-0007 is 特困供养 (the most favourable tier); a guest pays cash; XFL-0003 pays elsewhere
    const placed = [
      await api.order({ card: 'XFL-0007', setMealId: lunch.id, channel: 'dine_in', payment: 'wallet' }),
      await api.order({ guestName: '日结访客', setMealId: lunch.id, channel: 'pickup', payment: 'cash' }),
      await api.order({ card: 'XFL-0003', setMealId: lunch.id, channel: 'dine_in', payment: 'external' }),
    ];
    const paid = (method: string) => placed.filter((o) => o.payment.method === method).reduce((n, o) => n + o.amountFen, 0);
    const granted = placed.flatMap((o) => o.lines).reduce((n, l) => n + l.lineSubsidyFen, 0);

    await page.reload();
    await page.locator(mine).waitFor();
    expect(await read()).toEqual({
      wallet: before.wallet + paid('wallet'),
      cash: before.cash + paid('cash'),
      external: before.external + paid('external'),
      drawer: before.drawer + paid('cash'),
      subsidy: before.subsidy + granted,
    });
    expect(granted).toBeGreaterThan(0);
    expect(await page.locator(`${mine} ${dt('day-close-tier')}[data-tier="${placed[0].tier}"]`).count()).toBe(1);
    expect(await page.locator(`${dt('day-close-row')}[data-staff-id="${api.staffId}"]`).count()).toBe(1);
    await page.locator(dt('day-close-total')).waitFor();
    await screenshot(page, 'canteen-reports-day-close');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator(dt('nav')).isVisible()).toBe(false);
    expect(await page.locator(dt('day-close-export')).isVisible()).toBe(false);
    await screenshot(page, 'canteen-reports-day-close-print');
    await page.emulateMedia({ media: 'screen' });

    // the CSV has a row for the staff member and the grand total
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(dt('day-close-export')).click()]);
    expect(download.suggestedFilename()).toMatch(/^日结报表-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const staffName = await text(page, `${mine} h3`);
    expect(csv.split('\r\n')[0]).toContain('餐卡-堂食');
    expect(csv).toContain(`,${staffName},`);
    expect(csv).toContain(',总计,');
  });
});
