import fc from 'fast-check';
import {
  type Absence,
  ABSENCE_REASONS,
  DEFAULT_ABSENCE_RULES,
  feeTierOf,
  isMonth,
  lastMonth,
  nextMonthStart,
  monthFee,
  type MonthFeeInput,
  serviceDaysOf,
} from '../../../domain/childcare';

const MAY = serviceDaysOf('2026-05');
const month = (overrides: Partial<MonthFeeInput> = {}): MonthFeeInput => ({
  serviceDays: MAY,
  enrolled: { from: '2026-01-05', to: null },
  residentPaysFen: 178_700,
  mealsFen: 38_000,
  absences: [],
  rules: DEFAULT_ABSENCE_RULES,
  ...overrides,
});
const absent = (days: readonly string[], reason: Absence['reason'] = 'leave'): Absence[] => days.map((date) => ({ date, reason }));

describe('childcare service days', () => {
  it('when May has 劳动节 and its 调休, then the service days are its working days', () => {
    // 2026: 5-1..5-5 off, Saturday 5-9 worked.
    expect(MAY).not.toContain('2026-05-01');
    expect(MAY).not.toContain('2026-05-05');
    expect(MAY).toContain('2026-05-09');
    expect(MAY).not.toContain('2026-05-10');
    expect(MAY).toHaveLength(19);
  });

  it('when a date is in January, then last month is the December before', () => {
    expect([lastMonth('2027-01-15'), lastMonth('2026-12-01')]).toEqual(['2026-12', '2026-11']);
    expect([nextMonthStart('2026-12'), nextMonthStart('2026-05')]).toEqual(['2027-01-01', '2026-06-01']);
  });

  it('when a month is written as text, then only YYYY-MM with a real month is one', () => {
    expect(['2026-05', '2026-12'].map(isMonth)).toEqual([true, true]);
    expect(['2026-13', '2026-5', '2026-05-01', ''].map(isMonth)).toEqual([false, false, false, false]);
  });
});

describe('childcare monthly fee', () => {
  it('when the child came every day, then the family pays the quote', () => {
    expect(monthFee(month())).toEqual({ enrolledDays: 19, absentDays: 0, chargedFen: 178_700, refunds: [] });
  });

  it('when the child was away on leave 3 days, then 3 days of the month’s meals are refunded', () => {
    const fee = monthFee(month({ absences: absent(MAY.slice(0, 3)) }));
    expect(fee.refunds).toEqual([{ kind: 'meals', days: 3, fen: 6_000 }]);
    expect(fee.chargedFen).toBe(172_700);
  });

  it('when an absence falls on a day the centre is closed, then it refunds nothing', () => {
    expect(monthFee(month({ absences: absent(['2026-05-01', '2026-05-10'], 'sick') })).chargedFen).toBe(178_700);
  });

  it('when the child was off sick every service day, then the month is free; one day at the centre, and only meals are refunded', () => {
    expect(monthFee(month({ absences: absent(MAY, 'sick') }))).toEqual({ enrolledDays: 19, absentDays: 19, chargedFen: 0, refunds: [{ kind: 'sick_month', fen: 178_700 }] });
    const oneDayIn = monthFee(month({ absences: absent(MAY.slice(1), 'sick') }));
    expect(oneDayIn.chargedFen).toBe(178_700 - 18 * 2_000);
  });

  it('when the site turns both rules off, then absences change nothing', () => {
    const fee = monthFee(month({ absences: absent(MAY, 'sick'), rules: { refundMealsPerAbsentDay: false, sickMonthFree: false } }));
    expect(fee).toEqual({ enrolledDays: 19, absentDays: 19, chargedFen: 178_700, refunds: [] });
  });

  it('when the child starts on the 18th, then the meals of the days before are refunded and the sick rule looks only at its own days', () => {
    const fee = monthFee(month({ enrolled: { from: '2026-05-18', to: null } }));
    expect(fee.enrolledDays).toBe(10);
    expect(fee.refunds).toEqual([{ kind: 'meals', days: 9, fen: 18_000 }]);
    const sick = monthFee(month({ enrolled: { from: '2026-05-18', to: null }, absences: absent(MAY.slice(9), 'sick') }));
    expect(sick.chargedFen).toBe(0);
  });

  it('when a family is verified on 低保, then it is priced at the 低保 tier; claimed alone it is not', () => {
    expect(feeTierOf({ dibao: { value: true, verified: true } })).toBe('dibao');
    expect(feeTierOf({ dibao: { value: true, verified: false } })).toBe('standard');
    expect(feeTierOf({})).toBe('standard');
  });
});

describe('childcare monthly fee: properties', () => {
  const anyMonth = fc.integer({ min: 2025, max: 2027 }).chain((y) => fc.integer({ min: 1, max: 12 }).map((m) => `${y}-${String(m).padStart(2, '0')}`));
  const input = anyMonth.chain((m) => {
    const days = serviceDaysOf(m);
    return fc.record({
      serviceDays: fc.constant(days),
      enrolled: fc.record({ from: fc.constantFrom(`${m}-01`, ...days), to: fc.option(fc.constantFrom(...days), { nil: null }) }),
      residentPaysFen: fc.integer({ min: 0, max: 500_000 }),
      mealsFen: fc.integer({ min: 0, max: 100_000 }),
      absences: fc.uniqueArray(fc.record({ date: fc.constantFrom(...days), reason: fc.constantFrom(...ABSENCE_REASONS) }), { selector: (a) => a.date }),
      rules: fc.record({ refundMealsPerAbsentDay: fc.boolean(), sickMonthFree: fc.boolean() }),
    });
  });

  it('the charge is between 0 and the quote, and the charge and the refunds add up to the quote', () => {
    fc.assert(
      fc.property(input, (i) => {
        const fee = monthFee(i);
        return fee.chargedFen >= 0 && fee.chargedFen <= i.residentPaysFen && fee.chargedFen + fee.refunds.reduce((s, r) => s + r.fen, 0) === i.residentPaysFen;
      }),
      { numRuns: 500 },
    );
  });

  it('one more absent day never raises the charge', () => {
    fc.assert(
      fc.property(input, fc.nat(), (i, pick) => {
        const free = i.serviceDays.filter((d) => !i.absences.some((a) => a.date === d));
        if (free.length === 0) return true;
        const more = { ...i, absences: [...i.absences, { date: free[pick % free.length], reason: 'leave' as const }] };
        return monthFee(more).chargedFen <= monthFee(i).chargedFen;
      }),
      { numRuns: 500 },
    );
  });

  it('a month with no day attended refunds exactly its meals (as far as the family paid), and with no rules nothing', () => {
    fc.assert(
      fc.property(input, (i) => {
        const away = { ...i, enrolled: { from: i.serviceDays[0], to: null }, absences: absent(i.serviceDays, 'leave') };
        const withMeals = monthFee({ ...away, rules: { refundMealsPerAbsentDay: true, sickMonthFree: false } });
        const without = monthFee({ ...away, rules: { refundMealsPerAbsentDay: false, sickMonthFree: true } });
        return withMeals.chargedFen === i.residentPaysFen - Math.min(i.mealsFen, i.residentPaysFen) && without.chargedFen === i.residentPaysFen;
      }),
      { numRuns: 300 },
    );
  });
});
