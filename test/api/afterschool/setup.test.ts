import { AfterSchoolNotification } from '../../../api/modules/afterschool/afterschool.entity';
import { deliverNotifications, type OutgoingMessage } from '../../../api/modules/afterschool/notifications';
import { API, afterschoolWorld, enrolDirectly, NINE_AM, TERM, World } from './world';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field) ?? [];

describe('after-school terms, groups and sessions', () => {
  let w: World;
  beforeAll(async () => {
    w = await afterschoolWorld();
  });
  afterAll(() => w.close());

  it('when no settings are stored, then the site runs on Shenzhen’s ratio and the 30/15-minute door; only an admin may change them', async () => {
    const read = await w.staff.get(`${API}/settings?siteId=${w.siteId}`);
    expect(read.body).toEqual({ siteId: w.siteId, ratioBaseChildren: 25, ratioBaseStaff: 2, ratioChildrenPerExtraStaff: 20, checkInWithinMinutes: 30, escalateAfterMinutes: 15 });
    const body = { ...read.body, checkInWithinMinutes: 20 };
    expect((await w.staff.put(`${API}/settings`, body)).status).toBe(403);
    expect((await w.parent.put(`${API}/settings`, body)).status).toBe(403);
    expect((await w.operator.put(`${API}/settings`, { ...body, ratioBaseStaff: 0 })).status).toBe(400);
    const written = await w.operator.put(`${API}/settings`, body);
    expect(written.status).toBe(200);
    expect(written.body.checkInWithinMinutes).toBe(20);
    await w.operator.put(`${API}/settings`, { ...body, checkInWithinMinutes: 30 });
    expect((await w.outsider.get(`${API}/settings?siteId=${w.siteId}`)).status).toBe(404);
  });

  it('when a term is opened with bad input, then 400 or 422 names the field; the site’s staff open it and families read it', async () => {
    const cases: [object, string][] = [
      [{ from: '2026-12-32' }, 'from'],
      [{ to: '2026-11-30' }, 'to'],
      [{ kind: 'summer' }, 'kind'],
      [{ name: '' }, 'name'],
      [{ makeupFollows: { '2026-12-05': 6 } }, 'makeupFollows.2026-12-05'],
    ];
    for (const [fields, field] of cases) {
      const res = await w.staff.post(`${API}/periods`, { siteId: w.siteId, ...TERM, ...fields });
      expect({ fields, status: res.status, errors: fieldsOf(res) }).toEqual({ fields, status: 400, errors: expect.arrayContaining([field]) });
    }
    const outside = await w.staff.post(`${API}/periods`, { siteId: w.siteId, ...TERM, closedDates: ['2027-01-04'] });
    expect([outside.status, fieldsOf(outside)]).toEqual([422, ['closedDates.0']]);
    expect((await w.parent.post(`${API}/periods`, { siteId: w.siteId, ...TERM })).status).toBe(403);
    expect((await w.childcare.post(`${API}/periods`, { siteId: w.siteId, ...TERM })).status).toBe(403);
    expect((await w.outsider.post(`${API}/periods`, { siteId: w.siteId, ...TERM })).status).toBe(404);
    const term = await w.openTerm();
    expect(term).toMatchObject({ siteId: w.siteId, kind: 'term', from: TERM.from, to: TERM.to, makeupFollows: {}, closedDates: [] });
    const listed = await w.parent.get(`${API}/periods?siteId=${w.siteId}`);
    expect(listed.body.map((p: { id: string }) => p.id)).toContain(term.id);
    expect((await w.outsiderParent.get(`${API}/periods?siteId=${w.siteId}`)).status).toBe(404);
  });

  it('when a Mon–Fri group opens for an autumn term, then its sessions skip 国庆 and 中秋 and include the 调休 Sunday and Saturday; a Tue/Thu group meets on a 调休 day only where the site says it keeps its weekday', async () => {
    w.clock.set('2026-09-01T09:00:00+08:00');
    try {
      const term = await w.openTerm({ name: '秋季学期', from: '2026-09-14', to: '2026-10-16', makeupFollows: { '2026-10-10': 2 } });
      const daily = await w.openGroup(term.id);
      expect(daily).toMatchObject({ holidaysKnown: true, fivePlusTwo: { meets: true, shortfalls: [] } });
      const sessions = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-09-14&to=2026-10-16&groupId=${daily.id}`)).body as { date: string }[];
      const dates = sessions.map((s) => s.date);
      expect(dates).toContain('2026-09-20');
      expect(dates).toContain('2026-10-10');
      for (const holiday of ['2026-09-25', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) expect(dates).not.toContain(holiday);
      expect(dates).not.toContain('2026-09-19');
      expect(daily.sessions).toBe(dates.length);
      const tueThu = await w.openGroup(term.id, { weekdays: [2, 4], start: '15:00', end: '17:00' });
      expect(tueThu.fivePlusTwo.meets).toBe(false);
      expect(tueThu.fivePlusTwo.shortfalls.map((s: { code: string }) => s.code)).toEqual(['fewer_than_five_days', 'ends_too_early']);
      const twoDays = ((await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-09-14&to=2026-10-16&groupId=${tueThu.id}`)).body as { date: string }[]).map((s) => s.date);
      expect(twoDays).toContain('2026-10-10');
      expect(twoDays).not.toContain('2026-09-20');
    } finally {
      w.clock.set(NINE_AM);
    }
  });

  it('when a group is opened with bad input, then 400 or 422 names the field', async () => {
    const term = await w.openTerm();
    const cases: [object, string, number][] = [
      [{ weekdays: [] }, 'weekdays', 400],
      [{ weekdays: [6] }, 'weekdays.0', 400],
      [{ weekdays: [1, 1] }, 'weekdays', 400],
      [{ start: '15:70' }, 'start', 400],
      [{ end: '15:00' }, 'end', 400],
      [{ minAge: 5 }, 'minAge', 400],
      [{ minAge: 10, maxAge: 8 }, 'maxAge', 400],
      [{ capacity: 0 }, 'capacity', 400],
      [{ grades: { from: 3, to: 2 } }, 'grades.to', 400],
      [{ periodId: 'no-such-term' }, 'periodId', 422],
    ];
    for (const [fields, field, status] of cases) {
      const res = await w.staff.post(`${API}/groups`, { siteId: w.siteId, periodId: term.id, name: '组', room: '1', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1, 2, 3, 4, 5], start: '15:30', end: '18:30', ...fields });
      expect({ fields, status: res.status, errors: fieldsOf(res) }).toEqual({ fields, status, errors: expect.arrayContaining([field]) });
    }
    const otherTerm = await w.outsider.post(`${API}/periods`, { siteId: w.other.site.id, ...TERM });
    const res = await w.staff.post(`${API}/groups`, { siteId: w.siteId, periodId: otherTerm.body.id, name: '组', room: '1', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1], start: '15:30', end: '18:30' });
    expect([res.status, fieldsOf(res)]).toEqual([422, ['periodId']]);
  });

  it('when a session is cancelled or moved, then every family expected is told through the outbox, which the log sender (or any channel) sends once', async () => {
    const term = await w.openTerm();
    const group = await w.openGroup(term.id);
    const a = await w.family();
    const b = await w.family();
    await enrolDirectly(w.em(), group, a.household.id, a.user.id, 1, [3]);
    await enrolDirectly(w.em(), group, b.household.id, b.user.id, 2, [3]);
    const sessions = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-09&to=2026-12-10&groupId=${group.id}`)).body as { id: string; date: string; expected: number }[];
    const [wednesday, thursday] = sessions;
    expect([wednesday.expected, thursday.expected]).toEqual([3, 0]);

    expect((await w.parent.post(`${API}/sessions/${wednesday.id}/cancel`, { reason: '停电' })).status).toBe(403);
    expect((await w.outsider.post(`${API}/sessions/${wednesday.id}/cancel`, { reason: '停电' })).status).toBe(404);
    expect(fieldsOf(await w.staff.post(`${API}/sessions/${wednesday.id}/cancel`, {}))).toEqual(['reason']);
    const cancelled = await w.staff.post(`${API}/sessions/${wednesday.id}/cancel`, { reason: '停电检修' });
    expect(cancelled.status).toBe(200);
    // Three children of two families were expected: the answer counts families told, not children.
    expect(cancelled.body).toMatchObject({ cancelled: true, note: '停电检修', expected: 0, familiesTold: 2 });
    expect((await w.staff.post(`${API}/sessions/${wednesday.id}/cancel`, { reason: 'again' })).status).toBe(409);
    const outbox = (await w.staff.get(`${API}/notifications?siteId=${w.siteId}`)).body as { householdId: string; householdName: string; kind: string; body: string; status: string }[];
    const cancelledNotes = outbox.filter((n) => n.kind === 'session_cancelled');
    expect(cancelledNotes.map((n) => n.householdId).sort()).toEqual([a.household.id, b.household.id].sort());
    expect(cancelledNotes.map((n) => n.householdName).sort()).toEqual([a.household.name, b.household.name].sort());
    expect(cancelledNotes[0]).toMatchObject({ status: 'pending' });
    expect(cancelledNotes[0].body).toContain('停电检修');

    const later = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-16&to=2026-12-16&groupId=${group.id}`)).body[0];
    const bad: [object, string, number][] = [
      [{ date: '2026-12-19', start: '15:30', end: '18:30', reason: '调整' }, 'to.date', 422],
      [{ date: '2026-12-04', start: '15:30', end: '18:30', reason: '调整' }, 'date', 422],
      [{ date: '2026-12-18', start: '18:30', end: '15:30', reason: '调整' }, 'end', 400],
    ];
    for (const [body, field, status] of bad) {
      const res = await w.staff.post(`${API}/sessions/${later.id}/move`, body);
      expect({ body, status: res.status, errors: fieldsOf(res) }).toEqual({ body, status, errors: [field] });
    }
    const moved = await w.staff.post(`${API}/sessions/${later.id}/move`, { date: '2026-12-18', start: '14:00', end: '17:30', reason: '学校活动' });
    expect(moved.body).toMatchObject({ date: '2026-12-18', start: '14:00', end: '17:30', movedFrom: '2026-12-16', expected: 3, familiesTold: 2 });
    expect((await w.em().count(AfterSchoolNotification, { siteId: w.siteId, kind: 'session_moved' }))).toBe(2);

    const sent: OutgoingMessage[] = [];
    const failing = { channel: 'sms', send: async () => Promise.reject(new Error('gateway down')) };
    expect(await deliverNotifications(w.em(), failing, w.clock)).toBe(0);
    // Other stories' messages may share the database (MariaDB): count this story's families only.
    const ours = () => sent.filter((m) => [a.household.id, b.household.id].includes(m.householdId));
    const channel = { channel: 'sms', send: async (m: OutgoingMessage) => void sent.push(m) };
    await deliverNotifications(w.em(), channel, w.clock, 100_000);
    expect(ours()).toHaveLength(4);
    await deliverNotifications(w.em(), channel, w.clock, 100_000);
    expect(ours()).toHaveLength(4);
    expect(sent.filter((m) => m.householdId === a.household.id)).toHaveLength(2);
    expect(await w.em().count(AfterSchoolNotification, { siteId: w.siteId, status: 'sent', channel: 'sms' })).toBe(4);
  });

  it('when a notice is queued and later sent, then both times are the app clock’s, not the machine’s', async () => {
    const term = await w.openTerm();
    const group = await w.openGroup(term.id);
    const fam = await w.family();
    await enrolDirectly(w.em(), group, fam.household.id, fam.user.id, 1, [3]);
    const session = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-30&to=2026-12-30&groupId=${group.id}`)).body[0];
    try {
      w.clock.set('2026-12-29T16:45:00+08:00');
      expect((await w.staff.post(`${API}/sessions/${session.id}/cancel`, { reason: '跨年检修' })).status).toBe(200);
      w.clock.set('2026-12-29T16:46:30+08:00');
      await deliverNotifications(w.em(), { channel: 'sms', send: async () => {} }, w.clock, 100_000);
      const outbox = (await w.staff.get(`${API}/notifications?siteId=${w.siteId}`)).body as { householdId: string; createdAt: string; sentAt: string | null }[];
      expect(outbox.filter((n) => n.householdId === fam.household.id)).toEqual([
        expect.objectContaining({ createdAt: '2026-12-29T08:45:00.000Z', sentAt: '2026-12-29T08:46:30.000Z' }),
      ]);
    } finally {
      w.clock.set(NINE_AM);
    }
  });

  it('when the children expected cross 25 and 45, then the roster flags a session short of staff and offers a free staff member as the fix', async () => {
    const term = await w.openTerm();
    const big = await w.openGroup(term.id, { capacity: 60 });
    const fam = await w.family();
    const staffId = w.home.users.afterschool_staff.id;
    const colleagueId = w.colleague.id;
    const flagOn = async (n: number, staffIds: string[]) => {
      const session = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-21&to=2026-12-21&groupId=${big.id}`)).body[0];
      expect(session.expected).toBe(n);
      const res = await w.staff.put(`${API}/sessions/${session.id}/roster`, { staffIds });
      expect(res.status).toBe(200);
      return res.body.ratio;
    };
    await enrolDirectly(w.em(), big, fam.household.id, fam.user.id, 25, [1]);
    expect(await flagOn(25, [staffId, colleagueId])).toMatchObject({ basis: 'expected', children: 25, needed: 2, short: 0, words: null });
    await enrolDirectly(w.em(), big, fam.household.id, fam.user.id, 1, [1]);
    const at26 = await flagOn(26, [staffId]);
    expect(at26).toMatchObject({ children: 26, needed: 3, short: 2, fix: [{ id: colleagueId }] });
    expect(at26.words.en).toContain('only 1 free to add');
    expect(await flagOn(26, [staffId, colleagueId])).toMatchObject({ needed: 3, short: 1, fix: [] });
    await enrolDirectly(w.em(), big, fam.household.id, fam.user.id, 19, [1]);
    expect(await flagOn(45, [staffId])).toMatchObject({ needed: 3, short: 2 });
    await enrolDirectly(w.em(), big, fam.household.id, fam.user.id, 1, [1]);
    expect(await flagOn(46, [staffId])).toMatchObject({ needed: 4, short: 3, fix: [{ id: colleagueId }] });

    // A colleague working an overlapping session that day is not free.
    const small = await w.openGroup(term.id);
    const smallSession = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-21&to=2026-12-21&groupId=${small.id}`)).body[0];
    expect((await w.staff.put(`${API}/sessions/${smallSession.id}/roster`, { staffIds: [colleagueId] })).status).toBe(200);
    expect((await flagOn(46, [staffId])).fix).toEqual([]);

    const session = (await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-21&to=2026-12-21&groupId=${big.id}`)).body[0];
    const notStaff = await w.staff.put(`${API}/sessions/${session.id}/roster`, { staffIds: [w.home.users.canteen_staff.id] });
    expect([notStaff.status, fieldsOf(notStaff)]).toEqual([422, ['staffIds.0']]);
    expect((await w.staff.put(`${API}/sessions/${session.id}/roster`, { staffIds: [staffId, staffId] })).status).toBe(400);
    expect((await w.parent.put(`${API}/sessions/${session.id}/roster`, { staffIds: [] })).status).toBe(403);
    expect((await w.outsider.put(`${API}/sessions/${session.id}/roster`, { staffIds: [] })).status).toBe(404);
  });

  it('when the week’s roster and the attendance are exported, then they are XLSX workbooks with a row per session and per child', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const roster = await w.staff.get(`${API}/roster.xlsx?siteId=${w.siteId}&weekStart=2026-12-21`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(roster.status).toBe(200);
    expect(roster.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(roster.body);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('日期 Date');
    expect(sheet.rowCount).toBeGreaterThan(1);
    const shortRows = sheet.getSheetValues().filter((r) => Array.isArray(r) && r[1] === '2026-12-21' && Number(r[9]) > 0);
    expect(shortRows.length).toBeGreaterThan(0);

    const attendance = await w.staff.get(`${API}/attendance.xlsx?siteId=${w.siteId}&from=2026-12-21&to=2026-12-21`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(attendance.status).toBe(200);
    const att = new ExcelJS.Workbook();
    await att.xlsx.load(attendance.body);
    expect(att.worksheets[0].rowCount).toBeGreaterThan(46);
    expect((await w.staff.get(`${API}/attendance.xlsx?siteId=${w.siteId}&from=2026-12-21&to=2027-06-21`)).status).toBe(422);
    expect((await w.staff.get(`${API}/roster.xlsx?siteId=${w.siteId}&weekStart=someday`)).status).toBe(400);
    expect((await w.parent.get(`${API}/roster.xlsx?siteId=${w.siteId}&weekStart=2026-12-21`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/attendance.xlsx?siteId=${w.siteId}&from=2026-12-21&to=2026-12-21`)).status).toBe(404);
  });

  it('when sessions are read over too long a range or backwards, then 422 or 400 names to; parents and other sites may not read them', async () => {
    expect(fieldsOf(await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-01&to=2027-03-01`))).toEqual(['to']);
    expect((await w.staff.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-10&to=2026-12-01`)).status).toBe(400);
    expect((await w.parent.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-01&to=2026-12-02`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/sessions?siteId=${w.siteId}&from=2026-12-01&to=2026-12-02`)).status).toBe(404);
    expect((await w.parent.get(`${API}/notifications?siteId=${w.siteId}`)).status).toBe(403);
    expect((await w.outsider.get(`${API}/notifications?siteId=${w.siteId}`)).status).toBe(404);
    expect((await w.parent.get(`${API}/groups?siteId=${w.siteId}`)).status).toBe(200);
    expect((await w.outsiderParent.get(`${API}/groups?siteId=${w.siteId}`)).status).toBe(404);
  });
});
