import fc from 'fast-check';
import { CareHomeError, MAX_OCCUPANCY_DAYS, occupancyByMonth, occupancyDates } from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';

describe('care home occupancy', () => {
  it('lists every date of a range across a month end and a leap day, both ends included', () => {
    expect(occupancyDates('2028-02-28', '2028-03-01', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(occupancyDates('2026-12-07', '2026-12-07', '2026-12-07')).toEqual(['2026-12-07']);
  });

  it.each([
    ['backwards', '2026-12-05', '2026-12-04'],
    ['after today', '2026-12-01', '2026-12-08'],
    ['367 days', '2025-12-06', '2026-12-07'],
  ])('refuses a range %s, naming to', (_, from, to) => {
    expect(() => occupancyDates(from, to, '2026-12-07')).toThrow(CareHomeError);
    try {
      occupancyDates(from, to, '2026-12-07');
    } catch (err) {
      expect((err as CareHomeError).problems.map((p) => p.field)).toEqual(['to']);
    }
  });

  it('allows exactly MAX_OCCUPANCY_DAYS', () => {
    expect(occupancyDates('2025-12-07', '2026-12-07', '2026-12-07')).toHaveLength(MAX_OCCUPANCY_DAYS);
  });

  it('a month is the sum of its days, and the months together are the sum of all days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.array(fc.tuple(fc.nat(63), fc.nat(63)), { minLength: 1, maxLength: 120 }), (start, counts) => {
        const from = addDays('2026-01-01', start);
        const days = counts.map(([occupied, away], i) => ({ date: addDays(from, i), occupied, onLeave: Math.min(away, occupied) }));
        const months = occupancyByMonth(days, 63);
        expect(months.map((m) => m.month)).toEqual([...new Set(days.map((d) => d.date.slice(0, 7)))]);
        expect(months.reduce((s, m) => s + m.days, 0)).toBe(days.length);
        expect(months.reduce((s, m) => s + m.occupiedBedDays, 0)).toBe(days.reduce((s, d) => s + d.occupied, 0));
        expect(months.reduce((s, m) => s + m.leaveBedDays, 0)).toBe(days.reduce((s, d) => s + d.onLeave, 0));
        for (const m of months) expect(m.capacityBedDays).toBe(m.days * 63);
      }),
    );
  });
});
