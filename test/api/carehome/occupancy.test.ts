import { newId } from '../../../api/entity-helpers';
import { CarehomeBedStay, CarehomeLeave } from '../../../api/modules/carehome/carehome.entity';
import { API, carehomeWorld, World } from './world';

describe('care home: occupancy by day and by month', () => {
  let w: World;
  beforeEach(async () => {
    w = await carehomeWorld();
  });
  afterEach(() => w.close());

  /** Stays and leaves written directly, so the days before today have a history. */
  async function history() {
    const beds = await w.room({}, [{ careLevels: ['nursing'] }, { careLevels: ['nursing'] }, { careLevels: ['nursing'] }]);
    const em = w.em();
    const [a, b, c] = [newId(), newId(), newId()];
    const stay = (siteId: string, residenceId: string, bedId: string, fromDate: string, toDate: string | null) =>
      em.create(CarehomeBedStay, { siteId, residenceId, bedId, fromDate, toDate, reason: null, createdBy: w.home.users.care_staff.id });
    stay(w.siteId, a, beds[0].id, '2026-11-20', null);
    // b moves beds on 3 December: two stays, one resident each day.
    stay(w.siteId, b, beds[1].id, '2026-11-25', '2026-12-03');
    stay(w.siteId, b, beds[2].id, '2026-12-03', null);
    // c stays three nights and is discharged on 2 December.
    stay(w.siteId, c, beds[2].id, '2026-11-29', '2026-12-02');
    // Another site's resident counts at that site only.
    stay(w.other.site.id, newId(), newId(), '2026-11-01', null);
    const leave = (siteId: string, residenceId: string, fromDate: string, returnedOn: string | null) =>
      em.create(CarehomeLeave, { siteId, householdId: newId(), residenceId, fromDate, expectedBack: '2026-12-05', returnedOn, reason: '回家', createdBy: w.home.users.care_staff.id });
    leave(w.siteId, a, '2026-12-01', '2026-12-05');
    leave(w.siteId, b, '2026-12-07', null);
    leave(w.other.site.id, newId(), '2026-11-01', null);
    await em.flush();
  }

  it('counts each day’s residents (a transfer once, a discharge up to the day before) and those on leave, and sums each month against the beds', async () => {
    await history();
    const res = await w.staff.get(`${API}/occupancy?siteId=${w.siteId}&from=2026-11-28&to=2026-12-07`);
    expect(res.status).toBe(200);
    expect(res.body.beds).toBe(3);
    expect(res.body.days.map((d: { date: string; occupied: number; onLeave: number }) => `${d.date.slice(5)} ${d.occupied}/${d.onLeave}`)).toEqual([
      '11-28 2/0',
      '11-29 3/0',
      '11-30 3/0',
      '12-01 3/1',
      '12-02 2/1',
      '12-03 2/1',
      '12-04 2/1',
      '12-05 2/0',
      '12-06 2/0',
      '12-07 2/1',
    ]);
    expect(res.body.months).toEqual([
      { month: '2026-11', days: 3, occupiedBedDays: 8, leaveBedDays: 0, capacityBedDays: 9 },
      { month: '2026-12', days: 7, occupiedBedDays: 15, leaveBedDays: 5, capacityBedDays: 21 },
    ]);
  });

  it('a resident admitted today through an accepted offer counts from today', async () => {
    await w.priced();
    const app = await w.applied(w.family);
    await w.assess(app.id);
    await w.room();
    const { offer } = await w.read(w.family, app.id);
    expect((await w.family.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(200);
    const res = await w.staff.get(`${API}/occupancy?siteId=${w.siteId}&from=2026-12-06&to=2026-12-07`);
    expect(res.body.days).toEqual([
      { date: '2026-12-06', occupied: 0, onLeave: 0 },
      { date: '2026-12-07', occupied: 1, onLeave: 0 },
    ]);
  });

  it('refuses a backwards, a future or an over-long range (422 naming to) and junk (400), and answers only the site’s staff', async () => {
    const at = (query: string) => w.staff.get(`${API}/occupancy?siteId=${w.siteId}&${query}`);
    for (const query of ['from=2026-12-05&to=2026-12-01', 'from=2026-12-01&to=2026-12-08', 'from=2025-12-01&to=2026-12-02']) {
      const res = await at(query);
      expect([res.status, res.body.errors[0].field]).toEqual([422, 'to']);
    }
    // 366 days is a leap year's worth: allowed.
    expect((await at('from=2025-12-07&to=2026-12-07')).body.days).toHaveLength(366);
    const junk = await at('from=2026-02-30&to=yesterday');
    expect(junk.status).toBe(400);
    expect(junk.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.from', 'query.to']);
    const path = `${API}/occupancy?siteId=${w.siteId}&from=2026-12-01&to=2026-12-07`;
    expect((await w.operator.get(path)).status).toBe(200);
    expect((await w.family.get(path)).status).toBe(403);
    expect((await w.canteen.get(path)).status).toBe(403);
    expect((await w.outsider.get(path)).status).toBe(404);
  });
});
