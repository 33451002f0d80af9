/**
 * The care home's 规则 tab against the real app: the care staff read the order of admission with
 * the demo's care levels, each priced by the quote of its cost-sharing bed line, and leave rules
 * (version 1, in force), and store a version from next year with 介护 priced on the 特护 line, a
 * shorter meal-refund tier and its rules edited row by row (more points at 80, a new rule for 90
 * and over, 优抚 gone); a rule without its Chinese words is refused beside its row first. It waits
 * for its day, quoted at the 特护 line's price.
 */
import type { Locator } from 'playwright-core';
import { formatFen } from '../../domain/shared/money-text';
import { browserPerTest, dt, screenshot } from './support/browser';
import { getJson, siteIdOf } from './support/counter';
import { logIn, waitForShell } from './support/journey';

interface Version {
  version: number;
  rules: { code: string; when: unknown; effect: unknown }[];
  prices: { careLevel: string; familyDayFen: number; monthFen: number }[];
}
/** A level's price as the tab says it: the family's bed-day after subsidies and its 30 days. */
const priceText = (p: Version['prices'][number]) => `家属每日 ${formatFen(p.familyDayFen)}（补贴后），30 天 ${formatFen(p.monthFen)}`;

describe('care home: the staff’s rules tab', () => {
  const journey = browserPerTest();

  it('when the care staff store a version from next year with 介护 on another bed line, new leave rules and its rules edited row by row, then it is listed as upcoming with those rules at that line’s quote, and version 1 stays in force', async () => {
    const staff = journey.page;
    await staff.goto('/login');
    await logIn(staff, 'care');
    await waitForShell(staff);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '规则' }).click();
    await staff.locator(`${dt('carehome-rules')}[data-state="ready"]`).waitFor();
    const first = staff.locator(`${dt('rule-version')}[data-version="1"]`);
    const siteId = await siteIdOf(staff);
    const [v1] = await getJson<Version[]>(staff, `/api/v1/carehome/rule-sets?siteId=${siteId}`);
    const quoteOf = (v: Version, level: string) => v.prices.find((p) => p.careLevel === level)!;
    const levels = first.locator(dt('version-level'));
    await expect(levels.nth(2).textContent()).resolves.toContain(`介护（中度失能、重度失能；失能老人床位（日））${priceText(quoteOf(v1, 'nursing'))}`);
    await expect(levels.nth(3).textContent()).resolves.toContain(`特护（完全失能；特护床位（日））${priceText(quoteOf(v1, 'special'))}`);
    expect(quoteOf(v1, 'special').monthFen).toBeGreaterThan(quoteOf(v1, 'nursing').monthFen);
    await expect(first.getAttribute('data-in-force')).resolves.toBe('true');

    await staff.locator(dt('rules-new')).click();
    // The date picker keeps no data-test of its own: found by its label, as a person finds it.
    const effective = staff.getByLabel('生效日期');
    // Next year's first day: always to come, and its budgets are open in the demo.
    await effective.fill(`${new Date().getFullYear() + 1}-01-01`);
    await effective.press('Enter');
    // The third level is 介护 in the demo's settings: priced on the 特护 line from then.
    await staff.locator(dt('level-line')).nth(2).click();
    await staff.locator('.el-select-dropdown__item:visible', { hasText: '特护床位（日）' }).click();
    const mealFrom = staff.locator(`${dt('settings-meal-from')} input`);
    await mealFrom.fill('5');
    // A number field takes its value when left.
    await mealFrom.press('Tab');

    await staff.locator(dt('rules-form')).evaluate((form) => form.scrollIntoView());
    await screenshot(staff, 'carehome-rules-editor');
    // The rules, row by row: 80 and over scores 25 points from then.
    const row = (code: string) => staff.locator(`${dt('rule-row')}[data-code="${code}"]`);
    const pick = async (select: Locator, option: string) => {
      await select.click();
      await staff.locator('.el-select-dropdown__item:visible', { hasText: option }).click();
    };
    const typeNumber = async (field: Locator, value: number) => {
      await field.locator('input').fill(String(value));
      await field.locator('input').press('Tab');
    };
    await typeNumber(row('age_80').locator(dt('rule-amount')), 25);
    // A new rule for 90 and over, its words left for later; its code is made for it.
    await staff.locator(dt('rules-add')).click();
    const added = staff.locator(dt('rule-row')).last();
    await expect(added.getAttribute('data-code')).resolves.toBe('rule_9');
    await expect(staff.evaluate(() => document.activeElement?.getAttribute('data-test'))).resolves.toBe('rule-zh');
    await added.locator(dt('rule-en')).fill('Aged 90 or over: +5');
    await pick(added.locator(dt('rule-op')), '周岁介于');
    await pick(added.locator(dt('rule-fact')), '出生日期');
    await typeNumber(added.locator(dt('rule-min')), 90);
    await typeNumber(added.locator(dt('rule-amount')), 5);
    // Above the suspension, from the keyboard; and 优抚 goes.
    await row('rule_9').locator(dt('rule-up')).focus();
    await staff.keyboard.press('Enter');
    await expect(staff.evaluate(() => document.activeElement?.closest('[data-code]')?.getAttribute('data-code'))).resolves.toBe('rule_9');
    await row('veteran').locator(dt('rule-remove')).click();
    const codes = () => staff.locator(dt('rule-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    await expect(codes()).resolves.toEqual(['tekun_first', 'dibao', 'age_80', 'low_income', 'disability', 'living_alone', 'rule_9', 'withdrew_twice']);

    const saving = () => staff.waitForResponse((r) => r.url().includes('/carehome/rule-sets') && r.request().method() === 'POST');
    // Without its Chinese words the rule is refused, said on its row (the server names rules[6].label.zh).
    let answer = saving();
    await staff.locator(dt('rules-save')).click();
    expect((await answer).status()).toBe(422);
    const complaint = row('rule_9').locator(dt('rule-error'));
    await complaint.waitFor();
    await expect(complaint.textContent()).resolves.toContain('中文说明');
    expect(await staff.locator(dt('rule-error')).count()).toBe(1);
    await complaint.scrollIntoViewIfNeeded();
    await screenshot(staff, 'carehome-rules-refused');
    // A complaint stays with its rule when the rules move.
    await row('rule_9').locator(dt('rule-down')).click();
    expect(await row('rule_9').locator(dt('rule-error')).count()).toBe(1);
    await row('rule_9').locator(dt('rule-up')).click();

    await row('rule_9').locator(dt('rule-zh')).fill('90周岁以上 +5分');
    await staff.locator(dt('rule-rows')).scrollIntoViewIfNeeded();
    await screenshot(staff, 'carehome-rules-form');
    answer = saving();
    await staff.locator(dt('rules-save')).click();
    expect((await answer).status()).toBe(201);

    const next = staff.locator(`${dt('rule-version')}[data-version="2"]`);
    await next.waitFor();
    await expect(next.getAttribute('data-in-force')).resolves.toBe('false');
    await expect(next.textContent()).resolves.toMatch(/待生效/);
    const v2 = (await getJson<Version[]>(staff, `/api/v1/carehome/rule-sets?siteId=${siteId}`))[1];
    expect(quoteOf(v2, 'nursing').monthFen).toBe(quoteOf(v1, 'special').monthFen);
    await expect(next.locator(dt('version-level')).nth(2).textContent()).resolves.toContain(`介护（中度失能、重度失能；特护床位（日））${priceText(quoteOf(v2, 'nursing'))}`);
    await expect(next.textContent()).resolves.toMatch(/满 5 天退伙食费/);
    const tags = await next.locator(dt('version-rule')).allTextContents();
    expect(tags).toContain('90周岁以上 +5分');
    expect(tags).not.toContain('优抚对象 +10分');
    expect(v2.rules.map((r) => r.code)).toEqual(['tekun_first', 'dibao', 'age_80', 'low_income', 'disability', 'living_alone', 'rule_9', 'withdrew_twice']);
    expect(v2.rules[2].effect).toEqual({ points: 25 });
    expect(v2.rules[6]).toMatchObject({ when: { op: 'age', fact: 'birth_date', min: 90 }, effect: { points: 5 } });
    await expect(first.getAttribute('data-in-force')).resolves.toBe('true');
    await screenshot(staff, 'carehome-rules');
  });
});
