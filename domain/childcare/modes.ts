import type { Words } from '../waitlist';

/**
 * How a child attends. 临时托 (occasional) is booked by the day from whatever is free that day,
 * so it never holds a place and never goes through the waitlist; the other modes do.
 */
export const SERVICE_MODES = ['full_day', 'half_day', 'hourly', 'occasional'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
export type EnrolledMode = Exclude<ServiceMode, 'occasional'>;

export const HALVES = ['morning', 'afternoon'] as const;
export type Half = (typeof HALVES)[number];

export const SERVICE_MODE_NAMES: Record<ServiceMode, Words> = {
  full_day: { zh: '全日托', en: 'full day' },
  half_day: { zh: '半日托', en: 'half day' },
  hourly: { zh: '计时托', en: 'hourly' },
  occasional: { zh: '临时托', en: 'occasional' },
};

export const HALF_NAMES: Record<Half, Words> = {
  morning: { zh: '上午', en: 'morning' },
  afternoon: { zh: '下午', en: 'afternoon' },
};

/** How a child holds its place: a half-day child says which half. */
export type Attendance = { mode: 'full_day' | 'hourly' } | { mode: 'half_day'; half: Half };

/**
 * The places a set of enrolments in one class uses. A full-day child uses one. Hourly care
 * comes at hours nobody can plan a partner around, so it uses a whole place too. A morning
 * child and an afternoon child share one place, so the half-day children use as many places as
 * the larger half has children.
 */
export function placesUsed(enrolments: readonly Attendance[]): number {
  let whole = 0;
  const halves: Record<Half, number> = { morning: 0, afternoon: 0 };
  for (const e of enrolments) {
    if (e.mode === 'half_day') halves[e.half]++;
    else whole++;
  }
  return whole + Math.max(halves.morning, halves.afternoon);
}

/**
 * Halves free beside a child already there: with 3 morning and 1 afternoon children, two
 * afternoon halves are free without using another place.
 */
export function freeHalves(enrolments: readonly Attendance[]): Record<Half, number> {
  const count = (half: Half) => enrolments.filter((e) => e.mode === 'half_day' && e.half === half).length;
  const [morning, afternoon] = [count('morning'), count('afternoon')];
  return { morning: Math.max(0, afternoon - morning), afternoon: Math.max(0, morning - afternoon) };
}
