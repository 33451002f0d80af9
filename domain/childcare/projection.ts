import type { BusinessDate } from '../shared/business-date';
import type { Words } from '../waitlist';
import { ageInMonths, ageKindOn, belongsOn, CENTRE_TO_MONTHS, ChildcareError, type ChildcareClass, CLASS_KIND_NAMES, type SiteClassSettings } from './classes';
import { type Attendance, placesUsed } from './modes';

export type EnrolledChild = Attendance & {
  childId: string;
  classId: string;
  birthDate: BusinessDate;
  /** The last day the child will attend, when the family has given notice. */
  leaveDate?: BusinessDate;
};

export interface ProjectionInput {
  settings: SiteClassSettings;
  classes: readonly ChildcareClass[];
  children: readonly EnrolledChild[];
  today: BusinessDate;
  /** How many months ahead, each seen on its first day; 12 unless given. */
  months?: number;
  /** A class using fewer than this share of its places is under-used; 0.5 unless given. */
  underUsedBelow?: number;
}

export interface ClassMonth {
  classId: string;
  childIds: string[];
  placesUsed: number;
  size: number;
}

export type LeaveReason = 'aged_out' | 'leave_date';

export type WarningCode = 'over_size' | 'under_used' | 'next_class_full' | 'no_class_for_age';

export interface ProjectionWarning {
  month: BusinessDate;
  code: WarningCode;
  classId: string;
  childId?: string;
  words: Words;
}

export interface ProjectedMonth {
  /** The first day of the month. */
  month: BusinessDate;
  classes: ClassMonth[];
  /** Every child gone from the centre by this month, with why. */
  left: { childId: string; reason: LeaveReason }[];
  warnings: ProjectionWarning[];
}

export const DEFAULT_PROJECTION_MONTHS = 12;
export const DEFAULT_UNDER_USED_BELOW = 0.5;

/** The first days of the `count` months after `today`'s month. */
export function monthStarts(today: BusinessDate, count: number): BusinessDate[] {
  const [y, m] = today.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) + i + 1;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  });
}

const monthWords = (month: BusinessDate) => ({ zh: `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`, en: month.slice(0, 7) });

/**
 * The class board looking ahead: month by month, children leave on their leave date or on
 * reaching 36 months, and a child who has outgrown its class moves to a class of its new age at
 * the same site (its own kind first, then a mixed class that takes it; the emptiest, then by
 * id) when one has room. Where none has, the child stays where it is and staff are warned that
 * month. The oldest children move first, as they have outgrown their class longest. Every
 * child is, each month, in exactly one class or among those who left.
 */
export function projectClasses(input: ProjectionInput): ProjectedMonth[] {
  const { settings, classes, children } = input;
  const classById = new Map(classes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  children.forEach((child, i) => {
    if (seen.has(child.childId)) throw new ChildcareError([{ field: `children[${i}].childId`, message: `${child.childId} is listed twice` }]);
    seen.add(child.childId);
    if (!classById.has(child.classId)) throw new ChildcareError([{ field: `children[${i}].classId`, message: `${child.classId} is not one of the classes` }]);
  });
  const oldestFirst = [...children].sort((a, b) => (a.birthDate !== b.birthDate ? (a.birthDate < b.birthDate ? -1 : 1) : a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
  const classOf = new Map(children.map((c) => [c.childId, c.classId]));
  const left = new Map<string, LeaveReason>();
  const underUsedBelow = input.underUsedBelow ?? DEFAULT_UNDER_USED_BELOW;

  return monthStarts(input.today, input.months ?? DEFAULT_PROJECTION_MONTHS).map((month) => {
    const when = monthWords(month);
    const warnings: ProjectionWarning[] = [];
    for (const child of oldestFirst) {
      if (left.has(child.childId)) continue;
      if (child.leaveDate !== undefined && child.leaveDate < month) left.set(child.childId, 'leave_date');
      else if (ageInMonths(child.birthDate, month) >= CENTRE_TO_MONTHS) left.set(child.childId, 'aged_out');
    }
    const present = oldestFirst.filter((c) => !left.has(c.childId));
    const occupants = new Map<string, EnrolledChild[]>(classes.map((c) => [c.id, []]));
    for (const child of present) occupants.get(classOf.get(child.childId)!)!.push(child);

    for (const child of present) {
      const from = classById.get(classOf.get(child.childId)!)!;
      if (belongsOn(settings, from.kind, child.birthDate, month)) continue;
      const kind = ageKindOn(settings, child.birthDate, month);
      const candidates = classes.filter((c) => c.siteId === from.siteId && c.id !== from.id && (c.kind === kind || (c.kind === 'mixed' && belongsOn(settings, 'mixed', child.birthDate, month))));
      const free = (c: ChildcareClass) => c.size - placesUsed([...occupants.get(c.id)!, child]);
      const to = candidates
        .filter((c) => free(c) >= 0)
        .sort((a, b) => Number(a.kind === 'mixed') - Number(b.kind === 'mixed') || free(b) - free(a) || (a.id < b.id ? -1 : 1))[0];
      if (to !== undefined) {
        occupants.set(from.id, occupants.get(from.id)!.filter((c) => c !== child));
        occupants.get(to.id)!.push(child);
        classOf.set(child.childId, to.id);
        continue;
      }
      const needed = kind === null ? null : CLASS_KIND_NAMES[kind];
      warnings.push({
        month,
        code: candidates.length === 0 ? 'no_class_for_age' : 'next_class_full',
        classId: from.id,
        childId: child.childId,
        words:
          needed === null
            ? { zh: `${when.zh}：幼儿 ${child.childId} 的月龄不在任何班级范围内`, en: `${when.en}: child ${child.childId} is of an age no class takes` }
            : candidates.length === 0
              ? { zh: `${when.zh}：幼儿 ${child.childId} 应升入${needed.zh}，但本园没有该班`, en: `${when.en}: child ${child.childId} needs a ${needed.en}, and the site has none` }
              : { zh: `${when.zh}：幼儿 ${child.childId} 应升入${needed.zh}，但该班已满，暂留原班`, en: `${when.en}: child ${child.childId} needs a ${needed.en}, which is full; stays in ${from.id}` },
      });
    }

    const classMonths = classes.map((c): ClassMonth => {
      const inClass = occupants.get(c.id)!;
      const used = placesUsed(inClass);
      if (used > c.size) {
        warnings.push({ month, code: 'over_size', classId: c.id, words: { zh: `${when.zh}：${c.id} 占用 ${used} 个位置，超出班额 ${c.size}`, en: `${when.en}: ${c.id} uses ${used} places, over its size of ${c.size}` } });
      } else if (used < c.size * underUsedBelow) {
        warnings.push({ month, code: 'under_used', classId: c.id, words: { zh: `${when.zh}：${c.id} 仅占用 ${used}/${c.size} 个位置`, en: `${when.en}: ${c.id} uses only ${used} of ${c.size} places` } });
      }
      return { classId: c.id, childIds: inClass.map((e) => e.childId), placesUsed: used, size: c.size };
    });
    return { month, classes: classMonths, left: [...left].map(([childId, reason]) => ({ childId, reason })), warnings };
  });
}
