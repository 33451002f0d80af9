import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, isBusinessDate } from '../../../domain/shared/business-date';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('business dates without luxon', () => {
  it('when a date is real, then it is a business date, leap days included', () => {
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2000-02-29')).toBe(true);
    expect(isBusinessDate('1949-12-31')).toBe(true);
  });

  it('when a date does not exist or is not written YYYY-MM-DD, then it is refused', () => {
    for (const s of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '20240101', '2024-01-01T00:00', ' 2024-01-01', '']) {
      expect(isBusinessDate(s)).toBe(false);
    }
  });

  it('when a year is below 100, then it is not read as 19xx', () => {
    expect(isBusinessDate('0050-02-29')).toBe(false);
    expect(isBusinessDate('0048-02-29')).toBe(true);
  });

  it('for any digits in the YYYY-MM-DD shape, then it agrees with luxon in Asia/Shanghai', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(isBusinessDate(s)).toBe(DateTime.fromISO(s, { zone: 'Asia/Shanghai' }).isValid);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('adding days to a business date', () => {
  it('when a step crosses a month, a leap day or a year, then the calendar date is right', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-02', -7)).toBe('2026-02-23');
    expect(addDays('0050-01-01', 0)).toBe('0050-01-01');
  });

  it('for any date and step, then it agrees with luxon in Asia/Shanghai', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -4000, max: 4000 }), (at, days) => {
        const date = at.toISOString().slice(0, 10);
        expect(addDays(date, days)).toBe(DateTime.fromISO(date, { zone: 'Asia/Shanghai' }).plus({ days }).toISODate());
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
