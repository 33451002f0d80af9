import { CarehomeBed, CarehomeOffer, CarehomeResidence } from '../../../api/modules/carehome/carehome.entity';
import { Client, startTestApp, TestApp } from '../support/app';
import { API, carehomeWorld, makeWaiting, World } from './world';

const onMariaDb = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * No bed ever has two occupants or two live holds: hundreds of requests race for 3 beds. On
 * MariaDB they go through two app instances on one database, each with its own pool; the embedded
 * SQLite database serves one process, so there both "instances" are the same app.
 */
describe(`care-home beds under concurrency (${onMariaDb ? 'two app instances on one MariaDB' : 'one app on the embedded SQLite'})`, () => {
  let w: World;
  let second: TestApp | null = null;
  let familyB: Client;
  let staffB: Client;

  beforeAll(async () => {
    w = await carehomeWorld();
    await w.priced();
    if (onMariaDb) {
      second = await startTestApp({ clock: w.clock, config: { database: w.t.config.database } });
      familyB = await Client.login(second.app, w.home.users.family.username);
      staffB = await Client.login(second.app, w.home.users.care_staff.username);
    } else {
      familyB = w.family;
      staffB = w.staff;
    }
  });
  afterAll(async () => {
    await second?.close();
    await w.close();
  });

  const family = (i: number) => (i % 2 ? familyB : w.family);
  const staff = (i: number) => (i % 2 ? staffB : w.staff);
  /** Per bed: its live holds (open offers) and its residents. */
  const perBed = async () => {
    const em = w.em();
    const [beds, open, residents] = await Promise.all([
      em.find(CarehomeBed, { siteId: w.siteId }),
      em.find(CarehomeOffer, { siteId: w.siteId, status: 'open' }),
      em.find(CarehomeResidence, { siteId: w.siteId, dischargedOn: null }),
    ]);
    return beds.map((b) => ({ state: b.state, holds: open.filter((o) => o.bedId === b.id).length, residents: residents.filter((r) => r.bedId === b.id).length }));
  };

  // Hundreds of requests through one lock per site on a shared machine: more than the default 30 s.
  jest.setTimeout(120_000);

  it('when 3 beds free at once while 100 reads of the queue run the offer cycle, then each bed is held by exactly one offer', async () => {
    const beds = await w.room({ sex: 'women' }, [0, 1, 2].map(() => ({ careLevels: ['nursing'] })));
    // Being cleaned while 40 people join the queue, then freed while the reads race: each read and each change runs the cycle.
    for (const b of beds) expect((await w.staff.post(`${API}/beds/${b.id}/state`, { state: 'cleaning' })).body.state).toBe('cleaning');
    await makeWaiting(w.em(), w.siteId, w.home.household.id, w.home.users.family.id, 40);
    const [freed, reads] = await Promise.all([
      Promise.all(beds.flatMap((b, i) => [staff(i).post(`${API}/beds/${b.id}/state`, { state: 'available' }), staff(i + 1).post(`${API}/beds/${b.id}/state`, { state: 'available' })])),
      Promise.all(Array.from({ length: 100 }, (_, i) => (i % 3 ? staff(i).get(`${API}/applications?siteId=${w.siteId}`) : staff(i).get(`${API}/beds?siteId=${w.siteId}`)))),
    ]);
    expect(reads.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    // Each bed is freed once; the second request finds it already offered, which only its offer may change.
    expect(freed.map((r) => r.status).sort()).toEqual([200, 200, 200, 409, 409, 409]);
    expect(await perBed()).toEqual([0, 1, 2].map(() => ({ state: 'held', holds: 1, residents: 0 })));
  });

  it('when 200 accepts race for the 3 offered beds, through both instances, then exactly 3 people are admitted, one to each bed', async () => {
    const open = await w.em().find(CarehomeOffer, { siteId: w.siteId, status: 'open' });
    expect(open).toHaveLength(3);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => family(i).post(`${API}/offers/${open[i % 3].id}/accept`, {})));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(results.every((r) => r.body.status === 'accepted')).toBe(true);
    expect(await w.em().count(CarehomeResidence, { siteId: w.siteId })).toBe(3);
    expect(await perBed()).toEqual([0, 1, 2].map(() => ({ state: 'occupied', holds: 0, residents: 1 })));
  });
});
