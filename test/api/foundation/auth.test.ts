import request from 'supertest';
import { Session } from '../../../api/auth/session.entity';
import { User } from '../../../api/auth/user.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';

describe('auth: logging in, the session and CSRF', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  beforeAll(async () => {
    t = await startTestApp();
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

  describe('with a second app instance on the same database', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await startTestApp({ config: { database: t.config.database } });
    });
    afterAll(() => second.close());

    /** A client logged in through the first instance, and /me through the second with its cookie. */
    const loggedIn = async (username: string) => {
      const client = await Client.login(t.app, username);
      const cookie = (await client.get('/api/v1/auth/me').expect(200)).request.cookies;
      return { client, meThroughSecond: () => request(second.app).get('/api/v1/auth/me').set('Cookie', cookie) };
    };

    it('when the session cookie is reused there, then it is still logged in (stateless app)', async () => {
      const { meThroughSecond } = await loggedIn(staff.users.department.username);
      const res = await meThroughSecond();
      expect(res.status).toBe(200);
      expect(res.body.user.role).toBe('department');
    });

    it('when a user is deactivated, then their open session stops working at once, on both', async () => {
      const { client, meThroughSecond } = await loggedIn(staff.users.childcare_staff.username);
      expect((await meThroughSecond()).status).toBe(200);
      await t.orm.em.fork().nativeUpdate(User, { id: staff.users.childcare_staff.id }, { active: false });
      expect((await client.get('/api/v1/auth/me')).status).toBe(401);
      expect((await meThroughSecond()).status).toBe(401);
    });

    it('when a user logs out through one, then the next request through the other is refused at once', async () => {
      const { client, meThroughSecond } = await loggedIn(staff.users.community_admin.username);
      expect((await meThroughSecond()).status).toBe(200);
      expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
      expect((await meThroughSecond()).status).toBe(401);
    });
  });

  it('when a user’s role changes, then their next request has the new role', async () => {
    const client = await Client.login(t.app, staff.users.operator_admin.username);
    expect((await client.get('/api/v1/auth/me')).body.user.role).toBe('operator_admin');
    await t.orm.em.fork().nativeUpdate(User, { id: staff.users.operator_admin.id }, { role: 'community_admin' });
    try {
      expect((await client.get('/api/v1/auth/me')).body.user.role).toBe('community_admin');
    } finally {
      await t.orm.em.fork().nativeUpdate(User, { id: staff.users.operator_admin.id }, { role: 'operator_admin' });
    }
  });

  it('passwords are stored as argon2id hashes', async () => {
    const user = await t.orm.em.fork().findOneOrFail(User, { id: staff.users.care_staff.id });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
