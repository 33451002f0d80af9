/**
 * The shell's own states that the real server will not show on demand — a failed session
 * check, a stale CSRF token, rate limiting, a slow login — against a fake of the auth API
 * (Playwright routing). The built web app itself is served by the app under test.
 */
import type { Page } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { fakeUser, installFakeApi, type FakeApi } from './support/mock-api';
import { logIn, logOut, navModules, text, waitForShell } from './support/journey';

const canteenStaff = fakeUser('canteen', 'canteen_staff', ['canteen'], '食堂 王芳');
const parent = fakeUser('parent', 'parent', ['childcare', 'afterschool'], '家长 周婷');

describe('the web shell states', () => {
  let api: FakeApi;
  const journey = browserPerTest(async (c) => {
    api = await installFakeApi(c, [canteenStaff, parent]);
  });
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when the session check fails, then an error with a retry is shown, and retry recovers', async () => {
    api.meFailures = 1;
    await page.goto('/');
    await page.locator(dt('boot-error')).waitFor();
    expect(await page.locator(dt('retry')).isVisible()).toBe(true);
    await screenshot(page, 'boot-error');
    await page.locator(dt('retry')).click();
    await page.locator(dt('login-page')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('when the session check fails for a signed-in user, then retry brings back the shell on the same page', async () => {
    api.user = parent;
    api.meFailures = 1;
    // The page's code arrives late (a weak line): retry is pressed before the first navigation has ended.
    await page.route(/\/assets\/AfterschoolPage-[\w-]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto('/afterschool');
    await page.locator(dt('boot-error')).waitFor();
    await page.locator(dt('retry')).click();
    await page.locator(dt('page-afterschool')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/afterschool');
    expect(await navModules(page)).toEqual(['childcare', 'afterschool']);
  });

  it('when the cached CSRF token has gone stale, then the write refetches it once and succeeds', async () => {
    await page.goto('/login');
    await logIn(page, 'canteen');
    await waitForShell(page);
    api.rotateCsrf(); // e.g. the server restarted its session store
    await logOut(page);
    const logouts = api.log.filter((r) => r.path === '/api/v1/auth/logout');
    expect(logouts.map((r) => r.status)).toEqual([403, 204]);
  });

  it('when logging in, then the token returned by login replaces the cached one', async () => {
    await page.goto('/login');
    await logIn(page, 'canteen');
    await waitForShell(page);
    await logOut(page);
    const csrfFetches = api.log.filter((r) => r.path === '/api/v1/auth/csrf');
    expect(csrfFetches).toHaveLength(1); // only before login; logout used the token login returned
    expect(api.log.find((r) => r.path === '/api/v1/auth/logout')?.status).toBe(204);
  });

  it('when login is slow, then the button shows it is loading', async () => {
    api.loginDelayMs = 1500;
    await page.goto('/login');
    await logIn(page, 'canteen');
    await page.locator(`${dt('login-submit')}.is-loading`).waitFor();
    await screenshot(page, 'login-loading');
    await waitForShell(page);
  });

  it('when login is rate limited, then the page asks to wait', async () => {
    api.loginRateLimited = 1;
    await page.goto('/login');
    await logIn(page, 'canteen');
    await page.locator(dt('login-error')).waitFor();
    expect(await text(page, dt('login-error'))).toContain('过于频繁');
  });

  it('when the session has expired, then a reload goes to /login remembering the page', async () => {
    await page.goto('/login');
    await logIn(page, 'canteen');
    await waitForShell(page);
    await page.locator(`${dt('nav-item')}[data-module="canteen"]`).click();
    await page.locator(dt('page-canteen')).waitFor();
    api.user = null;
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/canteen');
    await logIn(page, 'canteen');
    await page.locator(dt('page-canteen')).waitFor();
  });

  it('when the redirect points off-site, then login goes home instead', async () => {
    await page.goto('/login?redirect=//evil.example/');
    await logIn(page, 'parent');
    await waitForShell(page);
    expect(page.url()).toBe(`${baseUrl()}/`);
  });

  it('when canteen staff log in, then home is their counter', async () => {
    await page.goto('/login?redirect=//evil.example/');
    await logIn(page, 'canteen');
    await page.locator(dt('page-canteen')).waitFor();
    expect(page.url()).toBe(`${baseUrl()}/canteen?tab=counter`);
  });

  it('when a role has no modules, then home says so', async () => {
    api.user = fakeUser('nobody', 'family', [], '无模块');
    await page.goto('/');
    await page.locator(dt('home-empty')).waitFor();
    expect(await navModules(page)).toEqual([]);
  });
});
