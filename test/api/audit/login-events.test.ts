import type { LoginEvent } from '../../../domain/shared/login-event';
import { Client, loginFrom, startTestApp, TEST_PASSWORD, TestApp } from '../support/app';
import { makeSiteWithStaff, unique } from '../support/factories';

const API = '/api/v1/audit/logins';

// Every login verifies an argon2id hash, a deliberate quarter second or more on a busy machine.
jest.setTimeout(60_000);

describe('audit: admins see the login attempts of their sites', () => {
  let t: TestApp;
  let here: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let there: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let operator: Client;
  let community: Client;
  const nobody = unique('nobody');

  const attempt = (username: string, password: string, from: string) => loginFrom(t.app, from, username, password);

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    here = await makeSiteWithStaff(t.orm);
    there = await makeSiteWithStaff(t.orm);
    expect((await attempt(here.users.canteen_staff.username, TEST_PASSWORD, '192.0.2.10')).status).toBe(200);
    expect((await attempt(` ${here.users.parent.username.toUpperCase()}`, 'wrong', '192.0.2.11')).status).toBe(401);
    expect((await attempt(there.users.canteen_staff.username, TEST_PASSWORD, '192.0.2.12')).status).toBe(200);
    expect((await attempt(there.users.family.username, 'wrong', '192.0.2.12')).status).toBe(401);
    expect((await attempt(nobody, 'Spring2026!', '192.0.2.13')).status).toBe(401);
    expect((await attempt(here.users.department.username, TEST_PASSWORD, '192.0.2.14')).status).toBe(200);
    operator = await Client.login(t.app, here.users.operator_admin.username);
    community = await Client.login(t.app, here.users.community_admin.username);
  });
  afterAll(() => t.close());

  const ours = () => new Set([here, there].flatMap((s) => Object.values(s.users).map((u) => u.username)).concat(nobody));
  const listed = async (client: Client, query = '') => {
    const res = await client.get(`${API}${query}`);
    expect(res.status).toBe(200);
    const names = ours();
    return (res.body as LoginEvent[]).filter((e) => e.username !== null && names.has(e.username));
  };

  it('when an admin asks, then the logins of users at their sites come newest first, with who, the name tried, the outcome and the address', async () => {
    const events = await listed(operator);
    const [newest] = await listed(operator, '?limit=1');
    expect(events[0]).toEqual(newest);
    expect(events).toEqual(
      expect.arrayContaining([
        { id: expect.any(String), at: expect.any(String), outcome: 'success', username: here.users.canteen_staff.username, userId: here.users.canteen_staff.id, displayName: here.users.canteen_staff.displayName, role: 'canteen_staff', ip: '192.0.2.10' },
        { id: expect.any(String), at: expect.any(String), outcome: 'failure', username: here.users.parent.username, userId: here.users.parent.id, displayName: here.users.parent.displayName, role: 'parent', ip: '192.0.2.11' },
      ]),
    );
    const times = events.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('attempts no site owns (a name nobody has, a department’s login) are shown to every admin; another site’s users are not', async () => {
    for (const admin of [operator, community]) {
      const names = (await listed(admin)).map((e) => e.username);
      expect(names).toEqual(expect.arrayContaining([nobody, here.users.department.username, here.users.parent.username]));
      expect(names).not.toContain(there.users.canteen_staff.username);
      expect(names).not.toContain(there.users.family.username);
    }
    const unknown = (await listed(operator)).find((e) => e.username === nobody);
    expect(unknown).toMatchObject({ outcome: 'failure', userId: null, displayName: null, role: null, ip: '192.0.2.13' });
  });

  it('an IPv4 address is shown as people know it, not in the IPv6-mapped form a dual-stack server sees', async () => {
    const stranger = unique('stranger');
    expect((await (await Client.anonymous(t.app)).post('/api/v1/auth/login', { username: stranger, password: 'x' })).status).toBe(401);
    const [event] = ((await operator.get(`${API}?outcome=failure&limit=5`)).body as LoginEvent[]).filter((e) => e.username === stranger);
    expect(event.ip).toBe('127.0.0.1');
  });

  it('when filtered by outcome, then only successes or only failures come back', async () => {
    expect(new Set((await listed(operator, '?outcome=failure')).map((e) => e.outcome))).toEqual(new Set(['failure']));
    expect(new Set((await listed(operator, '?outcome=success')).map((e) => e.outcome))).toEqual(new Set(['success']));
  });

  it('when the query is wrong, then 400 names the field', async () => {
    for (const [query, field] of [
      ['?outcome=maybe', 'query.outcome'],
      ['?limit=0', 'query.limit'],
      ['?limit=501', 'query.limit'],
    ]) {
      const res = await operator.get(`${API}${query}`);
      expect({ query, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ query, status: 400, field });
    }
  });

  it('staff, departments, parents and families may not read it; without a login, 401', async () => {
    for (const role of ['canteen_staff', 'care_staff', 'department', 'parent', 'family'] as const) {
      const res = await (await Client.login(t.app, here.users[role].username)).get(API);
      expect({ role, status: res.status, type: res.body.type }).toEqual({ role, status: 403, type: '/problems/forbidden' });
    }
    expect((await (await Client.anonymous(t.app)).get(API)).status).toBe(401);
  });
});
