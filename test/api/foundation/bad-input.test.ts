import { conflict, problemBody } from '../../../api/errors';
import { JournalEntry } from '../../../api/modules/canteen/journal.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeMember, makeSiteWithStaff } from '../support/factories';

const MALFORMED = ['%ZZ', '%C0%AE', '%ED%A0%80'];
const NUL = '\u0000';

describe('bad input: a clear 4xx naming the field, never a 500', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let canteen: Client;
  beforeAll(async () => {
    t = await startTestApp();
    staff = await makeSiteWithStaff(t.orm);
    canteen = await Client.login(t.app, staff.users.canteen_staff.username);
  }, 30_000);
  afterAll(() => t.close());

  const nulRefused = (res: { status: number; body: { errors?: unknown } }, field: string) =>
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 400, errors: [expect.objectContaining({ field, code: 'nul_char' })] });

  describe.each(MALFORMED)('a path parameter that is not validly percent-encoded (%s)', (bad) => {
    it('is a 400 naming the path, logged in or not, on any route with a parameter', async () => {
      const anonymous = await Client.anonymous(t.app);
      for (const [client, path] of [
        [anonymous, `/api/v1/sites/${bad}`],
        [canteen, `/api/v1/sites/${bad}`],
        [canteen, `/api/v1/canteen/members/${bad}`],
        [anonymous, `/api/v1/canteen/orders/${bad}/cancel`],
      ] as const) {
        const res = path.endsWith('/cancel') ? await client.post(path, {}) : await client.get(path);
        expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 400, type: expect.stringMatching(/application\/problem\+json/) });
        expect(res.body).toMatchObject({ type: '/problems/validation', status: 400, errors: [{ field: '(path)', code: 'format' }] });
      }
    });
  });

  it('when a path id holds a NUL, then 400 names it', async () => {
    nulRefused(await canteen.get(`/api/v1/sites/${staff.site.id}%00`), 'params.siteId');
    nulRefused(await canteen.get(`/api/v1/canteen/members/a%00b`), 'params.memberId');
  });

  it('when a query filter holds a NUL, then 400 names it', async () => {
    nulRefused(await canteen.get(`/api/v1/canteen/members?siteId=${staff.site.id}&building=3%00`), 'query.building');
  });

  it('when the login username holds a NUL, then 400 names it and nobody is logged in', async () => {
    const client = await Client.anonymous(t.app);
    nulRefused(await client.post('/api/v1/auth/login', { username: `${staff.users.canteen_staff.username}${NUL}`, password: 'test-password-1' }), 'username');
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('when a memo holds a NUL, then 400 names it and nothing is written', async () => {
    const member = await makeMember(t.orm.em.fork(), staff.site.id);
    const entries = () => t.orm.em.fork().count(JournalEntry, { memberId: member.id });
    const before = await entries();
    nulRefused(await canteen.post(`/api/v1/canteen/members/${member.id}/wallet/top-ups`, { amountFen: 500, method: 'cash', memo: `子女${NUL}代充` }), 'memo');
    expect(await entries()).toBe(before);
    expect((await canteen.post(`/api/v1/canteen/members/${member.id}/wallet/top-ups`, { amountFen: 500, method: 'cash', memo: '子女代充' })).status).toBe(201);
  });

  it('a NUL is found wherever it hides in a body: deep in a list, or in a key', async () => {
    const res = await canteen.post('/api/v1/canteen/members', { siteId: staff.site.id, dietaryTags: ['low_salt', `x${NUL}`], [`na${NUL}me`]: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dietaryTags.1', `na${NUL}me`]);
  });

  it('a problem’s extra members never overwrite its type, title, status or detail', () => {
    const body = problemBody(conflict('The order is already cancelled', { status: 'cancelled', type: 'x', title: 'y', detail: 'z', orderStatus: 'cancelled' }));
    expect(body).toEqual({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'The order is already cancelled', orderStatus: 'cancelled' });
  });
});
