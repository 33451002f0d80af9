import { AfterSchoolError, checkIn, checkOut, doorAlerts, markAbsent, mayCollect, sheetFor } from '../../../domain/afterschool';
import { at, rules } from './factories';

const SESSION = { id: 'g1:2026-09-14', date: '2026-09-14', start: '15:30', end: '18:30' };
const sheet = () => sheetFor(SESSION, ['amy', 'bo', 'cai', 'amy']);
const kinds = (alerts: ReturnType<typeof doorAlerts>) => alerts.map((a) => `${a.childId}:${a.kind}`);

describe("the door: today's sheet", () => {
  it('starts with every expected child once', () => {
    expect(sheet().rows).toEqual([
      { childId: 'amy', state: 'expected' },
      { childId: 'bo', state: 'expected' },
      { childId: 'cai', state: 'expected' },
    ]);
  });

  it('checks in with the time and out with what mayCollect recorded', () => {
    const decision = mayCollect(rules(), { kind: 'person', name: '王芳', idLast4: '1234' }, at('2026-09-14 18:05'));
    if (!decision.allowed) throw new Error('the mother may collect');
    const done = checkOut(checkIn(sheet(), 'amy', at('2026-09-14 15:40')), 'amy', decision.record);
    expect(done.rows[0]).toEqual({ childId: 'amy', state: 'checked_out', checkedInAt: '2026-09-14T07:40:00.000Z', checkedOutAt: '2026-09-14T10:05:00.000Z', collection: decision.record });
  });

  it('a child marked absent who turns up is checked in; nobody is checked out before in, or in twice', () => {
    const absent = markAbsent(sheet(), 'bo');
    expect(checkIn(absent, 'bo', at('2026-09-14 16:10')).rows[1].state).toBe('checked_in');
    const record = { basis: 'alone' as const, at: '2026-09-14T10:00:00.000Z' };
    expect(() => checkOut(sheet(), 'amy', record)).toThrow(AfterSchoolError);
    expect(() => checkIn(checkIn(sheet(), 'amy', at('2026-09-14 15:40')), 'amy', at('2026-09-14 15:41'))).toThrow(/amy is checked in/);
    expect(() => checkIn(sheet(), 'zed', at('2026-09-14 15:40'))).toThrow(/not on this session's sheet/);
  });

  it('a check-in by mistake is taken back by marking the child absent; a child gone home, or absent already, is not marked', () => {
    const taken = markAbsent(checkIn(sheet(), 'amy', at('2026-09-14 15:40')), 'amy');
    expect(taken.rows[0]).toEqual({ childId: 'amy', state: 'absent' });
    expect(() => markAbsent(taken, 'amy')).toThrow(/amy is absent/);
    const record = { basis: 'alone' as const, at: '2026-09-14T10:00:00.000Z' };
    expect(() => markAbsent(checkOut(checkIn(sheet(), 'bo', at('2026-09-14 15:40')), 'bo', record), 'bo')).toThrow(/bo is checked out/);
  });
});

describe('door alerts', () => {
  const inBoth = () => checkIn(checkIn(markAbsent(sheet(), 'cai'), 'amy', at('2026-09-14 15:35')), 'bo', at('2026-09-14 15:50'));

  it('nothing before the check-in time; at 16:00 the expected child not yet in', () => {
    expect(doorAlerts(sheet(), at('2026-09-14 15:59'))).toEqual([]);
    const alerts = doorAlerts(checkIn(markAbsent(sheet(), 'cai'), 'amy', at('2026-09-14 15:35')), at('2026-09-14 16:00'));
    expect(kinds(alerts)).toEqual(['bo:not_checked_in']);
    expect(alerts[0].since).toBe('2026-09-14T08:00:00.000Z');
    expect(alerts[0].words.zh).toContain('30 分钟');
  });

  it('at the end each child still present, escalated 15 minutes later; a child gone raises nothing', () => {
    const record = { basis: 'alone' as const, at: '2026-09-14T10:20:00.000Z' };
    const oneGone = checkOut(inBoth(), 'amy', record);
    expect(doorAlerts(oneGone, at('2026-09-14 18:29'))).toEqual([]);
    expect(kinds(doorAlerts(oneGone, at('2026-09-14 18:30')))).toEqual(['bo:still_present']);
    const late = doorAlerts(oneGone, at('2026-09-14 18:45'));
    expect(kinds(late)).toEqual(['bo:still_present_escalated']);
    expect(late[0].words.en).toContain('escalated');
  });

  it("follows the site's settings", () => {
    expect(kinds(doorAlerts(sheet(), at('2026-09-14 15:40'), { checkInWithinMinutes: 10, escalateAfterMinutes: 5 }))).toEqual(['amy:not_checked_in', 'bo:not_checked_in', 'cai:not_checked_in']);
    expect(kinds(doorAlerts(inBoth(), at('2026-09-14 18:35'), { checkInWithinMinutes: 10, escalateAfterMinutes: 5 }))).toEqual(['amy:still_present_escalated', 'bo:still_present_escalated']);
  });
});
