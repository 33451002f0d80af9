import { ChildcareEnrolment, ChildcareOffer } from '../../../api/modules/childcare/childcare.entity';
import { Client } from '../support/app';
import { childIdNumber } from '../support/factories';
import { API, childcareWorld, World } from './world';

const RESIDENT_FIRST = {
  effectiveFrom: '2026-12-07',
  defaultClass: 2,
  rules: [
    { code: 'resident', label: { zh: '本社区居民', en: 'resident of the community' }, when: { op: 'present', fact: 'resident' }, effect: { points: 10 } },
    { code: 'dibao_first', label: { zh: '低保家庭优先', en: 'dibao family first' }, when: { op: 'present', fact: 'dibao' }, effect: { policyClass: 1 } },
  ],
};

/** The queue, offers, classes and rules: a fresh site per story, so each sees only its own places. */
describe('childcare queue and offers', () => {
  let w: World;
  beforeEach(async () => {
    w = await childcareWorld();
  });
  afterEach(() => w.close());

  it('when a class opens, then the first in line is offered its place with a deadline three working days on; the family sees the offer', async () => {
    const first = await w.submitted(w.parent);
    const second = await w.submitted((await w.family()).client);
    expect(first.status).toBe('submitted');
    const c = await w.openClass({ size: 1 });
    expect(c).toMatchObject({ kind: 'toddler', kindName: { zh: '托小班', en: 'toddler class' }, size: 1, childrenPerCarer: 5, fromMonths: 12, toMonths: 24, placesUsed: 0, openOffers: 1 });
    const mine = (await w.parent.get(`${API}/applications/${first.id}`)).body;
    expect(mine).toMatchObject({ status: 'offered', standing: { position: 1 }, offer: { classId: c.id, className: '托小一班', offeredOn: '2026-12-07', deadline: '2026-12-10', status: 'open', position: 1, ruleSetVersion: 1, holidaysKnown: true } });
    expect(mine.history.at(-1)).toMatchObject({ from: 'submitted', to: 'offered', by: null });
    expect((await w.staff.get(`${API}/applications/${second.id}`)).body).toMatchObject({ status: 'submitted', standing: { position: 2 }, offer: null });
    const offers = (await w.staff.get(`${API}/offers?siteId=${w.siteId}`)).body;
    expect(offers).toEqual([expect.objectContaining({ applicationId: first.id, deadline: '2026-12-10', status: 'open' })]);
  });

  it('when the family accepts, then the child is enrolled from its start date and accepting again changes nothing; a declined offer cannot be accepted (409)', async () => {
    const app = await w.submitted(w.parent);
    await w.openClass({ size: 1 });
    const offerId = (await w.parent.get(`${API}/applications/${app.id}`)).body.offer.id;
    const accepted = await w.parent.post(`${API}/offers/${offerId}/accept`, {}, { 'Idempotency-Key': 'accept-1' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: offerId, status: 'accepted' });
    const replayed = await w.parent.post(`${API}/offers/${offerId}/accept`, {}, { 'Idempotency-Key': 'accept-1' });
    expect([replayed.headers['idempotent-replayed'], replayed.body]).toEqual(['true', accepted.body]);
    expect((await w.parent.post(`${API}/offers/${offerId}/accept`)).body.status).toBe('accepted');
    expect((await w.parent.post(`${API}/offers/${offerId}/decline`)).status).toBe(409);
    const enrolments = await w.em().find(ChildcareEnrolment, { applicationId: app.id });
    expect(enrolments).toEqual([expect.objectContaining({ fromDate: '2027-01-04', toDate: null, mode: 'full_day' })]);
    expect((await w.parent.get(`${API}/applications/${app.id}`)).body).toMatchObject({ status: 'enrolled', standing: null });
    expect((await w.staff.get(`${API}/classes?siteId=${w.siteId}`)).body[0]).toMatchObject({ placesUsed: 1, openOffers: 0 });
  });

  it('when the family declines, then the next in line is offered the place at once, and the declining child is not offered it again', async () => {
    const first = await w.submitted(w.parent);
    const next = await w.family();
    const second = await w.submitted(next.client);
    await w.openClass({ size: 1 });
    const offerId = (await w.parent.get(`${API}/applications/${first.id}`)).body.offer.id;
    const declined = await w.parent.post(`${API}/offers/${offerId}/decline`);
    expect(declined.body.status).toBe('declined');
    expect((await w.parent.post(`${API}/offers/${offerId}/decline`)).body.status).toBe('declined');
    expect((await w.parent.post(`${API}/offers/${offerId}/accept`)).status).toBe(409);
    expect((await next.client.get(`${API}/applications/${second.id}`)).body).toMatchObject({ status: 'offered', offer: { status: 'open' } });
    const mine = (await w.parent.get(`${API}/applications/${first.id}`)).body;
    expect(mine).toMatchObject({ status: 'submitted', events: [{ kind: 'declined', on: '2026-12-07' }] });
    // The second family withdraws: the place is free again, and the first child still is not offered it.
    await next.client.post(`${API}/applications/${second.id}/withdraw`, {});
    expect((await w.parent.get(`${API}/applications/${first.id}`)).body.status).toBe('submitted');
    expect((await w.staff.get(`${API}/classes?siteId=${w.siteId}`)).body[0]).toMatchObject({ placesUsed: 0, openOffers: 0 });
  });

  it('offers are answered by their own family only: another household 404, another site 404, staff 403', async () => {
    await w.submitted(w.parent);
    await w.openClass({ size: 1 });
    const offerId = (await w.em().findOneOrFail(ChildcareOffer, { siteId: w.siteId })).id;
    const neighbour = await w.family();
    for (const client of [neighbour.client, w.outsiderParent]) expect((await client.post(`${API}/offers/${offerId}/accept`)).status).toBe(404);
    expect((await w.outsider.get(`${API}/offers?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.staff.post(`${API}/offers/${offerId}/accept`)).status).toBe(403);
    expect((await w.parent.get(`${API}/offers?siteId=${w.siteId}`)).status).toBe(403);
  });

  it('when a withdrawal frees an enrolled place, then the next in line is offered it', async () => {
    const first = await w.submitted(w.parent);
    await w.openClass({ size: 1 });
    const offerId = (await w.parent.get(`${API}/applications/${first.id}`)).body.offer.id;
    await w.parent.post(`${API}/offers/${offerId}/accept`);
    const next = await w.family();
    const second = await w.submitted(next.client);
    expect(second.status).toBe('submitted');
    await w.parent.post(`${API}/applications/${first.id}/withdraw`, {});
    expect((await next.client.get(`${API}/applications/${second.id}`)).body.status).toBe('offered');
  });

  it('when a verified fact scores under the rules in force, then that family moves ahead and is offered first, with its reasons in zh and en', async () => {
    const created = await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...RESIDENT_FIRST });
    expect(created.status).toBe(201);
    expect(created.body.map((s: { version: number; inForce: boolean }) => [s.version, s.inForce])).toEqual([
      [1, false],
      [2, true],
    ]);
    const early = await w.submitted(w.parent);
    const late = await w.family();
    const resident = await w.submitted(late.client, { facts: { resident: { value: true } } });
    // Claimed, not verified: no points yet.
    expect((await w.staff.get(`${API}/applications/${resident.id}`)).body.standing).toMatchObject({ position: 2, points: 0, reasons: [] });
    await w.staff.post(`${API}/applications/${resident.id}/facts/resident/verify`);
    const ahead = (await late.client.get(`${API}/applications/${resident.id}`)).body;
    expect(ahead.standing).toMatchObject({ position: 1, points: 10, policyClass: 2, ruleSetVersion: 2, reasons: [{ rule: 'resident', label: { zh: '本社区居民', en: 'resident of the community' } }] });
    await w.openClass({ size: 1 });
    expect((await late.client.get(`${API}/applications/${resident.id}`)).body.status).toBe('offered');
    expect((await w.parent.get(`${API}/applications/${early.id}`)).body.status).toBe('submitted');
  });

  it('rule sets: bad rules are a 422 naming each problem by its path; the past is refused; staff only', async () => {
    const bad = await w.staff.post(`${API}/rule-sets`, {
      siteId: w.siteId,
      effectiveFrom: '2026-12-08',
      defaultClass: 1,
      rules: [{ code: 'x', label: { zh: '', en: 'x' }, when: { op: 'nope' }, effect: { points: 1 } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['rules[0].label.zh', 'rules[0].when.op']));
    const past = await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...RESIDENT_FIRST, effectiveFrom: '2026-12-06' });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].field).toBe('effectiveFrom');
    expect((await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, effectiveFrom: '2026-12-08' })).body.errors[0].field).toBe('defaultClass');
    expect((await w.parent.post(`${API}/rule-sets`, { siteId: w.siteId, ...RESIDENT_FIRST })).status).toBe(403);
    expect((await w.outsider.post(`${API}/rule-sets`, { siteId: w.siteId, ...RESIDENT_FIRST })).status).toBe(404);
    // Families may read the rules they are ranked by.
    expect((await w.parent.get(`${API}/rule-sets?siteId=${w.siteId}`)).body).toEqual([expect.objectContaining({ version: 1, inForce: true, rules: [] })]);
  });

  it('classes: within the national standard (422), never below the places held (409), a larger size offers at once; staff only', async () => {
    const tooBig = await w.staff.post(`${API}/classes`, { siteId: w.siteId, kind: 'infant', name: '乳儿班', size: 11 });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.errors[0].field).toBe('size');
    const looser = await w.staff.post(`${API}/classes`, { siteId: w.siteId, kind: 'infant', name: '乳儿班', size: 10, childrenPerCarer: 4 });
    expect(looser.body.errors[0].field).toBe('childrenPerCarer');
    expect((await w.staff.post(`${API}/classes`, { siteId: w.siteId, kind: 'nursery', name: 'x', size: 1 })).body.errors[0].field).toBe('kind');
    expect((await w.parent.post(`${API}/classes`, { siteId: w.siteId, kind: 'toddler', name: 'x', size: 1 })).status).toBe(403);
    expect((await w.outsider.post(`${API}/classes`, { siteId: w.siteId, kind: 'toddler', name: 'x', size: 1 })).status).toBe(404);

    await w.submitted(w.parent);
    const next = await w.family();
    const second = await w.submitted(next.client);
    const c = await w.openClass({ size: 1 });
    const shrink = await w.staff.patch(`${API}/classes/${c.id}`, { size: 0 });
    expect(shrink.status).toBe(400);
    const grown = await w.staff.patch(`${API}/classes/${c.id}`, { size: 2, name: '托小二班' });
    expect(grown.body).toMatchObject({ size: 2, name: '托小二班', openOffers: 2 });
    expect((await next.client.get(`${API}/applications/${second.id}`)).body.status).toBe('offered');
    const below = await w.staff.patch(`${API}/classes/${c.id}`, { size: 1 });
    expect(below.status).toBe(409);
    expect(below.body.errors[0]).toMatchObject({ field: 'size', code: 'below_held', params: { held: 2 } });
    expect((await w.staff.patch(`${API}/classes/${c.id}`, {})).status).toBe(400);
    expect((await w.outsider.patch(`${API}/classes/${c.id}`, { size: 3 })).status).toBe(404);
    expect((await w.parent.get(`${API}/classes?siteId=${w.siteId}`)).body).toHaveLength(1);
  });

  it('a child too young for the class on its start date is not offered it: places go to a child who fits', async () => {
    const infant = await w.submitted(w.parent, { idNumber: childIdNumber('2026-06-01') });
    const toddler = await w.submitted((await w.family()).client);
    await w.openClass({ size: 1 });
    expect((await w.parent.get(`${API}/applications/${infant.id}`)).body.status).toBe('submitted');
    expect((await w.staff.get(`${API}/applications/${toddler.id}`)).body.status).toBe('offered');
  });
});

describe('childcare settings', () => {
  let w: World;
  beforeAll(async () => {
    w = await childcareWorld();
  });
  afterAll(() => w.close());

  it('the offer deadline is 3 working days unless the site sets it; admins only set it, for offers made from then on', async () => {
    expect((await w.parent.get(`${API}/settings?siteId=${w.siteId}`)).body).toEqual({ siteId: w.siteId, offerDeadlineWorkingDays: 3, refundMealsPerAbsentDay: true, sickMonthFree: true });
    expect((await w.staff.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 5 })).status).toBe(403);
    const outsiderAdmin = await Client.login(w.t.app, w.other.users.operator_admin.username);
    expect((await outsiderAdmin.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 5 })).status).toBe(404);
    expect((await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 0 })).body.errors[0].field).toBe('offerDeadlineWorkingDays');
    const set = await w.operator.put(`${API}/settings`, { siteId: w.siteId, offerDeadlineWorkingDays: 5 });
    expect(set.body).toEqual({ siteId: w.siteId, offerDeadlineWorkingDays: 5, refundMealsPerAbsentDay: true, sickMonthFree: true });
    const app = await w.submitted(w.parent);
    await w.openClass({ size: 1 });
    // Monday 7 December + 5 working days.
    expect((await w.parent.get(`${API}/applications/${app.id}`)).body.offer.deadline).toBe('2026-12-14');
  });
});
