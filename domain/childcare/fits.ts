import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import type { Application, CapacityLimit, Fits, Place, Problem } from '../waitlist';
import { ageInMonths, CLASS_KINDS, type ChildcareClass, type ClassKind, type SiteClassSettings } from './classes';
import { type Attendance, freeHalves, type Half, HALVES, placesUsed, SERVICE_MODES, type ServiceMode } from './modes';

/** A ranked wish: a site, a kind of class, or both. */
export interface ClassChoice {
  siteId?: string;
  kind?: ClassKind;
}

export const MAX_CHOICES = 3;

/**
 * The day a child would start: its desired start date, or today once that has passed. The
 * child's age, and so its class, is decided on this day, and an enrolment begins on it.
 */
export function startOn(desired: BusinessDate, today: BusinessDate): BusinessDate {
  return desired > today ? desired : today;
}

export interface ChildcareApplication extends Application {
  birthDate: BusinessDate;
  startDate: BusinessDate;
  mode: ServiceMode;
  /** Which half, for half-day care. */
  half?: Half;
  /** Up to three, the first most wanted. */
  choices: readonly ClassChoice[];
  /** 服从调剂: any class or site that takes the child's age, after the ranked choices. */
  anyClassOrSite: boolean;
}

/**
 * A class as the waitlist engine sees it: its free whole places, or (with `half`) the halves
 * free beside a half-day child already there, which a child on the other half can share.
 */
export interface ClassPlace extends Place {
  classId: string;
  siteId: string;
  kind: ClassKind;
  fromMonths: number;
  toMonths: number;
  half?: Half;
}

export type Enrolment = Attendance & { classId: string };

/** What is wrong with an application before it may join the queue, by field. */
export function applicationProblems(app: Pick<ChildcareApplication, 'birthDate' | 'startDate' | 'mode' | 'half' | 'choices'>): Problem[] {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (!isBusinessDate(app.birthDate)) fail('birthDate', 'must be a YYYY-MM-DD date');
  if (!isBusinessDate(app.startDate)) fail('startDate', 'must be a YYYY-MM-DD date');
  else if (app.startDate < app.birthDate) fail('startDate', 'must not be before the birth date');
  if (!SERVICE_MODES.includes(app.mode)) fail('mode', `must be one of ${SERVICE_MODES.join(', ')}`);
  else if (app.mode === 'occasional') fail('mode', 'occasional care is booked by the day, not through the waitlist');
  if (app.mode === 'half_day' ? !HALVES.includes(app.half as Half) : app.half !== undefined) fail('half', 'must be morning or afternoon for half-day care, and only then');
  if (app.choices.length > MAX_CHOICES) fail('choices', `at most ${MAX_CHOICES}`);
  const seen = new Set<string>();
  app.choices.forEach((c, i) => {
    if (c.kind !== undefined && !CLASS_KINDS.includes(c.kind)) fail(`choices[${i}].kind`, `must be one of ${CLASS_KINDS.join(', ')}`);
    const key = `${c.siteId ?? '*'}/${c.kind ?? '*'}`;
    if (seen.has(key)) fail(`choices[${i}]`, 'repeats an earlier choice');
    seen.add(key);
  });
  return problems;
}

const matches = (choice: ClassChoice, place: ClassPlace) => (choice.siteId === undefined || choice.siteId === place.siteId) && (choice.kind === undefined || choice.kind === place.kind);

/**
 * The waitlist engine's `fits` for childcare: null unless the child is within the class's band
 * on its start date (a child is placed by the age it will have, not the age it has while
 * waiting) and its mode can use the place; otherwise the first choice the class answers, or,
 * for a family that accepts any class or site, the order after all its choices.
 */
export const fitsClass: Fits<ChildcareApplication, ClassPlace> = (app, place) => {
  if (app.mode === 'occasional') return null;
  if (place.half !== undefined && !(app.mode === 'half_day' && app.half === place.half)) return null;
  if (app.startDate < app.birthDate) return null;
  const months = ageInMonths(app.birthDate, app.startDate);
  if (months < place.fromMonths || months >= place.toMonths) return null;
  const choice = app.choices.findIndex((c) => matches(c, place));
  if (choice >= 0) return choice;
  return app.anyClassOrSite ? app.choices.length : null;
};

export interface SitePlaces {
  places: ClassPlace[];
  /** One per site: its total less the places its enrolments use. */
  limits: CapacityLimit[];
}

/**
 * A site's classes as waitlist places, their enrolments already counted: pass only the open
 * offers to the engine as holds. The free halves come before the whole places, so that a
 * half-day child is offered the half beside another child before a place of its own (the
 * engine keeps the order of the places among equal choices). Halves use no new place, so the
 * site's limit covers only the whole places. Every class's places are listed, full or not, so
 * that an offer held on one is still recognised. `booked` (bookedAhead) are the whole places
 * each class keeps for 临时托 days already booked: neither the class nor the site offers them.
 */
export function placesOf(settings: SiteClassSettings, classes: readonly ChildcareClass[], enrolments: readonly Enrolment[], booked: ReadonlyMap<string, number> = new Map()): SitePlaces {
  const halves: ClassPlace[] = [];
  const wholes: ClassPlace[] = [];
  const usedBySite = new Map<string, number>();
  for (const c of classes) {
    const inClass = enrolments.filter((e) => e.classId === c.id);
    const used = placesUsed(inClass) + (booked.get(c.id) ?? 0);
    usedBySite.set(c.siteId, (usedBySite.get(c.siteId) ?? 0) + used);
    const { fromMonths, toMonths } = settings.kinds[c.kind];
    const place = { classId: c.id, siteId: c.siteId, kind: c.kind, fromMonths, toMonths };
    const free = freeHalves(inClass);
    for (const half of HALVES) halves.push({ ...place, id: `${c.id}:${half}`, capacity: free[half], half });
    wholes.push({ ...place, id: c.id, capacity: Math.max(0, c.size - used) });
  }
  const limits = [...usedBySite].map(([siteId, used]) => ({
    id: `site:${siteId}`,
    capacity: Math.max(0, settings.siteTotal - used),
    placeIds: wholes.filter((p) => p.siteId === siteId).map((p) => p.id),
  }));
  return { places: [...halves, ...wholes], limits };
}
