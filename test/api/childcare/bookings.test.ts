import { ChildcareBooking } from '../../../api/modules/childcare/bookings.entity';
import { ChildcareApplication } from '../../../api/modules/childcare/childcare.entity';
import { ServedUnit, ServedUnitShare } from '../../../api/modules/costsharing/served-unit.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { Client } from '../support/app';
import { childIdNumber } from '../support/factories';
import { API, BORN, childcareWorld, MONDAY, type World } from './world';

const TUESDAY = '2026-12-08';
const WEDNESDAY = '2026-12-09';

/**
 * 临时托: a toddler class of 2 places at the home site, one of them taken by an enrolled child
 * from today. Families book the free place by the day; staff see the day's bookings, book for a
 * family and check a booked child in, which bills the day.
 */
describe('childcare 临时托 bookings from free places', () => {
  let w: World;
  let classId: string;
  let neighbour: Awaited<ReturnType<World['family']>>;
  const child = (fields: object = {}) => ({ siteId: w.siteId, childName: '林小果', idNumber: childIdNumber(BORN), ...fields });

  beforeAll(async () => {
    w = await childcareWorld();
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    classId = (await w.openClass({ size: 2 })).id;
    // An application starting in the past is enrolled from today once accepted: one place used.
    const enrolled = await w.submitted(w.parent, { startDate: '2026-12-01', childName: '周可馨' });
    const offer = (await w.parent.get(`${API}/applications/${enrolled.id}`)).body.offer;
    expect((await w.parent.post(`${API}/offers/${offer.id}/accept`)).status).toBe(200);
    neighbour = await w.family();
  });
  afterAll(() => w.close());

  const free = (client: Client = w.parent, from = MONDAY, to = WEDNESDAY) => client.get(`${API}/bookings/free?siteId=${w.siteId}&from=${from}&to=${to}`);
  const book = (client: Client, body: object, headers: Record<string, string> = {}) => client.post(`${API}/bookings`, body, headers);

  it('a parent sees one place free each day in the class, and the site’s total beside it', async () => {
    const res = await free();
    expect(res.status).toBe(200);
    expect(res.body.map((d: { date: string; siteFree: number; classes: { free: number }[] }) => [d.date, d.siteFree, d.classes[0].free])).toEqual([
      [MONDAY, 99, 1],
      [TUESDAY, 99, 1],
      [WEDNESDAY, 99, 1],
    ]);
  });

  it('when a parent books two days with an Idempotency-Key twice, then two days are booked once, in the class, and the free places drop', async () => {
    const body = child({ dates: [TUESDAY, WEDNESDAY] });
    const first = await book(w.parent, body, { 'Idempotency-Key': 'book-1' });
    const again = await book(w.parent, body, { 'Idempotency-Key': 'book-1' });
    expect(first.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body.map((b: { date: string; classId: string; status: string; childName: string; idNumber: string }) => [b.date, b.classId, b.status, b.childName, b.idNumber.includes('*')])).toEqual([
      [TUESDAY, classId, 'booked', '林小果', true],
      [WEDNESDAY, classId, 'booked', '林小果', true],
    ]);
    expect(await w.em().count(ChildcareBooking, { siteId: w.siteId })).toBe(2);
    expect((await free()).body.map((d: { classes: { free: number }[] }) => d.classes[0].free)).toEqual([1, 0, 0]);
  });

  it('when a day has no free place, then the whole request is a 409 naming that day, and nothing is booked', async () => {
    const res = await book(neighbour.client, child({ dates: [MONDAY, TUESDAY] }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'dates[1]', code: 'full' })]);
    expect(await w.em().count(ChildcareBooking, { householdId: neighbour.household.id })).toBe(0);
  });

  it('when the same child is booked again on a day it has, then 409 names the day', async () => {
    const id = childIdNumber(BORN);
    expect((await book(neighbour.client, child({ idNumber: id, dates: [MONDAY] }))).status).toBe(201);
    const res = await book(neighbour.client, child({ idNumber: id, dates: [MONDAY] }));
    expect([res.status, res.body.errors]).toEqual([409, [expect.objectContaining({ field: 'dates[0]', code: 'already_booked' })]]);
  });

  it('when days are bad, then 400 names the field, and a rule broken is a 422 naming the day', async () => {
    for (const [body, field] of [
      [{ siteId: w.siteId, dates: [TUESDAY] }, 'childName,idNumber'],
      [child({ dates: [] }), 'dates'],
      [child({ dates: ['2026-13-01'] }), 'dates.0'],
      [child({ idNumber: '110101202507010000', dates: [TUESDAY] }), 'idNumber'],
    ] as const) {
      const res = await book(w.parent, body);
      expect({ status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field).join() }).toEqual({ status: 400, fields: field });
    }
    const weekend = await book(w.parent, child({ dates: ['2026-12-12'] }));
    expect([weekend.status, weekend.body.errors]).toEqual([422, [expect.objectContaining({ field: 'dates[0]' })]]);
    const past = await book(w.parent, child({ dates: ['2026-12-04'] }));
    expect([past.status, past.body.errors[0].message]).toEqual([422, 'must be today or later']);
    // The enrolled child has its place already: booking it by its application is refused that day.
    const app = await w.em().findOneOrFail(ChildcareApplication, { siteId: w.siteId, status: 'enrolled' });
    const again = await book(w.parent, { siteId: w.siteId, applicationId: app.id, dates: [TUESDAY] });
    expect([again.status, again.body.errors]).toEqual([409, [expect.objectContaining({ field: 'dates[0]', code: 'enrolled' })]]);
  });

  it('a parent lists only its own household’s days; staff see the day’s at the site; neither reaches another site', async () => {
    const mine = (await w.parent.get(`${API}/bookings?siteId=${w.siteId}`)).body;
    expect(mine.map((b: { date: string }) => b.date)).toEqual([TUESDAY, WEDNESDAY]);
    const theirs = (await neighbour.client.get(`${API}/bookings?siteId=${w.siteId}`)).body;
    expect(theirs.map((b: { householdId: string }) => b.householdId)).toEqual([neighbour.household.id]);
    const today = (await w.staff.get(`${API}/bookings?siteId=${w.siteId}`)).body;
    expect(today.map((b: { date: string; householdName: string }) => [b.date, b.householdName])).toEqual([[MONDAY, neighbour.household.name]]);
    expect((await w.outsider.get(`${API}/bookings?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.outsiderParent.get(`${API}/bookings/free?siteId=${w.siteId}&from=${MONDAY}&to=${MONDAY}`)).status).toBe(404);
    expect((await w.canteen.get(`${API}/bookings?siteId=${w.siteId}`)).status).toBe(403);
  });

  it('the classes list today’s booked days per class, and their free places net of them as the day’s free places for booking', async () => {
    const [klass] = (await w.staff.get(`${API}/classes?siteId=${w.siteId}`)).body;
    expect(klass).toMatchObject({ id: classId, size: 2, placesUsed: 1, openOffers: 0, bookedToday: 1, freePlaces: 0 });
    const [today] = (await free(w.staff, MONDAY, MONDAY)).body;
    expect(today.classes.find((c: { classId: string }) => c.classId === classId).free).toBe(klass.freePlaces);
  });

  it('today’s sheet counts the booked child beside the enrolled one for the carers the class needs', async () => {
    const sheet = await w.staff.get(`${API}/days?siteId=${w.siteId}&date=${MONDAY}`);
    expect(sheet.status).toBe(200);
    const klass = sheet.body.classes.find((c: { classId: string }) => c.classId === classId);
    expect(klass.children).toHaveLength(1);
    expect(klass.childrenCounted).toBe(2);
  });

  it('a parent cannot cancel another household’s day (404), cancels its own, and the place is free again', async () => {
    const [tuesday] = (await w.parent.get(`${API}/bookings?siteId=${w.siteId}&date=${TUESDAY}`)).body;
    expect((await neighbour.client.post(`${API}/bookings/${tuesday.id}/cancel`)).status).toBe(404);
    expect((await w.outsider.post(`${API}/bookings/${tuesday.id}/cancel`)).status).toBe(404);
    const cancelled = await w.parent.post(`${API}/bookings/${tuesday.id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect((await w.parent.post(`${API}/bookings/${tuesday.id}/cancel`)).body.status).toBe('cancelled');
    expect((await free()).body.map((d: { classes: { free: number }[] }) => d.classes[0].free)).toEqual([0, 1, 0]);
  });

  it('staff book for a family by its household, and must name one; a household of another site is a 404', async () => {
    const missing = await book(w.staff, child({ dates: [TUESDAY] }));
    expect([missing.status, missing.body.errors?.[0]?.field]).toEqual([400, 'householdId']);
    expect((await book(w.staff, child({ dates: [TUESDAY], householdId: w.other.household.id }))).status).toBe(404);
    expect((await book(w.parent, child({ dates: [TUESDAY], householdId: neighbour.household.id }))).status).toBe(404);
    const res = await book(w.staff, child({ dates: [TUESDAY], householdId: neighbour.household.id }));
    expect([res.status, res.body[0].householdId]).toEqual([201, neighbour.household.id]);
  });

  it('when staff check a booked child in, then the day is billed once as a 临时托 served unit; a parent may not check in', async () => {
    const [today] = (await w.staff.get(`${API}/bookings?siteId=${w.siteId}`)).body;
    expect((await neighbour.client.post(`${API}/bookings/${today.id}/check-in`)).status).toBe(403);
    const [a, b] = await Promise.all([w.staff.post(`${API}/bookings/${today.id}/check-in`), w.staff.post(`${API}/bookings/${today.id}/check-in`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const checked = (a.status === 200 ? a : b).body;
    expect(checked).toMatchObject({ checkIn: '09:00', billed: true });
    const units = await w.em().find(ServedUnit, { sourceId: today.id });
    expect(units.map((u) => [u.serviceLine, u.servedDate, u.voided])).toEqual([['childcare.occasional', MONDAY, false]]);
    expect(units[0].residentPaysFen).toBeGreaterThan(0);
    // A served day is not cancelled; a day booked ahead is not checked in today.
    expect((await w.staff.post(`${API}/bookings/${today.id}/cancel`)).status).toBe(422);
    const [wednesday] = (await w.parent.get(`${API}/bookings?siteId=${w.siteId}&date=${WEDNESDAY}`)).body;
    const early = await w.staff.post(`${API}/bookings/${wednesday.id}/check-in`);
    expect([early.status, early.body.errors[0].field]).toEqual([422, 'bookingId']);
    // Booked and not come: nothing billed.
    expect(await w.em().count(ServedUnit, { sourceId: wednesday.id })).toBe(0);
  });

  it('the day a child came is on its family’s December statement at the checked-in price; days cancelled or not come are not, and no other household sees it', async () => {
    const statements = (client: Client) => client.get(`${API}/statements?siteId=${w.siteId}&month=2026-12`);
    const [served] = await w.em().find(ServedUnit, { serviceLine: 'childcare.occasional', siteId: w.siteId });
    const theirs = await statements(neighbour.client);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toHaveLength(1);
    const [statement] = theirs.body;
    expect(statement).toMatchObject({ householdId: neighbour.household.id, month: '2026-12', lines: [] });
    expect(statement.days).toEqual([
      expect.objectContaining({ date: MONDAY, childName: '林小果', residentPaysFen: served.residentPaysFen, fullCostFen: served.fullCostFen, tier: served.tier }),
    ]);
    expect(statement.totalFen).toBe(served.residentPaysFen);
    const shares = await w.em().find(ServedUnitShare, { servedUnitId: served.id, partyKind: 'department' });
    expect(statement.days[0].departments.map((d: { amountFen: number }) => d.amountFen)).toEqual(shares.map((d) => d.amountFen));
    // 林小果's Tuesday was cancelled and Wednesday not come (this family, no slot-month billed): no statement.
    expect((await statements(w.parent)).body).toEqual([]);
    const all = (await statements(w.staff)).body;
    expect(all.flatMap((s: { days: { bookingId: string }[] }) => s.days.map((d) => d.bookingId))).toEqual([served.sourceId]);
    expect((await w.outsiderParent.get(`${API}/statements?siteId=${w.siteId}`)).status).toBe(404);
  });

  it('free places over too long a span, or a span backwards, are a 422 naming to; bad dates a 400', async () => {
    expect((await free(w.parent, MONDAY, '2027-01-30')).body.errors[0].field).toBe('to');
    expect((await free(w.parent, TUESDAY, MONDAY)).status).toBe(422);
    expect((await free(w.parent, 'x', MONDAY)).body.errors.map((e: { field: string }) => e.field)).toEqual(['query.from']);
  });

  it('while a day from today on is booked, the waitlist offers nobody that place; once no such day is left, the next in line is offered it', async () => {
    const waiting = await w.submitted(neighbour.client, { childName: '王等等' });
    expect(waiting.status).toBe('submitted');
    const [wednesday] = (await w.parent.get(`${API}/bookings?siteId=${w.siteId}&date=${WEDNESDAY}`)).body;
    const [tuesday] = (await w.staff.get(`${API}/bookings?siteId=${w.siteId}&date=${TUESDAY}`)).body.filter((b: { status: string }) => b.status === 'booked');
    expect((await w.staff.post(`${API}/bookings/${wednesday.id}/cancel`)).status).toBe(200);
    expect((await neighbour.client.get(`${API}/applications/${waiting.id}`)).body.status).toBe('submitted');
    expect((await neighbour.client.post(`${API}/bookings/${tuesday.id}/cancel`)).status).toBe(200);
    // Today's day was served: the place is used today.
    expect((await neighbour.client.get(`${API}/applications/${waiting.id}`)).body.status).toBe('submitted');
    w.clock.set(`${TUESDAY}T09:00:00+08:00`);
    expect((await neighbour.client.get(`${API}/applications/${waiting.id}`)).body.status).toBe('offered');
  });
});
