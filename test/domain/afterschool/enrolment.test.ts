import { DateTime } from 'luxon';
import { type AfterSchoolGroup, type EnrolmentRequest, fitsWeekday, weekdayApplications, weekdayPlacesOf } from '../../../domain/afterschool';
import { makeIdNumber } from '../../../domain/shared/identity';
import { rank, runOfferCycle, type RuleSet } from '../../../domain/waitlist';
import { AUTUMN, problemFields } from './factories';

const RULES: RuleSet = { version: 1, effectiveFrom: '2026-01-01', defaultClass: 1, rules: [] };
const JUNIORS: AfterSchoolGroup = { id: 'juniors', capacity: 2, weekdays: [1, 2, 3, 4, 5], minAge: 6, maxAge: 8, grades: { from: 1, to: 2 } };

let n = 0;
function request(more: Partial<EnrolmentRequest> = {}): EnrolmentRequest {
  n++;
  return {
    id: `req-${n}`,
    appliedAt: `2026-08-01T02:${String(n).padStart(2, '0')}:00Z`,
    facts: {},
    childName: '小明',
    idNumber: makeIdNumber('440305', '2019-05-01', 10 + n),
    school: '幸福里小学',
    grade: 1,
    groupId: 'juniors',
    periodId: AUTUMN.id,
    weekdays: [1, 3],
    startDate: '2026-09-01',
    ...more,
  };
}

describe('after-school enrolment with the waitlist engine', () => {
  it('a request becomes one application per weekday, with the birth date from the ID number', () => {
    const apps = weekdayApplications(request({ id: 'r' }), AUTUMN);
    expect(apps.map((a) => [a.id, a.weekday, a.birthDate])).toEqual([
      ['r:1', 1, '2019-05-01'],
      ['r:3', 3, '2019-05-01'],
    ]);
  });

  it('refuses a request with every problem by field: a bad ID number, a child too old, days outside the week', () => {
    const tooOld = request({ idNumber: makeIdNumber('440305', '2013-08-31', 1), weekdays: [6 as never], grade: 7, school: ' ' });
    expect(problemFields(() => weekdayApplications(tooOld, AUTUMN))).toEqual(['school', 'grade', 'weekdays[0]', 'idNumber']);
    expect(() => weekdayApplications(request({ idNumber: '440305201905010000' }), AUTUMN)).toThrow(/idNumber/);
    expect(() => weekdayApplications(request({ startDate: '2026-12-01' }), AUTUMN)).toThrow(/startDate: must be within the term/);
  });

  it('a child of 12 may enrol, one who turned 13 the day before the start may not', () => {
    expect(() => weekdayApplications(request({ idNumber: makeIdNumber('440305', '2013-09-02', 1), grade: 6 }), AUTUMN)).not.toThrow();
    expect(() => weekdayApplications(request({ idNumber: makeIdNumber('440305', '2013-09-01', 1), grade: 6 }), AUTUMN)).toThrow(/is 13/);
  });

  it('each weekday is a place with its own capacity less its enrolments', () => {
    const places = weekdayPlacesOf(AUTUMN, [JUNIORS], [
      { groupId: 'juniors', periodId: AUTUMN.id, weekday: 1 },
      { groupId: 'juniors', periodId: 'spring', weekday: 1 },
    ]);
    expect(places.map((p) => [p.id, p.capacity])).toEqual([
      ['juniors:2026-autumn:1', 1],
      ['juniors:2026-autumn:2', 2],
      ['juniors:2026-autumn:3', 2],
      ['juniors:2026-autumn:4', 2],
      ['juniors:2026-autumn:5', 2],
    ]);
  });

  it('fits only its own group, term and weekday, within the age and grade of the group', () => {
    const [place] = weekdayPlacesOf(AUTUMN, [JUNIORS], []);
    const [monday] = weekdayApplications(request(), AUTUMN);
    expect(fitsWeekday(monday, place)).toBe(0);
    expect(fitsWeekday({ ...monday, weekday: 2 }, place)).toBeNull();
    expect(fitsWeekday({ ...monday, groupId: 'seniors' }, place)).toBeNull();
    expect(fitsWeekday({ ...monday, grade: 3 }, place)).toBeNull();
    expect(fitsWeekday({ ...monday, birthDate: '2017-09-01' }, place)).toBeNull(); // 9 on the first day
    expect(fitsWeekday({ ...monday, birthDate: '2017-09-02' }, place)).toBe(0); // still 8
  });

  it('a full Monday puts the third child on the Monday waitlist while Wednesday still has room', () => {
    const apps = [request({ weekdays: [1] }), request({ weekdays: [1] }), request({ weekdays: [1, 3] })].flatMap((r) => weekdayApplications(r, AUTUMN));
    const places = weekdayPlacesOf(AUTUMN, [JUNIORS], []);
    const now = DateTime.fromISO('2026-08-20T02:00:00Z');
    const { offers } = runOfferCycle({ ranking: rank(apps, [RULES], '2026-08-20'), places, holds: [], fits: fitsWeekday, now });
    expect(offers.map((o) => [o.applicationId, o.placeId])).toEqual([
      [apps[0].id, 'juniors:2026-autumn:1'],
      [apps[1].id, 'juniors:2026-autumn:1'],
      [apps[3].id, 'juniors:2026-autumn:3'],
    ]);
  });

  it('refuses a group that cannot work', () => {
    expect(problemFields(() => weekdayPlacesOf(AUTUMN, [{ ...JUNIORS, minAge: 5, maxAge: 13, capacity: 0, grades: { from: 3, to: 2 } }], []))).toEqual([
      'groups[0].capacity',
      'groups[0].minAge',
      'groups[0].maxAge',
      'groups[0].grades.to',
    ]);
  });
});
