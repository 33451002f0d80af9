/** Steps shared by the journeys, phrased as a user would do them. */
import type { Page } from 'playwright-core';
import { dt } from './browser';

export const DEMO_PASSWORD = 'xingfuli123';

/** Type the credentials and press Enter (the form submits from the keyboard). */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator(dt('login-page')).waitFor();
  await page.locator(dt('login-username')).fill(username);
  await page.locator(dt('login-password')).fill(password);
  await page.locator(dt('login-password')).press('Enter');
}

export async function waitForShell(page: Page): Promise<void> {
  await page.locator(dt('shell')).waitFor();
  await page.locator(dt('user-name')).waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.locator(dt('logout')).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.locator(dt('login-page')).waitFor();
}

/** The `data-module` of every side-nav item, in order. */
export function navModules(page: Page): Promise<string[]> {
  return page.locator(dt('nav-item')).evaluateAll((els) => els.map((e) => e.getAttribute('data-module') ?? ''));
}

/** The `data-module` of every home card, in order. */
export function homeCardModules(page: Page): Promise<string[]> {
  return page.locator(dt('home-card')).evaluateAll((els) => els.map((e) => e.getAttribute('data-module') ?? ''));
}

export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').trim();
}

/** What `/api/v1/auth/me` says about the page's session (shares the page's cookies). */
export async function me(page: Page): Promise<{ status: number; user?: { displayName: string; role: string; modules: string[] } }> {
  const response = await page.request.get('/api/v1/auth/me');
  return { status: response.status(), user: response.ok() ? ((await response.json()) as { user: never }).user : undefined };
}
