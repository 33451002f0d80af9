import request from 'supertest';
import { Session } from '../../../api/auth/session.entity';
import { User } from '../../../api/auth/user.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';

describe('auth: logging in, the session and CSRF', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
    staff = await makeSiteWithStaff(t.orm);
  });
  afterAll(() => t.close());

  it('when the password is right, then the user, its modules and a new CSRF token come back and /me answers', async () => {
    const client = await Client.anonymous(t.app);
    const res = await client.post('/api/v1/auth/login', { username: staff.users.canteen_staff.username, password: 'test-password-1' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'canteen_staff', siteIds: [staff.site.id], modules: ['canteen'] });
    expect(res.body.user.actions).toContain('canteen.orders.write');
    expect(res.body.user.actions).not.toContain('canteen.members.identity');
    expect(res.headers['set-cookie'][0]).toMatch(/HttpOnly/i);
    expect(res.headers['set-cookie'][0]).toMatch(/SameSite=Lax/i);
    const me = await client.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(staff.users.canteen_staff.username);
  });

  it('when the password is wrong, then 401 problem+json and no session user', async () => {
    const client = await Client.anonymous(t.app);
    const res = await client.post('/api/v1/auth/login', { username: staff.users.parent.username, password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('when the body lacks a field, then 400 names it', async () => {
    const client = await Client.anonymous(t.app);
    const res = await client.post('/api/v1/auth/login', { username: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('when a write comes without the CSRF token, then 403 csrf, even with a valid session', async () => {
    const client = await Client.login(t.app, staff.users.operator_admin.username);
    const res = await client.agent.post('/api/v1/auth/logout');
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/csrf');
    const wrong = await client.agent.post('/api/v1/auth/logout').set('x-csrf-token', 'forged');
    expect(wrong.status).toBe(403);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('when a login is attempted without a CSRF token, then it is refused (no login CSRF)', async () => {
    const res = await request(t.app).post('/api/v1/auth/login').send({ username: staff.users.family.username, password: 'test-password-1' });
    expect(res.status).toBe(403);
  });

  it('when logging out, then the session is gone from the database and /me is 401', async () => {
    const client = await Client.login(t.app, staff.users.family.username);
    const before = await t.orm.em.fork().count(Session, {});
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(await t.orm.em.fork().count(Session, {})).toBeLessThan(before);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('when the session cookie is reused by a second app on the same database, then it is still logged in (stateless app)', async () => {
    const client = await Client.login(t.app, staff.users.department.username);
    const cookie = (await client.get('/api/v1/auth/me')).request.cookies;
    const second = await startTestApp({ config: { database: t.config.database } });
    try {
      const res = await request(second.app).get('/api/v1/auth/me').set('Cookie', cookie);
      expect(res.status).toBe(200);
      expect(res.body.user.role).toBe('department');
    } finally {
      await second.close();
    }
  });

  it('when a user is deactivated, then their open session stops working within 5 seconds', async () => {
    const client = await Client.login(t.app, staff.users.childcare_staff.username);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    await t.orm.em.fork().nativeUpdate(User, { id: staff.users.childcare_staff.id }, { active: false });
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(now + 4_000);
      expect((await client.get('/api/v1/auth/me')).status).toBe(200);
      clock.mockReturnValue(now + 5_001);
      expect((await client.get('/api/v1/auth/me')).status).toBe(401);
    } finally {
      clock.mockRestore();
    }
  });

  it('passwords are stored as argon2id hashes', async () => {
    const user = await t.orm.em.fork().findOneOrFail(User, { id: staff.users.care_staff.id });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('when one username gets too many attempts, then 429 with problem+json, while others can still log in', async () => {
    const client = await Client.anonymous(t.app);
    const target = staff.users.afterschool_staff.username;
    for (let i = 0; i < 3; i++) expect((await client.post('/api/v1/auth/login', { username: target, password: 'bad' })).status).toBe(401);
    const limited = await client.post('/api/v1/auth/login', { username: target, password: 'test-password-1' });
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe('/problems/rate-limited');
    await expect(Client.login(t.app, staff.users.community_admin.username)).resolves.toBeDefined();
  });
});
