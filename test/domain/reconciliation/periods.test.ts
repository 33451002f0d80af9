import { DateTime } from 'luxon';
import { closePeriod, isFrozen, isPeriodMonth, nextPeriod, openPeriodOn, type Period, periodAt, periodDates, periodOf, ReconciliationError } from '../../../domain/reconciliation';

describe('reconciliation periods', () => {
  it('a period is a calendar month written YYYY-MM', () => {
    expect(isPeriodMonth('2026-11')).toBe(true);
    expect(isPeriodMonth('2026-13')).toBe(false);
    expect(isPeriodMonth('2026-1')).toBe(false);
    expect(periodOf('2026-11-30')).toBe('2026-11');
    expect(() => periodOf('2026-02-30')).toThrow(ReconciliationError);
  });

  it('an instant belongs to the month it is in Shanghai: 30 Nov 23:30 there is November, though UTC is still the 30th at 15:30', () => {
    expect(periodAt(DateTime.fromISO('2026-11-30T15:30:00Z'))).toBe('2026-11');
    expect(periodAt(DateTime.fromISO('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });

  it('a month runs from its first to its last day, February in a leap year included', () => {
    expect(periodDates('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodDates('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(nextPeriod('2026-12')).toBe('2027-01');
  });

  it('a month is open until it is closed, and closing it freezes it at that site only', () => {
    const closed = closePeriod([], 'site-a', '2026-10');
    expect(closed).toEqual({ siteId: 'site-a', month: '2026-10', state: 'closed' });
    expect(isFrozen([closed], 'site-a', '2026-10')).toBe(true);
    expect(isFrozen([closed], 'site-b', '2026-10')).toBe(false);
    expect(isFrozen([closed], 'site-a', '2026-11')).toBe(false);
  });

  it('after the first, months close one after another: not twice, not skipping one, not going back', () => {
    const periods: Period[] = [{ siteId: 'site-a', month: '2026-10', state: 'closed' }];
    expect(() => closePeriod(periods, 'site-a', '2026-10')).toThrow(/already closed/);
    expect(() => closePeriod(periods, 'site-a', '2026-12')).toThrow(/2026-11 is still open/);
    expect(() => closePeriod(periods, 'site-a', '2026-09')).toThrow(/corrected in an open month/);
    // Each refusal has a stable code and the months its words need, for a page to say it in the reader's language.
    const refusal = (month: string) => {
      try {
        closePeriod(periods, 'site-a', month);
      } catch (err) {
        return (err as ReconciliationError).problems.map(({ code, params }) => ({ code, params }));
      }
    };
    expect(refusal('2026-10')).toEqual([{ code: 'month_frozen', params: { month: '2026-10' } }]);
    expect(refusal('2026-12')).toEqual([{ code: 'earlier_open', params: { month: '2026-12', open: '2026-11' } }]);
    expect(refusal('2026-09')).toEqual([{ code: 'closed_after', params: { month: '2026-09', last: '2026-10' } }]);
    expect(closePeriod(periods, 'site-a', '2026-11').state).toBe('closed');
    expect(closePeriod(periods, 'site-b', '2026-12').state).toBe('closed');
  });

  it("a change lands in today's month, or the first open one after it when today's is closed early", () => {
    const periods: Period[] = [{ siteId: 'site-a', month: '2026-12', state: 'closed' }];
    expect(openPeriodOn(periods, 'site-a', '2026-11-20')).toBe('2026-11');
    expect(openPeriodOn(periods, 'site-a', '2026-12-31')).toBe('2027-01');
  });
});
