/**
 * After-school care against the real app on the full demo, on a school day: a server of its own
 * whose clock starts at 16:05 (Beijing) on the next school day (today, if today is one), and
 * browsers on the same clock, so the door has a session whatever day the suite runs. A parent
 * on a phone registers and enrols a child (a wrong 身份证号 is named first) and adds a person who
 * may collect it, claiming 低保 with its evidence (待核实); the staff at the door, on a tablet,
 * check the child in, are refused when a stranger comes for it (the reason shown), hand it to
 * the parent's person and verify the 低保 (the parent then reads 已核实). On a desktop, staff
 * find the refusal in the refusals list, open a group of the term and cancel a session to come,
 * and the notices list holds one message for each family told.
 */
import type { Browser, Page } from 'playwright-core';
import { dayKind } from '../../domain/shared/calendar';
import { addDays } from '../../domain/shared/business-date';
import { makeIdNumber } from '../../domain/shared/identity';
import { businessDateOf, systemClock } from '../../domain/shared/time';
import { dt, launchBrowser, newContext, screenshot } from './support/browser';
import { logIn, waitForShell } from './support/journey';
import { startAppServer, type AppServer } from './support/server';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const CHILD = '林小满';
const COLLECTOR = { name: '林晓燕', relation: '母亲', phone: '13800138000', idLast4: '1234' };
const DIBAO_EVIDENCE = '低保证 420802-0815';

function schoolDay(): string {
  let d = businessDateOf(systemClock.now());
  while (dayKind(d) !== 'workday') d = addDays(d, 1);
  return d;
}
const DAY = schoolDay();
const STARTS_AT = `${DAY}T16:05:00+08:00`;
/** Nine years and a few months old on that day: a 三年级 child for the demo's 三四年级组. */
const ID_NUMBER = makeIdNumber('110105', addDays(DAY, -(9 * 365 + 100)), 521);
const WRONG_CHECK_DIGIT = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '1' ? '2' : '1');

/** An el-input's own input (its data-test lands on the input element). */
const field = (name: string) => `input${dt(name)}, ${dt(name)} input`;
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('after-school care: enrol, who may collect, and the door', () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startAppServer({ env: { CLOCK_STARTS_AT: STARTS_AT } });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(login: string, size: { width: number; height: number }, path: string) {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.clock.install({ time: new Date(STARTS_AT) });
    await page.setViewportSize(size);
    await page.goto('/login');
    await logIn(page, login);
    await waitForShell(page);
    await page.goto(path);
    return { context, page };
  }

  it('when a parent enrols a child and names who may collect, then the door checks it in, refuses a stranger and hands it over', async () => {
    const { context: parentContext, page: parent } = await open('parent', PHONE, '/afterschool');
    try {
      await parent.locator(`${dt('afterschool-mine')}[data-state="ready"]`).waitFor();
      await parent.locator(dt('child-add')).click();
      const form = parent.locator(dt('enrol-form'));
      await form.locator(field('enrol-name')).fill(CHILD);
      await form.locator(field('enrol-id-number')).fill(WRONG_CHECK_DIGIT);
      await form.locator(field('enrol-school')).fill('幸福里小学');
      await form.locator(dt('enrol-grade')).click();
      await parent.locator('.el-select-dropdown__item', { hasText: '3 年级' }).click();
      await form.locator(`${dt('enrol-group')} [data-group="三四年级组"]`).click();
      await form.locator(`${dt('enrol-weekdays')} [data-weekday="5"]`).waitFor();
      await form.locator(dt('dibao-claim-check')).click();
      await form.locator(field('dibao-claim-evidence')).fill(DIBAO_EVIDENCE);
      await form.locator(dt('enrol-submit')).click();
      await form.getByText('校验码不符，请核对号码').waitFor();
      await screenshot(parent, 'afterschool-phone-enrol-error');

      await form.locator(field('enrol-id-number')).fill(ID_NUMBER);
      await form.locator(dt('enrol-submit')).click();
      const card = parent.locator(`${dt('child-card')}[data-child="${CHILD}"]`);
      await card.waitFor();
      expect(await card.locator(`${dt('child-place')}[data-status="enrolled"]`).count()).toBe(5);
      expect(await card.locator(`${dt('child-dibao-state')}[data-verified="false"]`).textContent()).toContain('待核实');

      await card.locator(dt('collectors-edit')).click();
      const row = card.locator(dt('collector-row')).first();
      await row.locator(field('collector-name')).fill(COLLECTOR.name);
      await row.locator(field('collector-relation')).fill(COLLECTOR.relation);
      await row.locator(field('collector-phone')).fill(COLLECTOR.phone);
      await row.locator(field('collector-id-last4')).fill(COLLECTOR.idLast4);
      await card.locator(dt('collectors-save')).click();
      await card.locator(`${dt('collector')}[data-name="${COLLECTOR.name}"][data-level="always"]`).waitFor();
      expect(await sideways(parent)).toBeLessThanOrEqual(0);
      await screenshot(parent, 'afterschool-phone-child');

      // The demo's 周子轩 is listed too, with his month; the family's statement below.
      const zixuan = parent.locator(`${dt('child-card')}[data-child="周子轩"]`);
      await zixuan.locator(`${dt('child-month')}[data-state="ready"]`).waitFor();
      await parent.locator(`${dt('family-statement')}[data-state="ready"]`).waitFor();
      await parent.setViewportSize({ width: 1366, height: 768 });
      await screenshot(parent, 'afterschool-desktop-parent');
    } finally {
      await parentContext.close();
    }

    const { context: staffContext, page: staff } = await open('afterschool', TABLET, '/afterschool?tab=door');
    try {
      await staff.locator(`${dt('afterschool-door')}[data-state="ready"]`).waitFor();
      await staff.locator(`${dt('door-sessions')} [data-group="三四年级组"]`).click();
      const child = staff.locator(`${dt('door-child')}[data-child="${CHILD}"]`);
      await child.and(staff.locator('[data-state="expected"]')).waitFor();
      await staff.locator(`${dt('door-alert')}[data-kind="not_checked_in"]`).waitFor();
      expect(await sideways(staff)).toBeLessThanOrEqual(0);
      await screenshot(staff, 'afterschool-tablet-door');

      await child.locator(dt('door-check-in')).click();
      await child.and(staff.locator('[data-state="checked_in"]')).waitFor();
      expect(await child.locator(dt('door-in-time')).textContent()).toMatch(/到 16:\d{2}/);

      // A stranger is refused, and the reason is on the screen.
      await child.locator(dt('door-check-out')).click();
      const dialog = staff.locator(dt('checkout-dialog'));
      await dialog.locator(`${dt('checkout-person')}[data-name="${COLLECTOR.name}"]`).waitFor();
      await dialog.locator(dt('checkout-other')).click();
      await dialog.locator(field('checkout-other-name')).fill('王陌生');
      await dialog.locator(field('checkout-other-id')).fill('0000');
      await dialog.locator(dt('checkout-confirm')).click();
      const refused = dialog.locator(dt('checkout-refused'));
      await refused.waitFor();
      expect(await refused.textContent()).toContain('与接送名单上的任何人都不符');
      await screenshot(staff, 'afterschool-tablet-refused');
      expect(await child.getAttribute('data-state')).toBe('checked_in');

      // The parent's person collects the child.
      await dialog.locator(`${dt('checkout-person')}[data-name="${COLLECTOR.name}"]`).click();
      await dialog.locator(dt('checkout-confirm')).click();
      await child.and(staff.locator('[data-state="checked_out"]')).waitFor();
      expect(await child.locator(dt('door-out-time')).textContent()).toContain(COLLECTOR.name);
      await screenshot(staff, 'afterschool-tablet-handed-over');

      // The family's 低保 claim, checked against the certificate at the door.
      await child.locator(dt('door-dibao-verify')).click();
      await child.locator(field('door-dibao-evidence')).fill('见低保证原件');
      await child.locator(dt('door-dibao-confirm')).click();
      await child.locator(dt('door-dibao')).getByText('低保 已核实').waitFor();

      // The refusal was audited with who tried.
      const refusals = (await (await staff.request.get(`/api/v1/afterschool/refusals?siteId=${encodeURIComponent(await siteOf(staff))}&date=${DAY}`)).json()) as { childName: string; claimantName: string; reason: string }[];
      expect(refusals).toEqual(expect.arrayContaining([expect.objectContaining({ childName: CHILD, claimantName: '王陌生', reason: 'not_on_list' })]));

      await staff.setViewportSize({ width: 1366, height: 768 });
      await staff.locator('#tab-roster').click();
      await staff.locator(`${dt('afterschool-roster')}[data-state="ready"] ${dt('roster-grid')}`).waitFor();
      await screenshot(staff, 'afterschool-roster');
      // Next week has the demo's short session: its flag offers a free colleague, and one press fixes it.
      await staff.locator(dt('roster-next')).click();
      const short = staff.locator(`${dt('roster-session')}[data-short="true"]`).first();
      await short.locator(dt('roster-flag')).waitFor();
      await screenshot(staff, 'afterschool-roster-short');
      await short.locator(dt('roster-fix')).click();
      await staff.locator('.el-message--success', { hasText: '排班已保存' }).waitFor();
      await staff.locator(`${dt('roster-session')}[data-short="true"]`).first().waitFor({ state: 'detached' });

      // The refusal is listed with who tried, why, and who was at the door.
      await staff.locator('#tab-refusals').click();
      await staff.locator(`${dt('afterschool-refusals')}[data-state="ready"] ${dt('refusals-table')}`).waitFor();
      const refusalRow = staff.locator(`${dt('refusals-table')} tr`, { has: staff.locator(`${dt('refusal')}[data-child="${CHILD}"][data-reason="not_on_list"]`) });
      expect(await refusalRow.textContent()).toContain('王陌生');
      expect(await refusalRow.textContent()).toContain('三四年级组');
      await screenshot(staff, 'afterschool-refusals');

      // Open the term's 三四年级组 and cancel a session to come: every family expected is told.
      await staff.locator('#tab-terms').click();
      await staff.locator(`${dt('afterschool-terms')}[data-state="ready"] ${dt('term-detail')}`).waitFor();
      const group = staff.locator(`${dt('group')}[data-name="三四年级组"]`);
      expect(await group.locator(dt('group-5plus2')).getAttribute('data-meets')).toBe('true');
      await screenshot(staff, 'afterschool-terms');
      await group.locator(dt('group-open')).click();
      const later = staff.locator(`${dt('group-sessions')}[data-state="ready"] ${dt('group-session')}[data-cancelled="false"]:not([data-date="${DAY}"])`).first();
      const laterDate = await later.getAttribute('data-date');
      await later.locator(dt('session-cancel')).click();
      const change = staff.locator(dt('session-change-dialog'));
      await change.locator(dt('change-submit')).click();
      await change.locator('.el-form-item__error').waitFor();
      await change.locator(field('change-reason')).fill('学校运动会，停托一天');
      await screenshot(staff, 'afterschool-session-cancel');
      await change.locator(dt('change-submit')).click();
      const cancelled = staff.locator(`${dt('group-session')}[data-date="${laterDate}"][data-cancelled="true"]`);
      const told = Number(/已通知 (\d+) 户家庭/.exec((await cancelled.locator(dt('session-told')).textContent()) ?? '')?.[1]);
      expect(told).toBeGreaterThan(0);
      expect(await cancelled.textContent()).toContain('学校运动会，停托一天');
      await screenshot(staff, 'afterschool-session-cancelled');

      await staff.locator('#tab-notices').click();
      await staff.locator(`${dt('afterschool-notices')}[data-state="ready"] ${dt('notices-table')}`).waitFor();
      expect(await staff.locator(`${dt('notice')}[data-kind="session_cancelled"]`).count()).toBe(told);
      await screenshot(staff, 'afterschool-notices');
    } finally {
      await staffContext.close();
    }

    // The parent now reads the 低保 as verified.
    const { context: againContext, page: again } = await open('parent', PHONE, '/afterschool');
    try {
      const card = again.locator(`${dt('child-card')}[data-child="${CHILD}"]`);
      expect(await card.locator(`${dt('child-dibao-state')}[data-verified="true"]`).textContent()).toContain('已核实');
      await card.locator(dt('child-dibao')).scrollIntoViewIfNeeded();
      await screenshot(again, 'afterschool-phone-dibao-verified');
    } finally {
      await againContext.close();
    }
  });
});

async function siteOf(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { siteIds: string[] } };
  return me.user.siteIds[0];
}
