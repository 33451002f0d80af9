import { ROLES, Role } from '../../../api/auth/roles';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';

type Operation = { method: string; path: string; roles: readonly Role[] | 'public' };

/**
 * Walks every route in the OpenAPI document as every role and as an anonymous caller:
 * deny by default means a route answers 401 to nobody-logged-in and 403 to any role not listed.
 */
describe('authorization: every route × every role', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let operations: Operation[];

  beforeAll(async () => {
    t = await startTestApp();
    staff = await makeSiteWithStaff(t.orm);
    const doc = (await (await Client.anonymous(t.app)).get('/api/openapi.json')).body;
    operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': Operation['roles'] }>>)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, roles: op['x-roles'] })))
      // Logging out would end the walking client's session: walk it last.
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  });
  afterAll(() => t.close());

  const urlOf = (op: Operation) => {
    const filled = op.path.replace(/\{siteId\}/g, staff.site.id).replace(/\{(\w+)\}/g, 'no-such-id');
    return `${filled}?siteId=${staff.site.id}`;
  };
  const call = (client: Client, op: Operation) => {
    const url = urlOf(op);
    switch (op.method) {
      case 'get':
        return client.get(url);
      case 'post':
        return client.post(url, {});
      case 'put':
        return client.put(url, {});
      case 'patch':
        return client.patch(url, {});
      default:
        return client.delete(url);
    }
  };

  it('the document lists routes, each declaring who may call it', () => {
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) expect(op.roles === 'public' || Array.isArray(op.roles)).toBe(true);
  });

  it('an anonymous caller gets 401 from every route that is not public', async () => {
    const anonymous = await Client.anonymous(t.app);
    for (const op of operations.filter((o) => o.roles !== 'public')) {
      const res = await call(anonymous, op);
      expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({ route: `${op.method} ${op.path}`, status: 401 });
    }
  });

  it.each(ROLES.map((r) => [r]))('as %s: listed routes let the call through, all others answer 403 forbidden', async (role) => {
    const client = await Client.login(t.app, staff.users[role].username);
    for (const op of operations) {
      const res = await call(client, op);
      const allowed = op.roles === 'public' || op.roles.includes(role);
      const seen = { route: `${op.method} ${op.path}`, status: res.status, type: res.body?.type };
      if (allowed) {
        expect(seen.status).not.toBe(401);
        expect(seen.type).not.toBe('/problems/forbidden');
      } else {
        expect(seen).toEqual({ ...seen, status: 403, type: '/problems/forbidden' });
      }
    }
  });
});
