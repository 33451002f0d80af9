import { AfterSchoolRefusal } from '../../../api/modules/afterschool/afterschool.entity';
import { API, afterschoolWorld, at, NINE_AM, World } from './world';

const TUESDAY = '2026-12-08';
const GRANDMA = { name: '王秀英', relation: '外婆', phone: '13800001111', idLast4: '123X', level: 'always' };
const UNCLE = { name: '周强', relation: '舅舅', phone: '13800002222', idLast4: '4567', level: 'emergency' };
const FATHER = { name: '赵刚', relation: '父亲', phone: '13800003333', idLast4: '0001', level: 'never' };
const FRIEND = { name: '李梅', phone: '13900003333', idLast4: '8888' };
const person = (p: { name: string; idLast4: string }) => ({ kind: 'person', name: p.name, idLast4: p.idLast4 });
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field) ?? [];

/**
 * The door on Monday 7 and Tuesday 8 December: a Mon–Fri group 15:30–18:30, 小明 (Mondays and
 * Tuesdays; may go home alone on Tuesdays) and 小红 (Mondays), with who may collect 小明.
 */
describe('after-school door: check-in, check-out to someone allowed that day, refusals audited, alerts', () => {
  let w: World;
  let monday: { id: string; groupName: string };
  let tuesday: { id: string };
  let ming: { id: string };
  let hong: { id: string };
  const sheetOf = async (sessionId: string) => (await w.staff.get(`${API}/sessions/${sessionId}/sheet`)).body;
  const checkOut = (sessionId: string, claimant: object, extra: object = {}) => w.staff.post(`${API}/sessions/${sessionId}/check-out`, { childId: ming.id, claimant, ...extra });

  beforeAll(async () => {
    w = await afterschoolWorld();
    const term = await w.openTerm();
    const group = await w.openGroup(term.id);
    ming = await w.childOf(w.parent, { name: '小明', leaveAloneOn: [2], medicalNotes: '哮喘，随身带喷雾' });
    hong = await w.childOf(w.parent, { name: '小红' });
    w.ok('enrol', await w.enrolAs(w.parent, ming.id, group.id, [1, 2]));
    w.ok('enrol', await w.enrolAs(w.parent, hong.id, group.id, [1]));
    w.ok('collectors', await w.parent.put(`${API}/children/${ming.id}/collectors`, { collectors: [GRANDMA, UNCLE, FATHER] }), 200);
    w.ok('delegation', await w.parent.post(`${API}/children/${ming.id}/delegations`, { ...FRIEND, date: TUESDAY, from: '16:00', until: '19:00' }));
    const sessions = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-07&to=${TUESDAY}&groupId=${group.id}`)).body;
    [monday, tuesday] = sessions;
  });
  afterAll(() => w.close());

  it('when the sheet is read before the start, then both children are expected with who may collect them and the medical notes, and no alert is due', async () => {
    w.clock.set(at('15:00'));
    const sheet = await sheetOf(monday.id);
    expect(sheet.rows.map((r: { name: string; state: string }) => [r.name, r.state])).toEqual([
      ['小红', 'expected'],
      ['小明', 'expected'],
    ]);
    const row = sheet.rows[1];
    expect(row).toMatchObject({ medicalNotes: '哮喘，随身带喷雾', mayLeaveAloneToday: false, delegationsToday: [] });
    expect(row.collectors.map((c: { name: string; level: string }) => c.level).sort()).toEqual(['always', 'emergency', 'never']);
    expect(sheet.alerts).toEqual([]);
    expect(sheet.session).toMatchObject({ expected: 2, present: 0 });
    expect((await w.parent.get(`${API}/sessions/${monday.id}/sheet`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/sessions/${monday.id}/sheet`)).status).toBe(404);
  });

  it('when a child is checked in, then the time and the staff member are kept; twice is a 409, another day’s session a 422, a child not on the sheet a 422', async () => {
    w.clock.set(at('15:35'));
    const res = await w.staff.post(`${API}/sessions/${monday.id}/check-in`, { childId: ming.id });
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { childId: string }) => r.childId === ming.id);
    expect(row).toMatchObject({ state: 'checked_in', checkedInAt: '2026-12-07T07:35:00.000Z' });
    expect(res.body.session.present).toBe(1);
    expect((await w.staff.post(`${API}/sessions/${monday.id}/check-in`, { childId: ming.id })).status).toBe(409);
    const otherDay = await w.staff.post(`${API}/sessions/${tuesday.id}/check-in`, { childId: ming.id });
    expect([otherDay.status, fieldsOf(otherDay)]).toEqual([422, ['sessionId']]);
    const stranger = await w.childOf(w.parent, { name: '小刚' });
    const notOnSheet = await w.staff.post(`${API}/sessions/${monday.id}/check-in`, { childId: stranger.id });
    expect([notOnSheet.status, fieldsOf(notOnSheet)]).toEqual([422, ['childId']]);
    expect((await w.staff.post(`${API}/sessions/${monday.id}/check-in`, {})).status).toBe(400);
    expect((await w.parent.post(`${API}/sessions/${monday.id}/check-in`, { childId: ming.id })).status).toBe(403);
    expect((await w.outsider.post(`${API}/sessions/${monday.id}/check-in`, { childId: ming.id })).status).toBe(404);
  });

  it('when an expected child is not in 30 minutes after the start, then an alert is raised to staff', async () => {
    w.clock.set(at('16:01'));
    const alerts = (await w.staff.get(`${API}/alerts?siteId=${w.siteId}`)).body;
    expect(alerts).toEqual([expect.objectContaining({ kind: 'not_checked_in', childId: hong.id, childName: '小红', sessionId: monday.id })]);
    expect(alerts[0].words.zh).toContain('应到未到');
    expect((await w.parent.get(`${API}/alerts?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/alerts?siteId=${w.siteId}`)).status).toBe(404);
  });

  it('when someone not allowed that day comes, then the check-out is refused with its reason and audited with who tried; the child stays checked in', async () => {
    w.clock.set(at('17:00'));
    const cases: [object, string][] = [
      [person({ name: '陌生人', idLast4: '0000' }), 'not_on_list'],
      [person({ name: GRANDMA.name, idLast4: '9999' }), 'not_on_list'],
      [person(FATHER), 'never'],
      [person(UNCLE), 'emergency_needs_supervisor'],
      [person(FRIEND), 'delegation_other_day'],
      [{ kind: 'alone' }, 'alone_not_allowed_today'],
    ];
    for (const [claimant, reason] of cases) {
      const res = await checkOut(monday.id, claimant);
      expect({ claimant, status: res.status, reason: res.body.reason, errors: res.body.errors?.map((e: { code: string }) => e.code) }).toEqual({ claimant, status: 422, reason, errors: [reason] });
      expect(res.body.words.zh).toBeTruthy();
    }
    const sheet = await sheetOf(monday.id);
    expect(sheet.rows.find((r: { childId: string }) => r.childId === ming.id).state).toBe('checked_in');
    const refusals = (await w.staff.get(`${API}/refusals?siteId=${w.siteId}&date=2026-12-07`)).body as { reason: string; claimantName: string | null; claimantIdLast4: string | null; alone: boolean; recordedBy: string; recordedByName: string; childName: string; groupName: string; sessionDate: string }[];
    expect(refusals).toHaveLength(6);
    expect(refusals.map((r) => r.reason).sort()).toEqual(cases.map(([, r]) => r).sort());
    expect(refusals.find((r) => r.reason === 'never')).toMatchObject({
      claimantName: FATHER.name,
      claimantIdLast4: FATHER.idLast4,
      alone: false,
      recordedBy: w.home.users.afterschool_staff.id,
      recordedByName: w.home.users.afterschool_staff.displayName,
      childName: '小明',
      groupName: monday.groupName,
      sessionDate: '2026-12-07',
      supervisorName: null,
    });
    expect(refusals.find((r) => r.reason === 'alone_not_allowed_today')).toMatchObject({ claimantName: null, alone: true });
    expect((await w.staff.get(`${API}/refusals?siteId=${w.siteId}&date=2026-12-06`)).body).toEqual([]);
    expect((await w.parent.get(`${API}/refusals?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/refusals?siteId=${w.siteId}`)).status).toBe(404);
  });

  it('when the emergency level comes, then only another staff member of the site may supervise, and the check-out is recorded as an emergency with its supervisor', async () => {
    const before = await w.em().count(AfterSchoolRefusal, { childId: ming.id });
    const self = await checkOut(monday.id, person(UNCLE), { supervisorId: w.home.users.afterschool_staff.id });
    expect([self.status, fieldsOf(self)]).toEqual([422, ['supervisorId']]);
    const parentAsSupervisor = await checkOut(monday.id, person(UNCLE), { supervisorId: w.home.users.parent.id });
    expect([parentAsSupervisor.status, fieldsOf(parentAsSupervisor)]).toEqual([422, ['supervisorId']]);
    const otherSite = await checkOut(monday.id, person(UNCLE), { supervisorId: w.other.users.afterschool_staff.id });
    expect([otherSite.status, fieldsOf(otherSite)]).toEqual([422, ['supervisorId']]);
    expect(await w.em().count(AfterSchoolRefusal, { childId: ming.id })).toBe(before);
    // A supervisor does not lift a `never`.
    const never = await checkOut(monday.id, person(FATHER), { supervisorId: w.colleague.id });
    expect(never.body.reason).toBe('never');
    const refused = (await w.staff.get(`${API}/refusals?siteId=${w.siteId}`)).body.find((r: { supervisorId: string | null }) => r.supervisorId === w.colleague.id);
    expect(refused).toMatchObject({ reason: 'never', supervisorName: w.colleague.displayName });
    const res = await checkOut(monday.id, { kind: 'person', name: '周 强', idLast4: UNCLE.idLast4 }, { supervisorId: w.colleague.id });
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { childId: string }) => r.childId === ming.id);
    expect(row).toMatchObject({ state: 'checked_out', checkedOutAt: '2026-12-07T09:00:00.000Z', collection: { basis: 'emergency', supervisorId: w.colleague.id, identity: { name: '周 强', idLast4: '4567' } } });
    const again = await checkOut(monday.id, person(GRANDMA));
    expect([again.status, fieldsOf(again)]).toEqual([409, ['childId']]);
    expect((await w.parent.post(`${API}/sessions/${monday.id}/check-out`, { childId: ming.id, claimant: person(GRANDMA) })).status).toBe(403);
    expect((await w.outsider.post(`${API}/sessions/${monday.id}/check-out`, { childId: ming.id, claimant: person(GRANDMA) })).status).toBe(404);
    expect((await w.staff.post(`${API}/sessions/${monday.id}/check-out`, { childId: ming.id, claimant: { kind: 'person', name: 'x', idLast4: '12' } })).status).toBe(400);
  });

  it('when a child is still present at the end, then it is listed, and escalated 15 minutes later', async () => {
    w.clock.set(at('16:00'));
    await w.staff.post(`${API}/sessions/${monday.id}/check-in`, { childId: hong.id });
    w.clock.set(at('18:31'));
    expect((await w.staff.get(`${API}/alerts?siteId=${w.siteId}`)).body.map((a: { kind: string; childId: string }) => [a.kind, a.childId])).toEqual([['still_present', hong.id]]);
    w.clock.set(at('18:46'));
    expect((await w.staff.get(`${API}/alerts?siteId=${w.siteId}`)).body.map((a: { kind: string }) => a.kind)).toEqual(['still_present_escalated']);
    expect((await w.staff.post(`${API}/sessions/${monday.id}/check-out`, { childId: hong.id, claimant: { kind: 'alone' } })).body.reason).toBe('alone_not_allowed_today');
  });

  it('when the delegated friend comes on her day, within her window, then the child goes with her; on that day the child may also leave alone', async () => {
    w.clock.set(at('15:40', TUESDAY));
    await w.staff.post(`${API}/sessions/${tuesday.id}/check-in`, { childId: ming.id });
    const sheet = await sheetOf(tuesday.id);
    expect(sheet.rows.map((r: { name: string }) => r.name)).toEqual(['小明']);
    expect(sheet.rows[0]).toMatchObject({ mayLeaveAloneToday: true, delegationsToday: [expect.objectContaining({ name: FRIEND.name, from: '16:00', until: '19:00' })] });
    expect((await checkOut(tuesday.id, person(FRIEND))).body.reason).toBe('delegation_outside_window');
    w.clock.set(at('17:15', TUESDAY));
    const res = await checkOut(tuesday.id, person(FRIEND));
    expect(res.status).toBe(200);
    expect(res.body.rows[0].collection).toMatchObject({ basis: 'delegation', identity: { name: FRIEND.name } });
    w.clock.set(NINE_AM);
  });
});
