import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addWorkingDays,
  dayKind,
  hasHolidayData,
  isServiceDay,
  isStatutoryHoliday,
  isWorkingDay,
} from '../../../domain/shared/calendar';

describe('service calendar', () => {
  it('when it is a 调休 Saturday (2025-02-08, after 春节), then it is a working day', () => {
    expect(dayKind('2025-02-08')).toBe('makeup_workday');
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isStatutoryHoliday('2025-02-08')).toBeNull();
  });

  it('when it is 2026-02-28, a Saturday worked for the 2026 春节, then it is a working day', () => {
    expect(isWorkingDay('2026-02-28')).toBe(true);
  });

  it('when it is 春节 on a weekday, then it is a statutory holiday named in both languages', () => {
    expect(isStatutoryHoliday('2025-01-29')).toEqual({ zh: '春节', en: 'Spring Festival' });
    expect(isWorkingDay('2025-01-29')).toBe(false);
    expect(dayKind('2025-01-29')).toBe('statutory_holiday');
  });

  it('when a weekend day falls inside the 春节 block, then it counts as the holiday', () => {
    expect(isStatutoryHoliday('2025-02-01')).toEqual({ zh: '春节', en: 'Spring Festival' });
  });

  it('when it is 国庆节, then it is a statutory holiday', () => {
    expect(isStatutoryHoliday('2025-10-01')?.zh).toBe('国庆节');
  });

  it('when it is an ordinary Saturday or Monday, then it is a weekend or a workday and no holiday', () => {
    expect(dayKind('2025-06-07')).toBe('weekend');
    expect(isStatutoryHoliday('2025-06-07')).toBeNull();
    expect(dayKind('2025-06-09')).toBe('workday');
  });

  it('when the date is not YYYY-MM-DD, then it throws', () => {
    expect(() => isWorkingDay('2025-2-8')).toThrow(RangeError);
    expect(() => isStatutoryHoliday('2025-02-30')).toThrow(RangeError);
  });

  it('when a year has not been announced yet, then the calendar says it has no holiday data', () => {
    expect(hasHolidayData(2025)).toBe(true);
    expect(hasHolidayData(2026)).toBe(true);
    expect(hasHolidayData(2031)).toBe(false);
  });

  it('when the host runs west of UTC, then the dates do not shift', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(dayKind('2025-01-26')).toBe('makeup_workday');
      expect(dayKind('2025-01-28')).toBe('statutory_holiday');
      expect(dayKind('2025-06-07')).toBe('weekend');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('adding working days for offer deadlines', () => {
  it('when an offer is made the Friday before 春节 2025, then the 调休 Sunday is the first working day', () => {
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
  });

  it('when the deadline crosses the 春节 holiday, then the holiday days do not count', () => {
    expect(addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
  });

  it('when n is zero or negative, then the date stays or counts backwards', () => {
    expect(addWorkingDays('2025-01-29', 0)).toBe('2025-01-29');
    expect(addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
  });

  it('when n is not whole, then it throws', () => {
    expect(() => addWorkingDays('2025-01-24', 1.5)).toThrow(RangeError);
  });

  it('when adding n working days, then exactly n working days lie after the start up to the result', () => {
    const start = DateTime.fromISO('2004-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const from = start.plus({ days: offset }).toISODate()!;
        const due = addWorkingDays(from, n);
        let counted = 0;
        for (let d = DateTime.fromISO(from).plus({ days: 1 }); d.toISODate()! <= due; d = d.plus({ days: 1 })) {
          if (isWorkingDay(d.toISODate()!)) counted++;
        }
        return counted === n && isWorkingDay(due);
      }),
      { numRuns: 300 },
    );
  });
});

describe('service days of a site', () => {
  it('when the site keeps the defaults, then it serves on weekends and on 春节', () => {
    expect(isServiceDay('2025-06-07')).toBe(true);
    expect(isServiceDay('2025-01-29')).toBe(true);
  });

  it('when the site lists a closing date, then that day is not served even if it is a working day', () => {
    expect(isServiceDay('2025-06-09', { closedDates: ['2025-06-09'] })).toBe(false);
    expect(isServiceDay('2025-06-10', { closedDates: ['2025-06-09'] })).toBe(true);
  });

  it('when the site does not serve on holidays, then 春节 is closed but the 调休 Saturday is open', () => {
    expect(isServiceDay('2025-01-29', { serveOnHolidays: false })).toBe(false);
    expect(isServiceDay('2025-02-08', { serveOnHolidays: false })).toBe(true);
  });

  it('when the site does not serve on weekends, then an ordinary Saturday is closed but a 调休 Saturday is served', () => {
    expect(isServiceDay('2025-06-07', { serveOnWeekends: false })).toBe(false);
    expect(isServiceDay('2025-02-08', { serveOnWeekends: false })).toBe(true);
  });

  it('when a weekend day falls inside a holiday block, then the holiday rule decides', () => {
    expect(isServiceDay('2025-02-01', { serveOnWeekends: false, serveOnHolidays: true })).toBe(true);
    expect(isServiceDay('2025-02-01', { serveOnWeekends: true, serveOnHolidays: false })).toBe(false);
  });
});
