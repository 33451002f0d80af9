import { AfterSchoolEnrolment } from '../../../api/modules/afterschool/afterschool.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { API, afterschoolWorld, makeChildren, World } from './world';

const onMariaDb = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * Never more than a weekday's places: dozens of enrolments race for its last places. On
 * MariaDB they go through two app instances on one database, each with its own pool; the
 * embedded SQLite database serves one process, so there both "instances" are the same app.
 */
describe(`after-school weekday places under concurrency (${onMariaDb ? 'two app instances on one MariaDB' : 'one app on the embedded SQLite'})`, () => {
  let w: World;
  let second: TestApp | null = null;
  let parentB: Client;
  let group: { id: string; siteId: string; periodId: string };

  beforeAll(async () => {
    w = await afterschoolWorld();
    if (onMariaDb) {
      second = await startTestApp({ clock: w.clock, config: { database: w.t.config.database } });
      parentB = await Client.login(second.app, w.home.users.parent.username);
    } else {
      parentB = w.parent;
    }
    const term = await w.openTerm();
    group = await w.openGroup(term.id, { capacity: 5, weekdays: [1, 3] });
  });
  afterAll(async () => {
    await second?.close();
    await w.close();
  });

  const through = (i: number) => (i % 2 ? parentB : w.parent);
  const enrolledOn = (weekday: number) => w.em().count(AfterSchoolEnrolment, { groupId: group.id, weekday, status: 'enrolled' });

  it('when 60 children ask at once for Monday and Wednesday with 5 places each, then exactly 5 are enrolled on each day and 55 wait in order', async () => {
    const children = await makeChildren(w.em(), w.siteId, w.home.household.id, 60);
    const results = await Promise.all(children.map((c, i) => through(i).post(`${API}/children/${c.id}/enrolments`, { groupId: group.id, weekdays: [1, 3] })));
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect([await enrolledOn(1), await enrolledOn(3)]).toEqual([5, 5]);
    const queue = (await w.parent.get(`${API}/enrolments?siteId=${w.siteId}`)).body as { weekday: number; status: string; position: number | null }[];
    const waitingMonday = queue.filter((e) => e.weekday === 1 && e.status === 'waiting');
    expect(waitingMonday).toHaveLength(55);
    expect(waitingMonday.map((e) => e.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
  });

  it('when 5 enrolled children leave Monday while 40 more ask for it at once, then Monday again holds exactly 5, taken from the queue', async () => {
    const leaving = await w.em().find(AfterSchoolEnrolment, { groupId: group.id, weekday: 1, status: 'enrolled' });
    const newcomers = await makeChildren(w.em(), w.siteId, w.home.household.id, 40);
    const results = await Promise.all([
      ...leaving.flatMap((e, i) => [through(i).post(`${API}/enrolments/${e.id}/withdraw`), through(i + 1).post(`${API}/enrolments/${e.id}/withdraw`)]),
      ...newcomers.map((c, i) => through(i).post(`${API}/children/${c.id}/enrolments`, { groupId: group.id, weekdays: [1] })),
    ]);
    expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(await enrolledOn(1)).toBe(5);
    expect(await enrolledOn(3)).toBe(5);
    const newIds = new Set(newcomers.map((c) => c.id));
    // The 55 who waited first came before every newcomer in the queue.
    const enrolled = await w.em().find(AfterSchoolEnrolment, { groupId: group.id, weekday: 1, status: 'enrolled' });
    expect(enrolled.filter((e) => newIds.has(e.childId))).toEqual([]);
  });
});
