import { AfterSchoolNotification } from '../../../api/modules/afterschool/afterschool.entity';
import { childIdNumber } from '../support/factories';
import { API, afterschoolWorld, BORN, World } from './world';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field) ?? [];
const GRANDMA = { name: '王秀英', relation: '外婆', phone: '13800001111', idLast4: '123X', level: 'always' };
const UNCLE = { name: '周强', relation: '舅舅', phone: '13800002222', idLast4: '4567', level: 'emergency' };

describe('after-school children, collectors and delegations', () => {
  let w: World;
  beforeAll(async () => {
    w = await afterschoolWorld();
  });
  afterAll(() => w.close());

  it('when a parent registers a child, then it belongs to their household with the birth date from the ID number, answered masked; the same child twice is a 409', async () => {
    const idNumber = childIdNumber(BORN);
    const res = await w.registerAs(w.parent, { idNumber, medicalNotes: '花生过敏', leaveAloneOn: [5] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ siteId: w.siteId, householdId: w.home.household.id, birthDate: BORN, grade: 2, medicalNotes: '花生过敏', leaveAloneOn: [5], collectors: [], delegations: [], enrolments: [] });
    expect(res.body.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    const again = await w.registerAs(w.parent, { idNumber });
    expect([again.status, fieldsOf(again)]).toEqual([409, ['idNumber']]);
  });

  it('when the input is bad, then 400 names the field; staff and other sites may not register children', async () => {
    const cases: [object, string][] = [
      [{ idNumber: '110101201803010000' }, 'idNumber'],
      [{ name: '' }, 'name'],
      [{ school: '' }, 'school'],
      [{ grade: 7 }, 'grade'],
      [{ leaveAloneOn: [8] }, 'leaveAloneOn.0'],
      [{ leaveAloneOn: [1, 1] }, 'leaveAloneOn'],
    ];
    for (const [fields, field] of cases) {
      const res = await w.registerAs(w.parent, fields);
      expect({ fields, status: res.status, errors: fieldsOf(res) }).toEqual({ fields, status: 400, errors: expect.arrayContaining([field]) });
    }
    expect((await w.registerAs(w.staff)).status).toBe(403);
    expect((await w.registerAs(w.outsiderParent)).status).toBe(404);
  });

  it('when the same Idempotency-Key is sent twice, then one child is registered and the answer replayed', async () => {
    const body = { siteId: w.siteId, name: '小红', idNumber: childIdNumber(BORN), school: '幸福里小学', grade: 2 };
    const first = await w.parent.post(`${API}/children`, body, { 'Idempotency-Key': 'child-1' });
    const again = await w.parent.post(`${API}/children`, body, { 'Idempotency-Key': 'child-1' });
    expect([first.status, again.status, again.body.id]).toEqual([201, 201, first.body.id]);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('when families and staff list children, then a parent sees only its own and staff see the site’s; another family’s child is a 404 to read or change', async () => {
    const mine = await w.childOf(w.parent);
    const neighbour = await w.family();
    const theirs = await w.childOf(neighbour.client);
    const ids = (res: { body: { id: string }[] }) => res.body.map((c) => c.id);
    expect(ids(await w.parent.get(`${API}/children?siteId=${w.siteId}`))).toContain(mine.id);
    expect(ids(await w.parent.get(`${API}/children?siteId=${w.siteId}`))).not.toContain(theirs.id);
    expect(ids(await w.staff.get(`${API}/children?siteId=${w.siteId}`))).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await w.parent.get(`${API}/children/${theirs.id}`)).status).toBe(404);
    expect((await w.parent.patch(`${API}/children/${theirs.id}`, { grade: 3 })).status).toBe(404);
    expect((await w.parent.put(`${API}/children/${theirs.id}/collectors`, { collectors: [] })).status).toBe(404);
    expect((await w.parent.post(`${API}/children/${theirs.id}/delegations`, { ...GRANDMA, date: '2026-12-08', from: '16:00', until: '19:00' })).status).toBe(404);
    expect((await w.outsider.get(`${API}/children/${mine.id}`)).status).toBe(404);
    expect((await w.staff.get(`${API}/children/${mine.id}`)).status).toBe(200);
    expect((await w.staff.patch(`${API}/children/${mine.id}`, { grade: 3 })).status).toBe(403);
  });

  it('when a parent changes the school, grade, notes or leave-alone days, then the child has them; an empty change is a 400', async () => {
    const child = await w.childOf(w.parent);
    const res = await w.parent.patch(`${API}/children/${child.id}`, { grade: 3, school: '实验小学', medicalNotes: '', leaveAloneOn: [3, 1] });
    expect(res.body).toMatchObject({ grade: 3, school: '实验小学', medicalNotes: null, leaveAloneOn: [1, 3] });
    expect(fieldsOf(await w.parent.patch(`${API}/children/${child.id}`, {}))).toEqual(['(body)']);
  });

  it('when a parent claims 低保 on a registered child, then it waits for staff (待核实) and its evidence can change until staff verify it; a verified claim stays as staff saw it', async () => {
    const child = await w.childOf(w.parent);
    expect(child.dibao).toBeNull();
    const claimed = await w.parent.patch(`${API}/children/${child.id}`, { dibao: { evidence: '低保证 310114-0002' } });
    expect([claimed.status, claimed.body.dibao]).toEqual([200, { value: true, verified: false, evidence: '低保证 310114-0002', verifiedBy: null, verifiedAt: null }]);
    expect((await w.parent.patch(`${API}/children/${child.id}`, { dibao: {} })).body.dibao).toMatchObject({ verified: false, evidence: null });
    expect(fieldsOf(await w.parent.patch(`${API}/children/${child.id}`, { dibao: { evidence: 'x'.repeat(201) } }))).toEqual(['dibao.evidence']);
    expect((await w.staff.post(`${API}/children/${child.id}/dibao/verify`, { evidence: '见原件' })).status).toBe(200);
    const after = await w.parent.patch(`${API}/children/${child.id}`, { dibao: { evidence: '别的证' } });
    expect(after.body.dibao).toMatchObject({ verified: true, evidence: '见原件', verifiedBy: w.home.users.afterschool_staff.id });
    expect((await w.outsiderParent.patch(`${API}/children/${child.id}`, { dibao: {} })).status).toBe(404);
  });

  it('when a parent sets who may collect, then the list is replaced; the same person twice is a 422, a bad ID ending a 400', async () => {
    const child = await w.childOf(w.parent);
    const set = await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [GRANDMA, UNCLE] });
    expect(set.status).toBe(200);
    expect(set.body.map((c: { name: string; level: string }) => [c.name, c.level]).sort()).toEqual([['周强', 'emergency'], ['王秀英', 'always']]);
    const twice = await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [GRANDMA, { ...GRANDMA, name: '王 秀英', relation: '奶奶', idLast4: '123x' }] });
    expect([twice.status, fieldsOf(twice)]).toEqual([422, ['collectors[1]']]);
    const bad = await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [{ ...GRANDMA, idLast4: '12' }, { ...UNCLE, level: 'sometimes' }, { ...UNCLE, phone: 'call me' }] });
    expect(fieldsOf(bad).sort()).toEqual(['collectors.0.idLast4', 'collectors.1.level', 'collectors.2.phone']);
    const replaced = await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [UNCLE] });
    expect(replaced.body.map((c: { name: string }) => c.name)).toEqual(['周强']);
    expect((await w.staff.put(`${API}/children/${child.id}/collectors`, { collectors: [] })).status).toBe(403);
  });

  it('when a parent delegates a day, then the delegation is kept; one naming a listed person, in the past or with a backwards window is refused; another family cannot take it back', async () => {
    const child = await w.childOf(w.parent);
    await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [GRANDMA] });
    const friend = { name: '李梅', phone: '13900003333', idLast4: '8888', date: '2026-12-08', from: '16:00', until: '19:00' };
    const made = await w.parent.post(`${API}/children/${child.id}/delegations`, friend);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ childId: child.id, name: '李梅', date: '2026-12-08', from: '16:00', until: '19:00' });
    const listed = await w.parent.post(`${API}/children/${child.id}/delegations`, { ...friend, name: GRANDMA.name, idLast4: GRANDMA.idLast4 });
    expect([listed.status, fieldsOf(listed)]).toEqual([422, ['delegations[0]']]);
    const past = await w.parent.post(`${API}/children/${child.id}/delegations`, { ...friend, date: '2026-12-04' });
    expect([past.status, fieldsOf(past)]).toEqual([422, ['date']]);
    const backwards = await w.parent.post(`${API}/children/${child.id}/delegations`, { ...friend, from: '19:00', until: '16:00' });
    expect([backwards.status, fieldsOf(backwards)]).toEqual([400, ['until']]);
    // Putting the delegated friend on the list while her delegation is to come: her level decides, so the list is refused.
    const onList = await w.parent.put(`${API}/children/${child.id}/collectors`, { collectors: [GRANDMA, { ...friend, relation: '邻居', level: 'never' }] });
    expect([onList.status, fieldsOf(onList)]).toEqual([422, ['delegations[0]']]);
    expect((await w.parent.get(`${API}/children/${child.id}`)).body.delegations).toHaveLength(1);
    const neighbour = await w.family();
    expect((await neighbour.client.delete(`${API}/delegations/${made.body.id}`)).status).toBe(404);
    expect((await w.staff.delete(`${API}/delegations/${made.body.id}`)).status).toBe(403);
    expect((await w.parent.delete(`${API}/delegations/${made.body.id}`)).status).toBe(204);
    expect((await w.parent.get(`${API}/children/${child.id}`)).body.delegations).toEqual([]);
  });
});

describe('after-school enrolment for weekdays, with a queue per weekday', () => {
  let w: World;
  beforeAll(async () => {
    w = await afterschoolWorld();
  });
  afterAll(() => w.close());

  it('when a parent enrols for weekdays with room, then each is taken at once; a full weekday queues the child with its position; a withdrawal gives the place to the first in line, who is told', async () => {
    const term = await w.openTerm();
    const group = await w.openGroup(term.id, { capacity: 1, weekdays: [1, 3, 5] });
    const first = await w.childOf(w.parent);
    const taken = await w.enrolAs(w.parent, first.id, group.id, [1, 3]);
    expect(taken.status).toBe(201);
    expect(taken.body.map((e: { weekday: number; status: string; position: number | null }) => [e.weekday, e.status, e.position])).toEqual([
      [1, 'enrolled', null],
      [3, 'enrolled', null],
    ]);
    expect(taken.body[0]).toMatchObject({ startDate: '2026-12-07', childName: first.name, groupName: group.name });

    const neighbour = await w.family();
    const second = await w.childOf(neighbour.client);
    const third = await w.childOf(neighbour.client);
    const waiting = await w.enrolAs(neighbour.client, second.id, group.id, [1, 5]);
    expect(waiting.body.map((e: { weekday: number; status: string; position: number | null }) => [e.weekday, e.status, e.position])).toEqual([
      [1, 'waiting', 1],
      [5, 'enrolled', null],
    ]);
    const later = await w.enrolAs(neighbour.client, third.id, group.id, [1]);
    expect(later.body[0]).toMatchObject({ status: 'waiting', position: 2 });
    const places = (await w.parent.get(`${API}/groups?siteId=${w.siteId}&periodId=${term.id}`)).body[0].places;
    expect(places).toEqual([
      { weekday: 1, capacity: 1, enrolled: 1, free: 0, waiting: 2 },
      { weekday: 3, capacity: 1, enrolled: 1, free: 0, waiting: 0 },
      { weekday: 5, capacity: 1, enrolled: 1, free: 0, waiting: 0 },
    ]);

    const mine = (await w.parent.get(`${API}/enrolments?siteId=${w.siteId}`)).body as { id: string; childId: string; weekday: number }[];
    expect(mine.every((e) => e.childId === first.id)).toBe(true);
    const monday = mine.find((e) => e.weekday === 1)!;
    expect((await neighbour.client.post(`${API}/enrolments/${monday.id}/withdraw`)).status).toBe(404);
    expect((await w.staff.post(`${API}/enrolments/${monday.id}/withdraw`)).status).toBe(403);
    const left = await w.parent.post(`${API}/enrolments/${monday.id}/withdraw`);
    expect(left.body).toMatchObject({ status: 'withdrawn' });
    expect((await w.parent.post(`${API}/enrolments/${monday.id}/withdraw`)).body).toMatchObject({ status: 'withdrawn' });
    const theirs = (await neighbour.client.get(`${API}/enrolments?siteId=${w.siteId}`)).body as { childId: string; weekday: number; status: string; position: number | null }[];
    expect(theirs.filter((e) => e.weekday === 1).map((e) => [e.childId, e.status, e.position])).toEqual([
      [second.id, 'enrolled', null],
      [third.id, 'waiting', 1],
    ]);
    const told = await w.em().find(AfterSchoolNotification, { householdId: neighbour.household.id, kind: 'place_given' });
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('周一');
  });

  it('when the request does not fit, then 422 names the field; a weekday held or queued already is a 409; a staff member may not enrol and another family’s child is a 404', async () => {
    const term = await w.openTerm();
    const older = await w.openGroup(term.id, { minAge: 10, maxAge: 12 });
    const tueThu = await w.openGroup(term.id, { weekdays: [2, 4] });
    const gradeFive = await w.openGroup(term.id, { grades: { from: 5, to: 6 } });
    const child = await w.childOf(w.parent);
    const cases: [string, number[], object, string, number][] = [
      [older.id, [1], {}, 'groupId', 422],
      [gradeFive.id, [1], {}, 'groupId', 422],
      [tueThu.id, [1], {}, 'weekdays.0', 422],
      [tueThu.id, [2], { startDate: '2027-01-04' }, 'startDate', 422],
      [tueThu.id, [2], { startDate: '2026-12-01' }, 'startDate', 422],
      [tueThu.id, [6], {}, 'weekdays.0', 400],
      [tueThu.id, [], {}, 'weekdays', 400],
      ['no-such-group', [2], {}, 'groupId', 422],
    ];
    for (const [groupId, weekdays, fields, field, status] of cases) {
      const res = await w.enrolAs(w.parent, child.id, groupId, weekdays, fields);
      expect({ groupId, weekdays, fields, status: res.status, errors: fieldsOf(res) }).toEqual({ groupId, weekdays, fields, status, errors: [field] });
    }
    expect((await w.enrolAs(w.parent, child.id, tueThu.id, [2])).status).toBe(201);
    const twice = await w.enrolAs(w.parent, child.id, tueThu.id, [4, 2]);
    expect([twice.status, fieldsOf(twice)]).toEqual([409, ['weekdays.1']]);
    expect((await w.enrolAs(w.staff, child.id, tueThu.id, [4])).status).toBe(403);
    const neighbour = await w.family();
    expect((await w.enrolAs(neighbour.client, child.id, tueThu.id, [4])).status).toBe(404);
    expect((await w.enrolAs(w.outsiderParent, child.id, tueThu.id, [4])).status).toBe(404);
    const otherTerm = await w.outsider.post(`${API}/periods`, { siteId: w.other.site.id, kind: 'term', name: '学期', from: '2026-12-01', to: '2026-12-31' });
    const otherGroup = await w.outsider.post(`${API}/groups`, { siteId: w.other.site.id, periodId: otherTerm.body.id, name: '组', room: '1', capacity: 5, minAge: 6, maxAge: 12, weekdays: [4], start: '15:30', end: '18:30' });
    expect(fieldsOf(await w.enrolAs(w.parent, child.id, otherGroup.body.id, [4]))).toEqual(['groupId']);
  });

  it('when the same Idempotency-Key is sent twice, then the child is enrolled once and the answer replayed', async () => {
    const term = await w.openTerm();
    const group = await w.openGroup(term.id);
    const child = await w.childOf(w.parent);
    const body = { groupId: group.id, weekdays: [2] };
    const first = await w.parent.post(`${API}/children/${child.id}/enrolments`, body, { 'Idempotency-Key': 'enrol-1' });
    const again = await w.parent.post(`${API}/children/${child.id}/enrolments`, body, { 'Idempotency-Key': 'enrol-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body[0].id).toBe(first.body[0].id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});
