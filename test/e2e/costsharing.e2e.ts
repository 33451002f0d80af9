/**
 * The cost-sharing pages against the real app (API + built web app, demo data): the
 * operator prices the lunch set live as they type, saves a new cost model version from the
 * keyboard, is told when a date is taken, and reads the margin dashboard; a department sees
 * only the contribution rules it funds.
 */
import type { Page } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, text, waitForShell } from './support/journey';

/** A business date (Asia/Shanghai) `days` from today, as YYYY-MM-DD. */
function businessDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const price = (tier: string) => `${dt('price-price')}[data-tier="${tier}"]`;
const component = (name: string) => `${dt('component-input')}[data-component="${name}"]`;

async function priceFen(page: Page, tier: string): Promise<number> {
  return Number(await page.locator(price(tier)).getAttribute('data-fen'));
}

async function openCostsharing(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await logIn(page, username);
  await waitForShell(page);
  await page.locator(`${dt('nav-item')}[data-module="costsharing"]`).click();
  await page.locator(dt('page-costsharing')).waitFor();
}

describe('cost sharing', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when the operator changes the labour cost, then the chart and the lunch prices follow live, and the numbers save as a new version', async () => {
    await openCostsharing(page, 'operator');

    // the lunch set is priced for every tier, with the six parties' shares drawn as a chart
    await page.locator(`${dt('shares-chart')} canvas`).first().waitFor();
    await page.locator(price('member')).waitFor();
    expect(await page.locator(dt('price-price')).count()).toBe(6);
    expect(await text(page, price('member'))).toBe('¥13.00');
    expect(await page.locator(dt('full-cost')).getAttribute('data-fen')).toBe('1500');
    expect(await text(page, dt('full-cost'))).toContain('¥15.00');
    await screenshot(page, 'costsharing-editor');

    // labour ¥3.80 → ¥4.80: the full cost is ¥16.00 and the member price moves on the ¥0.50 step
    const before = await priceFen(page, 'member');
    await page.locator(component('labour')).fill('4.80');
    expect(await page.locator(dt('full-cost')).getAttribute('data-fen')).toBe('1600');
    expect(await text(page, dt('full-cost'))).toContain('¥16.00');
    await page.waitForFunction(
      ([selector, old]) => Number(document.querySelector(selector)?.getAttribute('data-fen')) !== old,
      [price('member'), before] as const,
    );
    expect(await priceFen(page, 'member')).toBe(1400);
    expect(await text(page, price('member'))).toBe('¥14.00');
    await screenshot(page, 'costsharing-editor-labour-changed');

    // a future date, then Enter in a field saves the version
    const future = businessDate(45);
    const dateInput = page.locator(`${dt('effective-from')} input`);
    await dateInput.fill(future);
    await dateInput.press('Tab');
    await page.locator(component('labour')).press('Enter');
    const row = page.locator(`${dt('version-row')}[data-effective-from="${future}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('scheduled');
    expect(await page.locator(dt('version-row')).count()).toBe(2);

    // the same date again is refused, and the message sits beside the date
    await dateInput.fill(future);
    await dateInput.press('Tab');
    await page.locator(dt('save-version')).click();
    await page.locator(dt('save-error')).waitFor();
    const dateError = page.locator(`${dt('effective-from')} [role="alert"]`);
    await dateError.waitFor();
    expect(await dateError.textContent()).toContain('该日期已有版本');
    await screenshot(page, 'costsharing-editor-duplicate-date');

    // a version not yet in force can be withdrawn
    await row.locator('xpath=ancestor::tr').locator(dt('version-withdraw')).click();
    // the row's button and the popconfirm's are both named 撤回: wait for the popconfirm and press its own
    const confirm = page.locator('.el-popconfirm:visible').getByRole('button', { name: '撤回' });
    await confirm.click();
    await row.waitFor({ state: 'detached' });
    expect(await page.locator(dt('version-row')).count()).toBe(1);
  });

  it('when a field is not an amount, then it says so and the preview waits', async () => {
    await openCostsharing(page, 'operator');
    await page.locator(price('member')).waitFor();
    await page.locator(component('materials')).fill('7.805');
    await page.locator(dt('preview-paused')).waitFor();
    expect(await text(page, dt('cost-model-form'))).toContain('最多两位小数');
    await page.locator(component('materials')).fill('7.80');
    await page.waitForFunction(() => document.querySelector('[data-test="preview"]')?.getAttribute('data-state') === 'ready');
  });

  it('when the operator opens the margin dashboard of a month with nothing served, then it says so', async () => {
    // a month before the demo opened: the canteen journeys serve meals this month
    await openCostsharing(page, 'operator');
    await page.getByRole('tab', { name: '微利看板' }).click();
    await page.locator(dt('margin-dashboard')).waitFor();
    await page.goto('/costsharing?tab=margin&month=2025-12');
    await page.locator(dt('margin-empty')).waitFor();
    expect(await text(page, dt('margin-empty'))).toContain('本月尚无服务记录');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('margin');
    expect(new URL(page.url()).searchParams.get('month')).toBe('2025-12');
    await screenshot(page, 'costsharing-margin-empty');
  });

  it('when the operator opens the contributions, then the lunch rules and the funding accounts are listed', async () => {
    await openCostsharing(page, 'operator');
    await page.getByRole('tab', { name: '各方贡献与资金' }).click();
    await page.locator(dt('contributions-table')).waitFor();
    const mechanisms = await page.locator(dt('contribution-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-mechanism')));
    expect(mechanisms.sort()).toEqual(['charity_pool', 'fixed_grant', 'in_kind_space', 'tier_subsidy', 'volunteer_hours']);
    await page.locator(dt('funding-table')).waitFor();
    expect(await page.locator(dt('funding-row')).count()).toBeGreaterThan(0);
    expect(await text(page, `${dt('funding-row')}[data-account="mca-meal"]`)).toContain('老年助餐补贴');
    await screenshot(page, 'costsharing-contributions');
  });

  it('when a year’s funding accounts are not open, then the panel names them and one key press opens them from the agreements', async () => {
    await openCostsharing(page, 'operator');
    await page.getByRole('tab', { name: '各方贡献与资金' }).click();
    // The demo opens this year and next, so December takes January's orders.
    await page.locator(`${dt('funding-rollover')}[data-state="complete"]`).waitFor();
    expect(await text(page, dt('funding-rollover-complete'))).toContain('均已开设');

    // The year before the demo started was never opened.
    const lastYear = String(Number(businessDate(0).slice(0, 4)) - 1);
    await page.locator(dt('funding-year')).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: lastYear }).click();
    await page.locator(`${dt('funding-rollover')}[data-state="missing"]`).waitFor();
    expect(await page.locator(dt('funding-rollover-missing')).count()).toBe(8);
    expect(await text(page, `${dt('funding-rollover-missing')}[data-account="mca-meal"]`)).toContain('老年助餐补贴');
    expect(await text(page, `${dt('funding-rollover-missing')}[data-account="mca-meal"]`)).toContain('¥300,000.00');
    await page.locator(dt('funding-empty')).waitFor();
    await page.locator(dt('funding-rollover-open')).scrollIntoViewIfNeeded();
    await screenshot(page, 'costsharing-funding-missing');
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(page, dt('funding-rollover'))).toContain('8 funding accounts of ' + lastYear + ' are not open yet');
    await screenshot(page, 'costsharing-funding-missing-en');

    await page.locator(dt('funding-rollover-open')).focus();
    await page.keyboard.press('Enter');
    await page.locator(`${dt('funding-rollover')}[data-state="complete"]`).waitFor();
    await page.locator(dt('funding-table')).waitFor();
    expect(await page.locator(dt('funding-row')).count()).toBe(8);
    await page.locator(dt('funding-table')).scrollIntoViewIfNeeded();
    await screenshot(page, 'costsharing-funding-opened');
  });

  it('when the year’s funding accounts cannot be checked, then the panel says so and a retry recovers', async () => {
    const problem = { type: '/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong; it has been logged' };
    await page.route('**/api/v1/costsharing/funding-accounts/rollover?**', (route) => route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify(problem) }), { times: 1 });
    await openCostsharing(page, 'operator');
    await page.getByRole('tab', { name: '各方贡献与资金' }).click();
    await page.locator(`${dt('funding-rollover')}[data-state="error"]`).waitFor();
    await page.locator(dt('funding-rollover-error')).scrollIntoViewIfNeeded();
    await screenshot(page, 'costsharing-funding-error');
    await page.locator(dt('funding-rollover-retry')).click();
    await page.locator(`${dt('funding-rollover')}[data-state="complete"]`).waitFor();
  });

  it('when a department opens cost sharing, then it sees the rules it funds and no error', async () => {
    await openCostsharing(page, 'department');
    await page.locator(dt('department-notice')).waitFor();
    await page.locator(dt('contributions-table')).waitFor();
    const kinds = await page.locator(dt('contribution-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['department']));
    expect(await page.locator(dt('error-state')).count()).toBe(0);
    expect(await page.locator(dt('cost-model')).count()).toBe(0);
    await screenshot(page, 'costsharing-department');
  });

  it('when a department reads its rules, in Chinese and in English, then it reads names and amounts, never codes, one care level per bed row', async () => {
    await openCostsharing(page, 'department');
    await page.locator(dt('contributions-table')).waitFor();
    const codes = /mca-|charity-|tekun|age80|self_care|programme |项目 /;
    const rules = () => page.locator(dt('contributions-table')).innerText();

    const zh = await rules();
    expect(zh).not.toMatch(codes);
    expect(zh).toContain('每餐：70–79 岁 ¥2.00');
    for (const [line, amount] of [['自理老人床位（日）', '自理 ¥6.70'], ['半失能老人床位（日）', '半失能 ¥13.30'], ['失能老人床位（日）', '失能 ¥20.00']]) {
      // The 失能 line has 民政's care voucher in a row of its own beside the bed subsidy.
      const row = page.locator('tr').filter({ has: page.getByText(line, { exact: true }) }).filter({ hasText: `每床每日：${amount}` });
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain(`每床每日：${amount}`);
    }

    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await rules();
    expect(en).not.toMatch(codes);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en).toContain('Self-care ¥6.70 per bed-day');
    await screenshot(page, 'costsharing-department-en');
  });

  it('when the operator reads the lunch rules and the funding accounts, then amounts and counts are grouped and no account shows its code', async () => {
    await openCostsharing(page, 'operator');
    await page.getByRole('tab', { name: '各方贡献与资金' }).click();
    await page.locator(dt('funding-row')).first().waitFor();
    expect(await text(page, dt('contributions-table'))).toContain('年度 ¥96,000.00，按预计 146,000 餐分摊');
    const funding = await text(page, dt('funding-table'));
    expect(funding).not.toMatch(/mca-|charity-/);
    expect(funding).toContain('¥96,000.00');
  });

  it('when the user switches to English, then the editor speaks English', async () => {
    await openCostsharing(page, 'operator');
    await page.locator(price('member')).waitFor();
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(page, dt('save-version'))).toBe('Save as new version');
    expect(await text(page, `${dt('price-tier')}[data-tier="member"]`)).toBe('Member (60–69)');
    await screenshot(page, 'costsharing-editor-en');
  });
});
