/**
 * Childcare against the real app (API + built web app, demo data): a parent applies on a phone
 * and submits; the staff make sure a class has a place for the child (opening one through the
 * class board when the queue ahead would take every free place); the parent sees the offer with
 * its class and last day, accepts it, and the class board shows the enrolment. The demo may or
 * may not seed childcare, so the child and its 身份证号 are new each run.
 */
import type { Page } from 'playwright-core';
import { makeIdNumber } from '../../domain/shared/identity';
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };
const RUN = Date.now().toString(36).slice(-4);
const CHILD = `测试宝宝${RUN}`;
/** 18 months old today: a 托小班 child on a start date a month from now. */
function birthDate(): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - 18);
  return d.toISOString().slice(0, 10);
}
const ID_NUMBER = makeIdNumber('420802', birthDate(), Date.now() % 1000);

interface Listed {
  childName: string;
  status: string;
  positionInView: number | null;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A form field's input, whether Element Plus put the data-test on the input or around it. */
const field = (page: Page, name: string) => page.locator(`input${dt(name)}, ${dt(name)} input`);

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('childcare: from application to an accepted offer', () => {
  const journey = browserPerTest();

  it('when a parent applies on a phone and a place is free, then the offer shows its class and last day, accepting enrols the child, and the class board counts it', async () => {
    const parent = journey.page;
    await parent.setViewportSize(PHONE);
    await parent.goto('/login');
    await logIn(parent, 'parent');
    await waitForShell(parent);
    await parent.goto('/childcare');
    await parent.locator(`${dt('childcare-mine')}[data-state="ready"]`).waitFor();

    // A wrong 身份证号 is named beside its field, in words.
    await parent.locator(dt('apply-open')).click();
    await field(parent, 'apply-child-name').fill(CHILD);
    await field(parent, 'apply-id-number').fill('420802202401011230');
    await parent.locator(dt('apply-submit')).click();
    await parent.locator(`${dt('apply-form')} .el-form-item__error`).first().waitFor();
    expect(await parent.locator(`${dt('apply-form')} .el-form-item__error`).first().textContent()).toMatch(/校验码|格式|出生日期/);

    await field(parent, 'apply-id-number').fill(ID_NUMBER);
    await parent.locator(`${dt('apply-facts')} [data-fact="resident"]`).click();
    await parent.locator(dt('apply-any-class')).click();
    expect(await sideways(parent)).toBeLessThanOrEqual(0);
    await screenshot(parent, 'childcare-phone-apply');
    await parent.locator(dt('apply-submit')).click();
    const card = parent.locator(`${dt('application-card')}[data-child="${CHILD}"]`);
    await card.waitFor();
    expect(['submitted', 'offered']).toContain(await card.getAttribute('data-status'));
    expect(await card.locator(dt('application-reasons')).textContent()).toContain('排位规则');
    expect(await card.textContent()).toContain('待核实：本社区居民');
    await screenshot(parent, 'childcare-phone-mine');

    // The staff, at their desk.
    const staffContext = await newContext(journey.browser, baseUrl());
    const staff = await staffContext.newPage();
    try {
      await staff.goto('/login');
      await logIn(staff, 'childcare');
      await waitForShell(staff);
      const { user } = await getJson<{ user: { siteIds: string[] } }>(staff, '/api/v1/auth/me');
      const siteId = user.siteIds[0];
      const queue = await getJson<Listed[]>(staff, `/api/v1/childcare/applications?siteId=${siteId}&kind=toddler&status=submitted`);
      const mine = queue.find((a) => a.childName === CHILD);

      // The queue shows the child with its claimed fact; verifying it is one press, and can be taken back.
      await staff.goto('/childcare?tab=waitlist');
      await staff.locator(`${dt('childcare-waitlist')}[data-state="ready"]`).waitFor();
      if (mine) {
        const fact = staff.locator(`tr:has(${dt('waitlist-row')}[data-child="${CHILD}"]) ${dt('fact-toggle')}[data-fact="resident"]`);
        expect(await fact.getAttribute('data-verified')).toBe('false');
        await fact.focus();
        await staff.keyboard.press('Enter');
        await staff.locator(`tr:has(${dt('waitlist-row')}[data-child="${CHILD}"]) ${dt('fact-toggle')}[data-verified="true"]`).waitFor();
        await screenshot(staff, 'childcare-staff-waitlist');
        await staff.locator(`tr:has(${dt('waitlist-row')}[data-child="${CHILD}"]) ${dt('fact-toggle')}[data-fact="resident"]`).click();
        await staff.locator(`tr:has(${dt('waitlist-row')}[data-child="${CHILD}"]) ${dt('fact-toggle')}[data-verified="false"]`).waitFor();
      }

      await staff.goto('/childcare?tab=classes');
      await staff.locator(`${dt('childcare-classes')}[data-state="ready"]`).waitFor();
      const className = `托小班${RUN}`;
      if (mine) {
        // Open a class with a place for everyone ahead of the child in its age, and for the child.
        await staff.locator(dt('class-new')).click();
        await field(staff, 'class-name').fill(className);
        await field(staff, 'class-size').fill(String(mine.positionInView ?? 1));
        await staff.locator(dt('class-save')).click();
        await staff.locator(`${dt('class-row')}[data-class="${className}"]`).waitFor();
      }

      await staff.goto('/childcare?tab=offers');
      await staff.locator(`${dt('childcare-offers')}[data-state="ready"]`).waitFor();
      await staff.locator(`${dt('offer-row')}[data-child="${CHILD}"]`).waitFor();
      await screenshot(staff, 'childcare-staff-offers');

      // The parent sees the offer first, with the class and the last day to answer (date and weekday).
      await parent.reload();
      const offer = parent.locator(dt('offer-card'));
      await offer.waitFor();
      const offerText = (await offer.textContent()) ?? '';
      expect(offerText).toContain(CHILD);
      expect(offerText).toMatch(/\d{4}年\d{1,2}月\d{1,2}日星期./);
      if (mine) expect(offerText).toContain(className);
      expect(await sideways(parent)).toBeLessThanOrEqual(0);
      await screenshot(parent, 'childcare-phone-offer');

      // A double press accepts once.
      const answers: number[] = [];
      parent.on('response', (r) => {
        if (r.url().includes('/childcare/offers/') && r.request().method() === 'POST') answers.push(r.status());
      });
      await parent.locator(dt('offer-accept')).dblclick();
      await parent.locator(`${dt('application-card')}[data-child="${CHILD}"][data-status="enrolled"]`).waitFor();
      expect(answers).toEqual([200]);
      expect(await parent.locator(dt('offer-card')).count()).toBe(0);
      const offeredClass = offerText.match(/班级：(.+?)。/)?.[1] ?? '';
      expect(await parent.locator(`${dt('application-card')}[data-child="${CHILD}"] ${dt('application-class')}`).textContent()).toContain(offeredClass);
      await screenshot(parent, 'childcare-phone-enrolled');
      await parent.setViewportSize({ width: 1366, height: 768 });
      await screenshot(parent, 'childcare-desktop-mine');
      await parent.locator(dt('locale-switch')).click();
      await parent.locator(`${dt('application-card')}[data-child="${CHILD}"]`).filter({ hasText: 'Enrolled' }).waitFor();
      await screenshot(parent, 'childcare-desktop-mine-en');

      // The class board counts the child.
      await staff.goto('/childcare?tab=classes');
      await staff.locator(`${dt('childcare-classes')}[data-state="ready"]`).waitFor();
      const row = staff.locator(`${dt('class-row')}[data-class="${offeredClass}"]`);
      expect(Number(await row.getAttribute('data-enrolled'))).toBeGreaterThanOrEqual(1);
      await screenshot(staff, 'childcare-staff-classes');
    } finally {
      await staffContext.close();
    }
  });
});
