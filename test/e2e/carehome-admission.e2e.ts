/**
 * The care home's admission journey against the real app (the demo's full home): a family applies
 * on a phone for a relative who is 特困 (with evidence), care staff verify the categories in the
 * waitlist and score an assessment on the GB/T 42195 form, the bed being cleaned is made
 * available and so offered to her at once, the family accepts (a double press sends one request),
 * the residents page shows her contract, and the bed board shows her in the bed.
 */
import type { Page } from 'playwright-core';
import { itemScoresTotalling } from '../../domain/carehome/assessment';
import { makeIdNumber } from '../../domain/shared/identity';
import { formatFen } from '../../domain/shared/money-text';
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { getJson, siteIdOf } from './support/counter';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };
const RUN = Date.now().toString(36).slice(-3);
const NAME = `赵玉珍${RUN}`;
/** Every category a family can claim, verified, puts her first: 特困 is policy class 1, the others 40 points. */
const CATEGORIES = ['tekun', 'low_income', 'disability', 'living_alone', 'veteran'];
/** A total in the band of each care level's grade: 90 完好, 75 轻度, 55 中度, 20 完全. */
const TOTAL_FOR: Record<string, number> = { independent: 90, assisted: 75, nursing: 55, special: 20 };

interface BoardBed {
  code: string;
  state: string;
  roomSex: 'men' | 'women' | 'mixed';
  careLevels: string[];
  occupant: { name: string } | null;
  hold: { name: string } | null;
}

const field = (page: Page, name: string) => page.locator(`input${dt(name)}, ${dt(name)} input, textarea${dt(name)}, ${dt(name)} textarea`);

/** The demo's care staff, logged in on the shell. */
async function asCareStaff(page: Page): Promise<Page> {
  await page.goto('/login');
  await logIn(page, 'care');
  await waitForShell(page);
  return page;
}

describe('care home: from a family’s application to a resident on the bed board', () => {
  const journey = browserPerTest();

  it('applies, verifies, assesses on the scoring form, offers the freed bed, accepts once on a double press, and shows the resident in the bed', async () => {
    // ── Staff: which bed is being cleaned, and so who it could go to ──
    const staff = await asCareStaff(journey.page);
    const siteId = await siteIdOf(staff);
    const board = await getJson<{ beds: BoardBed[] }>(staff, `/api/v1/carehome/beds?siteId=${siteId}`);
    const cleaning = board.beds.find((b) => b.state === 'cleaning')!;
    const sex = cleaning.roomSex === 'men' ? 'male' : 'female';
    const careLevel = cleaning.careLevels.at(-1)!;
    const idNumber = makeIdNumber('420802', '1940-03-15', (Date.now() % 400) * 2 + (sex === 'male' ? 1 : 0));

    // ── Family, on a phone: the apply form ──
    const context = await newContext(journey.browser, baseUrl());
    const family = await context.newPage();
    let bedCode = '';
    await family.setViewportSize(PHONE);
    try {
      await family.goto('/login');
      await logIn(family, 'family');
      await waitForShell(family);
      await family.goto('/carehome');
      await family.locator(dt('family-applications')).waitFor();
      await family.locator(dt('apply-open')).click();
      await field(family, 'apply-name').fill(NAME);
      // A wrong check character is said in words as it is typed, and the form is not sent.
      await field(family, 'apply-id-number').fill(`${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`);
      await family.getByText('校验位不对，请核对每一位').waitFor();
      await field(family, 'apply-id-number').fill(idNumber);
      await expect(family.locator(dt('apply-derived')).textContent()).resolves.toMatch(sex === 'male' ? /^男，\d+ 岁/ : /^女，\d+ 岁/);
      await field(family, 'apply-contact-name').fill('赵建国');
      await field(family, 'apply-contact-phone').fill('13900001234');
      await field(family, 'apply-needs').fill('高血压，夜间需协助如厕');
      for (const c of CATEGORIES) {
        await family.locator(dt(`apply-category-${c}`)).click();
        await field(family, `apply-evidence-${c}`).fill(`${c} 证明 No.${RUN}`);
      }
      expect(await family.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(family, 'carehome-apply-phone');
      await family.locator(dt('apply-submit')).click();
      const card = family.locator(`${dt('family-applications')} article`, { hasText: NAME });
      await card.locator(dt('assessment-due')).waitFor();
      await screenshot(family, 'carehome-applied-phone');

      // ── Staff: verify the categories inline, then score the assessment ──
      await staff.goto('/carehome');
      await staff.getByRole('tab', { name: '轮候名单' }).click();
      const row = staff.locator(`${dt('waitlist-table')} tr`, { has: staff.locator(`[data-name="${NAME}"]`) });
      await row.waitFor();
      for (const c of CATEGORIES) {
        await row.locator(`${dt('fact-toggle')}[data-fact="${c}"]`).click();
        await row.locator(`${dt('fact-toggle')}[data-fact="${c}"][data-verified="true"]`).waitFor();
      }
      await expect(row.locator('[data-name]').textContent()).resolves.toBe('1');
      await screenshot(staff, 'carehome-waitlist');
      await row.locator(dt('assess-open')).click();
      const dialog = staff.locator(dt('assessment-dialog'));
      await dialog.waitFor();
      const scores = itemScoresTotalling(TOTAL_FOR[careLevel]);
      const items = Object.entries(scores);
      for (const [i, [code, score]] of items.entries()) {
        await dialog.locator(`${dt(`item-${code}`)} .el-radio-button`).nth(score).click();
        // The form scores as it is filled: the running total after every answer.
        if (i === 7) await expect(dialog.locator(dt('assess-total')).textContent()).resolves.toBe(String(items.slice(0, 8).reduce((s, [, v]) => s + v, 0)));
      }
      await expect(dialog.locator(dt('assess-total')).textContent()).resolves.toBe(String(TOTAL_FOR[careLevel]));
      await expect(dialog.locator(dt('assess-care-level')).textContent()).resolves.toBe({ independent: '自理', assisted: '介助', nursing: '介护', special: '特护' }[careLevel]);
      await screenshot(staff, 'carehome-assessment');
      await dialog.locator(dt('assess-save')).click();
      await dialog.waitFor({ state: 'hidden' });

      // ── Staff: the bed being cleaned is made available and so offered to her at once ──
      await staff.getByRole('tab', { name: '在住管理' }).click();
      await staff.locator(dt(`set-aside-${cleaning.code}`)).locator(dt('bed-make-available')).click();
      // She is first in line for a bed of her sex and care level: the freed one, or one that was
      // already free and fits her now that she is assessed.
      const held = staff.locator(dt('held-bed'), { hasText: NAME });
      await held.waitFor();
      const heldCode = (await held.textContent())!.split(' ')[0];
      expect(board.beds.filter((b) => b.state === 'available' || b.code === cleaning.code).map((b) => b.code)).toContain(heldCode);
      await screenshot(staff, 'carehome-residents');

      // ── Family: the offer, accepted with a double press that sends one request ──
      await family.reload();
      await card.locator(dt('offer')).waitFor();
      await expect(card.locator(dt('offer')).textContent()).resolves.toContain(heldCode);
      await screenshot(family, 'carehome-offer-phone');
      const accepts: string[] = [];
      family.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/accept')) accepts.push(r.url());
      });
      await card.locator(dt('offer-accept')).dblclick();
      await card.locator(dt('application-status'), { hasText: '在住' }).waitFor();
      // The family reads the stay: bed, contract, and no leave yet.
      await expect(card.locator(dt('family-residence')).textContent()).resolves.toContain(`床位 ${heldCode}`);
      // The contract's monthly price is the level's quote at signing, and the price in force now is that same quote.
      const stay = await card.locator(dt('family-residence')).textContent();
      const signed = /签约时报价 (¥[\d,]+\.\d\d)\/月/.exec(stay ?? '')?.[1];
      expect(signed).toBeDefined();
      await expect(card.locator(dt('price-now')).textContent()).resolves.toContain(`30 天 ${signed}`);
      expect(accepts).toHaveLength(1);
      await screenshot(family, 'carehome-admitted-phone');
      bedCode = heldCode;
    } finally {
      await context.close();
    }

    // ── Staff: the contract on the residents page, and the resident on the bed board ──
    await staff.reload();
    await staff.getByRole('tab', { name: '在住管理' }).click();
    const resident = staff.locator(`${dt('residents-table')} tr`, { has: staff.locator(`[data-name="${NAME}"]`) });
    await resident.locator('.el-table__expand-icon').click();
    await expect(staff.locator(dt('contract')).first().textContent()).resolves.toMatch(/^合同：\d{4}-\d{2}-\d{2} 起，/);
    await screenshot(staff, 'carehome-contract');
    await staff.getByRole('tab', { name: '床位一览' }).click();
    const bed = staff.locator(dt(`bed-${bedCode}`));
    await expect(bed.getAttribute('data-state')).resolves.toBe('occupied');
    await expect(bed.textContent()).resolves.toContain(NAME);
    await screenshot(staff, 'carehome-board-admitted');

    await staff.getByRole('tab', { name: '入住率' }).click();
    await staff.locator(`${dt('carehome-occupancy')}[data-state="ready"]`).waitFor();
    await staff.locator(`${dt('occupancy-chart')} canvas`).waitFor();
    await screenshot(staff, 'carehome-occupancy');
  });

  it('staff amend a resident’s contract from next month at the level’s quote, and read its history', async () => {
    const staff = await asCareStaff(journey.page);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '在住管理' }).click();
    const row = staff.locator(`${dt('residents-table')} .el-table__body tr.el-table__row`).first();
    await row.waitFor();
    const dialog = staff.locator(dt('contract-dialog'));
    await row.locator(dt('act-amend')).click();
    await dialog.locator(dt('contract-history')).waitFor();
    await dialog.locator(dt('contract-level')).click();
    // The picker lists each level with its quoted month; the price is shown, never typed.
    const [inForce] = (await getJson<{ inForce: boolean; prices: { careLevel: string; monthFen: number }[] }[]>(staff, `/api/v1/carehome/rule-sets?siteId=${await siteIdOf(staff)}`)).filter((v) => v.inForce);
    const special = formatFen(inForce.prices.find((p) => p.careLevel === 'special')!.monthFen);
    await staff.locator('.el-select-dropdown__item', { hasText: `特护（${special}/30 天）` }).click();
    await expect(dialog.locator(dt('contract-quote')).textContent()).resolves.toContain(`30 天 ${special}`);
    await expect(dialog.locator(dt('contract-price')).count()).resolves.toBe(0);
    await field(staff, 'contract-reason').fill('复评为完全失能');
    await screenshot(staff, 'carehome-contract-amend');
    await dialog.locator(dt('contract-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.locator(dt('act-amend')).click();
    await expect(dialog.locator(dt('contract-amendment')).textContent()).resolves.toContain(`起：特护，签约时报价 ${special}/月（复评为完全失能）`);
    await screenshot(staff, 'carehome-contract-history');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('staff change a resident’s deposit by agreement: over the site’s cap is refused beside the amount, within it is held', async () => {
    const staff = await asCareStaff(journey.page);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '在住管理' }).click();
    const row = staff.locator(`${dt('residents-table')} .el-table__body tr.el-table__row`).first();
    await row.waitFor();
    const dialog = staff.locator(dt('deposit-dialog'));
    const opened = staff.waitForResponse((r) => r.url().includes('/api/v1/carehome/accounts') && r.request().method() === 'GET');
    await row.locator(dt('act-deposit')).click();
    await opened;
    // The cap is the site's months of the contract's price in force this month (next month's amendment not yet).
    const siteId = await siteIdOf(staff);
    const { depositCapMonths } = await getJson<{ depositCapMonths: number }>(staff, `/api/v1/carehome/settings?siteId=${siteId}`);
    // The cap shows once both the account and the site's settings have come (it reads … until then).
    const cap = dialog.locator(dt('deposit-cap')).filter({ hasText: '月费' });
    await cap.waitFor();
    const capText = (await cap.textContent()) ?? '';
    const monthly = /月费 ¥([\d,]+\.\d\d)/.exec(capText)![1].replaceAll(',', '');
    const capFen = Math.round(Number(monthly) * 100) * depositCapMonths;
    expect(capText).toContain(`${formatFen(capFen)}（${depositCapMonths} 个月`);

    await field(staff, 'deposit-amount').fill(((capFen + 1) / 100).toFixed(2));
    await field(staff, 'deposit-reason').fill('护理等级提高，补足押金');
    const refused = staff.waitForResponse((r) => r.url().endsWith('/contract/deposit') && r.request().method() === 'POST');
    await dialog.locator(dt('deposit-submit')).click();
    expect((await refused).status()).toBe(422);
    await expect(dialog.locator('.el-form-item__error').textContent()).resolves.toContain(`超过押金上限（${depositCapMonths} 个月的月费）`);
    await screenshot(staff, 'carehome-deposit-over-cap');

    const target = capFen - 12345;
    await field(staff, 'deposit-amount').fill((target / 100).toFixed(2));
    const saved = staff.waitForResponse((r) => r.url().endsWith('/contract/deposit') && r.request().method() === 'POST');
    await dialog.locator(dt('deposit-submit')).click();
    expect((await saved).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await row.locator('.el-table__expand-icon').click();
    await staff.locator(dt('contract'), { hasText: `押金 ${formatFen(target)}` }).waitFor();
    await row.locator(dt('act-deposit')).click();
    await dialog.locator(dt('deposit-held'), { hasText: formatFen(target) }).waitFor();
    // The dialog fades in (a transition cut short rejects): the picture is of it once shown.
    await staff.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => a))));
    await screenshot(staff, 'carehome-deposit');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('staff send a resident on leave and discharge another with the checklist, and see the settlement', async () => {
    const staff = await asCareStaff(journey.page);
    await staff.goto('/carehome');
    await staff.getByRole('tab', { name: '在住管理' }).click();
    const rows = staff.locator(`${dt('residents-table')} .el-table__body tr.el-table__row`);
    await rows.first().waitFor();
    const dialog = staff.locator(dt('stay-dialog'));

    const away = rows.filter({ has: staff.locator(dt('act-leave')) }).first();
    const awayName = await away.locator('[data-name]').getAttribute('data-name');
    await away.locator(dt('act-leave')).click();
    await field(staff, 'stay-reason').fill('回女儿家过年');
    await screenshot(staff, 'carehome-leave');
    await dialog.locator(dt('stay-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    await rows.filter({ has: staff.locator(`[data-name="${awayName}"]`) }).locator(dt('act-return')).waitFor();

    const leaving = rows.filter({ has: staff.locator(dt('act-leave')) }).first();
    await leaving.locator(dt('act-discharge')).click();
    await expect(dialog.locator(dt('stay-submit')).isDisabled()).resolves.toBe(true);
    for (const box of await dialog.locator(`${dt('stay-checklist')} .el-checkbox`).all()) await box.click();
    await dialog.locator(dt('stay-submit')).click();
    await dialog.locator(dt('settlement')).waitFor();
    await expect(dialog.locator(dt('deposit-returned')).textContent()).resolves.toMatch(/¥/);
    await screenshot(staff, 'carehome-discharge');
    await dialog.locator(dt('settlement-close')).click();
  });
});
