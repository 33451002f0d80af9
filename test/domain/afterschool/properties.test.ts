import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  type AfterSchoolGroup,
  checkIn,
  checkSessionRatio,
  type Claimant,
  type Collector,
  type CollectionRules,
  type Delegation,
  doorAlerts,
  fitsWeekday,
  generateSessions,
  instantAt,
  markAbsent,
  mayCollect,
  type Period,
  sheetFor,
  staffNeeded,
  type Weekday,
  weekdayApplications,
  weekdayOf,
  weekdayPlacesOf,
} from '../../../domain/afterschool';
import { addDays } from '../../../domain/shared/business-date';
import { dayKind, isWorkingDay } from '../../../domain/shared/calendar';
import { makeIdNumber } from '../../../domain/shared/identity';
import { businessDateOf } from '../../../domain/shared/time';
import { rank, runOfferCycle, type RuleSet } from '../../../domain/waitlist';

const RUNS = { numRuns: 500 };

function check(ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

const date = (from = '2025-01-01', days = 700) => fc.integer({ min: 0, max: days }).map((d) => addDays(from, d));
const clockTime = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
/** An instant within a few days of 2026-09-14, to the minute. */
const instant = fc.integer({ min: 0, max: 4 * 24 * 60 }).map((m) => instantAt('2026-09-13', '00:00').plus({ minutes: m }));
const window = fc.tuple(clockTime, clockTime).filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]));
const last4 = fc.stringMatching(/^\d{3}[\dX]$/);
const name = fc.constantFrom('王芳', '李强', '赵敏', '陈静', '张伟');
const supervisor = fc.option(fc.constant({ staffId: 'lead' }), { nil: undefined });
const weekdays = fc.subarray([1, 2, 3, 4, 5] as Weekday[], { minLength: 1 });

const delegation = (who: { name: string; idLast4: string }) =>
  fc.record({ date: date('2026-09-12', 5), window }).map(({ date: d, window: [from, until] }): Delegation => ({ id: `d-${d}-${from}`, ...who, date: d, from, until }));

describe('after-school properties', () => {
  it('a never person is never allowed, whatever the day, delegations or supervisor', () => {
    fc.assert(
      fc.property(name, last4, fc.array(delegation({ name: '外人', idLast4: '0000' })), instant, supervisor, (n, l4, delegations, at, sup) => {
        const never: Collector = { id: 'x', name: n, idLast4: l4, relation: '父亲', phone: '1', level: 'never' };
        const rules: CollectionRules = { collectors: [never], delegations: delegations.map((d) => ({ ...d, name: n, idLast4: l4 })), leaveAloneOn: [1, 2, 3, 4, 5, 6, 7] };
        check(!mayCollect(rules, { kind: 'person', name: n, idLast4: l4 }, at, sup).allowed, 'a never person was allowed', { n, at: at.toISO() });
      }),
      RUNS,
    );
  });

  it('an emergency-level person is allowed exactly when a supervisor is there', () => {
    fc.assert(
      fc.property(name, last4, instant, supervisor, (n, l4, at, sup) => {
        const rules: CollectionRules = { collectors: [{ id: 'x', name: n, idLast4: l4, relation: '外公', phone: '1', level: 'emergency' }], delegations: [], leaveAloneOn: [] };
        const decision = mayCollect(rules, { kind: 'person', name: n, idLast4: l4 }, at, sup);
        check(decision.allowed === (sup !== undefined), 'emergency without supervisor or refused with one', { sup });
        if (decision.allowed) check(decision.record.supervisorId === 'lead' && decision.record.basis === 'emergency', 'the supervisor is not recorded');
      }),
      RUNS,
    );
  });

  it('someone not on the list is allowed only within a window of one of their delegations', () => {
    const who = { name: '赵敏', idLast4: '4321' };
    fc.assert(
      fc.property(fc.array(delegation(who), { maxLength: 3 }), instant, supervisor, (delegations, at, sup) => {
        const rules: CollectionRules = { collectors: [], delegations, leaveAloneOn: [] };
        const within = delegations.some((d) => businessDateOf(at) === d.date && instantAt(d.date, d.from) <= at && at < instantAt(d.date, d.until));
        const decision = mayCollect(rules, { kind: 'person', ...who }, at, sup);
        check(decision.allowed === within, 'delegation window', { delegations, at: at.toISO(), decision });
        if (!decision.allowed) {
          const expected = delegations.length === 0 ? 'not_on_list' : delegations.some((d) => d.date === businessDateOf(at)) ? 'delegation_outside_window' : 'delegation_other_day';
          check(decision.reason === expected, 'refusal reason', { expected, decision });
        }
      }),
      RUNS,
    );
  });

  it('a child leaves alone exactly on its weekdays', () => {
    fc.assert(
      fc.property(fc.subarray([1, 2, 3, 4, 5, 6, 7] as Weekday[]), instant, (days, at) => {
        const claimant: Claimant = { kind: 'alone' };
        check(mayCollect({ collectors: [], delegations: [], leaveAloneOn: days }, claimant, at).allowed === days.includes(weekdayOf(businessDateOf(at))), 'leave alone');
      }),
      RUNS,
    );
  });

  it("sessions fall on working days only, and on every one of the pattern's ordinary weekdays", () => {
    fc.assert(
      fc.property(date(), fc.integer({ min: 0, max: 120 }), weekdays, (from, length, days) => {
        const period: Period = { id: 'p', kind: 'term', from, to: addDays(from, length) };
        const dates = generateSessions(period, { groupId: 'g', weekdays: days, start: '15:30', end: '18:00' }).sessions.map((s) => s.date);
        check(new Set(dates).size === dates.length && [...dates].sort().join() === dates.join(), 'sessions in order, one a day');
        for (const d of dates) check(isWorkingDay(d) && d >= period.from && d <= period.to, 'a session on a day off or outside the period', d);
        for (let d = period.from; d <= period.to; d = addDays(d, 1)) {
          if (dayKind(d) === 'workday' && days.includes(weekdayOf(d))) check(dates.includes(d), 'a working day of the pattern has no session', d);
          if (dayKind(d) === 'makeup_workday') check(dates.includes(d) === (days.length === 5), 'a 调休 day without its weekday announced', { d, days });
        }
      }),
      RUNS,
    );
  });

  it('staff needed never falls as children come, and each 20 more children need at most one more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 20 }), (n, more) => {
        check(staffNeeded(n + more) >= staffNeeded(n), 'fell', { n, more });
        check(staffNeeded(n + 20) <= staffNeeded(n) + 1 || n === 0, 'rose by more than one per 20', { n });
        check(n === 0 || staffNeeded(n) >= 2, 'fewer than two staff for children');
      }),
      RUNS,
    );
  });

  it('adding the fix staffs the session when enough staff are free', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 8 }), (children, onDuty, free) => {
        const staffOnDuty = Array.from({ length: onDuty }, (_, i) => `on-${i}`);
        const freeStaff = Array.from({ length: free }, (_, i) => `free-${i}`);
        const flag = checkSessionRatio({ sessionId: 's', childrenExpected: children, staffOnDuty }, freeStaff);
        const after = checkSessionRatio({ sessionId: 's', childrenExpected: children, staffOnDuty: [...staffOnDuty, ...flag.fix] }, []);
        check(after.short === Math.max(0, flag.short - free), 'the fix did not close the gap as far as free staff allow', { children, onDuty, free, flag });
        check((flag.words === null) === (flag.short === 0), 'words without a shortfall or the reverse');
      }),
      RUNS,
    );
  });

  it('door alerts name only children expected or still in, and only once their time has come', () => {
    const states = fc.array(fc.constantFrom('expected', 'in', 'absent'), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(states, fc.integer({ min: 0, max: 6 * 60 }), (wanted, minutes) => {
        const session = { id: 's', date: '2026-09-14', start: '15:30', end: '18:30' };
        let sheet = sheetFor(session, wanted.map((_, i) => `c${i}`));
        wanted.forEach((w, i) => {
          if (w === 'in') sheet = checkIn(sheet, `c${i}`, instantAt('2026-09-14', '15:35'));
          if (w === 'absent') sheet = markAbsent(sheet, `c${i}`);
        });
        const now = instantAt('2026-09-14', '15:00').plus({ minutes });
        for (const alert of doorAlerts(sheet, now)) {
          const w = wanted[Number(alert.childId.slice(1))];
          check(alert.kind === 'not_checked_in' ? w === 'expected' : w === 'in', 'an alert for the wrong child', { alert, w });
          check(DateTime.fromISO(alert.since) <= now, 'an alert before its time', alert);
        }
      }),
      RUNS,
    );
  });

  it('the offer cycle never fills a weekday beyond its capacity, and offers only places that fit', () => {
    const term: Period = { id: 't', kind: 'term', from: '2026-09-01', to: '2027-01-15' };
    const rules: RuleSet = { version: 1, effectiveFrom: '2026-01-01', defaultClass: 1, rules: [] };
    const group = (id: string, capacity: number, minAge: number): AfterSchoolGroup => ({ id, capacity, weekdays: [1, 2, 3, 4, 5], minAge, maxAge: minAge + 3 });
    const child = fc.record({ group: fc.constantFrom('a', 'b'), days: weekdays, born: date('2014-01-01', 2600), enrolled: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(child, { maxLength: 12 }), (capA, capB, children) => {
        const groups = [group('a', capA, 6), group('b', capB, 9)];
        const requests = children.map((c, i) => ({
          id: `r${i}`,
          appliedAt: `2026-08-01T02:${String(i).padStart(2, '0')}:00Z`,
          facts: {},
          childName: '孩子',
          idNumber: makeIdNumber('440305', c.born, i),
          school: '幸福里小学',
          grade: 3,
          groupId: c.group,
          periodId: term.id,
          weekdays: c.days,
          startDate: term.from,
        }));
        const apps = requests.flatMap((r) => {
          try {
            return weekdayApplications(r, term);
          } catch {
            return []; // outside 6–12: refused before the queue
          }
        });
        const enrolled: typeof apps = [];
        for (const a of apps) {
          const full = enrolled.filter((e) => e.groupId === a.groupId && e.weekday === a.weekday).length >= groups.find((g) => g.id === a.groupId)!.capacity;
          if (children[Number(a.requestId.slice(1))].enrolled && !full) enrolled.push(a);
        }
        const places = weekdayPlacesOf(term, groups, enrolled);
        const waiting = apps.filter((a) => !enrolled.includes(a));
        const { offers } = runOfferCycle({ ranking: rank(waiting, [rules], '2026-08-20'), places, holds: [], fits: fitsWeekday, now: DateTime.fromISO('2026-08-20T02:00:00Z') });
        for (const place of places) {
          const taken = offers.filter((o) => o.placeId === place.id).length;
          const g = groups.find((x) => x.id === place.groupId)!;
          const already = enrolled.filter((e) => e.groupId === place.groupId && e.weekday === place.weekday).length;
          check(taken + already <= g.capacity, 'a weekday overfilled', { place, taken, already });
        }
        for (const o of offers) check(fitsWeekday(waiting.find((a) => a.id === o.applicationId)!, places.find((p) => p.id === o.placeId)!) !== null, 'an offer that does not fit', o);
      }),
      RUNS,
    );
  });
});
