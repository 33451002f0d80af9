import { AfterSchoolError, checkSessionRatio, freeStaffFor, generateSessions, type Session, SHENZHEN_RATIO, staffNeeded } from '../../../domain/afterschool';
import { AUTUMN, pattern } from './factories';

describe('after-school staff ratio (Shenzhen default)', () => {
  it.each([
    [0, 0],
    [1, 2],
    [25, 2],
    [26, 3],
    [45, 3],
    [46, 4],
    [65, 4],
    [66, 5],
  ])('%i children need %i staff', (children, staff) => {
    expect(staffNeeded(children)).toBe(staff);
  });

  it("follows a site's own rule, and refuses one that cannot work", () => {
    expect(staffNeeded(16, { baseChildren: 15, baseStaff: 1, childrenPerExtraStaff: 15 })).toBe(2);
    expect(() => staffNeeded(10, { ...SHENZHEN_RATIO, childrenPerExtraStaff: 0 })).toThrow(AfterSchoolError);
    expect(() => staffNeeded(-1)).toThrow(RangeError);
  });

  it('25 expected with 2 staff is not flagged; 26 is, with one free staff member as the fix', () => {
    const session = { sessionId: 's', childrenExpected: 25, staffOnDuty: ['amy', 'bo'] };
    expect(checkSessionRatio(session, ['cai', 'dan'])).toMatchObject({ basis: 'expected', needed: 2, short: 0, fix: [], words: null });
    const flag = checkSessionRatio({ ...session, childrenExpected: 26 }, ['cai', 'dan']);
    expect(flag).toMatchObject({ needed: 3, short: 1, fix: ['cai'] });
    expect(flag.words?.zh).toBe('预计 26 名儿童需 3 名工作人员，当前 2 名，缺 1 名');
    expect(flag.words?.en).toBe('26 children expected need 3 staff; 2 on the roster, 1 short');
  });

  it('45 with 3 staff is staffed; 46 is one short', () => {
    const session = { sessionId: 's', childrenExpected: 45, staffOnDuty: ['amy', 'bo', 'cai'] };
    expect(checkSessionRatio(session, []).short).toBe(0);
    expect(checkSessionRatio({ ...session, childrenExpected: 46 }, []).short).toBe(1);
  });

  it('live, the children present decide, and the words say when too few are free to fix it', () => {
    const flag = checkSessionRatio({ sessionId: 's', childrenExpected: 20, childrenPresent: 47, staffOnDuty: ['amy'] }, ['bo']);
    expect(flag).toMatchObject({ basis: 'present', children: 47, needed: 4, short: 3, fix: ['bo'] });
    expect(flag.words?.en).toContain('only 1 free to add');
    expect(flag.words?.zh).toContain('在场 47 名');
  });

  it('a staff member on the roster twice counts once', () => {
    expect(checkSessionRatio({ sessionId: 's', childrenExpected: 10, staffOnDuty: ['amy', 'amy'] }, ['bo']).fix).toEqual(['bo']);
  });

  it('free staff are those in no overlapping session of the day; cancelled sessions hold no one', () => {
    const [monday] = generateSessions(AUTUMN, pattern()).sessions;
    const other: Session = { ...monday, id: 'g2:2026-09-01', groupId: 'g2', start: '17:00', end: '19:00' };
    const morning: Session = { ...monday, id: 'g3:2026-09-01', groupId: 'g3', start: '08:00', end: '15:30' };
    const cancelled: Session = { ...monday, id: 'g4:2026-09-01', groupId: 'g4', cancelled: true };
    const roster = [
      { sessionId: monday.id, staffId: 'amy' },
      { sessionId: other.id, staffId: 'bo' },
      { sessionId: morning.id, staffId: 'cai' },
      { sessionId: cancelled.id, staffId: 'dan' },
    ];
    expect(freeStaffFor(monday, [monday, other, morning, cancelled], roster, ['amy', 'bo', 'cai', 'dan', 'eve'])).toEqual(['cai', 'dan', 'eve']);
  });
});
