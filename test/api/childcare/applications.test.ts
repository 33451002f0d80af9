import { childIdNumber } from '../support/factories';
import { API, BORN, childcareWorld, START, World } from './world';

/** Applications on a site with no classes yet: nothing is offered, so each story sees only what it does. */
describe('childcare applications', () => {
  let w: World;
  beforeAll(async () => {
    w = await childcareWorld();
  });
  afterAll(() => w.close());

  it('when a parent applies, then a draft of their household is made with the birth date from the ID number, which is answered masked', async () => {
    const idNumber = childIdNumber(BORN);
    const res = await w.applyAs(w.parent, { idNumber, facts: { resident: { value: true, evidence: '户口本' } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      siteId: w.siteId,
      householdId: w.home.household.id,
      birthDate: BORN,
      startDate: START,
      status: 'draft',
      appliedAt: null,
      standing: null,
      offer: null,
      facts: { resident: { value: true, verified: false, evidence: '户口本' } },
      history: [{ from: null, to: 'draft', by: w.home.users.parent.id }],
    });
    expect(res.body.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  });

  it('when the same Idempotency-Key is sent twice, then one application is made and the answer replayed; another request under that key is a 409', async () => {
    const body = { siteId: w.siteId, childName: '小红', idNumber: childIdNumber(BORN), startDate: START, mode: 'full_day' };
    const first = await w.parent.post(`${API}/applications`, body, { 'Idempotency-Key': 'apply-1' });
    const again = await w.parent.post(`${API}/applications`, body, { 'Idempotency-Key': 'apply-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await w.parent.post(`${API}/applications`, { ...body, childName: '小兰' }, { 'Idempotency-Key': 'apply-1' });
    expect(other.status).toBe(409);
  });

  it('when the input is bad, then 400 names the field', async () => {
    const cases: [object, string][] = [
      [{ idNumber: '110101202507010000' }, 'idNumber'],
      [{ mode: 'half_day' }, 'half'],
      [{ mode: 'occasional' }, 'mode'],
      [{ childName: '' }, 'childName'],
      [{ startDate: '2027-02-30' }, 'startDate'],
      [{ choices: [{ kind: 'toddler' }, { kind: 'older' }, { kind: 'mixed' }, { kind: 'infant' }] }, 'choices'],
      [{ choices: [{ kind: 'toddler' }, { kind: 'toddler' }] }, 'choices[1]'],
      [{ facts: { 'Bad Name': { value: true } } }, 'facts.Bad Name'],
    ];
    for (const [fields, field] of cases) {
      const res = await w.applyAs(w.parent, fields);
      expect({ fields, status: res.status, fields_: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ fields, status: 400, fields_: expect.arrayContaining([field]) });
    }
  });

  it('when the child is not of an age the centre takes on its start date, then 422 names startDate; a second live application for the child is a 409', async () => {
    const tooOld = await w.applyAs(w.parent, { idNumber: childIdNumber('2023-06-01') });
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.errors).toEqual([expect.objectContaining({ field: 'startDate', code: 'age_out_of_range' })]);
    const idNumber = childIdNumber(BORN);
    const first = await w.applyAs(w.parent, { idNumber });
    expect(first.status).toBe(201);
    const twice = await w.applyAs(w.parent, { idNumber });
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', code: 'already_applied', params: { applicationId: first.body.id } })]);
  });

  it('when another household applies with a 身份证号 already applied for, then the 409 says nothing of the application that has it', async () => {
    const idNumber = childIdNumber(BORN);
    const first = await w.applyAs(w.parent, { idNumber, childName: '小芳' });
    expect(first.status).toBe(201);
    const stranger = await w.family();
    const res = await w.applyAs(stranger.client, { idNumber });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: 'idNumber', code: 'already_applied', message: expect.any(String) }]);
    const said = JSON.stringify(res.body);
    for (const secret of [first.body.id, w.home.household.id, '小芳']) expect(said).not.toContain(secret);
  });

  it('staff may not apply (403), other modules’ staff may not read (403)', async () => {
    expect((await w.applyAs(w.staff)).status).toBe(403);
    expect((await w.canteen.get(`${API}/applications?siteId=${w.siteId}`)).status).toBe(403);
  });

  it('when a draft is submitted, then it joins the queue with its position and the rule set version; submitting again changes nothing', async () => {
    const draft = (await w.applyAs(w.parent)).body;
    const res = await w.parent.post(`${API}/applications/${draft.id}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', appliedAt: '2026-12-07T01:00:00.000Z', version: 1, standing: { ruleSetVersion: 1, reasons: [], suspended: false } });
    expect(res.body.standing.position).toBeGreaterThanOrEqual(1);
    expect(res.body.history.map((h: { to: string }) => h.to)).toEqual(['draft', 'submitted']);
    const again = await w.parent.post(`${API}/applications/${draft.id}/submit`);
    expect(again.body).toMatchObject({ status: 'submitted', version: 1 });
  });

  it('when a family withdraws, then the application is withdrawn with the reason kept; it cannot be submitted again (409)', async () => {
    const app = await w.submitted(w.parent);
    const res = await w.parent.post(`${API}/applications/${app.id}/withdraw`, { reason: '搬家' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', standing: null, events: [{ kind: 'withdrawn', on: '2026-12-07' }] });
    expect(res.body.history.at(-1)).toMatchObject({ from: 'submitted', to: 'withdrawn', reason: '搬家' });
    const submit = await w.parent.post(`${API}/applications/${app.id}/submit`);
    expect(submit.status).toBe(409);
    expect(submit.body.errors[0]).toMatchObject({ field: 'status', code: 'application_closed' });
  });

  it('a parent sees only their household’s applications; staff see the whole site’s, filtered by status', async () => {
    const other = await w.family();
    const theirs = await w.submitted(other.client);
    const mine = (await w.parent.get(`${API}/applications?siteId=${w.siteId}`)).body as { id: string; householdId: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.householdId === w.home.household.id)).toBe(true);
    const all = (await w.staff.get(`${API}/applications?siteId=${w.siteId}&status=submitted`)).body as { id: string; status: string; standing: { position: number } }[];
    expect(all.map((a) => a.id)).toContain(theirs.id);
    expect(all.every((a) => a.status === 'submitted')).toBe(true);
    // The list is in queue order.
    expect(all.map((a) => a.standing.position)).toEqual(all.map((_, i) => i + 1));
    expect((await w.staff.get(`${API}/applications?siteId=${w.siteId}&status=nope`)).body.errors[0].field).toBe('query.status');
    // By the class kind the child's age fits on its start date: the view keeps the queue's order and numbers its own places.
    const infant = await w.submitted(other.client, { idNumber: childIdNumber('2026-06-01') });
    const infants = (await w.staff.get(`${API}/applications?siteId=${w.siteId}&kind=infant`)).body as { id: string; positionInView: number; standing: { position: number } }[];
    expect(infants.map((a) => [a.id, a.positionInView])).toEqual([[infant.id, 1]]);
    expect(infants[0].standing.position).toBe(all.length + 1);
    expect((await w.staff.get(`${API}/applications?siteId=${w.siteId}&kind=toddler`)).body.map((a: { id: string }) => a.id)).not.toContain(infant.id);
  });

  it('out of scope is 404: another household’s parent, even at the same site; another site’s staff and parents', async () => {
    const app = await w.submitted(w.parent);
    const neighbour = await w.family();
    for (const client of [neighbour.client, w.outsiderParent, w.outsider]) {
      expect((await client.get(`${API}/applications/${app.id}`)).status).toBe(404);
    }
    for (const client of [neighbour.client, w.outsiderParent]) {
      expect((await client.post(`${API}/applications/${app.id}/withdraw`, {})).status).toBe(404);
    }
    expect((await w.outsider.post(`${API}/applications/${app.id}/facts/resident/verify`)).status).toBe(404);
    expect((await w.outsider.get(`${API}/applications?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.staff.get(`${API}/applications/${app.id}`)).status).toBe(200);
  });

  it('when staff verify a claimed fact, then it is verified with who and when; a fact not claimed is a 422, a parent may not verify (403)', async () => {
    const app = await w.submitted(w.parent, { facts: { dibao: { value: true } } });
    const res = await w.staff.post(`${API}/applications/${app.id}/facts/dibao/verify`);
    expect(res.status).toBe(200);
    expect(res.body.facts.dibao).toMatchObject({ value: true, verified: true, verifiedBy: w.home.users.childcare_staff.id, verifiedAt: expect.stringMatching(/^2026-12-07T/) });
    const undone = await w.operator.post(`${API}/applications/${app.id}/facts/dibao/unverify`);
    expect(undone.body.facts.dibao).toMatchObject({ verified: false, verifiedBy: null });
    const unclaimed = await w.staff.post(`${API}/applications/${app.id}/facts/resident/verify`);
    expect(unclaimed.status).toBe(422);
    expect(unclaimed.body.errors[0]).toMatchObject({ field: 'fact', code: 'fact_not_claimed' });
    expect((await w.staff.post(`${API}/applications/${app.id}/facts/NOT-A-FACT/verify`)).body.errors[0].field).toBe('params.fact');
    expect((await w.parent.post(`${API}/applications/${app.id}/facts/dibao/verify`)).status).toBe(403);
  });
});
