import { CarehomeBill } from '../../../api/modules/carehome/billing.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { API, carehomeWorld, MONDAY, World } from './world';

const DONE = { belongings: true, medication: true, documents: true, accounts: true };

describe('care home: beds, and a resident’s stay from admission to discharge', () => {
  let w: World;
  beforeEach(async () => {
    w = await carehomeWorld();
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026, 2027]));
  });
  afterEach(() => w.close());

  /** A resident admitted today to the room's first bed; answers the application and the other beds. */
  const admitted = async (beds: object[] = [{ careLevels: ['nursing'] }]) => {
    const app = await w.applied(w.family);
    await w.assess(app.id);
    const made = await w.room({}, beds);
    const { offer } = await w.read(w.family, app.id);
    expect((await w.family.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(200);
    const read = await w.read(w.staff, app.id);
    return { app: read, residenceId: read.residence.id as string, beds: made };
  };

  it('sets up rooms with their beds, refusing a repeated code (409), an unknown care level (422) and junk (400), for staff of the site only', async () => {
    const beds = await w.room({ floor: 3, roomType: 'triple', sex: 'mixed' }, [{ careLevels: ['nursing'], features: ['oxygen'] }, { careLevels: ['independent', 'assisted'] }]);
    expect(beds.map((b) => [b.code, b.state])).toEqual([
      ['R1-1', 'available'],
      ['R1-2', 'available'],
    ]);
    const body = { siteId: w.siteId, floor: 1, code: 'R1', roomType: 'single', sex: 'men', beds: [{ code: 'X-1', careLevels: ['nursing'] }] };
    const twice = await w.staff.post(`${API}/rooms`, body);
    expect([twice.status, twice.body.errors[0].field]).toEqual([409, 'code']);
    const unknown = await w.staff.post(`${API}/rooms`, { ...body, code: 'R9', beds: [{ code: 'X-1', careLevels: ['luxury'] }] });
    expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'beds[0].careLevels']);
    const junk = await w.staff.post(`${API}/rooms`, { ...body, roomType: 'suite', beds: [] });
    expect(junk.status).toBe(400);
    expect(junk.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['beds', 'roomType']);
    expect((await w.family.post(`${API}/rooms`, body)).status).toBe(403);
    expect((await w.outsider.post(`${API}/rooms`, body)).status).toBe(404);
    expect((await w.family.get(`${API}/beds?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/beds?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.canteen.get(`${API}/beds?siteId=${w.siteId}`)).status).toBe(403);
    const board = await w.board();
    expect(board).toMatchObject({ date: MONDAY, counts: { available: 2, held: 0, occupied: 0 } });
    expect(board.beds[0]).toMatchObject({ code: 'R1-1', floor: 3, roomSex: 'mixed', features: ['oxygen'], stateName: { zh: '空闲可用' } });
  });

  it('empty is not available: a bed being cleaned or out of service is offered to nobody until staff make it available', async () => {
    const [bed] = await w.room();
    const out = await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'out_of_service', reason: '漏水维修' });
    expect(out.body).toMatchObject({ state: 'out_of_service', stateReason: '漏水维修' });
    const app = await w.applied(w.family);
    await w.assess(app.id);
    expect((await w.read(w.family, app.id)).status).toBe('waiting');
    const straight = await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'available' });
    expect([straight.status, straight.body.errors[0].code]).toEqual([409, 'bed_move']);
    expect((await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'cleaning' })).body.state).toBe('cleaning');
    expect((await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'available' })).body).toMatchObject({ state: 'held', hold: { applicationId: app.id } });
    expect((await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'occupied' })).status).toBe(400);
    expect((await w.staff.post(`${API}/beds/${bed.id}/state`, { state: 'cleaning' })).status).toBe(409);
    expect((await w.family.post(`${API}/beds/${bed.id}/state`, { state: 'cleaning' })).status).toBe(403);
    expect((await w.outsider.post(`${API}/beds/${bed.id}/state`, { state: 'cleaning' })).status).toBe(404);
  });

  it('a transfer moves the resident to an available bed that fits, from today; the old bed is cleaned and the history keeps both', async () => {
    const { residenceId, beds } = await admitted([{ careLevels: ['nursing'] }, { careLevels: ['nursing'] }, { careLevels: ['independent'] }]);
    const [first, second, unfit] = beds;
    const noFit = await w.staff.post(`${API}/residences/${residenceId}/transfer`, { bedId: unfit.id, reason: '换房' });
    expect([noFit.status, noFit.body.errors[0].code]).toEqual([422, 'bed_does_not_fit']);
    const unknown = await w.staff.post(`${API}/residences/${residenceId}/transfer`, { bedId: 'nope', reason: '换房' });
    expect([unknown.status, unknown.body.errors[0].code]).toEqual([422, 'unknown_bed']);
    const busy = await w.staff.post(`${API}/residences/${residenceId}/transfer`, { bedId: first.id, reason: '换房' });
    expect([busy.status, busy.body.errors[0].code]).toEqual([409, 'bed_not_available']);
    const moved = await w.staff.post(`${API}/residences/${residenceId}/transfer`, { bedId: second.id, reason: '靠近护士站' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ bedId: second.id, beds: [{ bedId: first.id, fromDate: MONDAY, toDate: MONDAY }, { bedId: second.id, fromDate: MONDAY, toDate: null, reason: '靠近护士站' }] });
    const board = await w.board();
    expect(board.beds.map((b: { state: string }) => b.state)).toEqual(['cleaning', 'occupied', 'available']);
    expect((await w.family.post(`${API}/residences/${residenceId}/transfer`, { bedId: first.id, reason: 'x' })).status).toBe(403);
    expect((await w.outsider.post(`${API}/residences/${residenceId}/transfer`, { bedId: first.id, reason: 'x' })).status).toBe(404);
  });

  it('a leave keeps the bed (shown on the board, offered to nobody); its length gives the billing tier; the return makes it occupied again', async () => {
    const { residenceId, beds } = await admitted();
    const waiting = await w.applied(w.family);
    await w.assess(waiting.id);
    const future = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { fromDate: '2026-12-08', expectedBack: '2026-12-20', reason: '回家过节' });
    expect([future.status, future.body.errors[0].field]).toEqual([422, 'fromDate']);
    const backwards = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { fromDate: MONDAY, expectedBack: MONDAY, reason: '回家' });
    expect([backwards.status, backwards.body.errors[0].field]).toEqual([422, 'expectedBack']);
    const leave = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { fromDate: MONDAY, expectedBack: '2026-12-22', reason: '回家过节' });
    expect(leave.status).toBe(201);
    expect(leave.body.leaves).toEqual([expect.objectContaining({ fromDate: MONDAY, expectedBack: '2026-12-22', returnedOn: null, days: 15, tier: 'reduced_care' })]);
    const again = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { fromDate: MONDAY, expectedBack: '2026-12-22', reason: '回家' });
    expect([again.status, again.body.errors[0].code]).toEqual([409, 'on_leave']);
    const board = await w.board();
    expect(board.beds[0]).toMatchObject({ state: 'on_leave', leave: { fromDate: MONDAY, expectedBack: '2026-12-22' }, occupant: { name: '王秀英' } });
    expect((await w.read(w.family, waiting.id)).status).toBe('waiting');
    const transfer = await w.staff.post(`${API}/residences/${residenceId}/transfer`, { bedId: beds[0].id, reason: 'x' });
    expect([transfer.status, transfer.body.errors[0].code]).toEqual([409, 'on_leave']);

    w.clock.set('2026-12-13T10:00:00+08:00');
    const back = await w.staff.post(`${API}/residences/${residenceId}/return`, { date: '2026-12-13' });
    expect(back.body.leaves).toEqual([expect.objectContaining({ returnedOn: '2026-12-13', days: 6, tier: 'full' })]);
    expect((await w.board()).beds[0].state).toBe('occupied');
    const notAway = await w.staff.post(`${API}/residences/${residenceId}/return`, { date: '2026-12-13' });
    expect([notAway.status, notAway.body.errors[0].code]).toEqual([409, 'not_on_leave']);
    expect((await w.family.post(`${API}/residences/${residenceId}/return`, { date: '2026-12-13' })).status).toBe(403);
  });

  it('a hospital stay (住院) keeps the bed like a leave, shown as such on the board and to the family, and tiers by the same rules; another kind is 400', async () => {
    const { residenceId, app } = await admitted();
    const odd = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { kind: 'holiday', fromDate: MONDAY, expectedBack: '2026-12-10', reason: '?' });
    expect([odd.status, odd.body.errors[0].field]).toEqual([400, 'kind']);
    const stay = await w.staff.post(`${API}/residences/${residenceId}/leaves`, { kind: 'hospital', fromDate: MONDAY, expectedBack: '2026-12-15', reason: '肺炎住院' });
    expect(stay.status).toBe(201);
    expect(stay.body.leaves).toEqual([expect.objectContaining({ kind: 'hospital', days: 8, tier: 'meals_refunded' })]);
    expect((await w.board()).beds[0]).toMatchObject({ state: 'on_leave', leave: { kind: 'hospital', expectedBack: '2026-12-15' } });
    expect((await w.read(w.family, app.id)).residence.leaves).toEqual([expect.objectContaining({ kind: 'hospital', reason: '肺炎住院' })]);
    expect((await w.family.post(`${API}/residences/${residenceId}/leaves`, { kind: 'hospital', fromDate: MONDAY, expectedBack: '2026-12-15', reason: 'x' })).status).toBe(403);
  });

  it('a discharge needs every checklist item done, settles the part month and the deposit, cleans the bed, and the next in line is offered it once available', async () => {
    const { app, residenceId, beds } = await admitted();
    const next = await w.applied(w.family);
    await w.assess(next.id);
    w.clock.set('2027-01-11T10:00:00+08:00');
    const undone = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-11', reason: 'moved', checklist: { ...DONE, medication: false, documents: false } });
    expect(undone.status).toBe(422);
    expect(undone.body.errors.map((e: { field: string }) => e.field)).toEqual(['checklist.medication', 'checklist.documents']);
    const tooMuch = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-11', reason: 'moved', checklist: DONE, arrearsFromDepositFen: 500_000 });
    expect([tooMuch.status, tooMuch.body.errors[0].field]).toEqual([422, 'arrearsFromDepositFen']);
    const future = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-12', reason: 'moved', checklist: DONE });
    expect([future.status, future.body.errors[0].field]).toEqual([422, 'date']);
    expect((await w.family.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-11', reason: 'moved', checklist: DONE })).status).toBe(403);
    const done = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-11', reason: 'hospital', checklist: DONE, arrearsFromDepositFen: 20_000 });
    expect(done.status).toBe(200);
    // 1–10 January is billed at the discharge as January's bill, bed-day by bed-day; the deposit settles 200 yuan of it as decided.
    const [january] = await w.em().find(CarehomeBill, { residenceId, month: '2027-01' });
    expect(january).toMatchObject({ servedDays: 10, chargedFen: january.days.reduce((s, d) => s + d.familyFen, 0) });
    // The deposit is one month at the level's quote: three times what 10 of its bed-days are billed.
    const depositFen = done.body.depositFen;
    expect(depositFen).toBe(january.chargedFen * 3);
    expect(done.body).toMatchObject({
      dischargedOn: '2027-01-11',
      dischargeReason: 'hospital',
      settlement: { daysBilled: 10, finalMonthFen: january.chargedFen, arrearsFen: 0, depositFen, arrearsFromDepositFen: 20_000, depositReturnedFen: depositFen - 20_000, balanceFen: january.chargedFen - depositFen },
      beds: [{ bedId: beds[0].id, toDate: '2027-01-11' }],
    });
    expect((await w.read(w.family, app.id)).status).toBe('discharged');
    expect((await w.board()).beds[0]).toMatchObject({ state: 'cleaning', occupant: null });
    const twice = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-11', reason: 'moved', checklist: DONE });
    expect([twice.status, twice.body.errors[0].code]).toEqual([409, 'discharged']);
    await w.staff.post(`${API}/beds/${beds[0].id}/state`, { state: 'available' });
    expect((await w.read(w.family, next.id)).status).toBe('offered');
  });

  it('the offer deadline is a site setting that admins set (5 working days unless set)', async () => {
    expect((await w.staff.get(`${API}/settings?siteId=${w.siteId}`)).body).toEqual({ siteId: w.siteId, offerDeadlineWorkingDays: 5, depositCapMonths: 3 });
    expect((await w.staff.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 2 })).status).toBe(403);
    expect((await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 0 })).status).toBe(400);
    expect((await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 2 })).body.offerDeadlineWorkingDays).toBe(2);
    expect((await w.outsider.get(`${API}/settings?siteId=${w.siteId}`)).status).toBe(404);
    const app = await w.applied(w.family);
    await w.assess(app.id);
    await w.room();
    expect((await w.read(w.family, app.id)).offer.deadline).toBe('2026-12-09');
  });

  it('staff list the site’s offers by status; families may not', async () => {
    const app = await w.applied(w.family);
    await w.assess(app.id);
    await w.room();
    const open = await w.staff.get(`${API}/offers?siteId=${w.siteId}&status=open`);
    expect(open.body).toEqual([expect.objectContaining({ applicationId: app.id, name: '王秀英', bedCode: 'R1-1', status: 'open' })]);
    expect((await w.staff.get(`${API}/offers?siteId=${w.siteId}&status=lapsed`)).body).toEqual([]);
    expect((await w.staff.get(`${API}/offers?siteId=${w.siteId}&status=gone`)).status).toBe(400);
    expect((await w.family.get(`${API}/offers?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/offers?siteId=${w.siteId}`)).status).toBe(404);
  });
});
