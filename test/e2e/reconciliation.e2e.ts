/**
 * Reconciliation against the real app (API + built web app, the demo's last month): the 卫健
 * department login (whose childcare claim the demo sends on any day of the month) opens it, disputes a line with a reason and approves the rest,
 * records a payment, records another on account and allocates it by hand, and downloads the
 * month's PDF statement; the operator then finds the dispute in its inbox, reads its receivables,
 * the ledger (an account's entries, a claim opened from one) and the margin, and is told in
 * Chinese why a month cannot close. Each page is screenshotted at 1366×768.
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

    // Another payment held on account, then allocated by hand to the open claim.
    await page.locator(dt('payment-oldest-first')).click();
    await page.locator(dt('payment-amount')).fill('2');
    await page.locator(dt('payment-reference')).fill('WJ-E2E-0002');
    await page.locator(dt('payment-record')).click();
    const held = page.locator(`${dt('payments-table')} tbody tr`, { hasText: 'WJ-E2E-0002' });
    await held.waitFor();
    expect(await held.locator(dt('payment-row-on-account')).textContent()).toBe('¥2.00');
    await held.locator(dt('payment-allocate')).click();
    await page.locator(dt('allocate-claims')).waitFor();
    // The dialog takes the focus when it has faded in: the keyboard steps below wait for that.
    await page.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active'));
    // The open claims, oldest first, each with what it still owes; the part-paid one is there.
    const dues = await page.locator(dt('allocate-due')).allTextContents();
    expect(dues.length).toBeGreaterThan(0);
    const amount = page.locator(dt('allocate-amount')).first();
    await amount.fill('99999');
    await page.locator(dt('allocate-error')).waitFor();
    expect(await page.locator(dt('allocate-error')).textContent()).toContain('不能超过该申报尚欠的金额');
    expect(await page.locator(dt('allocate-save')).isDisabled()).toBe(true);
    await amount.fill('1.5');
    await page.waitForFunction(() => document.querySelector('[data-test="allocate-left"]')?.getAttribute('data-left') === '50');
    expect(await page.locator(dt('allocate-left')).textContent()).toContain('剩余 ¥0.50 暂挂');
    await screenshot(page, 'reconciliation-department-allocate');
    // Enter twice: one allocation is sent.
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/allocations')) sent.push(r.headers()['idempotency-key'] ?? '');
    });
    await amount.press('Enter');
    await amount.press('Enter').catch(() => undefined);
    await page.locator(dt('allocate-panel')).waitFor({ state: 'detached' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-test="payments-table"] tbody tr')].some((tr) => tr.textContent?.includes('WJ-E2E-0002') && tr.querySelector('[data-test="payment-row-on-account"]')?.textContent === '¥0.50'),
    );
    expect(sent).toHaveLength(1);

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
    // A draft of last month: its lines are read live, its totals and checks say when they were built.
    await page.locator('tr', { has: page.locator(`${dt('claim-status')}[data-status="draft"]`) }).locator(dt('claim-open')).first().click();
    await page.locator(dt('lines-table')).waitFor();
    expect(await page.locator(dt('detail-status')).textContent()).toBe('草稿');
    expect(await page.locator(dt('claim-built-at')).textContent()).toMatch(/^合计与检查结果按 .+ 生成时的服务记录/);
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
    await screenshot(page, 'reconciliation-operator-receivables');

    // Programmes by name, never by code, in the claims table.
    await page.goto('/reconciliation');
    await page.locator(dt('claim-programme')).first().waitFor();
    for (const name of await page.locator(dt('claim-programme')).allTextContents()) expect(name).not.toMatch(/^[a-z0-9-]+$/);

    // The ledger: named accounts, debits equal to credits, and the department's receivable's entries.
    await page.goto('/reconciliation?tab=ledger');
    await page.locator(dt('ledger-accounts')).waitFor();
    expect(await page.locator(dt('ledger-balanced')).getAttribute('data-balanced')).toBe('true');
    expect(await page.locator(dt('ledger-balanced')).textContent()).toContain('借贷平衡');
    const accounts = await page.locator(dt('ledger-account')).allTextContents();
    expect(accounts.some((a) => a.startsWith('应收补贴 · 卫生健康局'))).toBe(true);
    expect(accounts.some((a) => a.startsWith('补贴收入 · '))).toBe(true);
    for (const a of accounts) expect(a).not.toMatch(/[a-z]+[:_-][a-z0-9]/);
    // In English, the same accounts by their English names.
    await page.locator(dt('locale-switch')).click();
    await page.locator(dt('ledger-account')).filter({ hasText: 'Subsidy receivable · Health Commission' }).waitFor();
    expect(await page.locator(dt('ledger-balanced')).textContent()).toContain('Balanced: debits');
    await screenshot(page, 'reconciliation-operator-ledger-en');
    await page.locator(dt('locale-switch')).click();
    await page.locator(dt('ledger-account')).filter({ hasText: '应收补贴 · 卫生健康局' }).waitFor();
    const receivable = page.locator(`${dt('ledger-accounts')} tbody tr`, { hasText: '应收补贴 · 卫生健康局' });
    await receivable.locator(dt('ledger-open')).click();
    await page.locator(dt('ledger-entries-table')).waitFor();
    await page.locator(dt('ledger-source-claim')).first().waitFor();
    const postedOn = (await page.locator(`${dt('ledger-entries-table')} tbody tr td`).first().textContent())!.trim();
    // The drawer says how many entries the account has; all fit on one page here, so no pager.
    const shown = await page.locator(`${dt('ledger-entries-table')} tbody tr`).count();
    expect(await page.locator(dt('ledger-entries-count')).getAttribute('data-total')).toBe(String(shown));
    expect(await page.locator(dt('ledger-entries-count')).textContent()).toContain(`共 ${shown} 条`);
    expect(await page.locator(dt('ledger-entries-pages')).count()).toBe(0);
    await screenshot(page, 'reconciliation-operator-ledger');
    // A month with entries keeps them; a month long before has none.
    await page.locator(`${dt('ledger-month')} input`).fill(postedOn.slice(0, 7));
    await page.locator(`${dt('ledger-month')} input`).press('Enter');
    await page.locator(dt('ledger-source-claim')).first().waitFor();
    await page.locator(`${dt('ledger-month')} input`).fill('2020-01');
    await page.locator(`${dt('ledger-month')} input`).press('Enter');
    await page.locator(dt('ledger-entries-empty')).waitFor();
    await page.locator(`${dt('ledger-month')} input`).fill(postedOn.slice(0, 7));
    await page.locator(`${dt('ledger-month')} input`).press('Enter');
    // An entry's claim opens in the claims tab.
    await page.locator(dt('ledger-source-claim')).first().click();
    await page.locator(dt('lines-table')).waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('claims');

    // The margin per service line, the cost-sharing dashboard itself.
    await page.goto('/reconciliation?tab=margin');
    await page.locator(dt('margin-dashboard')).waitFor();
    await page.locator(`${dt('margin-table')}, ${dt('margin-empty')}`).first().waitFor();
    await screenshot(page, 'reconciliation-operator-margin');

    // Month close: the page says what closing does, asks to confirm, and the month then shows frozen.
    await page.goto('/reconciliation?tab=periods');
    await page.locator(dt('period-what')).waitFor();
    // Last month still has other departments' drafts: closing it is refused, and the page says why in Chinese.
    await page.locator(dt('period-close')).click();
    await page.locator(dt('period-confirm-close')).click();
    await page.locator(dt('period-refusal')).waitFor();
    const why = (await page.locator(dt('period-refusal')).textContent())!;
    expect(why).toMatch(/未报送|未进入申报/);
    expect(why).not.toMatch(/claim\(s\)|still drafts|is closed/);
    await screenshot(page, 'reconciliation-operator-close-refused');
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
