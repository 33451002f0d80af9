import { ROLES } from '../../../api/auth/roles';
import { Client } from '../support/app';
import { canteenWorld, World } from './world';

type Operation = { method: string; path: string; roles: readonly string[] };

/** Every canteen route, called with nothing sensible, answers a 4xx problem, never a 5xx. */
describe('canteen routes: junk in, a 4xx problem out', () => {
  let w: World;
  let operations: Operation[];
  beforeAll(async () => {
    w = await canteenWorld();
    const doc = (await w.staff.get('/api/openapi.json')).body;
    operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': string[] }>>)
      .filter(([path]) => path.startsWith('/api/v1/canteen/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, roles: op['x-roles'] })));
  });
  afterAll(() => w.close());

  it('the canteen documents its routes, each with the roles that may call it', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.find((o) => o.path === '/api/v1/canteen/orders' && o.method === 'post')!.roles).toEqual(['canteen_staff', 'operator_admin']);
    expect(operations.find((o) => o.path.endsWith('/id-number'))!.roles).toEqual(['operator_admin', 'community_admin']);
  });

  it.each([
    ['empty', {}],
    ['junk', { siteId: 42, memberId: ['x'], quantity: 'many', setMeals: 'none', amountFen: -1, date: '2026-02-31', content: 7 }],
  ])('as each allowed role, with a %s body and unknown ids, every route answers below 500', async (_, body) => {
    const clients = { canteen_staff: w.staff, operator_admin: w.operator, community_admin: w.community } as Record<string, Client>;
    for (const op of operations) {
      for (const role of op.roles.filter((r) => clients[r])) {
        const url = `${op.path.replace(/\{(\w+)\}/g, 'no-such-id')}?siteId=${w.site.id}&date=2026-02-31&q=%25_`;
        const client = clients[role];
        const res = op.method === 'get' ? await client.get(url) : op.method === 'delete' ? await client.delete(url) : await client[op.method as 'post'](url, body);
        expect({ route: `${op.method} ${op.path}`, role, status: res.status < 500 ? 'ok' : res.status }).toEqual({ route: `${op.method} ${op.path}`, role, status: 'ok' });
        expect(res.headers['content-type']).toMatch(res.status >= 400 ? /problem\+json/ : /json/);
      }
    }
  });

  it('no role outside the canteen may call any canteen route', () => {
    for (const op of operations) for (const role of ['childcare_staff', 'care_staff', 'afterschool_staff', 'department', 'parent', 'family']) expect(op.roles).not.toContain(role);
    expect(ROLES).toContain('canteen_staff');
  });
});
