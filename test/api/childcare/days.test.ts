import { absentDaysOf } from '../../../api/modules/childcare/attendance.queries';
import { Client } from '../support/app';
import { makeChildcareClass, makeChildcareEnrolment } from '../support/factories';
import { API, childcareWorld, MONDAY, NINE_AM, type World } from './world';

const TUESDAY = '2026-12-08';
const SUNDAY = '2026-12-06';
const normal = { temperatureTenths: 365, findings: ['normal'], admitted: true };

describe('childcare days: the 晨检, in and out, absences and carers on duty', () => {
  let w: World;
  /** The home family's child, and a neighbour's child, in an infant class (1:3) of the home site. */
  let classId: string;
  let mine: string;
  let neighbours: string;
  let neighbour: Client;
  let outsiderEnrolment: string;

  beforeAll(async () => {
    w = await childcareWorld();
    const em = w.em();
    const c = await makeChildcareClass(em, w.siteId, { kind: 'infant', name: '乳儿一班' });
    c.childrenPerCarer = 3;
    await em.flush();
    classId = c.id;
    mine = (await makeChildcareEnrolment(em, w.siteId, w.home.household.id, classId, w.home.users.parent.id, { childName: '周小满' })).enrolment.id;
    const family = await w.family();
    neighbour = family.client;
    neighbours = (await makeChildcareEnrolment(em, w.siteId, family.household.id, classId, w.home.users.parent.id, { childName: '王小雨' })).enrolment.id;
    const otherClass = await makeChildcareClass(em, w.other.site.id);
    outsiderEnrolment = (await makeChildcareEnrolment(em, w.other.site.id, w.other.household.id, otherClass.id, w.other.users.parent.id)).enrolment.id;
  });
  afterAll(() => w.close());

  const day = (id: string, date = MONDAY) => `${API}/enrolments/${id}/days/${date}`;

  describe('the morning check', () => {
    let child: string;
    beforeAll(async () => {
      child = (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, classId, w.home.users.parent.id, { childName: '周晨检' })).enrolment.id;
    });

    it('staff record it, correct it the same day, and the day keeps who and when of each', async () => {
      const first = await w.staff.put(`${day(child)}/health-check`, { temperatureTenths: 368, findings: ['cough'], admitted: true, note: '轻微咳嗽' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: 'expected', healthCheck: { temperatureTenths: 368, findings: ['cough'], admitted: true, note: '轻微咳嗽', time: '09:00' } });
      const corrected = await w.staff.put(`${day(child)}/health-check`, normal);
      expect(corrected.body.healthCheck).toMatchObject({ findings: ['normal'], note: null });
      expect(corrected.body.history).toEqual([
        { what: 'health_check', by: w.home.users.childcare_staff.displayName, at: expect.any(String), corrected: false },
        { what: 'health_check', by: w.home.users.childcare_staff.displayName, at: expect.any(String), corrected: true },
      ]);
    });

    it('when the child has a fever and is admitted, then 422 names admitted and nothing is written', async () => {
      const res = await w.staff.put(`${day(child)}/health-check`, { temperatureTenths: 381, findings: ['fever'], admitted: true });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'admitted' })]);
      const sheet = await w.staff.get(`${API}/days?siteId=${w.siteId}`);
      const row = sheet.body.classes[0].children.find((k: { enrolmentId: string }) => k.enrolmentId === child);
      expect(row.healthCheck.findings).toEqual(['normal']);
    });

    it('bad input is a 400 naming the field; another day is a 422; a missing child 404', async () => {
      for (const [body, field] of [
        [{ ...normal, findings: [] }, 'findings'],
        [{ ...normal, findings: ['sneezing'] }, 'findings.0'],
        [{ ...normal, temperatureTenths: 36.5 }, 'temperatureTenths'],
        [{ ...normal, temperatureTenths: 500 }, 'temperatureTenths'],
        [{ findings: ['normal'], admitted: true }, 'temperatureTenths'],
      ] as const) {
        const res = await w.staff.put(`${day(child)}/health-check`, body);
        expect({ status: res.status, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: [field] });
      }
      expect((await w.staff.put(`${day(child, '2026-12-7')}/health-check`, normal)).status).toBe(400);
      const other = await w.staff.put(`${day(child, TUESDAY)}/health-check`, normal);
      expect([other.status, other.body.errors[0].field]).toEqual([422, 'date']);
      expect((await w.staff.put(`${day('no-such-enrolment')}/health-check`, normal)).status).toBe(404);
    });

    it('a parent or the canteen may not record it (403); staff of another site get 404', async () => {
      expect((await w.parent.put(`${day(child)}/health-check`, normal)).status).toBe(403);
      expect((await w.canteen.put(`${day(child)}/health-check`, normal)).status).toBe(403);
      expect((await w.outsider.put(`${day(child)}/health-check`, normal)).status).toBe(404);
    });
  });

  describe('in and out', () => {
    let child: string;
    beforeAll(async () => {
      child = (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, classId, w.home.users.parent.id, { childName: '周入园' })).enrolment.id;
    });

    it('staff check a child in once (a replayed key answers the same; a second press is a 409) and correct the time', async () => {
      const first = await w.staff.post(`${day(child)}/check-in`, {}, { 'Idempotency-Key': 'in-1' });
      expect([first.status, first.body.state, first.body.checkIn.time]).toEqual([200, 'present', '09:00']);
      const replay = await w.staff.post(`${day(child)}/check-in`, {}, { 'Idempotency-Key': 'in-1' });
      expect(replay.body).toEqual(first.body);
      const again = await w.staff.post(`${day(child)}/check-in`, {});
      expect([again.status, again.body.errors[0].field]).toEqual([409, 'at']);
      const corrected = await w.staff.post(`${day(child)}/check-in`, { at: '08:10' });
      expect([corrected.status, corrected.body.checkIn.time, corrected.body.history.map((h: { corrected: boolean }) => h.corrected)]).toEqual([200, '08:10', [false, true]]);
    });

    it('when staff press 入园 for one child at once from several desks, then one check-in is recorded and the others are told it is done (409)', async () => {
      const busy = (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, classId, w.home.users.parent.id)).enrolment.id;
      const desks = [w.staff, w.operator, w.staff, w.operator, w.staff, w.operator, w.staff, w.operator];
      const answers = await Promise.all(desks.map((desk) => desk.post(`${day(busy)}/check-in`, {})));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      const month = await w.staff.get(`${API}/enrolments/${busy}/days?month=2026-12`);
      expect(month.body.days.find((d: { date: string }) => d.date === MONDAY).history).toHaveLength(1);
    });

    it('a time in the future or out before in is a 422; a malformed time a 400', async () => {
      expect((await w.staff.post(`${day(child)}/check-in`, { at: '10:00' })).body.errors[0].field).toBe('at');
      const early = await w.staff.post(`${day(child)}/check-out`, { at: '08:00' });
      expect([early.status, early.body.errors[0].field]).toEqual([422, 'at']);
      const bad = await w.staff.post(`${day(child)}/check-out`, { at: '8:5' });
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'at']);
      const out = await w.staff.post(`${day(child)}/check-out`, { at: '08:50' });
      expect([out.status, out.body.state, out.body.checkOut.time]).toEqual([200, 'left', '08:50']);
      expect((await w.staff.post(`${day(child)}/check-out`, {})).status).toBe(409);
      expect((await w.staff.post(`${day(child)}/check-in`, { at: '08:55' })).body.errors[0].message).toContain('check-out');
    });

    it('a child not checked in cannot be checked out, and one sent home at the morning check cannot be checked in (422)', async () => {
      const sent = (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, classId, w.home.users.parent.id)).enrolment.id;
      expect((await w.staff.post(`${day(sent)}/check-out`, {})).status).toBe(422);
      await w.staff.put(`${day(sent)}/health-check`, { temperatureTenths: 385, findings: ['fever'], admitted: false });
      const res = await w.staff.post(`${day(sent)}/check-in`, {});
      expect([res.status, res.body.errors[0].field]).toEqual([422, 'enrolmentId']);
    });

    it('a child not yet enrolled that day cannot be checked in (422); parents and other sites may not (403, 404)', async () => {
      const later = (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, classId, w.home.users.parent.id, { fromDate: '2027-01-04' })).enrolment.id;
      expect((await w.staff.post(`${day(later)}/check-in`, {})).status).toBe(422);
      expect((await w.parent.post(`${day(mine)}/check-in`, {})).status).toBe(403);
      expect((await w.outsider.post(`${day(mine)}/check-in`, {})).status).toBe(404);
      expect((await w.outsider.post(`${day(mine)}/check-out`, {})).status).toBe(404);
    });
  });

  describe('absences', () => {
    it('a parent marks its child absent ahead over a span (only open days), sees it, and cancels it', async () => {
      const res = await w.parent.post(`${API}/enrolments/${mine}/absences`, { from: TUESDAY, to: '2026-12-14', reason: 'holiday', note: '回老家' });
      expect(res.status).toBe(201);
      expect(res.body.map((d: { date: string }) => d.date)).toEqual(['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14']);
      expect(res.body[0]).toMatchObject({ state: 'absent', absence: { reason: 'holiday', note: '回老家', markedBy: 'parent' } });
      const month = await w.parent.get(`${API}/enrolments/${mine}/days?month=2026-12`);
      expect(month.body.absent).toEqual({ sick: 0, leave: 0, holiday: 5 });
      const cancelled = await w.parent.delete(`${day(mine, '2026-12-14')}/absence`);
      expect([cancelled.status, cancelled.body.state, cancelled.body.absence]).toEqual([200, 'expected', null]);
      expect((await w.parent.delete(`${day(mine, '2026-12-14')}/absence`)).status).toBe(404);
    });

    it('a parent may not mark a past day, a weekend, a span longer than a month, or one ending before it begins (422)', async () => {
      for (const [body, field] of [
        [{ from: '2026-12-04', reason: 'sick' }, 'from'],
        [{ from: '2026-12-13', reason: 'sick' }, 'from'],
        [{ from: TUESDAY, to: '2027-01-20', reason: 'leave' }, 'to'],
        [{ from: TUESDAY, to: MONDAY, reason: 'leave' }, 'to'],
      ] as const) {
        const res = await w.parent.post(`${API}/enrolments/${mine}/absences`, body);
        expect({ status: res.status, field: res.body.errors?.[0].field }).toEqual({ status: 422, field });
      }
      const bad = await w.parent.post(`${API}/enrolments/${mine}/absences`, { from: TUESDAY, reason: 'bored' });
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'reason']);
    });

    it('staff mark a sick day today; the parent may neither overwrite nor cancel it; a morning check clears an absence when the child comes after all', async () => {
      const sick = await w.staff.post(`${API}/enrolments/${mine}/absences`, { from: '2026-12-15', reason: 'sick' });
      expect(sick.body[0].absence).toMatchObject({ markedBy: 'staff', by: w.home.users.childcare_staff.displayName });
      expect((await w.parent.post(`${API}/enrolments/${mine}/absences`, { from: '2026-12-15', reason: 'leave' })).status).toBe(422);
      expect((await w.parent.delete(`${day(mine, '2026-12-15')}/absence`)).body.errors[0].message).toContain('staff');
      const today = await w.staff.post(`${API}/enrolments/${mine}/absences`, { from: MONDAY, reason: 'sick' });
      expect(today.status).toBe(201);
      const came = await w.staff.put(`${day(mine)}/health-check`, normal);
      expect([came.body.state, came.body.absence, came.body.history.map((h: { what: string }) => h.what)]).toEqual(['expected', null, ['absence', 'health_check', 'absence_cancelled']]);
      const late = await w.parent.post(`${API}/enrolments/${mine}/absences`, { from: MONDAY, reason: 'leave' });
      expect(late.body.errors[0].message).toContain('begun');
    });

    it('a parent of another household, and another site’s parent and staff, get 404; the canteen 403', async () => {
      const body = { from: TUESDAY, reason: 'leave' };
      expect((await neighbour.post(`${API}/enrolments/${mine}/absences`, body)).status).toBe(404);
      expect((await neighbour.get(`${API}/enrolments/${mine}/days?month=2026-12`)).status).toBe(404);
      expect((await neighbour.delete(`${day(mine, TUESDAY)}/absence`)).status).toBe(404);
      expect((await w.outsiderParent.post(`${API}/enrolments/${mine}/absences`, body)).status).toBe(404);
      expect((await w.outsider.post(`${API}/enrolments/${mine}/absences`, body)).status).toBe(404);
      expect((await w.parent.post(`${API}/enrolments/${outsiderEnrolment}/absences`, body)).status).toBe(404);
      expect((await w.canteen.post(`${API}/enrolments/${mine}/absences`, body)).status).toBe(403);
      expect((await neighbour.post(`${API}/enrolments/${neighbours}/absences`, body)).status).toBe(201);
    });

    it('absentDaysOf gives each child enrolled in the month its marked absent days by reason, for the fee rules', async () => {
      const em = w.em();
      const rows = await absentDaysOf(em, w.siteId, '2026-12');
      const of = (id: string) => rows.find((r) => r.enrolmentId === id)!.days;
      expect(of(mine)).toEqual({ sick: ['2026-12-15'], leave: [], holiday: ['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'] });
      expect(of(neighbours)).toEqual({ sick: [], leave: ['2026-12-08'], holiday: [] });
      expect(rows.find((r) => r.enrolmentId === outsiderEnrolment)).toBeUndefined();
      expect(await absentDaysOf(em, w.siteId, '2026-11')).toEqual(expect.arrayContaining([expect.objectContaining({ enrolmentId: mine, days: { sick: [], leave: [], holiday: [] } })]));
      expect((await absentDaysOf(em, w.siteId, '2026-08')).find((r) => r.enrolmentId === mine)).toBeUndefined();
      await expect(absentDaysOf(em, w.siteId, '2026-13')).rejects.toThrow(RangeError);
    });
  });

  describe('carers on duty and the ratio', () => {
    it('with children expected and too few carers, the class warns by its name; enough carers clear it', async () => {
      const none = await w.staff.get(`${API}/days?siteId=${w.siteId}&date=${MONDAY}`);
      const infants = none.body.classes.find((c: { classId: string }) => c.classId === classId);
      expect(infants.carers).toEqual([]);
      expect(infants.short).toBe(infants.carersNeeded);
      expect(infants.warning.zh).toContain('乳儿一班');
      const one = await w.staff.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: ['李静'] });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ carers: ['李静'], childrenPerCarer: 3 });
      expect(one.body.carersNeeded).toBe(Math.ceil(one.body.childrenCounted / 3));
      const enough = await w.staff.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: ['李静', '王芳', '张敏'] });
      expect([enough.body.short, enough.body.warning]).toEqual([0, null]);
    });

    it('a past day is 422, bad names 400; parents and the canteen may not (403), another site 404', async () => {
      expect((await w.staff.put(`${API}/classes/${classId}/days/2026-12-04/duty`, { carers: ['李静'] })).status).toBe(422);
      const bad = await w.staff.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: [''] });
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'carers.0']);
      expect((await w.parent.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: [] })).status).toBe(403);
      expect((await w.canteen.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: [] })).status).toBe(403);
      expect((await w.outsider.put(`${API}/classes/${classId}/days/${MONDAY}/duty`, { carers: [] })).status).toBe(404);
    });
  });

  describe('reading', () => {
    it('the sheet lists each class’s expected children by name; parents may not read it (403), another site’s staff 404', async () => {
      const sheet = await w.staff.get(`${API}/days?siteId=${w.siteId}`);
      expect(sheet.status).toBe(200);
      expect(sheet.body).toMatchObject({ siteId: w.siteId, date: MONDAY, open: true });
      const names = sheet.body.classes.find((c: { classId: string }) => c.classId === classId).children.map((k: { childName: string }) => k.childName);
      expect(names).toEqual(expect.arrayContaining(['周小满', '王小雨']));
      expect((await w.staff.get(`${API}/days?siteId=${w.siteId}&date=2026-02-30`)).status).toBe(400);
      expect((await w.parent.get(`${API}/days?siteId=${w.siteId}`)).status).toBe(403);
      expect((await w.outsider.get(`${API}/days?siteId=${w.siteId}`)).status).toBe(404);
    });

    it('a parent lists its own enrolled children and reads their month; staff list the site’s', async () => {
      const own = await w.parent.get(`${API}/enrolments?siteId=${w.siteId}`);
      expect(own.status).toBe(200);
      expect(own.body.map((e: { childName: string }) => e.childName)).toContain('周小满');
      expect(own.body.map((e: { childName: string }) => e.childName)).not.toContain('王小雨');
      expect(own.body[0]).toMatchObject({ className: '乳儿一班', mode: 'full_day' });
      const all = await w.staff.get(`${API}/enrolments?siteId=${w.siteId}`);
      expect(all.body.map((e: { childName: string }) => e.childName)).toEqual(expect.arrayContaining(['周小满', '王小雨']));
      const month = await w.parent.get(`${API}/enrolments/${mine}/days?month=2026-12`);
      expect(month.body.days.map((d: { date: string }) => d.date)).not.toContain(SUNDAY);
      expect(month.body.days).toHaveLength(23);
      expect((await w.parent.get(`${API}/enrolments/${mine}/days?month=2026-13`)).status).toBe(400);
      expect((await w.parent.get(`${API}/enrolments/${mine}/days`)).body.month).toBe('2026-12');
      expect((await w.outsider.get(`${API}/enrolments?siteId=${w.siteId}`)).status).toBe(404);
    });
  });

  it('on a day the centre does not open, a child who came is still recorded and alone counts for the ratio; no absence is marked', async () => {
    const saturday = '2026-12-12';
    w.clock.set(`${saturday}T09:00:00+08:00`);
    try {
      const c = await makeChildcareClass(w.em(), w.siteId, { name: '周末班' });
      const [came, away] = await Promise.all(
        ['周六来', '周六不来'].map(async (childName) => (await makeChildcareEnrolment(w.em(), w.siteId, w.home.household.id, c.id, w.home.users.parent.id, { childName })).enrolment.id),
      );
      expect((await w.staff.post(`${day(came, saturday)}/check-in`, {})).status).toBe(200);
      const sheet = await w.staff.get(`${API}/days?siteId=${w.siteId}`);
      expect(sheet.body).toMatchObject({ date: saturday, open: false });
      expect(sheet.body.classes.find((k: { classId: string }) => k.classId === c.id)).toMatchObject({ childrenCounted: 1, carersNeeded: 1 });
      const absent = await w.staff.post(`${API}/enrolments/${away}/absences`, { from: saturday, reason: 'leave' });
      expect([absent.status, absent.body.errors[0].message]).toEqual([422, expect.stringContaining('weekend')]);
    } finally {
      w.clock.set(NINE_AM);
    }
  });
});
