import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import { type Problem, ProblemsError } from '../shared/problems';
import type { Words } from '../waitlist';

/**
 * Classes by age as the national standard sets them (托育机构设置标准（试行）, 2019), kept as a
 * site's settings so a site can set its own. Ages are whole months; a band is [fromMonths,
 * toMonths): a child is a toddler from the day it is 12 months old, and leaves the centre on the
 * day it is 36 months old.
 */
export const CLASS_KINDS = ['infant', 'toddler', 'older', 'mixed'] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];

/** The classes that follow age one after another; a mixed class sits beside them. */
export const AGE_KINDS = ['infant', 'toddler', 'older'] as const satisfies readonly ClassKind[];
export type AgeKind = (typeof AGE_KINDS)[number];

export const CLASS_KIND_NAMES: Record<ClassKind, Words> = {
  infant: { zh: '乳儿班', en: 'infant class' },
  toddler: { zh: '托小班', en: 'toddler class' },
  older: { zh: '托大班', en: 'older toddler class' },
  mixed: { zh: '混龄班', en: 'mixed-age class' },
};

export interface ClassKindSettings {
  fromMonths: number;
  /** The first age in months that no longer belongs. */
  toMonths: number;
  maxChildren: number;
  /** Children one carer may look after: 3 means 1:3. */
  childrenPerCarer: number;
}

export interface SiteClassSettings {
  /** The centre's places across all its classes, a hard limit beside each class's size. */
  siteTotal: number;
  kinds: Record<ClassKind, ClassKindSettings>;
}

/** The youngest a centre takes and the age at which a child leaves it (under three, 0–3岁托育). */
export const CENTRE_FROM_MONTHS = 6;
export const CENTRE_TO_MONTHS = 36;

/**
 * The standard's defaults. A mixed class (18 months and up, ≤ 18) is 1:5: that is the figure
 * 托育机构管理规范（试行）gives for 混合班, and it is also the strictest ratio of the ages a mixed
 * class may hold (托小班 1:5, 托大班 1:7), so staffing by it is never short whoever is present.
 */
export const STANDARD_CLASSES: SiteClassSettings = {
  siteTotal: 100,
  kinds: {
    infant: { fromMonths: 6, toMonths: 12, maxChildren: 10, childrenPerCarer: 3 },
    toddler: { fromMonths: 12, toMonths: 24, maxChildren: 15, childrenPerCarer: 5 },
    older: { fromMonths: 24, toMonths: 36, maxChildren: 20, childrenPerCarer: 7 },
    mixed: { fromMonths: 18, toMonths: 36, maxChildren: 18, childrenPerCarer: 5 },
  },
};

export interface ChildcareClass {
  id: string;
  siteId: string;
  kind: ClassKind;
  /** Places in this room; at most the kind's maxChildren (a small room may take fewer). */
  size: number;
  name?: Words;
}

/** A site's class settings or classes that cannot be worked from; the API answers 422 with the problems. */
export class ChildcareError extends ProblemsError {}

const wholeAtLeast = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/**
 * Every problem with a site's settings, by path. Bands must lie within 6–36 months, and the
 * age classes must follow one another without gap or overlap, so a child of any age in the
 * centre has exactly one age class. Sizes and ratios may be stricter than the standard but
 * never looser: the standard is the legal floor for a registered centre.
 */
export function classSettingsProblems(settings: SiteClassSettings): Problem[] {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (!wholeAtLeast(settings.siteTotal, 1)) fail('siteTotal', 'must be a whole number ≥ 1');
  for (const kind of CLASS_KINDS) {
    const k = settings.kinds?.[kind];
    const at = `kinds.${kind}`;
    if (k === undefined) {
      fail(at, 'is missing');
      continue;
    }
    const standard = STANDARD_CLASSES.kinds[kind];
    if (!wholeAtLeast(k.fromMonths, CENTRE_FROM_MONTHS)) fail(`${at}.fromMonths`, `must be a whole number of months ≥ ${CENTRE_FROM_MONTHS}`);
    if (!wholeAtLeast(k.toMonths, 0) || k.toMonths > CENTRE_TO_MONTHS) fail(`${at}.toMonths`, `must be a whole number of months ≤ ${CENTRE_TO_MONTHS}`);
    else if (Number.isSafeInteger(k.fromMonths) && k.toMonths <= k.fromMonths) fail(`${at}.toMonths`, `must be after fromMonths ${k.fromMonths}`);
    if (!wholeAtLeast(k.maxChildren, 1) || k.maxChildren > standard.maxChildren) fail(`${at}.maxChildren`, `must be a whole number 1–${standard.maxChildren}`);
    if (!wholeAtLeast(k.childrenPerCarer, 1) || k.childrenPerCarer > standard.childrenPerCarer) {
      fail(`${at}.childrenPerCarer`, `must be a whole number 1–${standard.childrenPerCarer} (1:${standard.childrenPerCarer} is the standard's floor)`);
    }
  }
  if (problems.length > 0) return problems;
  const [infant, toddler, older] = AGE_KINDS.map((k) => settings.kinds[k]);
  if (infant.fromMonths !== CENTRE_FROM_MONTHS) fail('kinds.infant.fromMonths', `must be ${CENTRE_FROM_MONTHS}, the youngest the centre takes`);
  if (toddler.fromMonths !== infant.toMonths) fail('kinds.toddler.fromMonths', `must be ${infant.toMonths}, where the infant class ends`);
  if (older.fromMonths !== toddler.toMonths) fail('kinds.older.fromMonths', `must be ${toddler.toMonths}, where the toddler class ends`);
  if (older.toMonths !== CENTRE_TO_MONTHS) fail('kinds.older.toMonths', `must be ${CENTRE_TO_MONTHS}, when a child leaves the centre`);
  return problems;
}

/** The site's classes: each with a known kind, a unique id and a size within its kind; their sizes within the site total. */
export function classesProblems(settings: SiteClassSettings, classes: readonly ChildcareClass[]): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  classes.forEach((c, i) => {
    if (ids.has(c.id)) problems.push({ field: `classes[${i}].id`, message: `${c.id} is given twice` });
    ids.add(c.id);
    if (!CLASS_KINDS.includes(c.kind)) {
      problems.push({ field: `classes[${i}].kind`, message: `must be one of ${CLASS_KINDS.join(', ')}` });
      return;
    }
    const max = settings.kinds[c.kind].maxChildren;
    if (!wholeAtLeast(c.size, 1) || c.size > max) problems.push({ field: `classes[${i}].size`, message: `must be a whole number 1–${max} for a ${c.kind} class` });
  });
  return problems;
}

export function validateClassSettings(settings: SiteClassSettings, classes: readonly ChildcareClass[] = []): SiteClassSettings {
  const problems = classSettingsProblems(settings);
  if (problems.length === 0) problems.push(...classesProblems(settings, classes));
  if (problems.length > 0) throw new ChildcareError(problems);
  return settings;
}

function parts(date: BusinessDate, what: string): [number, number, number] {
  if (!isBusinessDate(date)) throw new RangeError(`${what} must be a YYYY-MM-DD date, got ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Whole months of age on `date`. A month is complete on the same day of the month as the
 * birth, or on the month's last day when it has no such day: a child born on 01-31 is one month
 * old on 02-28 (02-29 in a leap year) and two months old on 03-31. So every month has the day on
 * which the child completes it and no month is skipped. (Whole years, ageOn, count a 02-29
 * birthday on 03-01 instead; a band never turns on that day in practice.)
 */
export function ageInMonths(birthDate: BusinessDate, date: BusinessDate): number {
  const [by, bm, bd] = parts(birthDate, 'birthDate');
  const [y, m, d] = parts(date, 'date');
  if (date < birthDate) throw new RangeError(`${date} is before the birth date ${birthDate}`);
  const months = (y - by) * 12 + (m - bm);
  return d < Math.min(bd, daysInMonth(y, m)) ? months - 1 : months;
}

/** The day a child completes `months` months: the inverse of ageInMonths. */
export function dateAtMonths(birthDate: BusinessDate, months: number): BusinessDate {
  const [by, bm, bd] = parts(birthDate, 'birthDate');
  const index = by * 12 + (bm - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  const d = Math.min(bd, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const inBand = (months: number, k: ClassKindSettings) => months >= k.fromMonths && months < k.toMonths;

/** The age class a child belongs to on `date`, or null before 6 months and from 36 months. */
export function ageKindOn(settings: SiteClassSettings, birthDate: BusinessDate, date: BusinessDate): AgeKind | null {
  if (date < birthDate) return null;
  const months = ageInMonths(birthDate, date);
  return AGE_KINDS.find((k) => inBand(months, settings.kinds[k])) ?? null;
}

/** Whether a child may be in a class of this kind on `date` (a mixed class takes 18 months and up). */
export function belongsOn(settings: SiteClassSettings, kind: ClassKind, birthDate: BusinessDate, date: BusinessDate): boolean {
  return date >= birthDate && inBand(ageInMonths(birthDate, date), settings.kinds[kind]);
}
