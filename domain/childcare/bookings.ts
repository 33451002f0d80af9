import { addDays, type BusinessDate } from '../shared/business-date';
import type { Problem } from '../shared/problems';
import { isOpenDay } from './absences';
import { AGE_KINDS, belongsOn, CENTRE_FROM_MONTHS, CENTRE_TO_MONTHS, type ClassKind, type SiteClassSettings } from './classes';
import { type Attendance, placesUsed } from './modes';

/*
 * 临时托 (occasional care): a family books a child by the day from whatever a class has free that
 * day. A booked day takes one whole place in one class for that date alone; it never holds a
 * place beyond it and never goes through the waitlist.
 */

/** How far ahead a day may be booked: a month, so the places it keeps from the waitlist are near. */
export const MAX_BOOKING_DAYS_AHEAD = 30;
/** Days booked in one request, all or none. */
export const MAX_BOOKING_DATES = 10;

/**
 * A class as a day's booking sees it: what takes its places that day (the enrolments attending
 * then and the open offers, each as the attendance it is or would be, so half-day children on
 * opposite halves share one place) and the days already booked in it.
 */
export interface ClassOnDay {
  classId: string;
  kind: ClassKind;
  size: number;
  taken: readonly Attendance[];
  booked: number;
}

export interface FreeOnDay {
  classes: { classId: string; free: number }[];
  /** The site's total less every place used that day: a hard limit beside each class's size. */
  siteFree: number;
}

/** Each class's free places on the day, and the site's. */
export function freeOnDay(settings: SiteClassSettings, classes: readonly ClassOnDay[]): FreeOnDay {
  let used = 0;
  const free = classes.map((c) => {
    const inClass = placesUsed(c.taken) + c.booked;
    used += inClass;
    return { classId: c.classId, free: Math.max(0, c.size - inClass) };
  });
  return { classes: free, siteFree: Math.max(0, settings.siteTotal - used) };
}

/**
 * The class a child's day goes to: one whose band takes the child on that day (its age class
 * before a mixed class, then in the order given) with a place free, while the site has one.
 * Null when none has.
 */
export function classForBooking(settings: SiteClassSettings, classes: readonly ClassOnDay[], birthDate: BusinessDate, date: BusinessDate): string | null {
  const { classes: free, siteFree } = freeOnDay(settings, classes);
  if (siteFree === 0) return null;
  const ageFirst = (k: ClassKind) => ((AGE_KINDS as readonly ClassKind[]).includes(k) ? 0 : 1);
  const fitting = classes
    .map((c, i) => ({ c, i, free: free[i].free }))
    .filter(({ c, free }) => free > 0 && belongsOn(settings, c.kind, birthDate, date))
    .sort((a, b) => ageFirst(a.c.kind) - ageFirst(b.c.kind) || a.i - b.i);
  return fitting[0]?.c.classId ?? null;
}

/**
 * What is wrong with a booking's dates for a child, by field: each must be a day the centre opens,
 * from today to MAX_BOOKING_DAYS_AHEAD ahead, once, with the child of an age the centre takes.
 */
export function bookingProblems(settings: SiteClassSettings, r: { dates: readonly BusinessDate[]; today: BusinessDate; birthDate: BusinessDate }): Problem[] {
  const problems: Problem[] = [];
  const last = addDays(r.today, MAX_BOOKING_DAYS_AHEAD);
  if (r.dates.length === 0) problems.push({ field: 'dates', message: 'must name at least one day' });
  if (r.dates.length > MAX_BOOKING_DATES) problems.push({ field: 'dates', message: `at most ${MAX_BOOKING_DATES} days at once` });
  r.dates.forEach((date, i) => {
    const fail = (message: string) => problems.push({ field: `dates[${i}]`, message });
    if (r.dates.indexOf(date) !== i) fail('repeats an earlier day');
    else if (date < r.today) fail('must be today or later');
    else if (date > last) fail(`must be within ${MAX_BOOKING_DAYS_AHEAD} days of today (${last})`);
    else if (!isOpenDay(date)) fail('is not a day the centre opens (weekend or statutory holiday)');
    else if (!AGE_KINDS.some((k) => belongsOn(settings, k, r.birthDate, date))) fail(`the child is not ${CENTRE_FROM_MONTHS}–${CENTRE_TO_MONTHS} months old on this day`);
  });
  return problems;
}

/**
 * The places the waitlist must leave to booked days: per class, the most days booked on any one
 * date from today on. An enrolment from an accepted offer may begin on any of those dates, so an
 * offer never takes a place a booked day has.
 */
export function bookedAhead(bookings: readonly { classId: string; date: BusinessDate }[], today: BusinessDate): Map<string, number> {
  const perDay = new Map<string, number>();
  for (const b of bookings) {
    if (b.date < today) continue;
    const key = `${b.classId}|${b.date}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  const most = new Map<string, number>();
  for (const [key, n] of perDay) {
    const classId = key.slice(0, key.indexOf('|'));
    most.set(classId, Math.max(most.get(classId) ?? 0, n));
  }
  return most;
}
