import { AfterSchoolAttendance } from '../../../api/modules/afterschool/afterschool.entity';
import { ServedUnit, ServedUnitShare } from '../../../api/modules/costsharing/served-unit.entity';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { childIdNumber, makeFamily, makePricedSite } from '../support/factories';
import { API, at, BORN, NINE_AM, TERM } from './world';

/** At a site that prices the after-school line (the 幸福里 demo cost model): each attended session is a served unit with its quote. */
describe('after-school fees through the shared pricing use case', () => {
  let t: TestApp;
  const clock = settableClock(NINE_AM);
  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when a child is checked in, then the session is recorded once as a served unit with its quote: the 教育 subsidy, the family’s share, every party’s share adding up to the cost; the family reads its month with what it pays', async () => {
    const site = await makePricedSite(t.orm);
    const siteId = site.site.id;
    const [staff, parent] = await Promise.all([Client.login(t.app, site.users.afterschool_staff.username), Client.login(t.app, site.users.parent.username)]);
    const term = (await staff.post(`${API}/periods`, { siteId, ...TERM })).body;
    const group = (await staff.post(`${API}/groups`, { siteId, periodId: term.id, name: '组', room: '1', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1], start: '15:30', end: '18:30' })).body;
    const child = (await parent.post(`${API}/children`, { siteId, name: '小明', idNumber: childIdNumber(BORN), school: '幸福里小学', grade: 2 })).body;
    expect((await parent.post(`${API}/children/${child.id}/enrolments`, { groupId: group.id, weekdays: [1] })).status).toBe(201);
    const session = (await staff.get(`${API}/sessions?siteId=${siteId}&from=2026-12-07&to=2026-12-07`)).body[0];
    clock.set(at('15:35'));
    expect((await staff.post(`${API}/sessions/${session.id}/check-in`, { childId: child.id })).status).toBe(200);
    expect((await staff.post(`${API}/sessions/${session.id}/check-in`, { childId: child.id })).status).toBe(409);
    const attendance = await t.orm.em.fork().findOneOrFail(AfterSchoolAttendance, { sessionId: session.id, childId: child.id });
    const units = await t.orm.em.fork().find(ServedUnit, { sourceId: attendance.id });
    expect(units).toHaveLength(1);
    const [unit] = units;
    expect(unit).toMatchObject({ siteId, service: 'afterschool', serviceLine: 'afterschool.session', servedDate: '2026-12-07', tier: 'standard', voided: false });
    expect(unit.residentPaysFen).toBeGreaterThan(0);
    expect(unit.quote.subject.personRef).toBe(child.id);
    const shares = await t.orm.em.fork().find(ServedUnitShare, { servedUnitId: unit.id });
    expect(shares.find((x) => x.programmeCode === 'edu-afterschool')?.amountFen).toBe(1000);
    expect(shares.reduce((sum, s) => sum + s.amountFen, 0)).toBe(unit.fullCostFen);

    // The family reads its month: the session, who collected the child, what it pays.
    clock.set(at('17:40'));
    expect((await staff.post(`${API}/sessions/${session.id}/check-out`, { childId: child.id, claimant: { kind: 'alone' } })).status).toBe(422);
    const month = await parent.get(`${API}/children/${child.id}/attendance?month=2026-12`);
    expect(month.status).toBe(200);
    expect(month.body).toEqual({
      childId: child.id,
      month: '2026-12',
      sessions: [{ date: '2026-12-07', groupName: '组', state: 'checked_in', checkedInAt: '2026-12-07T07:35:00.000Z', checkedOutAt: null, basis: null, collectedBy: null, paysFen: unit.residentPaysFen }],
      totalPaysFen: unit.residentPaysFen,
    });
    expect((await parent.get(`${API}/children/${child.id}/attendance?month=2027-01`)).body.sessions).toEqual([]);
    expect((await parent.get(`${API}/children/${child.id}/attendance?month=2026-13`)).status).toBe(400);
    expect((await staff.get(`${API}/children/${child.id}/attendance`)).body.month).toBe('2026-12');
    const neighbour = await makeFamily(t.orm.em.fork(), siteId);
    expect((await (await Client.login(t.app, neighbour.parent.username)).get(`${API}/children/${child.id}/attendance?month=2026-12`)).status).toBe(404);
    clock.set(NINE_AM);
  });

  it('when staff mark a child absent, then its session is not billed; a check-in by mistake is taken back and its served unit voided; a child marked absent who turns up is billed once', async () => {
    const site = await makePricedSite(t.orm);
    const siteId = site.site.id;
    const [staff, parent] = await Promise.all([Client.login(t.app, site.users.afterschool_staff.username), Client.login(t.app, site.users.parent.username)]);
    const term = (await staff.post(`${API}/periods`, { siteId, ...TERM })).body;
    const group = (await staff.post(`${API}/groups`, { siteId, periodId: term.id, name: '组', room: '1', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1], start: '15:30', end: '18:30' })).body;
    const register = async (name: string) => {
      const child = (await parent.post(`${API}/children`, { siteId, name, idNumber: childIdNumber(BORN), school: '幸福里小学', grade: 2 })).body;
      expect((await parent.post(`${API}/children/${child.id}/enrolments`, { groupId: group.id, weekdays: [1] })).status).toBe(201);
      return child;
    };
    const [ming, hong] = [await register('小明'), await register('小红')];
    const session = (await staff.get(`${API}/sessions?siteId=${siteId}&from=2026-12-07&to=2026-12-07`)).body[0];
    const absence = (client: Client, childId: string) => client.post(`${API}/sessions/${session.id}/absence`, { childId });
    const unitsOf = async (childId: string) => {
      const a = await t.orm.em.fork().findOneOrFail(AfterSchoolAttendance, { sessionId: session.id, childId });
      return t.orm.em.fork().find(ServedUnit, { sourceId: a.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    };

    // A parent may not; another site's staff do not see the session; a body without a child, or a child not on the sheet, is refused.
    clock.set(at('15:40'));
    expect((await absence(parent, ming.id)).status).toBe(403);
    const elsewhere = await makePricedSite(t.orm);
    expect((await absence(await Client.login(t.app, elsewhere.users.afterschool_staff.username), ming.id)).status).toBe(404);
    const bad = await staff.post(`${API}/sessions/${session.id}/absence`, {});
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['childId']);
    expect((await absence(staff, 'no-such-child')).status).toBe(422);

    // 小明 expected, marked absent: no served unit; twice is a 409.
    const marked = await absence(staff, ming.id);
    expect(marked.status).toBe(200);
    expect(marked.body.rows.find((r: { childId: string }) => r.childId === ming.id).state).toBe('absent');
    expect(await unitsOf(ming.id)).toEqual([]);
    expect((await absence(staff, ming.id)).status).toBe(409);

    // 小红 checked in by mistake, then marked absent: the unit is voided, the family's month pays nothing.
    expect((await staff.post(`${API}/sessions/${session.id}/check-in`, { childId: hong.id })).status).toBe(200);
    expect((await unitsOf(hong.id)).map((u) => u.voided)).toEqual([false]);
    const taken = await absence(staff, hong.id);
    expect(taken.body.rows.find((r: { childId: string }) => r.childId === hong.id)).toMatchObject({ state: 'absent', checkedInAt: null });
    expect((await unitsOf(hong.id)).map((u) => u.voided)).toEqual([true]);
    expect((await parent.get(`${API}/children/${hong.id}/attendance?month=2026-12`)).body.totalPaysFen).toBe(0);

    // 小明 turns up after all: checked in and billed once.
    expect((await staff.post(`${API}/sessions/${session.id}/check-in`, { childId: ming.id })).status).toBe(200);
    expect((await unitsOf(ming.id)).filter((u) => !u.voided)).toHaveLength(1);
    expect((await parent.get(`${API}/children/${ming.id}/attendance?month=2026-12`)).body.totalPaysFen).toBeGreaterThan(0);

    // The family's statement: 小明's one session (小红's voided one is not there), the departments' shares and the family's adding up to the cost.
    const [unit] = (await unitsOf(ming.id)).filter((u) => !u.voided);
    const statements = await parent.get(`${API}/statements?siteId=${siteId}&month=2026-12`);
    expect(statements.status).toBe(200);
    expect(statements.body).toHaveLength(1);
    const [line] = statements.body[0].lines;
    expect(statements.body[0]).toMatchObject({ householdId: site.household.id, month: '2026-12', totalFen: unit.residentPaysFen, lines: [{ childId: ming.id, childName: '小明', sessions: 1, residentPaysFen: unit.residentPaysFen }] });
    expect(line.departments.find((d: { programmeCode: string }) => d.programmeCode === 'edu-afterschool').amountFen).toBe(1000);
    const shares = await t.orm.em.fork().find(ServedUnitShare, { servedUnitId: unit.id, partyKind: 'department' });
    expect(line.departments.reduce((sum: number, d: { amountFen: number }) => sum + d.amountFen, 0)).toBe(shares.reduce((sum, x) => sum + x.amountFen, 0));
    expect((await staff.get(`${API}/statements?siteId=${siteId}&month=2026-12`)).body).toEqual(statements.body);
    expect((await parent.get(`${API}/statements?siteId=${siteId}`)).body).toEqual(statements.body);
    expect((await parent.get(`${API}/statements?siteId=${siteId}&month=2026-11`)).body).toEqual([]);
    const neighbour = await makeFamily(t.orm.em.fork(), siteId);
    expect((await (await Client.login(t.app, neighbour.parent.username)).get(`${API}/statements?siteId=${siteId}&month=2026-12`)).body).toEqual([]);
    const badMonth = await parent.get(`${API}/statements?siteId=${siteId}&month=2026-13`);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.month']);
    expect((await (await Client.login(t.app, elsewhere.users.afterschool_staff.username)).get(`${API}/statements?siteId=${siteId}&month=2026-12`)).status).toBe(404);
    clock.set(NINE_AM);
  });
  it('when staff verify a child’s 低保, then its attended session is priced on the 低保 tier: 教育, the charity pool and the family share the cost exactly and the family pays less; a claim staff have not verified is priced standard; only the site’s staff may verify', async () => {
    const site = await makePricedSite(t.orm);
    const elsewhere = await makePricedSite(t.orm);
    const siteId = site.site.id;
    const [staff, parent] = await Promise.all([Client.login(t.app, site.users.afterschool_staff.username), Client.login(t.app, site.users.parent.username)]);
    const term = (await staff.post(`${API}/periods`, { siteId, ...TERM })).body;
    const group = (await staff.post(`${API}/groups`, { siteId, periodId: term.id, name: '组', room: '1', capacity: 20, minAge: 6, maxAge: 12, weekdays: [1], start: '15:30', end: '18:30' })).body;
    const register = async (name: string) => {
      const res = await parent.post(`${API}/children`, { siteId, name, idNumber: childIdNumber(BORN), school: '幸福里小学', grade: 2, dibao: { evidence: '低保证 310114-0001' } });
      expect(res.status).toBe(201);
      expect(res.body.dibao).toEqual({ value: true, verified: false, evidence: '低保证 310114-0001', verifiedBy: null, verifiedAt: null });
      expect((await parent.post(`${API}/children/${res.body.id}/enrolments`, { groupId: group.id, weekdays: [1] })).status).toBe(201);
      return res.body;
    };
    const [ming, hong] = [await register('小明'), await register('小红')];
    const verify = (client: Client, childId: string, body: object = { evidence: '见低保证原件' }) => client.post(`${API}/children/${childId}/dibao/verify`, body);

    // The parent may not verify its own claim; another site's staff do not see the child; staff must say what they saw.
    expect((await verify(parent, ming.id)).status).toBe(403);
    expect((await verify(await Client.login(t.app, elsewhere.users.afterschool_staff.username), ming.id)).status).toBe(404);
    const noEvidence = await verify(staff, ming.id, {});
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.errors.map((e: { field: string }) => e.field)).toEqual(['evidence']);
    expect((await staff.post(`${API}/children/nope/dibao/verify`, { evidence: 'x' })).status).toBe(404);
    // Verified, taken back, verified again: the last word counts.
    expect((await verify(staff, ming.id)).body.dibao).toMatchObject({ verified: true, evidence: '见低保证原件', verifiedBy: site.users.afterschool_staff.id });
    expect((await parent.post(`${API}/children/${ming.id}/dibao/unverify`)).status).toBe(403);
    expect((await staff.post(`${API}/children/${ming.id}/dibao/unverify`)).body.dibao).toMatchObject({ verified: false, verifiedBy: null, verifiedAt: null });
    expect((await verify(staff, ming.id)).status).toBe(200);
    expect((await parent.get(`${API}/children/${ming.id}`)).body.dibao.verified).toBe(true);

    const session = (await staff.get(`${API}/sessions?siteId=${siteId}&from=2026-12-07&to=2026-12-07`)).body[0];
    clock.set(at('15:35'));
    for (const c of [ming, hong]) expect((await staff.post(`${API}/sessions/${session.id}/check-in`, { childId: c.id })).status).toBe(200);
    const unitOf = async (childId: string) => {
      const a = await t.orm.em.fork().findOneOrFail(AfterSchoolAttendance, { sessionId: session.id, childId });
      const unit = await t.orm.em.fork().findOneOrFail(ServedUnit, { sourceId: a.id });
      return { unit, shares: await t.orm.em.fork().find(ServedUnitShare, { servedUnitId: unit.id }) };
    };
    const dibao = await unitOf(ming.id);
    const standard = await unitOf(hong.id);
    expect(dibao.unit.tier).toBe('dibao');
    expect(standard.unit.tier).toBe('standard');
    const amount = (shares: typeof dibao.shares, pick: (s: (typeof dibao.shares)[number]) => boolean) => shares.filter(pick).reduce((sum, s) => sum + s.amountFen, 0);
    expect(amount(dibao.shares, (s) => s.programmeCode === 'edu-afterschool')).toBe(1500);
    const charity = amount(dibao.shares, (s) => s.source === 'charity_pool');
    expect(charity).toBeGreaterThan(0);
    expect(amount(standard.shares, (s) => s.source === 'charity_pool')).toBe(0);
    expect(amount(dibao.shares, (s) => s.partyKind === 'resident')).toBe(dibao.unit.residentPaysFen);
    expect(amount(dibao.shares, () => true)).toBe(dibao.unit.fullCostFen);
    expect(amount(standard.shares, () => true)).toBe(standard.unit.fullCostFen);
    expect(dibao.unit.fullCostFen).toBe(standard.unit.fullCostFen);
    expect(dibao.unit.residentPaysFen).toBeLessThan(standard.unit.residentPaysFen);

    // The family's statement says which sessions were 低保 and what the charity pool paid.
    const lines = (await parent.get(`${API}/statements?siteId=${siteId}&month=2026-12`)).body[0].lines;
    expect(lines.find((l: { childId: string }) => l.childId === ming.id)).toMatchObject({ sessions: 1, dibaoSessions: 1, charityFen: charity, residentPaysFen: dibao.unit.residentPaysFen });
    expect(lines.find((l: { childId: string }) => l.childId === hong.id)).toMatchObject({ sessions: 1, dibaoSessions: 0, charityFen: 0, residentPaysFen: standard.unit.residentPaysFen });
    clock.set(NINE_AM);
  });
});
