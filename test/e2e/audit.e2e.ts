/**
 * The audit log's login list against the real app (API + built web app, demo data): an admin
 * finds a failed login and a name nobody has, narrows to failures with the keyboard, and reads
 * it in both languages; staff neither see the entry nor reach the page. The loading, empty and
 * error states come from holding or faking the one API answer the page asks for.
 */
import type { Page, Route } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, waitForShell } from './support/journey';

const NOBODY = `nobody-${Date.now().toString(36)}`;

/** A login attempt through the API, as a browser on the login page would make it. */
async function tryLogin(page: Page, username: string, password: string): Promise<number> {
  const { csrfToken } = (await (await page.request.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  return (await page.request.post('/api/v1/auth/login', { data: { username, password }, headers: { 'x-csrf-token': csrfToken } })).status();
}

const rows = (page: Page) => page.locator(dt('login-row'));
const outcomes = (page: Page) => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));

describe('the audit log: login attempts for admins', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when an admin opens the audit log, then failed logins, names nobody has and successes are listed, newest first, and failures can be picked with the keyboard', async () => {
    await page.goto('/login');
    expect(await tryLogin(page, 'family', 'not-the-password')).toBe(401);
    expect(await tryLogin(page, NOBODY, 'Spring2026!')).toBe(401);
    await logIn(page, 'operator');
    await waitForShell(page);

    await page.locator(dt('nav-audit')).focus();
    await page.keyboard.press('Enter');
    await page.locator(`${dt('logins')}[data-state="ready"]`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    expect(await page.title()).toContain('审计日志');

    const first = rows(page).first();
    expect(await first.getAttribute('data-username')).toBe('operator');
    expect(await first.getAttribute('data-outcome')).toBe('success');
    const family = page.locator(`${dt('login-row')}[data-username="family"][data-outcome="failure"]`).first();
    await family.waitFor();
    expect(await family.textContent()).toContain('家属 吴军');
    const unknown = page.locator(`${dt('login-row')}[data-username="${NOBODY}"]`);
    expect(await unknown.textContent()).toContain('无此账号');
    await screenshot(page, 'audit-logins');

    // The outcome choice is a radio group: Tab into it, arrow to 失败.
    await page.locator(`${dt('logins-outcome')} [data-outcome="all"] input`).focus();
    await page.keyboard.press('ArrowRight');
    await page.locator(`${dt('logins')}[data-state="ready"]`).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test="login-row"]')].every((e) => e.getAttribute('data-outcome') === 'failure'));
    expect(new Set(await outcomes(page))).toEqual(new Set(['failure']));
    expect(await page.locator(`${dt('login-row')}[data-username="${NOBODY}"]`).count()).toBe(1);

    await page.locator(dt('locale-switch')).click();
    await page.locator(dt('page-title')).filter({ hasText: 'Audit log' }).waitFor();
    expect(await page.locator(`${dt('login-row')}[data-username="${NOBODY}"]`).textContent()).toContain('No such account');
    await screenshot(page, 'audit-logins-en');
  });

  it('while the list loads it says so; when there is nothing it says so; when it fails, retry brings it back', async () => {
    await page.goto('/login');
    await logIn(page, 'community');
    await waitForShell(page);

    let answer: 'hold' | 'empty' | 'fail' | 'pass' = 'hold';
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/audit/logins*', async (route: Route) => {
      if (answer === 'hold') await held;
      if (answer === 'empty') return route.fulfill({ status: 200, contentType: 'application/json', body: '[]' });
      if (answer === 'fail') return route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong; it has been logged' }) });
      return route.continue();
    });

    await page.goto('/audit');
    await page.locator(`${dt('logins')}[data-state="loading"] ${dt('loading-state')}`).waitFor();
    answer = 'empty';
    release();
    await page.locator(dt('logins-empty')).waitFor();
    expect(await page.locator(dt('logins-empty')).textContent()).toContain('暂无登录记录');

    answer = 'fail';
    await page.locator(dt('logins-refresh')).click();
    await page.locator(dt('logins-error')).waitFor();
    await screenshot(page, 'audit-logins-error');

    answer = 'pass';
    await page.locator(`${dt('logins-error')} ${dt('retry')}`).click();
    await page.locator(`${dt('logins')}[data-state="ready"]`).waitFor();
    expect(await rows(page).count()).toBeGreaterThan(0);
  });

  it('when staff log in, then the audit log is not in their navigation and its address shows the forbidden page', async () => {
    await page.goto('/login');
    await logIn(page, 'canteen');
    await waitForShell(page);
    expect(await page.locator(dt('nav-audit')).count()).toBe(0);
    await page.goto('/audit');
    await page.locator(dt('page-forbidden')).waitFor();
  });
});
