import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isBusinessDate } from '../../../domain/shared/business-date';

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
