import { makeIdNumber } from '../../../domain/shared/identity';
import { makeMember, unique } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

describe('canteen members: register, edit, deactivate', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  const registration = (extra: object = {}) => ({
    siteId: w.site.id,
    cardNumber: unique('xfl-'),
    name: '王秀英',
    idNumber: makeIdNumber('420802', '1944-06-15', 24),
    phone: '13912345678',
    address: '浏河社区5栋1单元302',
    building: '5栋',
    room: '302',
    emergencyContact: { name: '王强', phone: '13800002222', relation: '儿子' },
    dietaryTags: ['low_salt', 'soft'],
    allergies: '花生',
    categories: [{ category: 'dibao', validFrom: '2026-01-01', validUntil: '2026-12-31' }],
    ...extra,
  });

  it('when staff register a member, then birth date and sex come from the ID number, the ID number is masked and the tier says why', async () => {
    const res = await w.staff.post(`${API}/members`, registration());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '王秀英',
      birthDate: '1944-06-15',
      sex: 'female',
      age: 82,
      idNumber: '420802********' + res.body.idNumber.slice(-4),
      walletBalanceFen: 0,
      active: true,
      dietaryTags: ['low_salt', 'soft'],
      categories: [{ category: 'dibao', validFrom: '2026-01-01', validUntil: '2026-12-31' }],
      emergencyContact: { name: '王强', phone: '13800002222', relation: '儿子' },
    });
    expect(res.body.idNumber).not.toContain('1944');
    expect(res.body.cardNumber).toBe(res.body.cardNumber.toUpperCase());
    expect(res.body.tier).toMatchObject({ date: MONDAY, tier: 'dibao', reasons: [{ code: 'age60' }, { code: 'dibao' }] });
  });

  it('when the ID number is wrong, then 400 names idNumber; a typed birth date is not a field at all', async () => {
    const bad = await w.staff.post(`${API}/members`, registration({ idNumber: '420802194406150000' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id_check_digit', message: expect.stringContaining('check character') })]);
    const unknownProvince = await w.staff.post(`${API}/members`, registration({ idNumber: '990802194406150000' }));
    expect(unknownProvince.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id_region' })]);
    const missing = await w.staff.post(`${API}/members`, { siteId: w.site.id, name: '李四' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cardNumber', 'idNumber']);
    expect(missing.body.errors[0]).toMatchObject({ code: 'invalid_type', params: { expected: 'string' } });
    const shapes = await w.staff.post(`${API}/members`, registration({ name: ' ', cardNumber: 'XFL 1', phone: '电话' }));
    expect(shapes.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', code: 'required' }),
        expect.objectContaining({ field: 'cardNumber', code: 'card_number' }),
        expect.objectContaining({ field: 'phone', code: 'phone' }),
      ]),
    );
  });

  it('when the ID number gives a birth date after today, then 422', async () => {
    const res = await w.staff.post(`${API}/members`, registration({ idNumber: makeIdNumber('420802', '2027-01-01', 11) }));
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'idNumber', code: 'id_birth_date_future' });
  });

  it('when the card number or the ID number is already registered at the site, then 409 names the field', async () => {
    const first = await w.staff.post(`${API}/members`, registration({ idNumber: makeIdNumber('420802', '1940-01-01', 31) }));
    expect(first.status).toBe(201);
    const sameCard = await w.staff.post(`${API}/members`, registration({ cardNumber: first.body.cardNumber.toLowerCase(), idNumber: makeIdNumber('420802', '1940-01-01', 33) }));
    expect(sameCard.status).toBe(409);
    expect(sameCard.body.errors).toEqual([expect.objectContaining({ field: 'cardNumber', code: 'card_taken' })]);
    const samePerson = await w.staff.post(`${API}/members`, registration({ idNumber: makeIdNumber('420802', '1940-01-01', 31) }));
    expect(samePerson.status).toBe(409);
    expect(samePerson.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id_taken' })]);
  });

  it('when the same person registers at another site, then that is allowed (cards are unique per site)', async () => {
    const idNumber = makeIdNumber('420802', '1941-02-02', 41);
    expect((await w.staff.post(`${API}/members`, registration({ idNumber }))).status).toBe(201);
    expect((await w.outsider.post(`${API}/members`, registration({ siteId: w.otherSite.id, idNumber }))).status).toBe(201);
  });

  it('who may register: the community admin only reads (403), another site’s staff are out of scope (404)', async () => {
    const asCommunity = await w.community.post(`${API}/members`, registration());
    expect(asCommunity.status).toBe(403);
    expect(asCommunity.body.type).toBe('/problems/forbidden');
    const outsider = await w.outsider.post(`${API}/members`, registration());
    expect(outsider.status).toBe(404);
    expect(outsider.body.type).toBe('/problems/not-found');
    expect((await w.childcare.get(`${API}/members?siteId=${w.site.id}`)).status).toBe(403);
  });

  it('when a member is read, then the tier is computed for the date asked, with the reasons', async () => {
    const m = await makeMember(w.em(), w.site.id, { birthDate: '1946-11-24', name: '赵大爷' });
    const before = await w.community.get(`${API}/members/${m.id}?date=${MONDAY}`);
    expect(before.status).toBe(200);
    expect(before.body.tier).toMatchObject({ tier: 'age70', reasons: [{ code: 'age70' }] });
    const birthday = await w.community.get(`${API}/members/${m.id}?date=2026-11-24`);
    expect(birthday.body.tier).toMatchObject({ tier: 'age80', reasons: [{ code: 'age80', zh: '80 岁以上' }] });
    expect((await w.staff.get(`${API}/members/no-such-member`)).status).toBe(404);
    expect((await w.outsider.get(`${API}/members/${m.id}`)).body.type).toBe('/problems/not-found');
    expect((await w.staff.get(`${API}/members/${m.id}?date=2026-13-01`)).body.errors[0]).toMatchObject({ field: 'query.date', code: 'date' });
  });

  it('when a member is edited, then a new ID number re-derives birth date and sex, and categories are replaced', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '钱某' });
    const res = await w.staff.patch(`${API}/members/${m.id}`, {
      idNumber: makeIdNumber('420802', '1938-05-05', 52),
      name: '钱桂兰',
      categories: [{ category: 'disabled_care', abilityGrade: 'moderate', validFrom: '2025-06-01' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '钱桂兰', birthDate: '1938-05-05', sex: 'female', age: 88, categories: [{ category: 'disabled_care', abilityGrade: 'moderate' }] });
    expect(res.body.tier.tier).toBe('age80');
    const bad = await w.staff.patch(`${API}/members/${m.id}`, { categories: [{ category: 'disabled_care', validFrom: '2025-06-01' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^categories\.0/);
    const backwards = await w.staff.patch(`${API}/members/${m.id}`, { categories: [{ category: 'dibao', validFrom: '2026-06-01', validUntil: '2026-01-01' }] });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'categories.0.validUntil', code: 'ends_before_start' })]);
    const nothing = await w.staff.patch(`${API}/members/${m.id}`, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors).toEqual([expect.objectContaining({ field: '(body)', code: 'no_change' })]);
    expect((await w.staff.patch(`${API}/members/no-such-member`, { name: '某' })).status).toBe(404);
    expect((await w.community.patch(`${API}/members/${m.id}`, { name: '某' })).status).toBe(403);
    expect((await w.outsider.patch(`${API}/members/${m.id}`, { name: '某' })).body.type).toBe('/problems/not-found');
  });

  it('when an edit takes another member’s card number, then 409', async () => {
    const a = await makeMember(w.em(), w.site.id);
    const b = await makeMember(w.em(), w.site.id);
    const res = await w.staff.patch(`${API}/members/${b.id}`, { cardNumber: a.cardNumber });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ field: 'cardNumber', code: 'card_taken' });
  });

  it('when a member is deactivated, then they are listed only among the inactive and a second deactivation is 409; reactivation brings them back', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '孙停用', building: '9栋' });
    const off = await w.staff.post(`${API}/members/${m.id}/deactivate`, { reason: '搬离社区' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, deactivationReason: '搬离社区' });
    expect((await w.staff.post(`${API}/members/${m.id}/deactivate`, {})).status).toBe(409);
    const active = await w.staff.get(`${API}/members?siteId=${w.site.id}&building=9栋&active=true`);
    expect(active.body.items.map((x: { id: string }) => x.id)).not.toContain(m.id);
    const inactive = await w.staff.get(`${API}/members?siteId=${w.site.id}&active=false`);
    expect(inactive.body.items.map((x: { id: string }) => x.id)).toContain(m.id);
    const on = await w.staff.post(`${API}/members/${m.id}/reactivate`);
    expect(on.body).toMatchObject({ active: true, deactivatedAt: null });
    expect((await w.staff.post(`${API}/members/${m.id}/reactivate`)).status).toBe(409);
    expect((await w.staff.post(`${API}/members/no-such/deactivate`, {})).status).toBe(404);
    expect((await w.community.post(`${API}/members/${m.id}/deactivate`, {})).status).toBe(403);
    expect((await w.outsider.post(`${API}/members/${m.id}/reactivate`)).body.type).toBe('/problems/not-found');
  });

  it('the list is in pinyin order as people read names, not in the order of the characters’ code points', async () => {
    for (const name of ['张三丰', '程秀梅', '阿明', '单田芳', '陈淑珍', '李四']) await makeMember(w.em(), w.site.id, { name, building: '拼音楼' });
    const res = await w.staff.get(`${API}/members?siteId=${w.site.id}&building=拼音楼`);
    // 单 is read shan as a surname; by code point the order would be 单, 张, 李, 阿.
    // chen before cheng, as in a dictionary; 单 read as the surname shan
    expect(res.body.items.map((m: { name: string }) => m.name)).toEqual(['阿明', '陈淑珍', '程秀梅', '李四', '单田芳', '张三丰']);
  });

  it('the list pages by name, filters by category held on the date, and masks every ID number', async () => {
    const em = w.em();
    await makeMember(em, w.site.id, { name: '特困甲', categories: [{ category: 'tekun', validFrom: '2025-01-01' }] });
    await makeMember(em, w.site.id, { name: '特困乙(过期)', categories: [{ category: 'tekun', validFrom: '2024-01-01', validUntil: '2025-12-31' }] });
    const res = await w.community.get(`${API}/members?siteId=${w.site.id}&category=tekun`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { name: string }) => m.name)).toEqual(['特困甲']);
    // 残疾 (disability) is its own category, not 失能 (disabled_care) whose name begins the same
    await makeMember(em, w.site.id, { name: '残疾丙', categories: [{ category: 'disability', validFrom: '2020-01-01' }] });
    await makeMember(em, w.site.id, { name: '失能丁', categories: [{ category: 'disabled_care', abilityGrade: 'moderate', validFrom: '2020-01-01' }] });
    const disabled = await w.community.get(`${API}/members?siteId=${w.site.id}&category=disability`);
    expect(disabled.body.items.map((m: { name: string }) => m.name)).toEqual(['残疾丙']);
    const page = await w.staff.get(`${API}/members?siteId=${w.site.id}&limit=2&offset=1`);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(3);
    for (const m of page.body.items) expect(m.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect((await w.staff.get(`${API}/members?siteId=${w.site.id}&limit=0`)).body.errors[0]).toMatchObject({ field: 'query.limit', code: 'too_small', params: { min: 1 } });
    expect((await w.outsider.get(`${API}/members?siteId=${w.site.id}`)).body.type).toBe('/problems/not-found');
  });
});
