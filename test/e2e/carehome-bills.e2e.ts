/**
 * Care-home bills against the real app (the demo bills last month for all 44 residents): the
 * family login, on a phone, reads its relative's bill with the leave days and who pays what by
 * name; the care staff see the billing tab's arrears list, bill last month again (nothing more is
 * charged) and record a payment.
 */
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };

describe('care home: the family’s bills and the staff’s billing tab', () => {
  const journey = browserPerTest();

  it('when the family opens the care home on a phone, then its relative’s last month shows the leave days and the 民政 subsidy and voucher by name', async () => {
    const context = await newContext(journey.browser, baseUrl());
    const family = await context.newPage();
    try {
      await family.setViewportSize(PHONE);
      await family.goto('/login');
      await logIn(family, 'family');
      await waitForShell(family);
      await family.goto('/carehome');
      const bill = family.locator(dt('carehome-bill')).first();
      await bill.waitFor();
      await expect(bill.textContent()).resolves.toMatch(/养老床位运营补贴/);
      await expect(bill.textContent()).resolves.toMatch(/家属自付/);
      expect(await family.locator(`${dt('carehome-bill-leave')} li`).count()).toBeGreaterThan(0);
      // Nothing wider than the phone.
      expect(await family.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await bill.scrollIntoViewIfNeeded();
      await screenshot(family, 'carehome-family-bills');
    } finally {
      await context.close();
    }
  });

  it('when the care staff bill last month again, then nothing more is billed, and a payment lowers what a family owes', async () => {
    const staff = journey.page;
    await staff.goto('/login');
    await logIn(staff, 'care');
    await waitForShell(staff);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '账单与押金' }).click();
    const table = staff.locator(dt('carehome-arrears'));
    await table.waitFor();
    await staff.locator(dt('carehome-bills-run')).click();
    // Wait for the answer before pressing, so a quick answer is not missed.
    const running = staff.waitForResponse((r) => r.url().includes('/carehome/bills/run'));
    await staff.locator('.el-popconfirm__action .el-button--primary').last().click();
    const ran = await running;
    expect(ran.status()).toBe(200);
    expect(await ran.json()).toMatchObject({ billedNow: 0, residents: 44 });

    await staff.locator(dt('carehome-pay')).first().click();
    // Element Plus puts the attribute on the <input> itself.
    await staff.locator(`input${dt('carehome-amount')}`).fill('100');
    const paying = staff.waitForResponse((r) => r.url().includes('/payments'));
    await staff.locator(dt('carehome-save')).click();
    const paid = await paying;
    expect(paid.status()).toBe(201);
    expect((await paid.json()).paidFen).toBe(10_000);
    await table.scrollIntoViewIfNeeded();
    await screenshot(staff, 'carehome-billing');
  });
});
