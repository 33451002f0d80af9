import { ChildcareBooking } from '../../../api/modules/childcare/bookings.entity';
import { ChildcareApplication, ChildcareEnrolment, ChildcareOffer } from '../../../api/modules/childcare/childcare.entity';
import { addDays } from '../../../domain/shared/business-date';
import { Client, startTestApp, TestApp } from '../support/app';
import { childIdNumber, makeChildcareApplication } from '../support/factories';
import { API, BORN, childcareWorld, MONDAY, World } from './world';

const onMariaDb = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * A fresh world for a describe's race, with a second app instance on its MariaDB database and
 * the parent logged in there too (on SQLite, the same app); `through(i)` alternates between them.
 */
function raceWorld() {
  const race = {} as { w: World; second: TestApp | null; parentB: Client };
  beforeAll(async () => {
    race.w = await childcareWorld();
    race.second = onMariaDb ? await startTestApp({ clock: race.w.clock, config: { database: race.w.t.config.database } }) : null;
    race.parentB = race.second ? await Client.login(race.second.app, race.w.home.users.parent.username) : race.w.parent;
  });
  afterAll(async () => {
    await race.second?.close();
    await race.w?.close();
  });
  return { race, through: (i: number) => (i % 2 ? race.parentB : race.w.parent) };
}

/**
 * Never more than capacity: hundreds of submissions and accepts race for 5 places. On MariaDB
 * they go through two app instances on one database, each with its own pool; the embedded
 * SQLite database serves one process, so there both "instances" are the same app.
 */
describe(`childcare places under concurrency (${onMariaDb ? 'two app instances on one MariaDB' : 'one app on the embedded SQLite'})`, () => {
  // Hundreds of requests through two pools: on a loaded 2-core machine one race takes 10–25 s.
  jest.setTimeout(120_000);
  const { race, through } = raceWorld();
  let w: World;
  beforeAll(() => {
    w = race.w;
  });
  /** Places held: open offers and enrolments, by class. */
  const held = async () => {
    const em = w.em();
    return (await em.count(ChildcareOffer, { siteId: w.siteId, status: 'open' })) + (await em.count(ChildcareEnrolment, { siteId: w.siteId, toDate: null }));
  };

  it('when 200 drafts are submitted at once against 5 free places, then exactly 5 are offered and 195 wait', async () => {
    await w.openClass({ size: 5 });
    const em = w.em();
    const drafts = [];
    for (let i = 0; i < 200; i++) drafts.push(await makeChildcareApplication(em, w.siteId, w.home.household.id, w.home.users.parent.id, { status: 'draft' }));
    const results = await Promise.all(drafts.map((d, i) => through(i).post(`${API}/applications/${d.id}/submit`)));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(await held()).toBe(5);
    const queue = (await w.staff.get(`${API}/applications?siteId=${w.siteId}`)).body as { status: string; standing: { position: number } }[];
    expect(queue).toHaveLength(200);
    // Each place went to the first in line when it was offered; an offer, once made, is not taken back for a later arrival.
    expect(queue.filter((a) => a.status === 'offered')).toHaveLength(5);
    expect(queue.filter((a) => a.status === 'submitted')).toHaveLength(195);
  });

  it('when every offer is accepted twice at once while 200 more submissions and 10 withdrawals race, then exactly 5 places are held: the 5 enrolments', async () => {
    const em = w.em();
    const open = await em.find(ChildcareOffer, { siteId: w.siteId, status: 'open' });
    const waiting = await em.find(ChildcareApplication, { siteId: w.siteId, status: 'submitted' }, { limit: 10 });
    const drafts = [];
    for (let i = 0; i < 200; i++) drafts.push(await makeChildcareApplication(em, w.siteId, w.home.household.id, w.home.users.parent.id, { status: 'draft' }));
    const results = await Promise.all([
      // Every offer accepted twice at once, through both instances (the second answer is the same).
      ...open.flatMap((o, i) => [through(i).post(`${API}/offers/${o.id}/accept`), through(i + 1).post(`${API}/offers/${o.id}/accept`)]),
      ...drafts.map((d, i) => through(i).post(`${API}/applications/${d.id}/submit`)),
      ...waiting.map((a, i) => through(i).post(`${API}/applications/${a.id}/withdraw`, {})),
    ]);
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(await w.em().count(ChildcareEnrolment, { siteId: w.siteId })).toBe(5);
    expect(await held()).toBe(5);
    expect(await w.em().count(ChildcareApplication, { siteId: w.siteId, status: 'offered' })).toBe(0);
  });
});

/**
 * Accepts and 临时托 bookings contend for the same places on one lock: a toddler class of 5 free
 * places today, 3 of them held by offers, while 200 requests arrive at once: each offer accepted
 * twice, 97 submissions (each may be offered a place that frees) and 97 families booking today.
 */
describe(`childcare accepts and day bookings racing for 5 places (${onMariaDb ? 'two app instances on one MariaDB' : 'one app on the embedded SQLite'})`, () => {
  const { race, through } = raceWorld();
  let w: World;
  beforeAll(() => {
    w = race.w;
  });
  /** Drafts starting before today, so an accepted offer's child attends today. */
  const drafts = async (n: number) => {
    const em = w.em();
    const made = [];
    for (let i = 0; i < n; i++) made.push(await makeChildcareApplication(em, w.siteId, w.home.household.id, w.home.users.parent.id, { status: 'draft' }));
    await em.nativeUpdate(ChildcareApplication, { id: { $in: made.map((d) => d.id) } }, { startDate: '2026-12-01' });
    return made;
  };

  it('when 200 accepts, submissions and bookings for today race, then exactly 5 places are taken today: enrolments, open offers and booked days', async () => {
    const { id: classId } = await w.openClass({ size: 5 });
    for (const d of await drafts(3)) expect((await w.parent.post(`${API}/applications/${d.id}/submit`)).status).toBe(200);
    const offers = await w.em().find(ChildcareOffer, { siteId: w.siteId, status: 'open' });
    expect(offers).toHaveLength(3);
    const waiting = await drafts(97);
    // Toddlers of different ages, each a child of its own.
    const children = Array.from({ length: 97 }, (_, i) => ({ childName: `临托${i}`, idNumber: childIdNumber(addDays(BORN, i % 90)) }));
    const requests = [
      ...offers.flatMap((o, i) => [through(i).post(`${API}/offers/${o.id}/accept`), through(i + 1).post(`${API}/offers/${o.id}/accept`)]),
      ...waiting.map((d, i) => through(i).post(`${API}/applications/${d.id}/submit`)),
      ...children.map((c, i) => through(i).post(`${API}/bookings`, { siteId: w.siteId, dates: [MONDAY], ...c })),
    ];
    expect(requests).toHaveLength(200);
    const results = await Promise.all(requests);
    const statuses = results.map((r) => r.status);
    // Accepts and submissions all answer 200; a booking either gets a place (201) or is told none is free (409).
    expect(statuses.slice(0, 103).filter((s) => s !== 200)).toEqual([]);
    expect(statuses.slice(103).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(results.slice(103).filter((r) => r.status === 409).every((r) => r.body.errors[0].code === 'full')).toBe(true);

    const em = w.em();
    const enrolled = await em.count(ChildcareEnrolment, { classId, fromDate: { $lte: MONDAY }, toDate: null });
    const open = await em.count(ChildcareOffer, { classId, status: 'open' });
    const booked = await em.count(ChildcareBooking, { classId, date: MONDAY, status: 'booked' });
    expect({ enrolled, taken: enrolled + open + booked }).toEqual({ enrolled: 3, taken: 5 });
    expect(statuses.filter((s) => s === 201)).toHaveLength(booked);
    expect((await w.parent.get(`${API}/bookings/free?siteId=${w.siteId}&from=${MONDAY}&to=${MONDAY}`)).body[0].classes[0].free).toBe(0);
  });
});
