import { loginFrom, startTestApp, TEST_PASSWORD, TestApp } from '../support/app';
import { fullWidth, makeSiteWithStaff, makeUser } from '../support/factories';

// Each story logs in from addresses of its own (the app trusts X-Forwarded-For from loopback),
// so stories, and test files sharing a MariaDB database, never share a count.
const run = Math.floor(Math.random() * 200) + 20;
let hosts = 0;
const newAddress = () => `10.${run}.${Math.floor(hosts / 250)}.${(hosts++ % 250) + 1}`;

/** Moves Date alone: timers stay real, so the database drivers run as ever. */
const wallClockAt = (ms: number) =>
  jest.useFakeTimers({ now: ms, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });

// Every attempt verifies an argon2id hash (or the decoy), a deliberate quarter second or more on a busy machine.
jest.setTimeout(60_000);

const ENV = { LOGIN_RATE_LIMIT: '3', LOGIN_IP_RATE_LIMIT: '8', TRUST_PROXY: 'loopback' };

describe('login limits: failed logins only, per address and name and per address, shared by every instance', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    staff = await makeSiteWithStaff(t.orm);
  });
  afterAll(() => t.close());

  const attempt = (app: TestApp, from: string, username: string, password: string) => loginFrom(app.app, from, username, password);
  const statuses = async (app: TestApp, from: string, tries: [string, string][]) => {
    const seen: number[] = [];
    for (const [username, password] of tries) seen.push((await attempt(app, from, username, password)).status);
    return seen;
  };

  it('when a name has failed as often as the limit from one address, then even the right password is refused with 429, while other names and addresses go on', async () => {
    const from = newAddress();
    const name = staff.users.afterschool_staff.username;
    expect(await statuses(t, from, [[name, 'bad'], [name, 'bad'], [name, 'bad']])).toEqual([401, 401, 401]);
    const limited = await attempt(t, from, name, TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(t, from, staff.users.community_admin.username, TEST_PASSWORD)).status).toBe(200);
    expect((await attempt(t, newAddress(), name, TEST_PASSWORD)).status).toBe(200);
  });

  it('when a counter logs in many times, then it is never locked out: good logins do not count', async () => {
    const from = newAddress();
    const name = staff.users.canteen_staff.username;
    expect(await statuses(t, from, Array.from({ length: 6 }, () => [name, TEST_PASSWORD]))).toEqual(Array(6).fill(200));
    expect(await statuses(t, from, [[name, 'bad'], [name, 'bad'], [name, TEST_PASSWORD]])).toEqual([401, 401, 200]);
  });

  it('when a request is refused as junk, then it does not count as a failed login', async () => {
    const from = newAddress();
    const name = staff.users.care_staff.username;
    for (let i = 0; i < 4; i++) expect((await attempt(t, from, name, '')).status).toBe(400);
    expect((await attempt(t, from, name, TEST_PASSWORD)).status).toBe(200);
  });

  it('when the failures are spread over spellings of one name (spaces, case, full width), then they share one count', async () => {
    const from = newAddress();
    const name = (await makeUser(t.orm.em.fork(), 'family', { householdId: staff.household.id })).username;
    expect(await statuses(t, from, [[`${name} `, 'bad'], [name.toUpperCase(), 'bad'], [fullWidth(name), 'bad']])).toEqual([401, 401, 401]);
    expect((await attempt(t, from, `${name}  `, TEST_PASSWORD)).status).toBe(429);
    expect((await attempt(t, from, name, TEST_PASSWORD)).status).toBe(429);
  });

  it('when one address tries a password on many names, then it is stopped after the address limit, for every name', async () => {
    const from = newAddress();
    const sprayed = Array.from({ length: 8 }, (_, i) => [`nobody-${run}-${i}`, 'Spring2026!'] as [string, string]);
    expect(await statuses(t, from, sprayed)).toEqual(Array(8).fill(401));
    const stopped = await attempt(t, from, staff.users.operator_admin.username, TEST_PASSWORD);
    expect(stopped.status).toBe(429);
    expect(stopped.body.detail).toMatch(/address/);
    expect((await attempt(t, newAddress(), staff.users.operator_admin.username, TEST_PASSWORD)).status).toBe(200);
  });

  it('when the window has passed, then the name may try again', async () => {
    const from = newAddress();
    const name = staff.users.childcare_staff.username;
    expect(await statuses(t, from, [[name, 'bad'], [name, 'bad'], [name, 'bad'], [name, TEST_PASSWORD]])).toEqual([401, 401, 401, 429]);
    wallClockAt(Date.now() + 15 * 60 * 1000 + 1_000);
    try {
      expect((await attempt(t, from, name, TEST_PASSWORD)).status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when two app instances share the database, then they share the counts, by name and by address', async () => {
    const second = await startTestApp({ env: ENV, config: { database: t.config.database } });
    try {
      const from = newAddress();
      const name = staff.users.department.username;
      expect(await statuses(t, from, [[name, 'bad'], [name, 'bad']])).toEqual([401, 401]);
      expect(await statuses(second, from, [[name, 'bad'], [name, TEST_PASSWORD]])).toEqual([401, 429]);
      expect((await attempt(t, from, name, TEST_PASSWORD)).status).toBe(429);

      const sprayer = newAddress();
      const names = Array.from({ length: 8 }, (_, i) => [`nobody-${run}-b${i}`, 'x'] as [string, string]);
      expect(await statuses(t, sprayer, names.slice(0, 4))).toEqual(Array(4).fill(401));
      expect(await statuses(second, sprayer, names.slice(4))).toEqual(Array(4).fill(401));
      expect((await attempt(t, sprayer, staff.users.parent.username, TEST_PASSWORD)).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});
