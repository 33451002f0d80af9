import { previewQuotes } from '../../../api/modules/costsharing/costsharing.service';
import { API, carehomeWorld, elderIdNumber, MONDAY, NURSING, scoresTotalling, World } from './world';

describe('care home: from application through assessment and offer to admission', () => {
  let w: World;
  beforeEach(async () => {
    w = await carehomeWorld();
  });
  afterEach(() => w.close());

  it('when a family applies, then the person waits first in line with the birth date, age and sex from the ID number, masked', async () => {
    const app = await w.applied(w.family, { idNumber: elderIdNumber('female', '1942-05-01'), categories: { living_alone: { evidence: '社区证明' } } });
    expect(app).toMatchObject({ status: 'waiting', birthDate: '1942-05-01', age: 84, sex: 'female', careLevel: null, assessmentDue: 'none', standing: { position: 1, policyClass: 3 } });
    expect(app.idNumber).toMatch(/^420802\*{8}\d{3}[\dX]$/);
    expect(app.facts.living_alone).toMatchObject({ verified: false, evidence: '社区证明' });
    expect(app.standing.reasons.map((r: { rule: string }) => r.rule)).toEqual(['age_80']);
    expect(app.history).toEqual([expect.objectContaining({ from: null, to: 'waiting' })]);
  });

  it('refuses a bad ID number (400), someone under 60 (422), a second live application (409) and anyone but a family (403)', async () => {
    const bad = await w.applyAs(w.family, { idNumber: '420802194205011234' });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'idNumber']);
    const young = await w.applyAs(w.family, { idNumber: elderIdNumber('male', '1970-01-01') });
    expect([young.status, young.body.errors[0].code]).toEqual([422, 'too_young']);
    const id = elderIdNumber();
    await w.applied(w.family, { idNumber: id });
    const twice = await w.applyAs(w.family, { idNumber: id });
    expect([twice.status, twice.body.errors[0].code]).toEqual([409, 'already_applied']);
    expect((await w.applyAs(w.staff)).status).toBe(403);
    expect((await w.applyAs(w.outsiderFamily)).status).toBe(404);
    const junk = await w.applyAs(w.family, { contactPhone: 'call me', categories: { rich: { evidence: 'x' } } });
    expect(junk.status).toBe(400);
    expect(junk.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['categories', 'contactPhone']);
  });

  it('when a bed frees, then it is not offered to someone without an assessment; once assessed, they are offered it for 5 working days and the board shows the hold', async () => {
    const app = await w.applied(w.family);
    const [bed] = await w.room();
    expect((await w.read(w.family, app.id)).status).toBe('waiting');
    const assessment = await w.assess(app.id);
    expect(assessment).toMatchObject({ total: 55, finalGrade: 'moderate', careLevel: 'nursing', careLevelName: { zh: '介护' }, consumptionVoucher: true, assessedOn: MONDAY, validUntil: '2027-12-07' });
    const offered = await w.read(w.family, app.id);
    expect(offered).toMatchObject({ status: 'offered', careLevel: 'nursing', offer: { bedId: bed.id, offeredOn: MONDAY, deadline: '2026-12-14', status: 'open' } });
    const board = await w.board();
    expect(board.counts).toMatchObject({ held: 1, available: 0 });
    expect(board.beds[0]).toMatchObject({ state: 'held', hold: { applicationId: app.id, name: '王秀英', deadline: '2026-12-14' }, occupant: null });
  });

  it('a bed is offered only to someone it fits: the room’s sex, the care level and every feature needed', async () => {
    const man = await w.applied(w.family, { idNumber: elderIdNumber('male') });
    const needsOxygen = await w.applied(w.family, { requiredFeatures: ['oxygen'] });
    const independent = await w.applied(w.family);
    const fits = await w.applied(w.family);
    for (const a of [man, needsOxygen, fits]) await w.assess(a.id);
    await w.assess(independent.id, { ...NURSING, scores: scoresTotalling(90) });
    await w.room();
    const statuses = await Promise.all([man, needsOxygen, independent, fits].map(async (a) => (await w.read(w.staff, a.id)).status));
    expect(statuses).toEqual(['waiting', 'waiting', 'waiting', 'offered']);
  });

  it('orders by policy class first: a verified 特困 person comes before everyone, an unverified claim changes nothing; a family sees only its own', async () => {
    const first = await w.applied(w.family);
    const other = await w.neighbour();
    const tekun = await w.applied(other.client, { categories: { tekun: { evidence: '特困供养证 0001' } } });
    expect((await w.read(other.client, tekun.id)).standing.position).toBe(2);
    const verified = await w.staff.post(`${API}/applications/${tekun.id}/facts/tekun/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body.standing).toMatchObject({ position: 1, policyClass: 1, reasons: [expect.objectContaining({ rule: 'tekun_first', label: expect.objectContaining({ zh: '特困供养人员优先入住' }) }), expect.objectContaining({ rule: 'age_80' })] });
    expect((await w.read(w.family, first.id)).standing.position).toBe(2);
    // Staff see the whole queue in order; each family only its own.
    expect((await w.staff.get(`${API}/applications?siteId=${w.siteId}`)).body.map((a: { id: string }) => a.id)).toEqual([tekun.id, first.id]);
    expect((await w.family.get(`${API}/applications?siteId=${w.siteId}`)).body.map((a: { id: string }) => a.id)).toEqual([first.id]);
    expect((await w.family.get(`${API}/applications/${tekun.id}`)).status).toBe(404);
    expect((await w.outsider.get(`${API}/applications/${first.id}`)).status).toBe(404);
    // Only staff verify, only claimed categories, only known ones.
    expect((await w.family.post(`${API}/applications/${first.id}/facts/tekun/verify`)).status).toBe(403);
    const unclaimed = await w.staff.post(`${API}/applications/${first.id}/facts/dibao/verify`);
    expect([unclaimed.status, unclaimed.body.errors[0].code]).toEqual([422, 'fact_not_claimed']);
    expect((await w.staff.post(`${API}/applications/${first.id}/facts/rich/verify`)).status).toBe(400);
    const back = await w.staff.post(`${API}/applications/${tekun.id}/facts/tekun/unverify`);
    expect(back.body.standing.position).toBe(2);
  });

  it('scores an assessment by the standard: coma is 完全失能, a diagnosis raises one grade; bad scores are 422 by item; history is kept', async () => {
    const app = await w.applied(w.family);
    const coma = await w.assess(app.id, { ...NURSING, comatose: true });
    expect(coma).toMatchObject({ finalGrade: 'complete', careLevel: 'special', adjustments: [{ code: 'coma' }] });
    const raised = await w.assess(app.id, { ...NURSING, scores: scoresTotalling(70), dementiaOrMentalDisorder: true });
    expect(raised).toMatchObject({ total: 70, preliminaryGrade: 'mild', finalGrade: 'moderate', careLevel: 'nursing' });
    const bad = await w.staff.post(`${API}/applications/${app.id}/assessments`, { ...NURSING, scores: { ...NURSING.scores, stairs: 4, eating: undefined } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['scores.eating', 'scores.stairs']);
    const future = await w.staff.post(`${API}/applications/${app.id}/assessments`, { ...NURSING, assessedOn: '2026-12-08' });
    expect([future.status, future.body.errors[0].field]).toEqual([422, 'assessedOn']);
    expect((await w.family.post(`${API}/applications/${app.id}/assessments`, NURSING)).status).toBe(403);
    expect((await w.outsider.post(`${API}/applications/${app.id}/assessments`, NURSING)).status).toBe(404);
    const read = await w.read(w.family, app.id);
    expect(read.assessments.map((a: { finalGrade: string }) => a.finalGrade)).toEqual(['complete', 'moderate']);
    expect(read.careLevel).toBe('nursing');
  });

  it('when the family accepts, then the person is admitted with a contract at the assessed care level’s quote and the board shows them in the bed', async () => {
    const app = await w.applied(w.family, { desiredDate: '2026-12-10' });
    await w.assess(app.id);
    const [bed] = await w.room();
    const { offer } = await w.read(w.family, app.id);
    // A site that has not priced the level's line cannot sign a contract: there is no price to sign at.
    const unpriced = await w.family.post(`${API}/offers/${offer.id}/accept`, {});
    expect([unpriced.status, unpriced.body.errors]).toEqual([422, [expect.objectContaining({ field: 'serviceLine', code: 'no_cost_model', params: { serviceLine: 'carehome.bed.disabled', date: '2026-12-10' } })]]);
    await w.priced();
    const [quoted] = await previewQuotes(w.em(), { siteId: w.siteId, serviceLine: 'carehome.bed.disabled', date: '2026-12-10', tiers: ['disabled'] });
    const monthFen = quoted.resident.paysFen * 30;
    expect((await w.staff.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(403);
    expect((await w.outsiderFamily.post(`${API}/offers/${offer.id}/accept`, {})).status).toBe(404);
    const past = await w.family.post(`${API}/offers/${offer.id}/accept`, { admissionDate: '2026-12-01' });
    expect([past.status, past.body.errors[0].code]).toEqual([422, 'past']);
    // No admission on a date the assessment no longer stands.
    const late = await w.family.post(`${API}/offers/${offer.id}/accept`, { admissionDate: '2027-12-07' });
    expect([late.status, late.body.errors[0].code]).toEqual([422, 'assessment_required']);
    const accepted = await w.family.post(`${API}/offers/${offer.id}/accept`, {});
    expect(accepted.body).toMatchObject({ status: 'accepted', bedId: bed.id });
    expect((await w.family.post(`${API}/offers/${offer.id}/accept`, {})).body.status).toBe('accepted');
    expect((await w.family.post(`${API}/offers/${offer.id}/decline`)).status).toBe(409);
    const admitted = await w.read(w.family, app.id);
    expect(admitted).toMatchObject({ status: 'admitted', residence: { admittedOn: '2026-12-10', careLevel: 'nursing', monthlyPriceFen: monthFen, depositFen: monthFen, beds: [{ bedId: bed.id, fromDate: '2026-12-10', toDate: null }] } });
    const board = await w.board();
    expect(board.beds[0]).toMatchObject({ state: 'occupied', hold: null, occupant: { name: '王秀英', careLevel: 'nursing', careLevelName: { zh: '介护' }, since: '2026-12-10' } });
  });

  it('when the family declines, then the bed goes to the next fitting entry at once and is not offered to them again', async () => {
    const first = await w.applied(w.family);
    const other = await w.neighbour();
    const second = await w.applied(other.client);
    await w.assess(first.id);
    await w.assess(second.id);
    const [bed] = await w.room();
    const { offer } = await w.read(w.family, first.id);
    const declined = await w.family.post(`${API}/offers/${offer.id}/decline`);
    expect(declined.body.status).toBe('declined');
    expect(await w.read(other.client, second.id)).toMatchObject({ status: 'offered', offer: { bedId: bed.id } });
    const after = await w.read(w.family, first.id);
    expect(after).toMatchObject({ status: 'waiting', events: [{ kind: 'declined', placeId: bed.id }], standing: { position: 1 } });
    // The second family withdraws: the bed comes back, but not to the family that declined it.
    await other.client.post(`${API}/applications/${second.id}/withdraw`, { reason: '已找到其他机构' });
    expect((await w.read(w.family, first.id)).status).toBe('waiting');
    expect((await w.board()).beds[0].state).toBe('available');
  });

  it('two voluntary withdrawals in a year suspend the person’s next application: listed with the reason, offered nothing', async () => {
    const id = elderIdNumber();
    for (let i = 0; i < 2; i++) {
      const app = await w.applied(w.family, { idNumber: id });
      const res = await w.family.post(`${API}/applications/${app.id}/withdraw`, {});
      expect(res.body.status).toBe('withdrawn');
      expect((await w.family.post(`${API}/applications/${app.id}/withdraw`, {})).status).toBe(200);
    }
    const third = await w.applied(w.family, { idNumber: id });
    expect(third.standing).toMatchObject({ suspended: true, position: null, reasons: [expect.objectContaining({ rule: 'age_80' }), expect.objectContaining({ rule: 'withdrew_twice' })] });
    await w.assess(third.id);
    await w.room();
    expect((await w.read(w.family, third.id)).status).toBe('waiting');
    expect((await w.staff.post(`${API}/applications/${third.id}/withdraw`, {})).status).toBe(403);
  });
});
