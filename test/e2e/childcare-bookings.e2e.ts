/**
 * 临时托 and the smaller controls around it, against the real app on the full demo: the demo
 * parent, on a phone, books a toddler for a day from the places free (a double Enter sends one
 * request), sees the day listed, and cancels it; at a desk it links its two waiting children as
 * siblings and unlinks them. The staff find the demo's booked children on the next open day's
 * 今日 sheet, and on today's sheet check a child in and correct the time it came. The child
 * and its 身份证号 are new each run.
 */
import type { Page } from 'playwright-core';
import { isOpenDay } from '../../domain/childcare/absences';
import { addDays } from '../../domain/shared/business-date';
import { makeIdNumber } from '../../domain/shared/identity';
import { BUSINESS_ZONE, businessDateOf, systemClock } from '../../domain/shared/time';
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';
import { startAppServer, type AppServer } from './support/server';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };
const RUN = Date.now().toString(36).slice(-4);
const CHILD = `临托宝宝${RUN}`;
/** 15 months old today: a 托小班 child, where the demo keeps places for booked days. */
const ID_NUMBER = makeIdNumber('420802', addDays(businessDateOf(systemClock.now()), -460), Date.now() % 1000);

const today = () => businessDateOf(systemClock.now());
function nextOpenDay(): string {
  let d = addDays(today(), 1);
  while (!isOpenDay(d)) d = addDays(d, 1);
  return d;
}
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const field = (page: Page, name: string) => page.locator(`input${dt(name)}, ${dt(name)} input`).first();

describe('childcare 临时托: a family books a day, staff see the day’s bookings; siblings and time corrections', () => {
  // Its own app: the shared one's places change as other journeys enrol and book children.
  let server: AppServer;
  const shared = process.env.E2E_BASE_URL;
  beforeAll(async () => {
    server = await startAppServer();
    process.env.E2E_BASE_URL = server.baseUrl;
  }, 180_000);
  afterAll(async () => {
    process.env.E2E_BASE_URL = shared;
    await server?.stop();
  });
  const journey = browserPerTest();

  it('when a parent on a phone books a free day with a double Enter, then one request books it; it is listed and can be cancelled', async () => {
    const page = journey.page;
    await page.setViewportSize(PHONE);
    await page.goto('/login');
    await logIn(page, 'parent');
    await waitForShell(page);
    await page.goto('/childcare');
    const section = page.locator(`${dt('occasional')}[data-state="ready"]`);
    await section.waitFor();

    await field(page, 'occasional-child-name').fill(CHILD);
    await field(page, 'occasional-id-number').fill(ID_NUMBER);
    // The first day with a place free; a full day cannot be ticked.
    const day = section.locator(`${dt('occasional-days')} .el-checkbox:not(.is-disabled)`).first();
    const date = (await day.getAttribute('data-date'))!;
    const freeBefore = Number(await day.getAttribute('data-free'));
    expect(freeBefore).toBeGreaterThan(0);
    await day.click();

    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/childcare/bookings') posts.push(r.url());
    });
    const name = field(page, 'occasional-child-name');
    await name.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const booked = section.locator(`${dt('occasional-booking')}[data-date="${date}"][data-child="${CHILD}"]`);
    await booked.waitFor();
    await page.locator('.el-message--success').waitFor();
    expect(posts).toHaveLength(1);
    await section.locator(`${dt('occasional-days')} [data-date="${date}"][data-free="${freeBefore - 1}"]`).waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'childcare-bookings-phone');

    await booked.locator(dt('occasional-cancel')).click();
    await page.locator('.el-popconfirm .el-button--primary').click();
    await booked.waitFor({ state: 'detached' });
    await section.locator(`${dt('occasional-days')} [data-date="${date}"][data-free="${freeBefore}"]`).waitFor();

    // At a desk: the page reads the same; the two waiting children are linked as siblings, then unlinked.
    await page.setViewportSize(DESK);
    const sister = page.locator(`${dt('application-card')}[data-child="周子涵"]`);
    const link = sister.locator(`${dt('application-siblings')} ${dt('sibling-option')}[data-child="周一诺"]`);
    await link.click();
    await page.locator('.el-message--success').last().waitFor();
    await sister.locator(`${dt('sibling-option')}.is-checked`).waitFor();
    await page.locator(`${dt('application-card')}[data-child="周一诺"] ${dt('sibling-option')}.is-checked[data-child="周子涵"]`).waitFor();
    await screenshot(page, 'childcare-bookings-desk-siblings');
    await link.click();
    await sister.locator(`${dt('sibling-option')}.is-checked`).waitFor({ state: 'detached' });
  });

  it('staff see the demo’s booked children on the next open day’s sheet, and correct a check-in time on today’s', async () => {
    const staffContext = await newContext(journey.browser, baseUrl());
    const staff = await staffContext.newPage();
    try {
      await staff.setViewportSize(DESK);
      await staff.goto('/login');
      await logIn(staff, 'childcare');
      await waitForShell(staff);
      await staff.goto('/childcare?tab=today');
      await staff.locator(`${dt('childcare-today')}[data-state="ready"]`).waitFor();

      const sheetDay = isOpenDay(today()) ? today() : nextOpenDay();
      if (sheetDay !== today()) {
        const input = staff.locator(`${dt('today-date')} input`).first();
        await input.click();
        await input.fill(sheetDay);
        await input.press('Enter');
      }
      const bookings = staff.locator(`${dt('today-bookings')}[data-state="ready"]`);
      await bookings.locator(dt('today-booking')).first().waitFor();
      expect(await bookings.locator(dt('today-booking')).count()).toBeGreaterThanOrEqual(3);
      expect(await bookings.textContent()).toContain('家庭：');
      await bookings.scrollIntoViewIfNeeded();
      await screenshot(staff, 'childcare-bookings-staff-day');

      // Today: a child checked in by the keyboard, then its time corrected to ten minutes earlier.
      if (sheetDay !== today()) {
        await staff.locator(dt('today-back')).click();
        await staff.locator(`${dt('childcare-today')}[data-state="ready"] ${dt('today-back')}`).waitFor({ state: 'detached' });
      }
      const waiting = staff.locator(`${dt('today-child')}[data-state="expected"]`).first();
      const child = staff.locator(`${dt('today-child')}[data-enrolment="${await waiting.getAttribute('data-enrolment')}"]`);
      await child.locator(dt('child-in')).focus();
      await staff.keyboard.press('Enter');
      await child.and(staff.locator('[data-state="present"]')).waitFor();
      const local = systemClock.now().setZone(BUSINESS_ZONE);
      const earlier = local.hour * 60 + local.minute >= 10 ? local.minus({ minutes: 10 }).toFormat('HH:mm') : '00:00';
      await child.locator(dt('child-in-correct')).focus();
      await staff.keyboard.press('Enter');
      const time = child.locator(dt('correction-time'));
      await time.fill(earlier);
      await time.press('Enter');
      await child.locator(dt('child-in-time')).filter({ hasText: earlier }).waitFor();
      await child.locator(dt('time-correction')).waitFor({ state: 'detached' });
      await child.scrollIntoViewIfNeeded();
      await screenshot(staff, 'childcare-bookings-staff-correction');
    } finally {
      await staffContext.close();
    }
  });
});
