import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { hashPassword } from '../../../api/auth/passport';
import { User } from '../../../api/auth/user.entity';
import { newUser } from '../../../api/auth/users';
import { newId } from '../../../api/entity-helpers';
import { Migration20261204000002_usernames } from '../../../migrations/Migration20261204000002_usernames';
import { Client, startTestApp, TEST_PASSWORD, TestApp } from '../support/app';
import { fullWidth, makeSiteWithStaff, unique } from '../support/factories';

// Every login verifies an argon2id hash, a deliberate quarter second or more on a busy machine.
jest.setTimeout(60_000);

describe('login names: one name however it is spelt', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  beforeAll(async () => {
    t = await startTestApp();
    staff = await makeSiteWithStaff(t.orm);
  });
  afterAll(() => t.close());

  it('when a name is typed with spaces after it, in capitals or full width, then it logs in as that user', async () => {
    const name = staff.users.family.username;
    for (const spelling of [`${name} `, `${name}  `, fullWidth(name), name.toUpperCase(), ` ${name}`]) {
      const client = await Client.login(t.app, spelling);
      expect((await client.get('/api/v1/auth/me')).body.user).toMatchObject({ id: staff.users.family.id, username: name });
    }
  });

  it('when a lookalike name has the wrong password, then it is refused like any other', async () => {
    const client = await Client.anonymous(t.app);
    expect((await client.post('/api/v1/auth/login', { username: fullWidth(staff.users.family.username), password: 'wrong' })).status).toBe(401);
  });

  it('when a user is made under a spelling of a name already taken, then the database refuses it', async () => {
    const taken = staff.users.parent.username;
    const passwordHash = await hashPassword(TEST_PASSWORD);
    for (const spelling of [`${taken} `, taken.toUpperCase(), fullWidth(taken)]) {
      const em = t.orm.em.fork();
      newUser(em, { username: spelling, displayName: '重名', passwordHash, role: 'parent', householdId: staff.household.id });
      await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    }
    expect(await t.orm.em.fork().count(User, { displayName: '重名' })).toBe(0);
  });

  it('when a user is made, then the name is stored normalised', async () => {
    const em = t.orm.em.fork();
    const user = newUser(em, { username: ` ${fullWidth(unique('Care'))}\u3000`, displayName: '规范', passwordHash: await hashPassword(TEST_PASSWORD), role: 'care_staff', siteIds: [staff.site.id] });
    await em.flush();
    const stored = await t.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(stored.username).toMatch(/^care[0-9a-z]+$/);
  });

  it('the migration normalises names stored as typed before', async () => {
    const asTyped = [`${unique('Old')} `, fullWidth(unique('wide'))];
    const ids = asTyped.map(() => newId());
    const em = t.orm.em.fork();
    await em.insertMany(User, asTyped.map((username, i) => ({ id: ids[i], username, displayName: '旧名', passwordHash: 'x', role: 'parent' as const, active: true, createdAt: new Date() })));
    const driver = t.orm.em.getDriver() as AbstractSqlDriver;
    const migration = new Migration20261204000002_usernames(driver, t.orm.config);
    await migration.up();
    for (const query of migration.getQueries()) await driver.execute(query);
    const names = (await t.orm.em.fork().find(User, { id: ids }, { orderBy: { id: 'asc' } })).map((u) => u.username);
    expect(names).toEqual(asTyped.map((n) => n.normalize('NFKC').trim().toLowerCase()));
  });
});
