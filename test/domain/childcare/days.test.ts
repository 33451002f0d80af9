import fc from 'fast-check';
import {
  ABSENCE_REASONS,
  absenceProblems,
  absencesByReason,
  cancelAbsenceProblems,
  type ChildDay,
  checkRatio,
  childrenForRatio,
  dayState,
  FINDINGS,
  healthCheckProblems,
  openDaysBetween,
} from '../../../domain/childcare';
import { addDays } from '../../../domain/shared/business-date';

const MONDAY = '2026-12-07';
const enrolment = { fromDate: '2026-09-01', toDate: null };

describe('the morning health check (晨检)', () => {
  it('a normal check with a temperature is recorded as given', () => {
    expect(healthCheckProblems({ temperatureTenths: 365, findings: ['normal'], admitted: true })).toEqual([]);
    expect(healthCheckProblems({ temperatureTenths: null, findings: ['cough', 'runny_nose'], admitted: true })).toEqual([]);
  });

  it('when the temperature is 37.3 °C or more, then the findings must say fever and the child is not admitted', () => {
    expect(healthCheckProblems({ temperatureTenths: 373, findings: ['normal'], admitted: true }).map((p) => p.field)).toEqual(['findings', 'admitted']);
    expect(healthCheckProblems({ temperatureTenths: 381, findings: ['fever'], admitted: false })).toEqual([]);
    expect(healthCheckProblems({ temperatureTenths: 372, findings: ['normal'], admitted: true })).toEqual([]);
  });

  it('when normal goes with another finding, a finding repeats, or none is given, then each is named', () => {
    expect(healthCheckProblems({ temperatureTenths: 365, findings: ['normal', 'rash'], admitted: true })).toEqual([{ field: 'findings', message: 'normal cannot go with another finding' }]);
    expect(healthCheckProblems({ temperatureTenths: 365, findings: ['rash', 'rash'], admitted: true })[0].message).toContain('repeat');
    expect(healthCheckProblems({ temperatureTenths: 365, findings: [], admitted: true })[0].field).toBe('findings');
  });

  it('a temperature outside 34.0–43.0 °C or not in whole tenths is refused', () => {
    for (const t of [339, 431, 365.5]) expect(healthCheckProblems({ temperatureTenths: t, findings: ['normal'], admitted: true })[0].field).toBe('temperatureTenths');
  });

  it('property: a check the rule accepts never admits a child with a fever', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 340, max: 430 }), { nil: null }), fc.uniqueArray(fc.constantFrom(...FINDINGS), { maxLength: 3 }), fc.boolean(), (t, findings, admitted) => {
        if (healthCheckProblems({ temperatureTenths: t, findings, admitted }).length > 0) return;
        const fever = findings.includes('fever') || (t !== null && t >= 373);
        expect(fever && admitted).toBe(false);
        expect(findings.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('a child’s day and the ratio', () => {
  const day = (fields: Partial<ChildDay> = {}): ChildDay => ({ admitted: null, checkInAt: null, checkOutAt: null, absence: null, ...fields });

  it('a child is expected until it comes, present until it leaves; an absent or sent-home child is neither', () => {
    expect(dayState(day())).toBe('expected');
    expect(dayState(day({ absence: 'sick' }))).toBe('absent');
    expect(dayState(day({ admitted: false }))).toBe('sent_home');
    expect(dayState(day({ admitted: true, checkInAt: '08:01' }))).toBe('present');
    expect(dayState(day({ checkInAt: '08:01', checkOutAt: '16:30' }))).toBe('left');
  });

  it('carers answer for the children present and those still expected, so a short morning warns before they arrive', () => {
    const days = [day(), day(), day({ checkInAt: '08:00' }), day({ absence: 'leave' }), day({ admitted: false }), day({ checkInAt: '08:00', checkOutAt: '12:00' })];
    expect(childrenForRatio(days)).toBe(3);
    expect(childrenForRatio(days, false)).toBe(1);
    const check = checkRatio({ classId: 'c1', name: '乳儿一班', kind: 'infant', childrenPerCarer: 3, childrenPresent: 4, carersOnDuty: 1 });
    expect(check.warning?.zh).toContain('乳儿班（乳儿一班）在园和应到 4 名幼儿');
    expect(checkRatio({ classId: 'c1', name: '乳儿班', kind: 'infant', childrenPerCarer: 3, childrenPresent: 4, carersOnDuty: 1 }).warning?.zh).toMatch(/^乳儿班在园/);
    expect(check.short).toBe(1);
  });

  it('property: the children counted are never more than those on the sheet, and a check-out never raises the count', () => {
    const arb = fc.record({
      admitted: fc.constantFrom(null, true, false),
      checkInAt: fc.constantFrom(null, '08:00'),
      checkOutAt: fc.constant(null),
      absence: fc.constantFrom(null, ...ABSENCE_REASONS),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 30 }), fc.nat(), (days, pick) => {
        const n = childrenForRatio(days);
        expect(n).toBeLessThanOrEqual(days.length);
        const present = days.findIndex((_, i) => i >= pick % Math.max(1, days.length) && days[i].checkInAt !== null);
        if (present < 0) return;
        const after = days.map((d, i) => (i === present ? { ...d, checkOutAt: '16:00' } : d));
        expect(childrenForRatio(after)).toBe(n - 1);
      }),
    );
  });
});

describe('absences', () => {
  it('a parent marks an open day ahead, today included before the child’s day begins', () => {
    expect(absenceProblems({ date: addDays(MONDAY, 1), today: MONDAY, by: 'parent', enrolment, begun: false })).toEqual([]);
    expect(absenceProblems({ date: MONDAY, today: MONDAY, by: 'parent', enrolment, begun: false })).toEqual([]);
    expect(absenceProblems({ date: MONDAY, today: MONDAY, by: 'staff', enrolment, begun: true })[0].message).toContain('begun');
  });

  it('a past day, a weekend, a statutory holiday or a day outside the enrolment cannot be marked', () => {
    const problem = (date: string, by: 'parent' | 'staff' = 'parent', e: { fromDate: string; toDate: string | null } = enrolment) =>
      absenceProblems({ date, today: MONDAY, by, enrolment: e, begun: false })[0]?.message;
    expect(problem(addDays(MONDAY, -1))).toContain('past day');
    expect(problem(addDays(MONDAY, -1), 'staff')).toContain('closed');
    expect(problem('2026-12-12')).toContain('weekend');
    expect(absenceProblems({ date: '2026-10-01', today: '2026-09-28', by: 'parent', enrolment, begun: false })[0].message).toContain('statutory holiday');
    expect(problem('2026-12-08', 'parent', { fromDate: MONDAY, toDate: '2026-12-08' })).toContain('outside');
  });

  it('a parent cancels only its own marks, never on a past day; staff cancel any from today', () => {
    expect(cancelAbsenceProblems({ date: MONDAY, today: MONDAY, by: 'parent', markedBy: 'parent' })).toEqual([]);
    expect(cancelAbsenceProblems({ date: MONDAY, today: MONDAY, by: 'parent', markedBy: 'staff' })[0].message).toContain('staff');
    expect(cancelAbsenceProblems({ date: MONDAY, today: MONDAY, by: 'staff', markedBy: 'parent' })).toEqual([]);
    expect(cancelAbsenceProblems({ date: addDays(MONDAY, -1), today: MONDAY, by: 'staff', markedBy: 'staff' })[0].field).toBe('date');
  });

  it('the open days of a span skip 国庆 and the weekend, and count the 调休 Saturday worked', () => {
    expect(openDaysBetween('2026-09-30', '2026-10-11')).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('property: absences by reason keep every date once, in order, under its reason', () => {
    const arb = fc.array(fc.record({ date: fc.integer({ min: 1, max: 28 }).map((d) => `2026-12-${String(d).padStart(2, '0')}`), reason: fc.constantFrom(...ABSENCE_REASONS) }));
    fc.assert(
      fc.property(arb, (absences) => {
        const by = absencesByReason(absences);
        for (const r of ABSENCE_REASONS) {
          expect(by[r]).toEqual([...new Set(absences.filter((a) => a.reason === r).map((a) => a.date))].sort());
        }
      }),
    );
  });
});
