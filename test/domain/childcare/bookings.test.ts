import fc from 'fast-check';
import {
  type Attendance,
  bookedAhead,
  belongsOn,
  bookingProblems,
  type ClassOnDay,
  classForBooking,
  CLASS_KINDS,
  freeOnDay,
  placesOf,
  placesUsed,
  STANDARD_CLASSES,
} from '../../../domain/childcare';
import { addDays } from '../../../domain/shared/business-date';
import { klass } from './factories';

/** Monday 7 December 2026. */
const TODAY = '2026-12-07';
/** 17 months old on TODAY: a toddler, not yet of an age for the mixed class (18 months). */
const TODDLER = '2025-07-01';
const on = (c: Partial<ClassOnDay> & Pick<ClassOnDay, 'classId' | 'kind' | 'size'>): ClassOnDay => ({ taken: [], booked: 0, ...c });
const half = (h: 'morning' | 'afternoon'): Attendance => ({ mode: 'half_day', half: h });

describe('临时托 free places on a day', () => {
  it('when two half-day children share a place and one day is booked, then the class has its size less two free', () => {
    const day = [on({ classId: 't1', kind: 'toddler', size: 4, taken: [half('morning'), half('afternoon')], booked: 1 })];
    expect(freeOnDay(STANDARD_CLASSES, day)).toEqual({ classes: [{ classId: 't1', free: 2 }], siteFree: 98 });
  });

  it('when the site total is used up, then nothing is free although a class has room', () => {
    const settings = { ...STANDARD_CLASSES, siteTotal: 3 };
    const day = [on({ classId: 't1', kind: 'toddler', size: 15, taken: [{ mode: 'full_day' }, { mode: 'hourly' }], booked: 1 })];
    expect(freeOnDay(settings, day).siteFree).toBe(0);
    expect(classForBooking(settings, day, TODDLER, TODAY)).toBeNull();
  });

  it('when the age class is full, then a child old enough goes to the mixed class; a younger one gets none', () => {
    const day = [on({ classId: 'm1', kind: 'mixed', size: 5 }), on({ classId: 't1', kind: 'toddler', size: 1, booked: 1 }), on({ classId: 't2', kind: 'toddler', size: 2 })];
    expect(classForBooking(STANDARD_CLASSES, day, TODDLER, TODAY)).toBe('t2');
    day[2] = { ...day[2], taken: [{ mode: 'full_day' }, { mode: 'full_day' }] };
    expect(classForBooking(STANDARD_CLASSES, day, TODDLER, TODAY)).toBeNull();
    // 18 months on 2027-01-04: the mixed class takes the child then.
    expect(classForBooking(STANDARD_CLASSES, day, TODDLER, '2027-01-04')).toBe('m1');
  });
});

describe('临时托 dates a family may book', () => {
  const problems = (dates: string[], birthDate = TODDLER) => bookingProblems(STANDARD_CLASSES, { dates, today: TODAY, birthDate }).map((p) => `${p.field}: ${p.message}`);

  it('when the days are open days from today on, then there is nothing wrong', () => {
    expect(problems([TODAY, '2026-12-08', '2027-01-04'])).toEqual([]);
  });

  it('when a day is past, a weekend, too far ahead or repeated, then each is named by its index', () => {
    expect(problems(['2026-12-04', '2026-12-12', '2026-12-13', '2027-01-07', '2026-12-08', '2026-12-08'])).toEqual([
      'dates[0]: must be today or later',
      'dates[1]: is not a day the centre opens (weekend or statutory holiday)',
      'dates[2]: is not a day the centre opens (weekend or statutory holiday)',
      'dates[3]: must be within 30 days of today (2027-01-06)',
      'dates[5]: repeats an earlier day',
    ]);
  });

  it('when the child is under 6 months or no day is named, then that is said', () => {
    expect(problems([TODAY], '2026-08-01')).toEqual(['dates[0]: the child is not 6–36 months old on this day']);
    expect(problems([])).toEqual(['dates: must name at least one day']);
    expect(problems(Array.from({ length: 11 }, (_, i) => addDays(TODAY, i)))[0]).toBe('dates: at most 10 days at once');
  });
});

describe('places kept for booked days', () => {
  it('when a class has days booked, then the waitlist keeps the busiest day’s count from it, and past days free theirs', () => {
    const kept = bookedAhead(
      [
        { classId: 't1', date: TODAY },
        { classId: 't1', date: '2026-12-08' },
        { classId: 't1', date: '2026-12-08' },
        { classId: 't2', date: '2026-12-04' },
      ],
      TODAY,
    );
    expect([...kept]).toEqual([['t1', 2]]);
    const { places, limits } = placesOf({ ...STANDARD_CLASSES, siteTotal: 10 }, [klass('t1', 'toddler', 5)], [{ classId: 't1', mode: 'full_day' }], kept);
    expect(places.find((p) => p.id === 't1')!.capacity).toBe(2);
    expect(limits[0].capacity).toBe(7);
  });
});

describe('property: bookings never take more than the free places of a class-day or the site', () => {
  const birthDate = fc.integer({ min: 0, max: 1100 }).map((d) => addDays('2023-12-01', d));
  const attendance = fc.oneof(
    fc.constant<Attendance>({ mode: 'full_day' }),
    fc.constant<Attendance>({ mode: 'hourly' }),
    fc.constantFrom<'morning' | 'afternoon'>('morning', 'afternoon').map(half),
  );
  const aClass = fc
    .record({ kind: fc.constantFrom(...CLASS_KINDS), size: fc.integer({ min: 1, max: 20 }), taken: fc.array(attendance, { maxLength: 20 }) })
    // What a class already has never exceeds its size: the waitlist keeps to that (its own properties).
    .filter((c) => placesUsed(c.taken) <= c.size);
  const world = fc.record({
    siteTotal: fc.integer({ min: 1, max: 60 }),
    classes: fc.array(aClass, { minLength: 1, maxLength: 5 }),
    requests: fc.array(fc.record({ birthDate, day: fc.integer({ min: 0, max: 4 }) }), { maxLength: 80 }),
  });

  it('books one request after another and checks every class-day and the site after each', () => {
    fc.assert(
      fc.property(world, ({ siteTotal, classes, requests }) => {
        const settings = { ...STANDARD_CLASSES, siteTotal };
        const dates = [0, 1, 2, 3, 4].map((d) => addDays(TODAY, d));
        const taken = classes.reduce((s, c) => s + placesUsed(c.taken), 0);
        const days = new Map(dates.map((d) => [d, classes.map((c, i) => on({ classId: `c${i}`, ...c }))]));
        for (const r of requests) {
          const date = dates[r.day];
          const day = days.get(date)!;
          const before = freeOnDay(settings, day);
          const chosen = classForBooking(settings, day, r.birthDate, date);
          if (chosen === null) {
            // Refused only when no class the child's age fits has a free place, or the site has none.
            const anyFits = day.some((c, i) => before.classes[i].free > 0 && belongsOn(settings, c.kind, r.birthDate, date));
            if (before.siteFree > 0 && anyFits) throw new Error(`refused ${r.birthDate} on ${date} with a fitting class free`);
            continue;
          }
          const i = day.findIndex((c) => c.classId === chosen);
          if (before.classes[i].free < 1) throw new Error(`booked into ${chosen}, which had no free place`);
          day[i] = { ...day[i], booked: day[i].booked + 1 };
          const used = day.reduce((s, c) => s + placesUsed(c.taken) + c.booked, 0);
          for (const c of day) if (placesUsed(c.taken) + c.booked > c.size) throw new Error(`${c.classId} over its size on ${date}`);
          // The site limit binds bookings; places enrolments already use are the waitlist's business.
          if (used > Math.max(siteTotal, taken)) throw new Error(`site over its total on ${date}: ${used}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
