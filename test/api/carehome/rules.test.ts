import { API, carehomeWorld, World } from './world';

const TEKUN_FIRST = { op: 'present', fact: 'tekun' };
const tekunRule = (policyClass = 1) => ({ code: 'tekun_first', label: { zh: '特困供养人员优先入住', en: 'Tekun first' }, when: TEKUN_FIRST, effect: { policyClass } });
/** A site's own order: 特困 first, then everyone by the date they applied (no points). */
const FIRST_COME_AFTER_TEKUN = { effectiveFrom: '2026-12-07', defaultClass: 2, rules: [tekunRule()] };

describe('care home: a site’s own order of admission, versioned, 特困 always first', () => {
  let w: World;
  beforeEach(async () => {
    w = await carehomeWorld();
  });
  afterEach(() => w.close());

  it('starts with the built-in order (version 1) and a version in force from today re-ranks the queue; the family sees the version', async () => {
    const sets = await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`);
    expect(sets.status).toBe(200);
    expect(sets.body).toEqual([expect.objectContaining({ id: null, version: 1, inForce: true, defaultClass: 3, rules: expect.arrayContaining([expect.objectContaining({ code: 'tekun_first' })]) })]);
    const first = await w.applied(w.family);
    const other = await w.neighbour();
    const disabled = await w.applied(other.client, { categories: { disability: { evidence: '残疾证 0001' } } });
    await w.staff.post(`${API}/applications/${disabled.id}/facts/disability/verify`);
    expect((await w.read(other.client, disabled.id)).standing).toMatchObject({ position: 1, ruleSetVersion: 1 });

    const created = await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN });
    expect(created.status).toBe(201);
    expect(created.body.map((s: { version: number; inForce: boolean }) => [s.version, s.inForce])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(created.body[1]).toMatchObject({ id: expect.any(String), effectiveFrom: '2026-12-07', defaultClass: 2 });
    // Points are gone: first come, first served after 特困, and the family reads which version ranks it.
    expect((await w.read(other.client, disabled.id)).standing).toMatchObject({ position: 2, policyClass: 2, points: 0, ruleSetVersion: 2, reasons: [] });
    expect((await w.read(w.family, first.id)).standing).toMatchObject({ position: 1, ruleSetVersion: 2 });
  });

  it('a version from a later date waits for its day; the admin may store one too', async () => {
    const app = await w.applied(w.family);
    const later = await w.operator.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN, effectiveFrom: '2027-01-01' });
    expect(later.status).toBe(201);
    expect(later.body.map((s: { inForce: boolean }) => s.inForce)).toEqual([true, false]);
    expect((await w.read(w.family, app.id)).standing.ruleSetVersion).toBe(1);
    // Versions go forward in time: one dated before the last stored is refused.
    const earlier = await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN, effectiveFrom: '2026-12-20' });
    expect([earlier.status, earlier.body.errors[0].field]).toEqual([422, 'effectiveFrom']);
  });

  it('refuses any version that does not keep 特困 first (422 naming the field), rules the engine cannot work from, and a date in the past', async () => {
    const post = (body: object) => w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN, ...body });
    const fields = async (body: object) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await fields({ rules: [] })).toEqual(['rules']);
    const dibao = { code: 'dibao', label: { zh: '低保', en: 'Dibao' }, when: { op: 'present', fact: 'dibao' } };
    expect(await fields({ rules: [tekunRule(2), { ...dibao, effect: { policyClass: 1 } }], defaultClass: 3 })).toEqual(['rules[1].effect.policyClass']);
    expect(await fields({ defaultClass: 1 })).toEqual(['defaultClass']);
    expect(await fields({ rules: [tekunRule(), { ...dibao, effect: { lowerClassBy: 1 } }] })).toEqual(['rules[1].effect']);
    expect(await fields({ rules: [{ ...tekunRule(), when: { op: 'sometimes', fact: 'tekun' } }] })).toContain('rules[0].when.op');
    expect(await fields({ effectiveFrom: '2026-12-06' })).toEqual(['effectiveFrom']);
    expect((await w.staff.post(`${API}/rule-sets`, { siteId: w.siteId, effectiveFrom: '2026-12-08' })).status).toBe(400);
    // Nothing refused was stored.
    expect((await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`)).body).toHaveLength(1);
  });

  it('only the site’s care staff and admins read and write its order; families and other staff may not', async () => {
    expect((await w.family.get(`${API}/rule-sets?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.family.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN })).status).toBe(403);
    expect((await w.canteen.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN })).status).toBe(403);
    expect((await w.outsider.get(`${API}/rule-sets?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.outsider.post(`${API}/rule-sets`, { siteId: w.siteId, ...FIRST_COME_AFTER_TEKUN })).status).toBe(404);
    expect((await w.staff.get(`${API}/rule-sets?siteId=${w.siteId}`)).body).toHaveLength(1);
  });
});
