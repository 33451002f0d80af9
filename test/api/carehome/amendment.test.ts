import { CarehomeBill } from '../../../api/modules/carehome/billing.entity';
import { CarehomeContractAmendment } from '../../../api/modules/carehome/carehome.entity';
import { ReconJournal, ReconPosting } from '../../../api/modules/reconciliation/reconciliation.entity';
import { previewQuotes } from '../../../api/modules/costsharing/costsharing.service';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { DEFAULT_ADMISSION_RULES, DEFAULT_CARE_HOME_SETTINGS } from '../../../domain/carehome';
import { settableClock } from '../canteen/world';
import { API, carehomeWorld, NURSING, World } from './world';

const ORDER = { defaultClass: DEFAULT_ADMISSION_RULES.defaultClass, rules: DEFAULT_ADMISSION_RULES.rules };
const DONE = { belongings: true, medication: true, documents: true, accounts: true };

/**
 * 王秀英 is admitted at 介护 (nursing) on 5 October 2026; October is billed in November, when a
 * reassessment finds her 轻度失能 and the staff amend her contract to 介助 (assisted) from December.
 */
describe('a resident’s contract amended from a month', () => {
  let w: World;
  let residenceId: string;
  let applicationId: string;
  const clock = settableClock('2026-10-05T09:00:00+08:00');

  beforeAll(async () => {
    w = await carehomeWorld({ clock });
    await w.t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, w.siteId, [2026, 2027]));
    await w.room({}, [{ careLevels: ['nursing', 'assisted'] }]);
    const app = await w.applied(w.family, { desiredDate: '2026-10-05' });
    applicationId = app.id;
    await w.assess(app.id, NURSING);
    const { offer } = await w.read(w.family, app.id);
    expect((await w.family.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(200);
    residenceId = (await w.read(w.staff, app.id)).residence.id;
    clock.set('2026-11-10T09:00:00+08:00');
    expect((await w.staff.post(`${API}/bills/run`, { siteId: w.siteId, month: '2026-10' })).status).toBe(200);
  }, 120_000);
  afterAll(() => w.close());

  const amend = (body: object, client = w.staff, headers: Record<string, string> = {}) => client.post(`${API}/residences/${residenceId}/contract/amendments`, body, headers);
  const fieldsOf = (res: { body: { errors?: { field: string; code?: string }[] } }) => res.body.errors?.map((e) => [e.field, e.code]);
  /** A level's quoted monthly price: 30 days of the family's price of a bed-day on its line, for its tier, on the date. */
  const monthly = async (line: string, tier: string, date: string) => 30 * (await previewQuotes(w.em(), { siteId: w.siteId, serviceLine: `carehome.bed.${line}`, date, tiers: [tier] }))[0].resident.paysFen;

  it('refuses a month starting before the admission or a care level the settings lack (422), a bad body or a typed price (400), naming the field; nothing is written', async () => {
    // Admitted on 5 October: October's first day comes before the admission, so October keeps the admission's terms.
    for (const fromMonth of ['2026-09', '2026-10']) {
      const before = await amend({ fromMonth, careLevel: 'assisted', reason: '复评' });
      expect([before.status, fieldsOf(before)]).toEqual([422, [['fromMonth', 'before_admission']]]);
    }
    const unknown = await amend({ fromMonth: '2026-12', careLevel: 'deluxe', reason: '复评' });
    expect([unknown.status, fieldsOf(unknown)]).toEqual([422, [['careLevel', 'unknown_care_level']]]);
    for (const [body, field] of [
      [{ fromMonth: '2026-13', careLevel: 'assisted', reason: '复评' }, 'fromMonth'],
      [{ fromMonth: '2026-12-01', careLevel: 'assisted', reason: '复评' }, 'fromMonth'],
      [{ fromMonth: '2026-12', careLevel: 'assisted', reason: '' }, 'reason'],
    ] as const) {
      const res = await amend(body);
      expect({ body, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: [field] });
    }
    // The price is the level's quote, never typed: a body with one is refused, naming it.
    const typed = await amend({ fromMonth: '2026-12', careLevel: 'assisted', reason: '复评', monthlyPriceFen: 280_000 });
    expect([typed.status, typed.body.errors]).toEqual([400, [expect.objectContaining({ code: 'unknown_keys', params: { keys: ['monthlyPriceFen'] }, message: expect.stringContaining('monthlyPriceFen') })]]);
    expect(await w.em().count(CarehomeContractAmendment, { residenceId })).toBe(0);
  });

  it('only the site’s care staff and operator may amend: a family and canteen staff 403, another site’s staff 404', async () => {
    const body = { fromMonth: '2026-12', careLevel: 'assisted', reason: '复评' };
    expect((await amend(body, w.family)).status).toBe(403);
    expect((await amend(body, w.canteen)).status).toBe(403);
    expect((await amend(body, w.outsider)).status).toBe(404);
    expect(await w.em().count(CarehomeContractAmendment, { residenceId })).toBe(0);
  });

  it('amends from December at the new level’s quote on the 1st (签约时报价), once per Idempotency-Key; November keeps the admission terms and the history is kept', async () => {
    const [nursingFen, assistedFen] = [await monthly('disabled', 'disabled', '2026-10-05'), await monthly('semi_disabled', 'semi_disabled', '2026-12-01')];
    expect(nursingFen).toBeGreaterThan(assistedFen);
    const key = { 'Idempotency-Key': 'amend-wang-1' };
    const first = await amend({ fromMonth: '2026-12', careLevel: 'assisted', reason: '复评为轻度失能' }, w.staff, key);
    expect(first.status).toBe(201);
    const replay = await amend({ fromMonth: '2026-12', careLevel: 'assisted', reason: '复评为轻度失能' }, w.staff, key);
    expect([replay.status, replay.body]).toEqual([201, first.body]);
    expect(await w.em().count(CarehomeContractAmendment, { residenceId })).toBe(1);
    // Today is in November: the terms in force are still the admission's.
    expect(first.body).toMatchObject({
      careLevel: 'nursing',
      monthlyPriceFen: nursingFen,
      // The price in force now, quoted today on the level's line: what a bed-day is billed at.
      priceNow: { careLevel: 'nursing', serviceLine: 'carehome.bed.disabled', tier: 'disabled', monthFen: nursingFen },
      admissionTerms: { careLevel: 'nursing', careLevelName: { zh: '介护', en: 'Nursing care' }, monthlyPriceFen: nursingFen },
      amendments: [{ fromMonth: '2026-12', careLevel: 'assisted', careLevelName: { zh: '介助', en: 'Assisted' }, monthlyPriceFen: assistedFen, reason: '复评为轻度失能', by: w.home.users.care_staff.id }],
    });
    const byOperator = await amend({ fromMonth: '2027-02', careLevel: 'special', reason: '复评为完全失能' }, w.operator);
    expect(byOperator.status).toBe(201);
    expect(byOperator.body.amendments.map((a: { fromMonth: string; monthlyPriceFen: number }) => [a.fromMonth, a.monthlyPriceFen])).toEqual([
      ['2026-12', assistedFen],
      ['2027-02', await monthly('special_care', 'disabled', '2027-02-01')],
    ]);
  });

  it('keeps a care level an amendment names in the site’s settings, though no bed and no admission names it (422)', async () => {
    expect((await amend({ fromMonth: '2027-03', careLevel: 'special', reason: '预计转特护' })).status).toBe(201);
    const withoutSpecial = {
      ...DEFAULT_CARE_HOME_SETTINGS,
      careLevels: DEFAULT_CARE_HOME_SETTINGS.careLevels.filter((l) => l.code !== 'special').map((l) => (l.code === 'nursing' ? { ...l, grades: [...l.grades, 'complete'] } : l)),
    };
    const res = await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...ORDER, effectiveFrom: '2026-11-10', settings: withoutSpecial });
    expect([res.status, res.body.errors]).toEqual([422, [expect.objectContaining({ field: 'settings.careLevels', message: expect.stringContaining('special') })]]);
  });

  it('bills November on the admission terms and December on the amended ones, whenever each is billed; the board, accounts and residence show today’s terms; a billed month is not amended (409)', async () => {
    clock.set('2027-01-05T09:00:00+08:00');
    expect((await w.staff.post(`${API}/bills/run`, { siteId: w.siteId, month: '2026-12' })).status).toBe(200);
    expect((await w.staff.post(`${API}/bills/run`, { siteId: w.siteId, month: '2026-11' })).status).toBe(200);
    const em = w.em();
    const bills = await em.find(CarehomeBill, { residenceId }, { orderBy: { month: 'asc' } });
    expect(bills.map((b) => [b.month, b.careLevel, b.serviceLine])).toEqual([
      ['2026-10', 'nursing', 'carehome.bed.disabled'],
      ['2026-11', 'nursing', 'carehome.bed.disabled'],
      ['2026-12', 'assisted', 'carehome.bed.semi_disabled'],
    ]);
    expect((await w.read(w.family, applicationId)).residence).toMatchObject({ careLevel: 'assisted', monthlyPriceFen: await monthly('semi_disabled', 'semi_disabled', '2026-12-01') });
    const occupant = (await w.board()).beds.find((b: { occupant: { residenceId: string } | null }) => b.occupant?.residenceId === residenceId).occupant;
    expect(occupant).toMatchObject({ careLevel: 'assisted', careLevelName: { zh: '介助', en: 'Assisted' } });
    const account = (await w.staff.get(`${API}/accounts?siteId=${w.siteId}`)).body.find((a: { residenceId: string }) => a.residenceId === residenceId);
    expect(account).toMatchObject({ careLevel: 'assisted', lastBilledMonth: '2026-12' });
    // December is billed: a change from it (or from before it) would rewrite a bill that stands.
    for (const fromMonth of ['2026-11', '2026-12']) {
      const late = await amend({ fromMonth, careLevel: 'nursing', reason: '更正' });
      expect([late.status, fieldsOf(late), late.body.errors[0].params]).toEqual([409, [['fromMonth', 'month_billed']], { lastBilledMonth: '2026-12' }]);
    }
    const january = await amend({ fromMonth: '2027-01', careLevel: 'nursing', reason: '跌倒后复评为中度失能' });
    expect(january.status).toBe(201);
    expect(january.body).toMatchObject({ careLevel: 'nursing', monthlyPriceFen: await monthly('disabled', 'disabled', '2027-01-01') });
  });

  it('changes the deposit held by agreement within the cap: a top-up and a partial refund in the ledger, once per Idempotency-Key; over the cap 422, a bad body 400, a family 403', async () => {
    const changeDeposit = (body: object, client = w.staff, headers: Record<string, string> = {}) => client.post(`${API}/residences/${residenceId}/contract/deposit`, body, headers);
    // January is on 介护 again: the cap is 3 months (the default) of its quoted price.
    const month = await monthly('disabled', 'disabled', '2027-01-01');
    const ledgerDeposit = async () => (await w.em().find(ReconPosting, { account: `deposit:${residenceId}` })).reduce((s, p) => s + p.creditFen - p.debitFen, 0);
    const held = async () => (await w.staff.get(`${API}/accounts?siteId=${w.siteId}`)).body.find((a: { residenceId: string }) => a.residenceId === residenceId).depositHeldFen;
    const before = await held();
    expect(await ledgerDeposit()).toBe(before);

    const over = await changeDeposit({ depositFen: month * 3 + 1, reason: '协商' });
    expect([over.status, fieldsOf(over), over.body.errors[0].params]).toEqual([422, [['depositFen', 'over_cap']], { capFen: month * 3, capMonths: 3 }]);
    for (const body of [{ depositFen: -1, reason: '协商' }, { depositFen: 100, reason: '' }, { depositFen: 100, reason: '协商', months: 2 }]) expect((await changeDeposit(body)).status).toBe(400);
    expect((await changeDeposit({ depositFen: month, reason: '协商' }, w.family)).status).toBe(403);
    expect((await changeDeposit({ depositFen: month, reason: '协商' }, w.outsider)).status).toBe(404);
    expect(await held()).toBe(before);

    const key = { 'Idempotency-Key': 'deposit-wang-1' };
    const topUp = await changeDeposit({ depositFen: month * 3, reason: '护理等级提高，补足押金' }, w.staff, key);
    expect([topUp.status, topUp.body.depositFen]).toEqual([200, month * 3]);
    expect((await changeDeposit({ depositFen: month * 3, reason: '护理等级提高，补足押金' }, w.staff, key)).body).toEqual(topUp.body);
    expect([await held(), await ledgerDeposit()]).toEqual([month * 3, month * 3]);
    const refund = await changeDeposit({ depositFen: month * 2, reason: '退还部分押金' }, w.operator);
    expect(refund.status).toBe(200);
    expect([await held(), await ledgerDeposit()]).toEqual([month * 2, month * 2]);
    const kinds = (await w.em().find(ReconJournal, { siteId: w.siteId, ref: residenceId, kind: { $like: 'deposit.%' } }, { orderBy: { createdAt: 'asc', id: 'asc' } })).map((j) => j.kind);
    expect(kinds).toEqual(['deposit.received', 'deposit.received', 'deposit.returned']);
  });

  it('settles a discharge on the final month’s terms (January’s amendment back to 介护); a discharged resident’s contract and deposit are not amended', async () => {
    clock.set('2027-01-20T09:00:00+08:00');
    const out = await w.staff.post(`${API}/residences/${residenceId}/discharge`, { date: '2027-01-20', reason: 'moved', checklist: DONE, arrearsFromDepositFen: 0 });
    expect(out.status).toBe(200);
    const final = await w.em().findOneOrFail(CarehomeBill, { residenceId, month: '2027-01' });
    expect([final.careLevel, final.serviceLine, final.servedDays]).toEqual(['nursing', 'carehome.bed.disabled', 19]);
    expect(out.body.settlement).toMatchObject({ finalMonthFen: final.chargedFen, daysBilled: 19 });
    const after = await amend({ fromMonth: '2027-03', careLevel: 'nursing', reason: '复评' });
    expect([after.status, fieldsOf(after)]).toEqual([409, [['residenceId', 'discharged']]]);
    const deposit = await w.staff.post(`${API}/residences/${residenceId}/contract/deposit`, { depositFen: 0, reason: '退还' });
    expect([deposit.status, fieldsOf(deposit)]).toEqual([409, [['residenceId', 'discharged']]]);
  });
});
