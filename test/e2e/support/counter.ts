/**
 * The counter journeys' shared steps: the canteen API as the signed-in page sees it (to set
 * up and to check what really happened), and the counter's own steps, by keyboard.
 */
import type { Page } from 'playwright-core';
import { dt } from './browser';
import { logIn, waitForShell } from './journey';

export interface Hit {
  id: string;
  name: string;
  cardNumber: string;
  idNumber: string;
  phone: string | null;
  homebound: boolean;
  walletBalanceFen: number;
  tier: { tier: string };
}

export interface PlacedOrder {
  id: string;
  memberId: string | null;
  guestName: string | null;
  setMealId: string;
  setMealName: string;
  meal: string;
  quantity: number;
  channel: string;
  amountFen: number;
  subsidyFen: number;
  note: string | null;
  delivery: { address: string | null } | null;
  payment: { method: string };
  status: string;
}

export interface MenuMeal {
  meal: string;
  windows: Record<'dine_in' | 'pickup' | 'delivery', { open: boolean }>;
  setMeals: { id: string; name: string }[];
}

export async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A write through the API with the page's session and CSRF token (test set-up, not the journey). */
export async function post(page: Page, path: string, body: unknown): Promise<void> {
  const { csrfToken } = await getJson<{ csrfToken: string }>(page, '/api/v1/auth/csrf');
  const response = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
  if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
}

export async function siteIdOf(page: Page): Promise<string> {
  return (await getJson<{ user: { siteIds: string[] } }>(page, '/api/v1/auth/me')).user.siteIds[0];
}

export const search = (page: Page, siteId: string, q: string, limit = 10) =>
  getJson<Hit[]>(page, `/api/v1/canteen/members/search?siteId=${siteId}&q=${encodeURIComponent(q)}&limit=${limit}`);

export async function memberByCard(page: Page, siteId: string, card: string): Promise<Hit> {
  const [hit] = await search(page, siteId, card);
  if (hit?.cardNumber !== card) throw new Error(`no member with card ${card}`);
  return hit;
}

/** Every order of a day (and meal), as the orders list says. */
export async function dayOrders(page: Page, siteId: string, date: string, meal?: string): Promise<PlacedOrder[]> {
  const query = `siteId=${siteId}&date=${date}${meal ? `&meal=${meal}` : ''}&limit=500`;
  return (await getJson<{ items: PlacedOrder[] }>(page, `/api/v1/canteen/orders?${query}`)).items;
}

export const ordersOf = (page: Page, siteId: string, date: string, memberId: string) =>
  getJson<{ total: number; items: PlacedOrder[] }>(page, `/api/v1/canteen/orders?siteId=${siteId}&date=${date}&memberId=${memberId}`);

export async function menuMeal(page: Page, siteId: string, date: string, meal: string): Promise<MenuMeal> {
  const menu = await getJson<{ meals: MenuMeal[] }>(page, `/api/v1/canteen/menu?siteId=${siteId}&date=${date}`);
  const found = menu.meals.find((m) => m.meal === meal);
  if (!found) throw new Error(`no ${meal} on ${date}`);
  return found;
}

export async function waitForFocus(page: Page, dataTest: string): Promise<void> {
  await page.waitForFunction((name) => document.activeElement?.getAttribute('data-test') === name, dataTest);
}

/** Logs in as canteen staff, who land on the counter with the search box in focus. */
export async function openCounter(page: Page): Promise<{ siteId: string; date: string; meal: string; setIds: string[] }> {
  await page.goto('/login');
  await logIn(page, 'canteen');
  await waitForShell(page);
  await page.locator(dt('counter')).waitFor();
  await page.locator(dt('counter-set')).first().waitFor();
  await waitForFocus(page, 'counter-search');
  const slot = page.locator(dt('counter-slot'));
  const setIds = await page.locator(dt('counter-set')).evaluateAll((els) => els.map((e) => e.getAttribute('data-set-meal-id') ?? ''));
  return { siteId: await siteIdOf(page), date: (await slot.getAttribute('data-date'))!, meal: (await slot.getAttribute('data-meal'))!, setIds };
}

/** The counter has nothing in flight and no keys waiting for an answer. */
export async function waitUntilIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.locator(`${dt('counter')}[data-busy="false"]`).waitFor({ timeout });
}

/**
 * `zsf⏎1⏎` as keys: ⏎ is Enter, ⇧⏎ Shift+Enter, ⎋ Escape, ⌫ Backspace; every other
 * character is its own key.
 */
export function keysOf(typed: string): string[] {
  const named: Record<string, string> = { '⏎': 'Enter', '⎋': 'Escape', '⌫': 'Backspace' };
  const keys: string[] = [];
  for (const char of typed) {
    if (char === '⇧') keys.push('Shift+');
    else if (keys.at(-1) === 'Shift+') keys[keys.length - 1] += named[char] ?? char;
    else keys.push(named[char] ?? char);
  }
  return keys;
}

/** Presses the keys one after another, `intervalMs` apart, without waiting for the screen: a worker typing from memory. */
export async function typeAhead(page: Page, typed: string, intervalMs = 50): Promise<void> {
  for (const key of keysOf(typed)) {
    await page.keyboard.press(key);
    await page.waitForTimeout(intervalMs);
  }
}
