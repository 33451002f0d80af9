import { childIdNumber } from '../support/factories';
import { API, childcareWorld, World } from './world';

/** The class board: one infant class, full; a baby who turns one in April, and a family waiting. */
describe('childcare class board', () => {
  let w: World;
  let infants: { id: string };
  beforeAll(async () => {
    w = await childcareWorld();
    infants = await w.openClass({ kind: 'infant', name: '乳儿一班', size: 1 });
    const baby = await w.submitted(w.parent, { childName: '小宝', idNumber: childIdNumber('2026-04-01'), startDate: '2026-12-07' });
    const offer = (await w.parent.get(`${API}/applications/${baby.id}`)).body.offer;
    expect((await w.parent.post(`${API}/offers/${offer.id}/accept`)).status).toBe(200);
  });
  afterAll(() => w.close());

  it('when a class is full and a family waits for it, then the classes answer no free place and the board names who is next', async () => {
    const waiting = await w.submitted((await w.family()).client, { childName: '小贝', idNumber: childIdNumber('2026-05-01'), startDate: '2026-12-07' });
    const classes = await w.staff.get(`${API}/classes?siteId=${w.siteId}`);
    expect(classes.body).toEqual([expect.objectContaining({ id: infants.id, size: 1, placesUsed: 1, openOffers: 0, freePlaces: 0 })]);
    const board = await w.staff.get(`${API}/board?siteId=${w.siteId}&months=6`);
    expect(board.status).toBe(200);
    expect(board.body.nextInLine).toEqual([{ classId: infants.id, applicationId: waiting.id, childName: '小贝', position: 1 }]);
  });

  it('when a baby turns one and the site has no toddler class, then the board warns in the month it happens and not before', async () => {
    const { body } = await w.staff.get(`${API}/board?siteId=${w.siteId}&months=6`);
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(['2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01']);
    const ageWarnings = body.months.map((m: { warnings: { code: string }[] }) => m.warnings.filter((x) => x.code === 'no_class_for_age'));
    expect(ageWarnings.slice(0, 3)).toEqual([[], [], []]);
    expect(ageWarnings[3]).toEqual([{ code: 'no_class_for_age', classId: infants.id, childName: '小宝', neededKind: 'toddler' }]);
    expect(body.months[0].classes).toEqual([{ classId: infants.id, placesUsed: 1, size: 1 }]);
  });

  it('when a parent, another site’s staff or a bad query asks, then 403, 404 and 400 naming months', async () => {
    expect((await w.parent.get(`${API}/board?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/board?siteId=${w.siteId}`)).status).toBe(404);
    const bad = await w.staff.get(`${API}/board?siteId=${w.siteId}&months=99`);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'query.months']);
  });
});
