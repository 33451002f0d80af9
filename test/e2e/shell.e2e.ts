/**
 * The web shell against the real app (API + built web app, demo data): every role logs in,
 * sees its own shell and navigation, survives a reload, and logs out.
 */
import type { Page } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { homeCardModules, logIn, logOut, me, navModules, text, waitForShell } from './support/journey';

/** A phone held upright (iPhone 12–15 CSS pixels): parents and families use the app on one. */
const PHONE = { width: 390, height: 844 };

const ALL = ['canteen', 'childcare', 'carehome', 'afterschool', 'costsharing', 'reconciliation'];

/** The demo logins, what each role may open (api/auth/permissions.ts), and where it lands (home unless said). */
const ROLES: { username: string; role: string; label: string; modules: string[]; landing?: string }[] = [
  { username: 'canteen', role: 'canteen_staff', label: '食堂工作人员', modules: ['canteen'], landing: '/canteen' },
  { username: 'childcare', role: 'childcare_staff', label: '托育工作人员', modules: ['childcare'] },
  { username: 'care', role: 'care_staff', label: '养老护理人员', modules: ['carehome'] },
  { username: 'afterschool', role: 'afterschool_staff', label: '课后托管工作人员', modules: ['afterschool'] },
  { username: 'operator', role: 'operator_admin', label: '运营方管理员', modules: ALL },
  { username: 'community', role: 'community_admin', label: '社区管理员', modules: ALL },
  { username: 'department', role: 'department', label: '职能部门', modules: ['costsharing', 'reconciliation'] },
  { username: 'parent', role: 'parent', label: '家长', modules: ['childcare', 'afterschool'] },
  { username: 'family', role: 'family', label: '老人家属', modules: ['carehome'] },
];

describe('the web shell', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it.each(ROLES)(
    'when $username logs in, then the shell shows the $role role and exactly its modules, survives a reload, and logout returns to /login',
    async ({ username, role, label, modules, landing }) => {
      await page.goto('/');
      await page.waitForURL((url) => url.pathname === '/login');
      await logIn(page, username);
      await waitForShell(page);
      await page.waitForURL((url) => url.pathname === (landing ?? '/'));

      const session = await me(page);
      expect(session.status).toBe(200);
      expect(session.user?.modules).toEqual(modules);
      expect(await text(page, dt('user-name'))).toBe(session.user?.displayName);
      expect(await page.locator(dt('user-role')).getAttribute('data-role')).toBe(role);
      expect(await text(page, dt('user-role'))).toBe(label);
      expect(await navModules(page)).toEqual(modules);
      if (!landing) expect(await homeCardModules(page)).toEqual(modules);
      await screenshot(page, `shell-${username}`);

      // open the first module from the side nav
      const first = modules[0];
      await page.locator(`${dt('nav-item')}[data-module="${first}"]`).click();
      await page.locator(dt(`page-${first}`)).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/${first}`);

      // a reload keeps the session and the page
      await page.reload();
      await waitForShell(page);
      await page.locator(dt(`page-${first}`)).waitFor();
      expect(await navModules(page)).toEqual(modules);

      await logOut(page);
      expect((await me(page)).status).toBe(401);
      await page.reload();
      await page.locator(dt('login-page')).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    },
  );

  it('when the password is wrong, then the login page says so and stays on /login', async () => {
    await page.goto('/login');
    await screenshot(page, 'login');
    await logIn(page, 'canteen', 'not-the-password');
    await page.locator(dt('login-error')).waitFor();
    expect(await text(page, dt('login-error'))).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator(dt('shell')).count()).toBe(0);
    await screenshot(page, 'login-bad-password');
  });

  it('when an unauthenticated user opens a module link, then they log in and land on that module', async () => {
    await page.goto('/carehome');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/carehome');
    await logIn(page, 'care');
    await page.locator(dt('page-carehome')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/carehome');
  });

  it('when a role opens a module it may not use, then it sees the forbidden page', async () => {
    await page.goto('/login');
    await logIn(page, 'parent');
    await waitForShell(page);
    await page.goto('/canteen');
    await page.locator(dt('page-forbidden')).waitFor();
    await screenshot(page, 'forbidden');
  });

  it('when the user works with the keyboard only, then login, navigation and logout all work', async () => {
    await page.goto('/login');
    // the username field has focus on arrival
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'login-username');
    await page.keyboard.type('operator');
    await page.keyboard.press('Tab');
    await page.keyboard.type('xingfuli123');
    await page.keyboard.press('Enter');
    await waitForShell(page);

    // Tab through the header until a side-nav module link has focus, then open it with Enter
    let focused = '';
    for (let i = 0; i < 15 && focused !== 'nav-item'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-test') ?? '');
    }
    expect(focused).toBe('nav-item');
    const moduleKey = await page.evaluate(() => document.activeElement?.getAttribute('data-module'));
    // the focus ring is visible
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await screenshot(page, 'keyboard-focus-nav');
    await page.keyboard.press('Enter');
    await page.locator(dt(`page-${moduleKey}`)).waitFor();

    await page.locator(dt('logout')).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/login');
  });

  it.each(['parent', 'family'])('when %s signs in on a phone, then nothing scrolls sideways and the nav, the modules and logout are in reach', async (username) => {
    await page.setViewportSize(PHONE);
    await page.goto('/login');
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(page, `phone-login-${username}`);
    await logIn(page, username);
    await waitForShell(page);
    expect(await sideways()).toBeLessThanOrEqual(0);
    const modules = await navModules(page);
    for (const m of modules) {
      const link = page.locator(`${dt('nav-item')}[data-module="${m}"]`);
      expect(await link.isVisible()).toBe(true);
      await link.click();
      await page.locator(dt(`page-${m}`)).waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
    }
    await screenshot(page, `phone-shell-${username}`);
    expect(await page.locator(dt('logout')).getAttribute('aria-label')).toBe('退出登录');
    await logOut(page);
  });

  it('when the user switches to English, then the shell is in English and stays so after a reload', async () => {
    await page.goto('/login');
    await logIn(page, 'family');
    await waitForShell(page);
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(page, dt('user-role'))).toBe('Family member');
    await page.reload();
    await waitForShell(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text(page, dt('logout'))).toBe('Log out');
    await screenshot(page, 'shell-family-en');
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await text(page, dt('user-role'))).toBe('老人家属');
  });
});
