/**
 * Childcare fees against the real app (the demo's full centre): the staff see the class board's
 * next in line and the months ahead, bill this month for the site from the fees tab (billing
 * again charges nothing more), and read the rule settings and start a new version of the rules
 * (the demo's combined first rule is said in words, not edited); the demo parent, on a phone and on a
 * desktop, sees its family's statement for the month: 周可馨's slot-month with the 卫健 subsidy,
 * the family's price and the charge.
 */
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };
const now = new Date(Date.now() + 8 * 3_600_000);
const MONTH = now.toISOString().slice(0, 7);

describe('childcare: staff bill the month, the parent reads its statement', () => {
  const journey = browserPerTest();

  it('when the staff bill this month twice, then each family has one statement for it, and the parent sees its own on a phone and a desktop', async () => {
    const staffContext = await newContext(journey.browser, baseUrl());
    const staff = await staffContext.newPage();
    try {
      await staff.goto('/login');
      await logIn(staff, 'childcare');
      await waitForShell(staff);

      // The class board: free places, who is next, and the months ahead.
      await staff.goto('/childcare?tab=classes');
      await staff.locator(`${dt('childcare-classes')}[data-state="ready"]`).waitFor();
      await staff.locator(dt('class-projection')).waitFor();
      expect(await staff.locator(dt('class-next')).count()).toBeGreaterThan(0);
      await screenshot(staff, 'childcare-staff-board');
      await staff.locator(dt('class-projection')).scrollIntoViewIfNeeded();
      await screenshot(staff, 'childcare-staff-board-ahead');

      await staff.goto('/childcare?tab=fees');
      await staff.locator(dt('childcare-fees')).waitFor();
      const bills: number[] = [];
      staff.on('response', (r) => {
        if (r.url().includes('/childcare/fees/bill')) bills.push(r.status());
      });
      for (const _ of [1, 2]) {
        await staff.locator(dt('fees-bill')).click();
        // Listened for before the click that sends it: a quick answer would otherwise come unheard.
        const billed = staff.waitForResponse((r) => r.url().includes('/childcare/fees/bill'));
        await staff.locator('.el-popconfirm__action .el-button--primary').last().click();
        await billed;
      }
      expect(bills).toEqual([200, 200]);
      const zhou = staff.locator(`${dt('statement')}[data-month="${MONTH}"]`).filter({ hasText: '周可馨' });
      await zhou.waitFor();
      expect(await zhou.count()).toBe(1);
      await screenshot(staff, 'childcare-staff-fees');

      await staff.goto('/childcare?tab=rules');
      await staff.locator(`${dt('childcare-rules')}[data-state="ready"]`).waitFor();
      expect(await staff.locator(`${dt('rule-version')}[data-in-force="true"]`).count()).toBe(1);
      await screenshot(staff, 'childcare-staff-rules');
      await staff.locator(dt('rules-new')).click();
      const combined = staff.locator(dt('rule-row')).first().locator(dt('rule-compound'));
      await expect(combined.textContent()).resolves.toBe('满足其一：低保/特困家庭；特困');
      await screenshot(staff, 'childcare-staff-rules-editor');
      await staff.setViewportSize(PHONE);
      await staff.locator(dt('rule-row')).nth(1).scrollIntoViewIfNeeded();
      await screenshot(staff, 'childcare-staff-rules-editor-phone');
    } finally {
      await staffContext.close();
    }

    const parent = journey.page;
    await parent.setViewportSize(PHONE);
    await parent.goto('/login');
    await logIn(parent, 'parent');
    await waitForShell(parent);
    await parent.goto('/childcare');
    await parent.locator(`${dt('childcare-mine')}[data-state="ready"]`).waitFor();
    const mine = parent.locator(`${dt('statement')}[data-month="${MONTH}"]`);
    await mine.waitFor();
    expect(await mine.count()).toBe(1);
    const line = mine.locator(`${dt('statement-line')}[data-child="周可馨"]`);
    const text = (await line.textContent()) ?? '';
    expect(text).toContain('卫生健康局补贴');
    expect(text).toMatch(/本月实收¥[\d,]+\.\d\d/);
    expect(await mine.locator(dt('statement-line')).count()).toBe(1);
    expect(await parent.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await mine.scrollIntoViewIfNeeded();
    await screenshot(parent, 'childcare-phone-statement');
    await parent.setViewportSize({ width: 1366, height: 768 });
    await mine.scrollIntoViewIfNeeded();
    await screenshot(parent, 'childcare-desktop-statement');
  });
});
