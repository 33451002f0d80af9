/**
 * The care home against the real app (API + built web app, the demo's full home): the care staff
 * see all 63 beds on one screen at 1366×768, each with its occupant, hold, leave or state; the
 * family login sees its relative waiting, with her position and the reasons for it, and that an
 * assessment is still to come.
 */
import { browserPerTest, dt, newContext, screenshot } from './support/browser';
import { baseUrl } from './support/env';
import { logIn, waitForShell } from './support/journey';

describe('care home: the bed board and the family’s place in line', () => {
  const journey = browserPerTest();

  it('when the care staff open the care home, then all 63 beds show at once at 1366×768, occupied, on leave, held, cleaning and out of service among them', async () => {
    const staff = journey.page;
    await staff.goto('/login');
    await logIn(staff, 'care');
    await waitForShell(staff);
    await staff.goto('/carehome');
    await staff.locator(dt('bed-board')).waitFor();
    const beds = staff.locator('[data-test^="bed-"][data-state]');
    expect(await beds.count()).toBe(63);
    const states = await beds.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    for (const s of ['occupied', 'on_leave', 'held', 'cleaning', 'out_of_service']) expect(states).toContain(s);
    // Every bed within the first screen: no scrolling to see the home.
    const bottoms = await beds.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    expect(Math.max(...bottoms)).toBeLessThanOrEqual(768);
    // Keyboard: a bed takes focus and says what it shows.
    await beds.first().focus();
    expect(await beds.first().getAttribute('aria-label')).toMatch(/^101-1，/);
    await screenshot(staff, 'carehome-board');
  });

  it('when the family logs in, then it sees its relative waiting with her position and reasons, assessment to come', async () => {
    const context = await newContext(journey.browser, baseUrl());
    const family = await context.newPage();
    try {
      await family.goto('/login');
      await logIn(family, 'family');
      await waitForShell(family);
      await family.goto('/carehome');
      await family.locator(dt('family-applications')).waitFor();
      await expect(family.locator(dt('application-position')).textContent()).resolves.toMatch(/排第 \d+ 位/);
      const reasons = await family.locator(`${dt('application-reasons')} li`).allTextContents();
      expect(reasons).toEqual(expect.arrayContaining(['80周岁以上 +20分', '独居/空巢 +10分']));
      await family.locator(dt('assessment-due')).waitFor();
      await screenshot(family, 'carehome-family');
    } finally {
      await context.close();
    }
  });
});
