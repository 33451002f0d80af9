/**
 * Childcare days against the real app on the full demo, at any hour and on any day: the demo
 * parent, on a phone, reports its enrolled child 周可馨 sick on the next day the centre opens,
 * and the staff find that absence on that day's sheet; then, at their desk (1366×768) and from
 * the keyboard alone, they record a child's 晨检 and check it in and out on today's sheet (a
 * child who came is recorded even on a day the centre does not normally open).
 */
import type { Page } from 'playwright-core';
import { isOpenDay } from '../../domain/childcare/absences';
import { addDays } from '../../domain/shared/business-date';
import { businessDateOf, systemClock } from '../../domain/shared/time';
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const RUN = Date.now().toString(36).slice(-4);
const NOTE = `发烧 e2e ${RUN}`;
const CHILD = '周可馨';

const today = () => businessDateOf(systemClock.now());
function nextOpenDay(): string {
  let d = addDays(today(), 1);
  while (!isOpenDay(d)) d = addDays(d, 1);
  return d;
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** A date picker's input, typed into as a keyboard user would. */
async function typeDate(page: Page, name: string, date: string): Promise<void> {
  const input = page.locator(`${dt(name)} input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('childcare days: absences reported ahead, the 晨检 and in and out', () => {
  const journey = browserPerTest();

  it('when a parent on a phone reports an absence ahead, then staff see it on that day’s sheet; staff record a 晨检 and in and out by keyboard', async () => {
    const day = nextOpenDay();
    const parent = journey.page;
    await parent.setViewportSize(PHONE);
    await parent.goto('/login');
    await logIn(parent, 'parent');
    await waitForShell(parent);
    await parent.goto('/childcare');
    const card = parent.locator(`${dt('child-attendance')}[data-child="${CHILD}"]`);
    await card.locator(dt('month-summary')).waitFor();

    await typeDate(parent, 'absence-from', day);
    await card.locator(`${dt('absence-reason')} [data-reason="sick"]`).click();
    await card.locator(`input${dt('absence-note')}, ${dt('absence-note')} input`).fill(NOTE);
    await card.locator(dt('absence-submit')).click();
    await parent.locator('.el-message--success').waitFor();
    if (day.slice(0, 7) !== today().slice(0, 7)) await card.locator(dt('month-next')).click();
    const marked = card.locator(`${dt('month-day')}[data-date="${day}"]`);
    await marked.and(parent.locator('[data-state="absent"]')).waitFor();
    expect(await marked.textContent()).toContain(NOTE);
    expect(await marked.locator(dt('absence-cancel')).count()).toBe(1);
    expect(await sideways(parent)).toBeLessThanOrEqual(0);
    await screenshot(parent, 'childcare-days-phone-absence');

    const staffContext = await newContext(journey.browser, baseUrl());
    const staff = await staffContext.newPage();
    try {
      await staff.goto('/login');
      await logIn(staff, 'childcare');
      await waitForShell(staff);
      await staff.goto('/childcare?tab=today');
      const sheet = staff.locator(`${dt('childcare-today')}[data-state="ready"]`);
      await sheet.waitFor();

      // That day's sheet shows the parent's report, with its note.
      await typeDate(staff, 'today-date', day);
      const reported = staff.locator(`${dt('today-child')}[data-child="${CHILD}"]`);
      await reported.and(staff.locator('[data-state="absent"]')).waitFor();
      expect(await reported.locator(dt('child-absence')).getAttribute('data-reason')).toBe('sick');
      expect(await reported.textContent()).toContain(NOTE);
      expect(await reported.textContent()).toContain('家长请假');
      await screenshot(staff, 'childcare-days-staff-reported');

      // Back to today: a child not yet here, from the keyboard alone.
      await staff.locator(dt('today-back')).focus();
      await staff.keyboard.press('Enter');
      await staff.locator(`${dt('childcare-today')}[data-state="ready"] ${dt('today-back')}`).waitFor({ state: 'detached' });
      const waiting = staff.locator(`${dt('today-child')}[data-state="expected"]`).first();
      // Names repeat (two 一诺 in one class is no surprise), so the child is found by its enrolment.
      const child = staff.locator(`${dt('today-child')}[data-enrolment="${await waiting.getAttribute('data-enrolment')}"]`);

      await child.locator(dt('child-check')).focus();
      await staff.keyboard.press('Enter');
      const dialog = staff.locator(`${dt('check-dialog')}`);
      await dialog.locator(`input${dt('check-temperature')}, ${dt('check-temperature')} input`).first().waitFor();
      await staff.waitForFunction(() => document.activeElement?.closest('[data-test="check-temperature"]') !== null);
      await staff.keyboard.press('ControlOrMeta+a');
      await staff.keyboard.type('36.6');
      await staff.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      expect(await child.locator(dt('child-check')).textContent()).toMatch(/36\.6°C 正常/);

      await child.locator(dt('child-in')).focus();
      await staff.keyboard.press('Enter');
      await child.and(staff.locator('[data-state="present"]')).waitFor();
      expect(await child.locator(dt('child-in-time')).textContent()).toMatch(/入园 \d{2}:\d{2}/);

      await child.locator(dt('child-out')).focus();
      await staff.keyboard.press('Enter');
      await child.and(staff.locator('[data-state="left"]')).waitFor();
      expect(await child.locator(dt('child-out-time')).textContent()).toMatch(/离园 \d{2}:\d{2}/);
      expect(await sideways(staff)).toBeLessThanOrEqual(0);
      await screenshot(staff, 'childcare-days-staff-today');

      // The sheet fits a tablet, and reads in English too.
      await staff.setViewportSize(TABLET);
      expect(await sideways(staff)).toBeLessThanOrEqual(0);
      await screenshot(staff, 'childcare-days-tablet');
      await staff.locator(dt('locale-switch')).click();
      await child.filter({ hasText: 'Gone home' }).waitFor();
      await screenshot(staff, 'childcare-days-tablet-en');
    } finally {
      await staffContext.close();
    }
  });
});
