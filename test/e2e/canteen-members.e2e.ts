/**
 * The canteen's members tab against the real app (API + built web app, demo data): staff
 * register an elderly member from the keyboard (birth date and sex read from the ID number,
 * the tier and its reason shown), are told beside the field when the number is wrong or
 * already registered, find the member by pinyin initials, top up the wallet, deactivate and
 * reactivate; a member file with a bad row imports nothing until fixed; an admin reveals a
 * full ID number (audited); the community's read-only login sees no write buttons.
 */
import type { Page } from 'playwright-core';
import { browserPerTest, dt, screenshot } from './support/browser';
import { logIn, text, waitForShell } from './support/journey';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 居民身份证号 (GB 11643 check character); odd `sequence` for a man, even for a woman. */
function idNumber(birthDate: string, sequence: number): string {
  const first17 = `420802${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** The same number with a different last character, so only the check digit is wrong. */
function withWrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
}

/** Unique per run, so a run against a long-lived server never meets its own earlier members. */
const run = Date.now().toString(36).slice(-5).toUpperCase();
const randomSequence = (odd: boolean) => 2 * Math.floor(Math.random() * 450) + 100 + (odd ? 1 : 0);
const thisYear = new Date().getFullYear();

async function openMembers(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await logIn(page, username);
  await waitForShell(page);
  await page.goto('/canteen?tab=members');
  await page.locator(dt('members-table')).waitFor();
}

async function search(page: Page, q: string): Promise<void> {
  await page.locator(dt('member-search')).fill(q);
  await page.locator(dt('members-count')).filter({ hasText: '找到' }).waitFor();
}

/** Drawers and dialogs slide in: wait for every finite animation to end before a screenshot. */
async function still(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        // a cancelled animation (the element went away) rejects; it is still done
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

const fieldError = (page: Page, field: string) => page.locator(`${dt(`field-${field}`)} .el-form-item__error`);

describe('canteen members', () => {
  const journey = browserPerTest();
  let page: Page;
  beforeEach(() => {
    ({ page } = journey);
  });

  it('when staff register an elderly member, then birth date, sex and tier come from the ID number, and the wallet can be topped up', async () => {
    await openMembers(page, 'canteen');
    expect(await page.locator(dt('member-row')).count()).toBeGreaterThan(0);
    expect(await text(page, dt('members-count'))).toMatch(/共 \d+ 位会员/);
    expect(await page.locator(dt('member-masked-id')).first().textContent()).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    await screenshot(page, 'canteen-members-list');

    const card = `E2E-${run}`;
    const id = idNumber('1940-05-12', randomSequence(true));
    await page.locator(dt('member-create')).click();
    await page.locator(dt('member-form')).waitFor();
    await page.locator(dt('input-cardNumber')).fill(card);
    await page.locator(dt('input-name')).fill('诸葛明远');

    // a wrong check digit is caught as soon as the 18th character is typed, beside the field
    await page.locator(dt('input-idNumber')).fill(withWrongCheck(id));
    await fieldError(page, 'idNumber').waitFor();
    expect(await fieldError(page, 'idNumber').textContent()).toContain('校验码不符');
    expect(await text(page, dt('derived-birth-date'))).toBe('由证件号得出');
    await still(page);
    await screenshot(page, 'canteen-members-form-error');

    // the right number: birth date, sex and age appear, read-only
    await page.locator(dt('input-idNumber')).fill(id);
    await fieldError(page, 'idNumber').waitFor({ state: 'detached' });
    expect(await text(page, dt('derived-birth-date'))).toBe('1940-05-12');
    expect(await text(page, dt('derived-sex'))).toBe('男');
    await page.locator(`${dt('input-dietaryTags')} [data-tag="low_salt"]`).click();
    await page.locator(dt('input-phone')).fill('13712345678');

    // Enter in a field saves; the member opens with the tier and why
    await page.locator(dt('input-phone')).press('Enter');
    await page.locator(dt('member-detail')).waitFor();
    expect(await page.locator(dt('member-tier')).getAttribute('data-tier')).toBe('age80');
    expect(await text(page, dt('member-tier-reason'))).toContain('80 岁以上');
    expect(await text(page, dt('member-sex-birth'))).toBe('男 · 1940-05-12');
    expect(await text(page, dt('member-diet'))).toBe('低盐');
    expect(await text(page, dt('wallet-balance'))).toBe('¥0.00');

    // top up ¥50 in cash from the keyboard
    await page.locator(dt('wallet-amount')).fill('50');
    await page.locator(dt('wallet-amount')).press('Enter');
    await page.locator(dt('wallet-balance')).filter({ hasText: '¥50.00' }).waitFor();
    expect(await page.locator(`${dt('wallet-entry')}[data-kind="wallet.top_up"]`).count()).toBe(1);
    await still(page);
    await screenshot(page, 'canteen-members-detail');

    // deactivate with a reason (no top-ups then), and reactivate
    await page.locator(dt('member-deactivate')).click();
    await page.locator(dt('deactivate-reason')).fill('搬离本社区');
    await page.locator(dt('deactivate-reason')).press('Enter');
    await page.locator(`${dt('member-status')}[data-active="false"]`).waitFor();
    expect(await text(page, dt('member-deactivated'))).toContain('搬离本社区');
    expect(await page.locator(dt('wallet-top-up')).getAttribute('class')).toContain('is-disabled');
    await page.locator(dt('member-reactivate')).click();
    await page.locator(`${dt('member-status')}[data-active="true"]`).waitFor();

    // editing keeps the ID number when its field is left empty; the rest comes prefilled
    await page.locator(dt('member-edit')).click();
    await page.locator(dt('member-form')).waitFor();
    expect(await page.locator(dt('input-name')).inputValue()).toBe('诸葛明远');
    expect(await page.locator(dt('input-idNumber')).inputValue()).toBe('');
    expect(await text(page, dt('derived-birth-date'))).toBe('1940-05-12');
    await page.locator(dt('input-building')).fill('7栋');
    await page.locator(dt('input-building')).press('Enter');
    await page.locator(dt('member-detail')).filter({ hasText: '7栋' }).waitFor();
    expect(await text(page, dt('member-sex-birth'))).toBe('男 · 1940-05-12');

    // Esc closes the drawer; the counter's search finds the member by pinyin initials
    await page.keyboard.press('Escape');
    await page.locator(dt('member-detail')).waitFor({ state: 'hidden' });
    await search(page, 'zgmy');
    const row = page.locator(`${dt('member-row')}[data-card="${card}"]`);
    await row.waitFor();
    const hit = row.locator('xpath=ancestor::tr');
    expect(await hit.locator(dt('member-match')).getAttribute('data-kind')).toBe('initials');
    expect(await hit.locator(dt('member-balance')).textContent()).toBe('¥50.00');
    expect(await hit.locator(dt('member-tier-cell')).getAttribute('data-tier')).toBe('age80');

    // the same ID number again: the server's 409 is shown beside the ID field
    await page.locator(dt('member-create')).click();
    await page.locator(dt('member-form')).waitFor();
    await page.locator(dt('input-cardNumber')).fill(`${card}-2`);
    await page.locator(dt('input-name')).fill('诸葛明远');
    await page.locator(dt('input-idNumber')).fill(id);
    await page.locator(dt('input-idNumber')).press('Enter');
    await fieldError(page, 'idNumber').filter({ hasText: '已在本站点登记' }).waitFor();
    await page.locator(dt('member-form-error')).waitFor();
    // leaving the field does not wipe the server's word (a blur check runs then)
    await page.locator(dt('input-idNumber')).press('Tab');
    await page.waitForTimeout(300);
    expect(await fieldError(page, 'idNumber').textContent()).toContain('已在本站点登记');
    // changing the number takes the server's word away until the next save
    await page.locator(dt('input-idNumber')).fill(idNumber('1941-06-13', randomSequence(true)));
    await fieldError(page, 'idNumber').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.locator(dt('member-form')).waitFor({ state: 'hidden' });
  });

  it('when a member file has a bad row, then the row is named and nothing is imported until it is fixed', async () => {
    await openMembers(page, 'canteen');
    const good = idNumber('1950-02-03', randomSequence(false));
    const second = idNumber('1948-09-21', randomSequence(false));
    const csv = (secondId: string) =>
      [
        '卡号,姓名,身份证号,电话,楼栋,房间,饮食,类别',
        `IMP-${run}-1,欧阳春晓,${good},13800001111,5栋,101,低盐、软食,低保@${thisYear}-01-01..${thisYear}-12-31`,
        `IMP-${run}-2,司马秋月,${secondId},13800002222,5栋,102,,`,
      ].join('\r\n');
    const file = (content: string) => ({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });

    await page.locator(dt('member-import')).click();
    await page.locator(dt('import-dialog')).waitFor();
    await page.locator(dt('import-file')).setInputFiles(file(csv(withWrongCheck(second))));
    expect(await page.locator(dt('import-commit')).isDisabled()).toBe(true);
    await page.locator(dt('import-check')).click();
    await page.locator(dt('import-problems')).waitFor();
    expect(await page.locator(dt('import-problem')).evaluateAll((els) => els.map((e) => e.getAttribute('data-row')))).toEqual(['3']);
    const problem = page.locator(dt('import-problems')).locator('tbody tr').first();
    expect(await problem.textContent()).toContain('身份证号');
    expect(await problem.textContent()).toContain('校验码不符');
    expect(await text(page, dt('import-rows-wrong'))).toContain('1 行有问题，共 2 行');
    expect(await page.locator(dt('import-commit')).isDisabled()).toBe(true);
    await still(page);
    await screenshot(page, 'canteen-members-import-errors');

    // nothing was imported, not even the good row
    await page.keyboard.press('Escape');
    await page.locator(dt('import-dialog')).waitFor({ state: 'hidden' });
    await page.locator(dt('member-search')).fill('欧阳春晓');
    await page.locator(dt('members-empty')).waitFor();

    // the fixed file checks clean and imports both rows
    await page.locator(dt('member-search')).fill('');
    await page.locator(dt('member-import')).click();
    await page.locator(dt('import-file')).setInputFiles(file(csv(second)));
    await page.locator(dt('import-check')).click();
    await page.locator(dt('import-ok')).waitFor();
    expect(await text(page, dt('import-ok'))).toContain('共 2 行，全部可以导入');
    await page.locator(dt('import-commit')).click();
    await page.locator(dt('import-done')).waitFor();
    expect(await text(page, dt('import-done'))).toContain('已导入 2 位会员');
    await page.keyboard.press('Escape');
    await page.locator(dt('import-dialog')).waitFor({ state: 'hidden' });

    await search(page, 'smqy');
    await page.locator(`${dt('member-row')}[data-card="IMP-${run}-2"]`).waitFor();
    await search(page, '欧阳春晓');
    const row = page.locator(`${dt('member-row')}[data-card="IMP-${run}-1"]`);
    await row.waitFor();
    // 低保 from 60: the imported category moves the tier
    expect(await row.locator('xpath=ancestor::tr').locator(dt('member-tier-cell')).getAttribute('data-tier')).toBe('dibao');
  });

  it('when an operator admin asks for the full ID number, then it is shown and the view is said to be recorded', async () => {
    await openMembers(page, 'operator');
    await search(page, 'XFL-0001');
    await page.locator(`${dt('member-row')}[data-card="XFL-0001"]`).click();
    await page.locator(dt('member-detail')).waitFor();
    const masked = await text(page, dt('member-id-number'));
    expect(masked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(await text(page, dt('reveal-note'))).toBe('查看将被记录');
    await page.locator(dt('reveal-id')).click();
    await page.locator(`${dt('member-id-number')}[data-full="true"]`).waitFor();
    const full = await text(page, dt('member-id-number'));
    expect(full).toMatch(/^\d{17}[\dX]$/);
    expect(full.slice(0, 6)).toBe(masked.slice(0, 6));
    expect(full.slice(14)).toBe(masked.slice(14));
    expect(await text(page, dt('reveal-note'))).toContain('已记录');
    await still(page);
    await screenshot(page, 'canteen-members-id-revealed');
  });

  it('when the community admin opens the members, then everything reads and nothing can be written', async () => {
    await openMembers(page, 'community');
    expect(await page.locator(dt('member-create')).count()).toBe(0);
    expect(await page.locator(dt('member-import')).count()).toBe(0);
    await search(page, 'XFL-0002');
    await page.locator(`${dt('member-row')}[data-card="XFL-0002"]`).click();
    await page.locator(dt('member-detail')).waitFor();
    await page.locator(dt('wallet-balance')).waitFor();
    expect(await page.locator(dt('member-edit')).count()).toBe(0);
    expect(await page.locator(dt('member-deactivate')).count()).toBe(0);
    expect(await page.locator(dt('member-reactivate')).count()).toBe(0);
    expect(await page.locator(dt('wallet-form')).count()).toBe(0);
    await still(page);
    await screenshot(page, 'canteen-members-read-only');
  });

  it('when the user switches to English, then the members tab speaks English', async () => {
    await openMembers(page, 'canteen');
    await page.locator(dt('locale-switch')).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(page, dt('member-create'))).toBe('Register member');
    expect(await text(page, dt('members-count'))).toMatch(/^\d+ members$/);
    await screenshot(page, 'canteen-members-list-en');
  });
});
