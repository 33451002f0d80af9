/**
 * 菜单计划 against the real app (API + built web app, demo data, which has published plans
 * for this week and next): an admin closes a day and the canteen staff copy last week into
 * an empty week (that day's set meals are skipped and listed); the staff build a blank week
 * from the keyboard (the server's message for an empty name sits beside the name), publish
 * it and find it on the menu; a week with 国庆节 wears its badges; a community admin reads
 * the plans without edit controls. Weeks are counted from the real clock, so the journeys
 * work on any day.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { browserPerTest, dt, newContext, screenshot, SCREENSHOT_DIR, VIEWPORT } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, text, waitForShell } from './support/journey';

/** A business date (Asia/Shanghai) `days` from today, as YYYY-MM-DD. */
function businessDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return addDays(today, days);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return addDays(date, -((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7));
}

const THIS_MONDAY = mondayOf(businessDate(0));

/** Element Plus puts `data-test` on the native input of some fields and on the wrapper of others. */
const input = (name: string) => `input${dt(name)}, ${dt(name)} input`;
const cell = (date: string, meal: string) => `${dt('cell')}[data-date="${date}"][data-meal="${meal}"]`;
const dialog = (page: Page): Locator => page.locator('.el-dialog').filter({ has: page.locator(dt('set-meal-name')) });

interface SetMeal {
  id: string;
  name: string;
  date: string;
  meal: string;
  portionLimit: number | null;
}

/** The canteen API as the signed-in page would call it: same session cookie, its CSRF token. */
async function api(page: Page) {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { siteIds: string[] } };
  const { csrfToken } = (await (await page.request.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const siteId = me.user.siteIds[0];
  const get = async <T>(path: string, query: Record<string, string>): Promise<T> => {
    const response = await page.request.get(`/api/v1${path}`, { params: { siteId, ...query } });
    if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    plan: (weekStart: string) => get<{ setMeals: SetMeal[] }>('/canteen/plans', { weekStart }),
    menu: (date: string) => get<{ meals: { meal: string; setMeals: SetMeal[] }[] }>('/canteen/menu', { date }),
    async orderAsGuest(setMealId: string, quantity: number): Promise<void> {
      const response = await page.request.post('/api/v1/canteen/orders', {
        data: { siteId, guestName: 'E2E 访客', setMealId, quantity, channel: 'dine_in', payment: { method: 'cash' } },
        headers: { 'x-csrf-token': csrfToken, 'idempotency-key': randomUUID() },
      });
      if (!response.ok()) throw new Error(`POST /canteen/orders: ${response.status()} ${await response.text()}`);
    },
  };
}

async function openPlans(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await logIn(page, username);
  await waitForShell(page);
  await page.locator(`${dt('nav-item')}[data-module="canteen"]`).click();
  await page.locator(dt('page-canteen')).waitFor();
  await page.getByRole('tab', { name: '菜单计划' }).click();
  await page.locator(dt('plan-grid')).waitFor();
}

/** The week picker shows `weekStart` and its calendar and plan have loaded. */
async function weekShown(page: Page, weekStart: string): Promise<void> {
  await page.locator(`${dt('week-range')}[data-week-start="${weekStart}"]`).waitFor();
  await page.locator(`${dt('plans')}[data-state="ready"]`).waitFor();
}

/** Step the week picker forward `weeks` times, as staff would, until that week is shown. */
async function goForward(page: Page, weeks: number): Promise<string> {
  const target = addDays(THIS_MONDAY, 7 * weeks);
  for (let i = 0; i < weeks; i++) await page.locator(dt('week-next')).click();
  await weekShown(page, target);
  return target;
}

/** The shell scrolls inside its main area: a whole week is shot with a viewport as tall as the tab. */
async function screenshotWholeTab(page: Page, name: string): Promise<void> {
  const height = await page.locator(dt('plans')).evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(height + 320, 4000) });
  await screenshot(page, name);
  await page.setViewportSize(VIEWPORT);
}

/** The message Element Plus shows under a form field. */
const fieldError = (page: Page, field: string): Locator => dialog(page).locator(`${dt(field)} [role="alert"]`);

describe('canteen meal plans', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when an admin closes a day and the staff copy last week into an empty week, then the set meals appear as a draft and that day’s are listed as skipped', async () => {
    const week = addDays(THIS_MONDAY, 14);
    const closed = addDays(week, 2);

    // the operator (an admin) closes that Wednesday in the service panel
    const adminContext = await newContext(journey.browser, baseUrl());
    const admin = await adminContext.newPage();
    await openPlans(admin, 'operator');
    const panel = admin.locator(dt('service-panel'));
    await panel.locator(dt('closed-days')).waitFor();
    const dateField = panel.locator(`${dt('closed-day-date')} input`);
    await dateField.fill(closed);
    await dateField.press('Enter');
    await panel.locator(input('closed-day-reason')).fill('厨房设备检修');
    await panel.locator(input('closed-day-reason')).press('Enter');
    await panel.locator(`${dt('closed-day')}[data-date="${closed}"]`).waitFor();
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'canteen-plans-service-panel.png') });
    await adminContext.close();

    // the staff find the week empty, with that day closed
    await openPlans(page, 'canteen');
    await goForward(page, 2);
    await page.locator(dt('plan-empty')).waitFor();
    expect(await page.locator(dt('set-meal')).count()).toBe(0);
    expect(await text(page, `${dt('day-head')}[data-date="${closed}"] ${dt('badge-closed')}`)).toBe('闭餐：厨房设备检修');
    expect(await page.locator(`${dt('day-head')}[data-date="${closed}"]`).getAttribute('data-service-day')).toBe('false');

    // copy last week: everything but the closed day's set meals, which are listed with the reason
    await page.locator(dt('plan-copy')).click();
    await page.locator(`${dt('plan-status')}[data-status="draft"]`).waitFor();
    const before = await (await api(page)).plan(addDays(week, -7));
    const onClosedDay = before.setMeals.filter((s) => s.date === addDays(closed, -7)).length;
    expect(onClosedDay).toBeGreaterThan(0);
    expect(await page.locator(`${dt('skipped-item')}[data-date="${closed}"]`).count()).toBe(onClosedDay);
    expect(await text(page, dt('skipped'))).toContain('闭餐（厨房设备检修）');
    expect(await page.locator(dt('set-meal')).count()).toBe(before.setMeals.length - onClosedDay);
    expect(await page.locator(`${cell(closed, 'lunch')} ${dt('set-meal')}`).count()).toBe(0);
    // a draft is edited in place: every serving cell offers another set meal, the closed day none
    expect(await page.locator(`${cell(addDays(week, 1), 'lunch')} ${dt('add-set-meal')}`).count()).toBe(1);
    expect(await page.locator(`${cell(closed, 'lunch')} ${dt('add-set-meal')}`).count()).toBe(0);
    await screenshotWholeTab(page, 'canteen-plans-copied-week');
  });

  it('when the staff build a blank week from the keyboard and publish it, then the set meal is on that day’s menu', async () => {
    await openPlans(page, 'canteen');
    const week = await goForward(page, 3);
    await page.locator(dt('plan-empty')).waitFor();
    await page.locator(dt('plan-create')).focus();
    await page.keyboard.press('Enter');
    await page.locator(`${dt('plan-status')}[data-status="draft"]`).waitFor();
    expect(await page.locator(dt('set-meal')).count()).toBe(0);

    // Wednesday's lunch: open the cell's "添加套餐" with Enter; the name has the focus
    const date = addDays(week, 2);
    await page.locator(`${cell(date, 'lunch')} ${dt('add-set-meal')}`).focus();
    await page.keyboard.press('Enter');
    const name = dialog(page).locator(input('set-meal-name'));
    await name.waitFor();
    await page.waitForFunction(() => document.activeElement?.matches('input[data-test="set-meal-name"], [data-test="set-meal-name"] input') ?? false);

    // the dishes and a nutrition tag, typed and added with Enter; the name left empty
    await page.keyboard.press('Tab');
    for (const dish of ['清蒸鲈鱼', '蒸蛋羹', '米饭']) {
      await page.keyboard.type(dish);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.type('高蛋白');
    await page.keyboard.press('Enter');
    expect(await dialog(page).locator(`${dt('set-meal-dishes')} ${dt('tag')}`).count()).toBe(3);

    // Enter in the name saves; the server refuses the empty name and its message sits beside the name
    await name.focus();
    await page.keyboard.press('Enter');
    await fieldError(page, 'field-name').waitFor();
    expect(await fieldError(page, 'field-name').textContent()).toContain('不能为空');
    await screenshot(page, 'canteen-plans-dialog-error');

    // a name and a limit of 50 portions, then Enter saves and the dialog closes
    await page.keyboard.type('E2E 清蒸鱼套餐');
    await fieldError(page, 'field-name').waitFor({ state: 'detached' });
    await dialog(page).locator(`${dt('set-meal-unlimited')} input`).focus();
    await page.keyboard.press('Space');
    const limit = dialog(page).locator(input('set-meal-limit'));
    await limit.fill('50');
    await name.focus();
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'hidden' });
    const card = page.locator(`${cell(date, 'lunch')} ${dt('set-meal')}[data-name="E2E 清蒸鱼套餐"]`);
    await card.waitFor();
    expect(await text(page, `${cell(date, 'lunch')} ${dt('set-meal')} ${dt('set-meal-limit-text')}`)).toBe('限 50 份');

    // the same name again in that cell: the server names the second set meal (setMeals.1.name)
    await page.locator(`${cell(date, 'lunch')} ${dt('add-set-meal')}`).click();
    await name.waitFor();
    await name.fill('E2E 清蒸鱼套餐');
    await dialog(page).locator(input('set-meal-dishes')).fill('清蒸鳊鱼');
    await name.press('Enter');
    await fieldError(page, 'field-name').waitFor();
    expect(await fieldError(page, 'field-name').textContent()).toContain('同一天同一餐次已有同名套餐');
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    expect(await page.locator(dt('set-meal')).count()).toBe(1);
    await screenshot(page, 'canteen-plans-draft-week');

    // publish, confirmed in the popconfirm
    await page.locator(dt('plan-publish')).click();
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: '发布', exact: true }).click();
    await page.locator(`${dt('plan-status')}[data-status="published"]`).waitFor();
    expect(await page.locator(dt('add-set-meal')).count()).toBe(0);
    expect(await text(page, `${cell(date, 'lunch')} ${dt('set-meal-portions')}`)).toBe('已订 0 份 · 余 50 份');

    // the set meal is on that day's menu now
    const client = await api(page);
    const lunch = (await client.menu(date)).meals.find((m) => m.meal === 'lunch')?.setMeals ?? [];
    const published = lunch.find((s) => s.name === 'E2E 清蒸鱼套餐');
    expect(published).toMatchObject({ date, portionLimit: 50 });

    // once 3 portions are ordered, the limit cannot go below them: the server's reason sits beside the limit
    await client.orderAsGuest(published!.id, 3);
    await page.reload();
    await card.waitFor();
    expect(await text(page, `${cell(date, 'lunch')} ${dt('set-meal-portions')}`)).toBe('已订 3 份 · 余 47 份');
    await card.click();
    await name.waitFor();
    expect(await dialog(page).locator(dt('set-meal-remove')).count()).toBe(0);
    await limit.fill('2');
    await dialog(page).locator(dt('set-meal-save')).click();
    await fieldError(page, 'field-portion-limit').waitFor();
    expect(await fieldError(page, 'field-portion-limit').textContent()).toContain('不能少于已订的 3 份');
    await screenshot(page, 'canteen-plans-limit-below-ordered');

    // a limit above them is taken
    await limit.fill('60');
    await dialog(page).locator(dt('set-meal-save')).click();
    await dialog(page).waitFor({ state: 'hidden' });
    expect(await text(page, `${cell(date, 'lunch')} ${dt('set-meal-portions')}`)).toBe('已订 3 份 · 余 57 份');
  });

  it('when the staff jump to the week of 国庆节, then its holidays and the 调休 workday wear their badges', async () => {
    await openPlans(page, 'canteen');
    const jump = page.locator(input('week-date'));
    await jump.fill('2026-10-01');
    await jump.press('Enter');
    await weekShown(page, '2026-09-28');
    const holiday = page.locator(`${dt('day-head')}[data-date="2026-10-01"] ${dt('badge-holiday')}`);
    await holiday.waitFor();
    expect(await holiday.textContent()).toContain('国庆节');
    expect(await page.locator(`${dt('day-head')}[data-date="2026-09-30"] ${dt('badge-holiday')}`).count()).toBe(0);
    expect(await page.locator(`${dt('day-head')} ${dt('badge-holiday')}`).count()).toBe(4);
    // a week long past has no plan and gets none
    await page.locator(dt('plan-empty')).waitFor();
    expect(await page.locator(dt('plan-create')).count()).toBe(0);
    await screenshot(page, 'canteen-plans-national-day');

    await page.locator(dt('week-next')).click();
    await weekShown(page, '2026-10-05');
    const makeup = page.locator(`${dt('day-head')}[data-date="2026-10-10"] ${dt('badge-makeup')}`);
    await makeup.waitFor();
    expect(await makeup.textContent()).toContain('调休上班');
    expect(await page.locator(`${dt('day-head')}[data-date="2026-10-10"]`).getAttribute('data-kind')).toBe('makeup_workday');
  });

  it('when a community admin opens the plans, then the week reads without edit controls and the cut-offs are listed', async () => {
    await openPlans(page, 'community');
    await page.locator(`${dt('plan-status')}[data-status="published"]`).waitFor();
    expect(await page.locator(dt('set-meal')).count()).toBeGreaterThan(0);
    expect(await page.locator(`button${dt('set-meal')}`).count()).toBe(0);
    expect(await page.locator(dt('add-set-meal')).count()).toBe(0);
    expect(await page.locator(dt('plan-publish')).count()).toBe(0);
    expect(await text(page, `${dt('cutoff')}[data-meal="lunch"][data-channel="delivery"]`)).toBe('当天 10:00 前');
    expect(await text(page, `${dt('cutoff')}[data-meal="breakfast"][data-channel="delivery"]`)).toBe('前一天 19:00 前');
    await screenshotWholeTab(page, 'canteen-plans-community');

    // an empty week offers nothing to create
    await goForward(page, 5);
    await page.locator(dt('plan-empty')).waitFor();
    expect(await page.locator(dt('plan-copy')).count()).toBe(0);
    expect(await page.locator(dt('plan-create')).count()).toBe(0);
  });
});
