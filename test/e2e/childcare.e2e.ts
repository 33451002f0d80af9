/**
 * Childcare against the real app (API + built web app, the demo's full centre): a parent applies
 * on a phone for a baby with every priority fact, and submits; the staff verify the facts from
 * the keyboard, which puts the baby first in line; the family's other child's demo offer (an
 * infant place) is declined, and the freed place goes at once to the first in line, the baby;
 * the parent sees that offer with its class and last day, accepts it, and the class board counts
 * one more child. The child and its 身份证号 are new each run.
 */
import type { Page } from 'playwright-core';
import { makeIdNumber } from '../../domain/shared/identity';
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

const PHONE = { width: 390, height: 844 };
const RUN = Date.now().toString(36).slice(-4);
const CHILD = `测试宝宝${RUN}`;
/** The five facts the demo's rules score: verified, they put the baby ahead of every family waiting. */
const FACTS = ['resident', 'both_parents_working', 'sibling_enrolled', 'dibao', 'disability'];
/** 8 months old today: a 乳儿班 (6–12 months) child on a start date a month from now. */
function birthDate(): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - 8);
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

  it('when a parent applies on a phone and a place frees, then the first in line is offered it, the offer shows its class and last day, accepting enrols the child, and the class board counts it', async () => {
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
    for (const fact of FACTS) await parent.locator(`${dt('apply-facts')} [data-fact="${fact}"]`).click();
    await parent.locator(dt('apply-any-class')).click();
    expect(await sideways(parent)).toBeLessThanOrEqual(0);
    await screenshot(parent, 'childcare-phone-apply');
    await parent.locator(dt('apply-submit')).click();
    const card = parent.locator(`${dt('application-card')}[data-child="${CHILD}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('submitted');
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

      // The queue shows the baby with its claimed facts; verifying one is one press, and can be taken back.
      await staff.goto('/childcare?tab=waitlist');
      await staff.locator(`${dt('childcare-waitlist')}[data-state="ready"]`).waitFor();
      const toggle = (fact: string, verified?: boolean) =>
        staff.locator(`tr:has(${dt('waitlist-row')}[data-child="${CHILD}"]) ${dt('fact-toggle')}[data-fact="${fact}"]${verified === undefined ? '' : `[data-verified="${verified}"]`}`);
      expect(await toggle('resident').getAttribute('data-verified')).toBe('false');
      await toggle('resident').focus();
      await staff.keyboard.press('Enter');
      await toggle('resident', true).waitFor();
      await toggle('resident').click();
      await toggle('resident', false).waitFor();
      for (const fact of FACTS) {
        await toggle(fact).focus();
        await staff.keyboard.press('Enter');
        await toggle(fact, true).waitFor();
      }
      await screenshot(staff, 'childcare-staff-waitlist');
      const infants = await getJson<Listed[]>(staff, `/api/v1/childcare/applications?siteId=${siteId}&kind=infant&status=submitted`);
      expect(infants[0]?.childName).toBe(CHILD);

      await staff.goto('/childcare?tab=classes');
      await staff.locator(`${dt('childcare-classes')}[data-state="ready"]`).waitFor();
      const enrolledIn = async (className: string) => Number(await staff.locator(`${dt('class-row')}[data-class="${className}"]`).getAttribute('data-enrolled'));

      // The centre is full: the family declines its other child's offer, and the place moves on at once.
      const seeded = parent.locator(dt('offer-card')).filter({ hasNotText: CHILD });
      await seeded.first().waitFor();
      await seeded.first().locator(dt('offer-decline')).click();
      await parent.locator('.el-popconfirm__action .el-button--primary').click();

      await staff.goto('/childcare?tab=offers');
      await staff.locator(`${dt('childcare-offers')}[data-state="ready"]`).waitFor();
      await staff.locator(`${dt('offer-row')}[data-child="${CHILD}"]`).waitFor();
      await screenshot(staff, 'childcare-staff-offers');

      // The parent sees the offer first, with the class and the last day to answer (date and weekday).
      await parent.reload();
      const offer = parent.locator(dt('offer-card')).filter({ hasText: CHILD });
      await offer.waitFor();
      const offerText = (await offer.textContent()) ?? '';
      expect(offerText).toMatch(/\d{4}年\d{1,2}月\d{1,2}日星期./);
      const offeredClass = offerText.match(/班级：(.+?)。/)?.[1] ?? '';
      expect(offeredClass).not.toBe('');
      expect(await sideways(parent)).toBeLessThanOrEqual(0);
      await screenshot(parent, 'childcare-phone-offer');
      await staff.goto('/childcare?tab=classes');
      await staff.locator(`${dt('childcare-classes')}[data-state="ready"]`).waitFor();
      const before = await enrolledIn(offeredClass);

      // A double press accepts once.
      const answers: number[] = [];
      parent.on('response', (r) => {
        if (r.url().includes('/childcare/offers/') && r.request().method() === 'POST') answers.push(r.status());
      });
      await offer.locator(dt('offer-accept')).dblclick();
      await parent.locator(`${dt('application-card')}[data-child="${CHILD}"][data-status="enrolled"]`).waitFor();
      expect(answers).toEqual([200]);
      expect(await parent.locator(dt('offer-card')).count()).toBe(0);
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
      expect(await enrolledIn(offeredClass)).toBe(before + 1);
      await screenshot(staff, 'childcare-staff-classes');
    } finally {
      await staffContext.close();
    }
  });
});
