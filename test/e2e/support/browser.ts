/**
 * Chromium for the journeys: Debian's /usr/bin/chromium (or CHROMIUM_PATH), driven by
 * playwright-core. Never downloads a browser.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { baseUrl } from './env';

export const VIEWPORT = { width: 1366, height: 768 } as const;
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (own cookies and localStorage) at 1366×768, zh-CN. */
export function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/**
 * One browser per test file, and a fresh context (own cookies, storage) and page for each
 * test, closed after it. `prepare` runs on the context before the page opens (routes, init scripts).
 */
export function browserPerTest(prepare?: (context: BrowserContext) => Promise<void>) {
  const session = {} as { browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
  });
  beforeEach(async () => {
    session.context = await newContext(session.browser, baseUrl());
    await prepare?.(session.context);
    session.page = await session.context.newPage();
  });
  afterEach(async () => {
    await session.context?.close();
  });
  return session;
}

/** Save a full-page screenshot to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The `data-test` selector, so tests do not depend on markup or copy. */
export const dt = (name: string): string => `[data-test="${name}"]`;
