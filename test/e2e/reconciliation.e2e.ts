/**
 * Reconciliation against the real app (API + built web app, the demo's last month): the 卫健
 * department login (whose childcare claim the demo sends on any day of the month) opens it, disputes a line with a reason and approves the rest,
 * records a payment and downloads the month's PDF
 * statement; the operator then finds the dispute in its inbox and reads its receivables.
 * Each page is screenshotted at 1366×768.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, waitForShell } from './support/journey';

const pdfPages = (bytes: Buffer) => (bytes.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

describe('reconciliation: a department reviews, pays and downloads; the operator answers', () => {
  const journey = browserPerTest();

  it('when the department approves its claim but disputes a line, records a payment and downloads the PDF statement, then each shows', async () => {
    const page = journey.page;
    await page.goto('/login');
    await logIn(page, 'health');
    await waitForShell(page);
    await page.goto('/reconciliation');
    await page.locator(dt('claims-table')).waitFor();
    await page.locator(dt('programmes')).waitFor();
    await screenshot(page, 'reconciliation-department-claims');

    // The demo's childcare claim of last month, sent and unpaid: a line per child, named.
    const open = page.locator(dt('claim-open')).first();
    await open.click();
    await page.locator(dt('lines-table')).waitFor();
    await page.locator(dt('line-status')).first().waitFor();
    expect(await page.locator(dt('detail-status')).getAttribute('data-status')).toBe('submitted');
    expect(await page.locator(dt('line-name')).allTextContents()).not.toContain('—');

    // Filter by person: the first line's name finds that person's lines only.
    const name = (await page.locator(dt('line-name')).first().textContent())!.trim();
    await page.locator(dt('filter-person')).fill(name);
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('[data-test="line-name"]')].every((e) => e.textContent?.trim() === n),
      name,
    );
    await page.locator(dt('filter-person')).fill('');
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('[data-test="line-name"]')].some((e) => e.textContent?.trim() !== n),
      name,
    );

    // Dispute one line with a reason, then approve every pending line.
    await page.locator(dt('line-dispute')).first().click();
    await page.locator(dt('dispute-reason')).fill('当日未在本站就餐');
    await page.locator(dt('dispute-send')).click();
    await page.waitForFunction(() => document.querySelector('[data-test="detail-status"]')?.getAttribute('data-status') === 'part_disputed');
    await page.locator(dt('approve-all')).click();
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-test="line-status"]')].some((e) => e.getAttribute('data-status') === 'pending'));
    const statuses = await page.locator(dt('line-status')).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.filter((s) => s === 'disputed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'approved').length).toBeGreaterThan(1);

    // ID numbers are shown masked.
    const first = (await page.locator(dt('lines-table')).locator('tbody tr').first().locator('td').nth(3).textContent())!.trim();
    expect(first).toMatch(/\*{8}/);
    await screenshot(page, 'reconciliation-department-claim');

    // Payments: record one by hand.
    await page.locator('#tab-payments').click();
    await page.locator(dt('payment-form')).waitFor();
    await page.locator(dt('payment-amount')).fill('100');
    await page.locator(dt('payment-reference')).fill('WJ-E2E-0001');
    await page.locator(dt('payment-record')).click();
    await page.locator(`${dt('payments-table')} >> text=WJ-E2E-0001`).waitFor();
    await screenshot(page, 'reconciliation-department-payments');

    // Budget used for the year: a chart per programme.
    await page.locator('#tab-budget').click();
    await page.locator(`${dt('budget-chart')} canvas`).first().waitFor();
    expect(await page.locator(dt('budget-used')).first().textContent()).toMatch(/已用 ¥/);
    await screenshot(page, 'reconciliation-department-budget');

    // The month's statement as a PDF with pages.
    await page.locator('#tab-exports').click();
    await page.locator(dt('exports-table')).waitFor();
    await screenshot(page, 'reconciliation-department-exports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(dt('month-statement-pdf')).first().click()]);
    const file = join(tmpdir(), `recon-e2e-${Date.now()}.pdf`);
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(bytes)).toBeGreaterThanOrEqual(1);
    expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}-.+\.pdf$/);
    writeFileSync(join(tmpdir(), 'recon-e2e-last.pdf'), bytes);
  });

  it('when the operator opens reconciliation, then it sees the claims with their checks, the dispute to answer and the receivables by age', async () => {
    const page = journey.page;
    await page.goto('/login');
    await logIn(page, 'operator');
    await waitForShell(page);
    await page.goto('/reconciliation');
    await page.locator(dt('claims-table')).waitFor();
    await screenshot(page, 'reconciliation-operator-claims');
    await page.locator(dt('claim-open')).first().click();
    await page.locator(dt('lines-table')).waitFor();
    await screenshot(page, 'reconciliation-operator-claim');

    await page.goto('/reconciliation?tab=disputes');
    await page.locator(dt('disputes-table')).waitFor();
    expect(await page.locator(dt('dispute-reason-shown')).allTextContents()).toContain('当日未在本站就餐');
    await screenshot(page, 'reconciliation-operator-disputes');
    await page.locator(dt('answer-reason')).first().fill('核实后作废');
    await page.locator(dt('answer-void')).first().click();
    await page.locator(dt('disputes-empty')).waitFor();

    await page.goto('/reconciliation?tab=receivables');
    await page.locator(dt('receivables-table')).waitFor();
    await page.locator(dt('margin-link')).waitFor();
    await screenshot(page, 'reconciliation-operator-receivables');

    // Month close: the page says what closing does, asks to confirm, and the month then shows frozen.
    await page.goto('/reconciliation?tab=periods');
    await page.locator(dt('period-what')).waitFor();
    // The demo's last month still has drafts of other departments, so the journey closes a month before its data.
    const month = '2025-01';
    await page.locator(`${dt('period-closing')} input`).fill(month);
    await page.locator(`${dt('period-closing')} input`).press('Enter');
    await page.waitForFunction((m) => document.querySelector('[data-test="period-closing"]')?.getAttribute('data-month') === m, month);
    await page.locator(dt('period-close')).click();
    await page.locator(dt('period-confirm-close')).waitFor();
    await screenshot(page, 'reconciliation-operator-close-confirm');
    await page.locator(dt('period-confirm-close')).click();
    await page.locator(dt(`period-state-${month}`)).waitFor();
    expect(await page.locator(dt(`period-state-${month}`)).textContent()).toContain('已冻结');
    expect(await page.locator(dt('period-close')).isDisabled()).toBe(true);
    await screenshot(page, 'reconciliation-operator-periods');
  });
});
