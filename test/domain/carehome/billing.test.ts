import fc from 'fast-check';
import { bedDaysOf, DEFAULT_LEAVE_RULES, leaveDayCharge, type LeaveSpell } from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';

const spell = (from: string, days: number): LeaveSpell => ({ from, to: addDays(from, days - 1) });
const whole = { from: '2026-01-01', to: null };

describe('care-home bed-days of a month', () => {
  it('a resident in residence all of November has 30 served bed-days and no leave', () => {
    const { days, reviewFlags } = bedDaysOf('2026-11', whole, []);
    expect(days).toHaveLength(30);
    expect(days.every((d) => d.kind === 'served')).toBe(true);
    expect([days[0].date, days[29].date, reviewFlags]).toEqual(['2026-11-01', '2026-11-30', []]);
  });

  it('the admission day is a bed-day and the discharge day is not', () => {
    const { days } = bedDaysOf('2026-11', { from: '2026-11-10', to: '2026-11-20' }, []);
    expect(days.map((d) => d.date)).toEqual(Array.from({ length: 10 }, (_, i) => addDays('2026-11-10', i)));
  });

  it.each([
    [6, 'full'],
    [7, 'meals_refunded'],
    [14, 'meals_refunded'],
    [15, 'reduced_care'],
  ])('%i days away are leave days of the %s tier, never served bed-days', (length, tier) => {
    const { days } = bedDaysOf('2026-11', whole, [spell('2026-11-05', length)]);
    const leave = days.filter((d) => d.kind === 'leave');
    expect(leave).toHaveLength(length);
    expect(leave.every((d) => d.kind === 'leave' && d.tier === tier && d.absenceDays === length)).toBe(true);
    expect(days.filter((d) => d.kind === 'served')).toHaveLength(30 - length);
  });

  it('an absence that began last month counts whole: day 1 of November is already reduced care, and 61 days flag the contract', () => {
    const { days, reviewFlags } = bedDaysOf('2026-11', whole, [spell('2026-10-20', 61)]);
    expect(days[0]).toEqual({ date: '2026-11-01', kind: 'leave', tier: 'reduced_care', absenceDays: 61 });
    expect(reviewFlags).toEqual([{ from: '2026-10-20', to: '2026-12-19', days: 61 }]);
    expect(bedDaysOf('2026-11', whole, [spell('2026-10-20', 60)]).reviewFlags).toEqual([]);
  });

  it('every day in residence is one bed-day, served or on leave, and a leave date is never served', () => {
    const arb = fc.record({
      fromDay: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 1, max: 45 }),
      spells: fc.array(fc.record({ start: fc.integer({ min: -20, max: 40 }), days: fc.integer({ min: 1, max: 70 }) }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, ({ fromDay, length, spells }) => {
        const from = addDays('2026-10-20', fromDay);
        const stay = { from, to: addDays(from, length) };
        // Non-overlapping spells, as leave records are (one leave at a time).
        const kept: LeaveSpell[] = [];
        for (const s of spells) {
          const candidate = spell(addDays('2026-11-01', s.start), s.days);
          if (kept.every((k) => candidate.to < k.from || candidate.from > k.to)) kept.push(candidate);
        }
        const { days } = bedDaysOf('2026-11', stay, kept);
        const inMonth = Array.from({ length: length }, (_, i) => addDays(from, i)).filter((d) => d.startsWith('2026-11'));
        expect(days.map((d) => d.date)).toEqual(inMonth);
        for (const d of days) expect(d.kind === 'leave').toBe(kept.some((k) => k.from <= d.date && d.date <= k.to));
      }),
    );
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => bedDaysOf('2026-13', whole, [])).toThrow();
  });
});

describe('what a leave day charges the family', () => {
  const price = { familyFen: 12_000, mealsFen: 2_700, careFen: 9_300 };

  it('under 7 days the day is charged as served; from 7 the meals come off; from 15 half the care too', () => {
    expect(leaveDayCharge('full', price)).toEqual({ mealRefundFen: 0, careReductionFen: 0, chargedFen: 12_000 });
    expect(leaveDayCharge('meals_refunded', price)).toEqual({ mealRefundFen: 2_700, careReductionFen: 0, chargedFen: 9_300 });
    expect(leaveDayCharge('reduced_care', price)).toEqual({ mealRefundFen: 2_700, careReductionFen: 4_650, chargedFen: 4_650 });
  });

  it('refunds add up to the day and never take it below nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('full' as const, 'meals_refunded' as const, 'reduced_care' as const),
        fc.record({ familyFen: fc.nat(50_000), mealsFen: fc.nat(50_000), careFen: fc.nat(50_000) }),
        (tier, p) => {
          const c = leaveDayCharge(tier, p);
          expect(c.mealRefundFen + c.careReductionFen + c.chargedFen).toBe(p.familyFen);
          expect(Math.min(c.mealRefundFen, c.careReductionFen, c.chargedFen)).toBeGreaterThanOrEqual(0);
          if (tier === 'full') expect(c.chargedFen).toBe(p.familyFen);
        },
      ),
    );
  });

  it('the default rules are the issue’s: meals from 7 days, reduced care from 15, review over 60', () => {
    expect(DEFAULT_LEAVE_RULES).toEqual({ mealRefundFromDays: 7, reducedCareFromDays: 15, reviewOverDays: 60 });
  });
});
