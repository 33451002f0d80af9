import { FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { CarehomeBill, CarehomePayment } from '../../../api/modules/carehome/billing.entity';
import { ReconPosting } from '../../../api/modules/reconciliation/reconciliation.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { settableClock } from '../canteen/world';
import { API, carehomeWorld, NURSING, scoresTotalling, World } from './world';

const DONE = { belongings: true, medication: true, documents: true, accounts: true };
/** An assessment totalling 70: 轻度失能, care level assisted (介助), priced on the 半失能 line without the voucher. */
const ASSISTED = { ...NURSING, scores: scoresTotalling(70) };

/**
 * November 2026 at the care home: 王秀英 (介护) is admitted on the 2nd and away 8 days from the
 * 10th; a neighbour's relative (介助) is admitted on the 2nd too, under a deposit cap of 0 months.
 * In December the staff bill November.
 */
describe('care-home bills: bed-days, statements, arrears and the deposit', () => {
  let w: World;
  let nursing: string;
  let assisted: string;
  let neighbour: Awaited<ReturnType<World['neighbour']>>;
  const clock = settableClock('2026-11-02T09:00:00+08:00');

  beforeAll(async () => {
    w = await carehomeWorld({ clock });
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026]));
    await w.room({}, [{ careLevels: ['nursing'] }, { careLevels: ['assisted'] }]);
    const admit = async (client: typeof w.family, body: object) => {
      const app = await w.applied(client, { desiredDate: '2026-11-02' });
      await w.assess(app.id, body);
      const { offer } = await w.read(client, app.id);
      const accepted = await client.post(`${API}/offers/${offer.id}/accept`, {});
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      return (await w.read(w.staff, app.id)).residence.id as string;
    };
    nursing = await admit(w.family, NURSING);
    expect((await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 5, depositCapMonths: 0 })).body.depositCapMonths).toBe(0);
    neighbour = await w.neighbour();
    assisted = await admit(neighbour.client, ASSISTED);
    clock.set('2026-11-10T09:00:00+08:00');
    expect((await w.staff.post(`${API}/residences/${nursing}/leaves`, { fromDate: '2026-11-10', expectedBack: '2026-11-20', reason: '回家小住' })).status).toBe(201);
    clock.set('2026-11-18T09:00:00+08:00');
    expect((await w.staff.post(`${API}/residences/${nursing}/return`, { date: '2026-11-18' })).status).toBe(200);
    clock.set('2026-12-07T09:00:00+08:00');
  }, 120_000);
  afterAll(() => w.close());

  const run = (month: string, client = w.staff, headers: Record<string, string> = {}) => client.post(`${API}/bills/run`, { siteId: w.siteId, month }, headers);
  const statements = (client = w.family, month = '2026-11') => client.get(`${API}/statements?siteId=${w.siteId}&month=${month}`);

  it('a month is billed once it has ended (422 naming month); bad months are 400; only the site’s staff may run it', async () => {
    const open = await run('2026-12');
    expect([open.status, open.body.errors]).toEqual([422, [expect.objectContaining({ field: 'month', code: 'month_not_ended' })]]);
    for (const month of ['2026-13', '2026-11-01', '']) {
      const res = await run(month);
      expect({ month, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ month, status: 400, fields: ['month'] });
    }
    expect((await run('2026-11', w.family)).status).toBe(403);
    expect((await run('2026-11', w.outsider)).status).toBe(404);
    expect((await run('2026-11', w.canteen)).status).toBe(403);
  });

  it('when the staff bill November twice at once, then each resident has one bill, one served unit per served bed-day and none on a leave day, and 民政’s budgets are drawn once', async () => {
    const [a, b] = await Promise.all([run('2026-11'), run('2026-11')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.billedNow + b.body.billedNow, a.body.residents, b.body.residents]).toEqual([2, 2, 2]);
    // 29 days each from the 2nd; 王秀英 away from the 10th, back on the 18th: 8 leave days.
    expect(a.body).toMatchObject({ servedDays: 21 + 29, leaveDays: 8 });
    const again = await run('2026-11');
    expect(again.body).toMatchObject({ billedNow: 0, residents: 2, chargedFen: a.body.chargedFen });

    const em = w.em();
    const bill = await em.findOneOrFail(CarehomeBill, { residenceId: nursing, month: '2026-11' });
    expect(bill).toMatchObject({ serviceLine: 'carehome.bed.disabled', tier: 'disabled', servedDays: 21, leaveDays: 8 });
    const units = await em.find(ServedUnit, { sourceId: bill.id }, { orderBy: { servedDate: 'asc' } });
    expect(units).toHaveLength(21);
    const leaveDates = bill.days.filter((d) => d.kind === 'leave').map((d) => d.date);
    expect(leaveDates).toEqual(['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17']);
    expect(units.filter((u) => leaveDates.includes(u.servedDate))).toEqual([]);
    expect(units[0]).toMatchObject({ service: 'carehome', servedDate: '2026-11-02', quote: expect.objectContaining({ unit: 'bed_day' }) });
    // 民政: 20 yuan a served 失能 bed-day and the 10-yuan voucher; 13.30 a served 半失能 day, no voucher.
    const drawn = async (account: string) => (await em.findOneOrFail(FundingAccount, { siteId: w.siteId, account, year: 2026 })).drawnFen;
    expect(await drawn('mca-bed')).toBe(21 * 2_000 + 29 * 1_330);
    expect(await drawn('mca-care-voucher')).toBe(21 * 1_000);
  });

  it('a family reads its own relative’s statement alone, with the leave days, who pays what in names, and the arrears; staff read every family’s', async () => {
    const mine = await statements();
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    const [line] = mine.body[0].lines;
    expect(line).toMatchObject({ residenceId: nursing, careLevelName: { zh: '介护' }, servedDays: 21, leaveDays: 8 });
    expect(line.split).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ party: { zh: '民政局', en: 'Civil Affairs Bureau' }, what: expect.objectContaining({ zh: '养老床位运营补贴' }), amountFen: 21 * 2_000 }),
        expect.objectContaining({ party: expect.objectContaining({ zh: '民政局' }), what: expect.objectContaining({ zh: '养老服务消费券' }), amountFen: 21 * 1_000 }),
        expect.objectContaining({ partyKind: 'resident', what: expect.objectContaining({ zh: '家属自付' }), amountFen: line.servedFamilyFen }),
      ]),
    );
    // The operator's thin margin reads as a positive 运营方微利; what the others pay less it is the full cost.
    const margin = line.split.find((p: { partyKind: string }) => p.partyKind === 'operator');
    expect(margin).toMatchObject({ what: { zh: '运营方微利', en: 'Operator margin' } });
    expect(margin.amountFen).toBeGreaterThan(0);
    expect(margin.amountFen).toBeLessThanOrEqual(Math.ceil(line.fullCostFen * 0.05));
    expect(line.split.reduce((s: number, p: { partyKind: string; amountFen: number }) => s + (p.partyKind === 'operator' ? -p.amountFen : p.amountFen), 0)).toBe(line.fullCostFen);
    // 8 days away: the meals tier, each day the served price less its meals.
    expect(line.leave).toHaveLength(8);
    for (const d of line.leave) expect(d).toMatchObject({ tier: 'meals_refunded', absenceDays: 8, mealRefundFen: 2_700, careReductionFen: 0, chargedFen: d.familyFen - 2_700 });
    expect(line.chargedFen).toBe(line.servedFamilyFen + line.leaveChargedFen);
    expect(line.account).toMatchObject({ billedFen: line.chargedFen, paidFen: 0, arrearsFen: line.chargedFen, depositHeldFen: line.account.depositFen });
    expect(line.account.depositFen).toBeGreaterThan(0);

    const theirs = await statements(neighbour.client);
    expect(theirs.body.map((s: { lines: { residenceId: string }[] }) => s.lines[0].residenceId)).toEqual([assisted]);
    expect(theirs.body[0].lines[0].split.some((p: { what: { zh: string } }) => p.what.zh === '养老服务消费券')).toBe(false);
    // Admitted under a deposit cap of 0 months: no deposit asked.
    expect(theirs.body[0].lines[0].account.depositFen).toBe(0);
    expect((await statements(w.staff)).body).toHaveLength(2);
    expect((await statements(w.outsiderFamily)).status).toBe(404);
    expect((await statements(w.staff, '2026-1')).status).toBe(400);
  });

  it('staff record a payment (once per Idempotency-Key) and settle arrears from the deposit only by a decision with a reason; the ledger holds the deposit and the arrears', async () => {
    const before = (await w.staff.get(`${API}/accounts?siteId=${w.siteId}`)).body.find((a: { residenceId: string }) => a.residenceId === nursing);
    const pay = (body: object, client = w.staff, headers: Record<string, string> = {}) => client.post(`${API}/residences/${nursing}/payments`, { amountFen: 100_000, paidOn: '2026-12-07', method: 'mobile', ...body }, headers);
    const key = { 'Idempotency-Key': 'pay-wang-1' };
    const [first, replay] = [await pay({}, w.staff, key), await pay({}, w.staff, key)];
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(await w.em().count(CarehomePayment, { residenceId: nursing })).toBe(1);
    expect(first.body).toMatchObject({ paidFen: 100_000, arrearsFen: before.arrearsFen - 100_000 });
    const junk = await pay({ amountFen: 0, method: 'cheque' });
    expect([junk.status, junk.body.errors.map((e: { field: string }) => e.field).sort()]).toEqual([400, ['amountFen', 'method']]);
    const future = await pay({ paidOn: '2026-12-08' });
    expect([future.status, future.body.errors[0].field]).toEqual([422, 'paidOn']);
    expect((await pay({}, w.family)).status).toBe(403);
    expect((await pay({}, w.outsider)).status).toBe(404);

    const use = (body: object, client = w.staff) => client.post(`${API}/residences/${nursing}/deposit-uses`, body, {});
    const noReason = await use({ amountFen: 10_000 });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([400, 'reason']);
    const tooMuch = await use({ amountFen: first.body.arrearsFen + 1, reason: '家属同意以押金抵欠费' });
    expect([tooMuch.status, tooMuch.body.errors[0].code]).toEqual([422, 'over_arrears']);
    expect((await use({ amountFen: 10_000, reason: '家属同意以押金抵欠费' }, w.family)).status).toBe(403);
    expect((await use({ amountFen: 10_000, reason: '家属同意以押金抵欠费' }, w.outsider)).status).toBe(404);
    const decided = await use({ amountFen: 50_000, reason: '家属同意以押金抵欠费' });
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({ depositUsedFen: 50_000, arrearsFen: first.body.arrearsFen - 50_000, depositHeldFen: before.depositFen - 50_000 });

    const balance = async (account: string) => {
      const rows = await w.em().find(ReconPosting, { account });
      return rows.reduce((s, r) => s + r.debitFen - r.creditFen, 0);
    };
    expect(await balance(`family_receivable:${nursing}`)).toBe(decided.body.arrearsFen);
    expect(await balance(`deposit:${nursing}`)).toBe(-decided.body.depositHeldFen);

    // Discharge settles the rest of the deposit: what is held goes back, and the ledger's deposit is empty.
    const out = await w.staff.post(`${API}/residences/${nursing}/discharge`, { date: '2026-12-07', reason: 'moved', checklist: DONE, arrearsFromDepositFen: 0 });
    expect(out.status).toBe(200);
    // December 1–6 is billed at the discharge as the residence's December bill, served bed-day by bed-day: the settlement is that bill + arrears − deposit.
    const [december] = await w.em().find(CarehomeBill, { residenceId: nursing, month: '2026-12' });
    const familyShares = december.days.reduce((s, d) => s + (d.kind === 'served' ? d.familyFen : d.chargedFen), 0);
    expect([december.servedDays, familyShares]).toEqual([6, december.chargedFen]);
    expect(await w.em().count(ServedUnit, { sourceId: december.id })).toBe(6);
    expect(out.body.settlement).toEqual({
      daysBilled: 6,
      finalMonthFen: familyShares,
      arrearsFen: decided.body.arrearsFen,
      depositFen: decided.body.depositHeldFen,
      arrearsFromDepositFen: 0,
      depositReturnedFen: decided.body.depositHeldFen,
      balanceFen: familyShares + decided.body.arrearsFen - decided.body.depositHeldFen,
    });
    expect(await balance(`deposit:${nursing}`)).toBe(0);
    expect(await balance(`family_receivable:${nursing}`)).toBe(decided.body.arrearsFen + familyShares);
    // Billing December once it has ended bills the neighbour's relative, and the discharged resident's December not again.
    clock.set('2027-01-04T09:00:00+08:00');
    expect((await run('2026-12')).body).toMatchObject({ billedNow: 1, residents: 2 });
    expect(await w.em().count(CarehomeBill, { residenceId: nursing, month: '2026-12' })).toBe(1);
    expect(await balance(`family_receivable:${nursing}`)).toBe(decided.body.arrearsFen + familyShares);
    const after = await use({ amountFen: 1, reason: '出院后' });
    expect([after.status, after.body.errors[0].code]).toEqual([409, 'discharged']);
    // The arrears list: staff only.
    expect((await w.family.get(`${API}/accounts?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/accounts?siteId=${w.siteId}`)).status).toBe(404);
  });
});
