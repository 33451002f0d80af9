import { AfterSchoolError, cancelSession, checkFivePlusTwo, generateSessions, moveSession } from '../../../domain/afterschool';
import { AUTUMN, pattern, problemFields } from './factories';

const dates = (p = pattern(), options = {}) => generateSessions(AUTUMN, p, options).sessions.map((s) => s.date);

describe('after-school sessions', () => {
  it('a Mon–Fri group meets on school days, not on 中秋 or 国庆, and on both 调休 days', () => {
    const days = dates();
    expect(days).toContain('2026-09-01');
    expect(days).not.toContain('2026-09-05'); // a Saturday
    expect(days).not.toContain('2026-09-25'); // 中秋
    expect(days.filter((d) => d >= '2026-10-01' && d <= '2026-10-07')).toEqual([]);
    expect(days).toContain('2026-09-20'); // 调休 Sunday
    expect(days).toContain('2026-10-10'); // 调休 Saturday
    expect(days).toContain('2026-10-08');
  });

  it('a Tuesday–Thursday group skips a 调休 day whose weekday nobody announced, and meets when it follows one of its days', () => {
    const tueThu = pattern({ weekdays: [2, 4] });
    expect(dates(tueThu)).not.toContain('2026-10-10');
    expect(dates(tueThu, { makeupFollows: { '2026-10-10': 4 } })).toContain('2026-10-10');
    expect(dates(tueThu, { makeupFollows: { '2026-10-10': 5 } })).not.toContain('2026-10-10');
    expect(dates(tueThu).every((d) => [2, 4].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  it("the site's closing days have no session, and the sessions carry the pattern's hours", () => {
    const { sessions, holidaysKnown } = generateSessions(AUTUMN, pattern(), { closedDates: ['2026-09-02'] });
    expect(sessions.map((s) => s.date)).not.toContain('2026-09-02');
    expect(sessions[0]).toEqual({ id: 'g1:2026-09-01', groupId: 'g1', periodId: AUTUMN.id, date: '2026-09-01', start: '15:30', end: '18:30', cancelled: false });
    expect(holidaysKnown).toBe(true);
  });

  it('a camp into a year without holiday data says so', () => {
    expect(generateSessions({ id: 'far', kind: 'camp', from: '2040-07-02', to: '2040-07-06' }, pattern()).holidaysKnown).toBe(false);
  });

  it('a bad pattern or period is refused with every problem by its path', () => {
    expect(problemFields(() => generateSessions({ ...AUTUMN, to: '2026-08-01' }, pattern({ weekdays: [1, 6, 1] as never, end: '15:00' })))).toEqual([
      'period.to',
      'pattern.end',
      'pattern.weekdays[1]',
      'pattern.weekdays[2]',
    ]);
  });

  it('a cancelled session cannot be cancelled again or moved; a moved one keeps its id and where it was', () => {
    const [first] = generateSessions(AUTUMN, pattern()).sessions;
    const moved = moveSession(first, { date: '2026-09-03', start: '16:00', end: '18:30' });
    expect(moved).toMatchObject({ id: first.id, date: '2026-09-03', start: '16:00', movedFrom: { date: '2026-09-01', start: '15:30', end: '18:30' } });
    expect(moveSession(moved, { date: '2026-09-04', start: '16:00', end: '18:30' }).movedFrom).toEqual(moved.movedFrom);
    const cancelled = cancelSession(first);
    expect(cancelled.cancelled).toBe(true);
    expect(() => cancelSession(cancelled)).toThrow(AfterSchoolError);
    expect(() => moveSession(cancelled, { date: '2026-09-03', start: '16:00', end: '18:30' })).toThrow(AfterSchoolError);
  });

  it('a session moves only to a working day and to hours that end after they start', () => {
    const [first] = generateSessions(AUTUMN, pattern()).sessions;
    expect(() => moveSession(first, { date: '2026-10-02', start: '16:00', end: '18:00' })).toThrow(/to.date: must be a working day/);
    expect(() => moveSession(first, { date: '2026-09-06', start: '16:00', end: '18:00' })).toThrow(/working day/);
    expect(() => moveSession(first, { date: '2026-09-03', start: '18:00', end: '16:00' })).toThrow(/to.end: must be after the start/);
    expect(moveSession(first, { date: '2026-10-10', start: '15:30', end: '18:30' }).date).toBe('2026-10-10');
  });
});

describe('the 5+2 check', () => {
  it('Mon–Fri 15:30–18:30 meets it', () => {
    expect(checkFivePlusTwo(pattern())).toEqual({ meets: true, shortfalls: [] });
  });

  it('exactly two hours ending at 17:30 meets it; a minute less of either does not', () => {
    expect(checkFivePlusTwo(pattern({ start: '15:30', end: '17:30' })).meets).toBe(true);
    expect(checkFivePlusTwo(pattern({ start: '15:31', end: '17:30' })).shortfalls.map((s) => s.code)).toEqual(['shorter_than_required']);
    expect(checkFivePlusTwo(pattern({ start: '15:00', end: '17:29' })).shortfalls.map((s) => s.code)).toEqual(['ends_too_early']);
  });

  it('says each shortfall in Chinese and English, the missing days named', () => {
    const check = checkFivePlusTwo(pattern({ weekdays: [1, 2, 3], start: '16:00', end: '17:00' }), { minutesPerDay: 120, endsNoEarlierThan: '18:00' });
    expect(check.meets).toBe(false);
    expect(check.shortfalls.map((s) => s.code)).toEqual(['fewer_than_five_days', 'shorter_than_required', 'ends_too_early']);
    expect(check.shortfalls[0].words.zh).toContain('周四、周五');
    expect(check.shortfalls[0].words.en).toContain('Thursday, Friday');
    expect(check.shortfalls[2].words.zh).toContain('18:00');
  });
});
