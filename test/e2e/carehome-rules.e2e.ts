/**
 * The care home's 规则 tab against the real app: the care staff read the order of admission with
 * the demo's care levels, prices and leave rules (version 1, in force), and store a version from
 * a later date with a dearer 介护 and a shorter meal-refund tier; it waits for its day.
 */
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, waitForShell } from './support/journey';

describe('care home: the staff’s rules tab', () => {
  const journey = browserPerTest();

  it('when the care staff store a version from next year with new prices and leave rules, then it is listed as upcoming with them, and version 1 stays in force', async () => {
    const staff = journey.page;
    await staff.goto('/login');
    await logIn(staff, 'care');
    await waitForShell(staff);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '规则' }).click();
    await staff.locator(`${dt('carehome-rules')}[data-state="ready"]`).waitFor();
    const first = staff.locator(`${dt('rule-version')}[data-version="1"]`);
    await expect(first.textContent()).resolves.toMatch(/介护.*¥4,200\.00/);
    await expect(first.getAttribute('data-in-force')).resolves.toBe('true');

    await staff.locator(dt('rules-new')).click();
    // The date picker keeps no data-test of its own: found by its label, as a person finds it.
    const effective = staff.getByLabel('生效日期');
    await effective.fill('2099-01-01');
    await effective.press('Enter');
    // The third level is 介护 in the demo's settings.
    await staff.locator(`input${dt('level-price')}, ${dt('level-price')} input`).nth(2).fill('4500');
    const mealFrom = staff.locator(`${dt('settings-meal-from')} input`);
    await mealFrom.fill('5');
    // A number field takes its value when left.
    await mealFrom.press('Tab');
    await staff.locator(dt('settings-draft')).scrollIntoViewIfNeeded();
    await screenshot(staff, 'carehome-rules-form');
    const saving = staff.waitForResponse((r) => r.url().includes('/carehome/rule-sets') && r.request().method() === 'POST');
    await staff.locator(dt('rules-save')).click();
    const saved = await saving;
    expect(saved.status()).toBe(201);

    const next = staff.locator(`${dt('rule-version')}[data-version="2"]`);
    await next.waitFor();
    await expect(next.getAttribute('data-in-force')).resolves.toBe('false');
    await expect(next.textContent()).resolves.toMatch(/待生效/);
    await expect(next.textContent()).resolves.toMatch(/介护.*¥4,500\.00/);
    await expect(next.textContent()).resolves.toMatch(/满 5 天退伙食费/);
    await expect(first.getAttribute('data-in-force')).resolves.toBe('true');
    await screenshot(staff, 'carehome-rules');
  });
});
