/**
 * What an assessment's final grade means at a site: its care level (the price and the staffing
 * follow it), what it makes the person eligible for, and how long it stays valid. Each site
 * stores these settings; the defaults are common practice, not law.
 */
import { DateTime } from 'luxon';
import { type BusinessDate } from '../shared/business-date';
import { ASSESSED_GRADES, type AbilityGrade, type AssessedGrade } from '../shared/categories';
import { CareHomeError, type Problem } from './errors';

export interface CareLevel {
  code: string;
  zh: string;
  en: string;
  /** The final grades this level cares for; every grade belongs to exactly one level. */
  grades: readonly AssessedGrade[];
}

export interface CareHomeSettings {
  /** Lightest care first. */
  careLevels: readonly CareLevel[];
  /** Grades eligible for the 养老服务消费券 (the consumption voucher). */
  voucherGrades: readonly AssessedGrade[];
  /** An assessment is valid this many months from the day it was made. */
  reassessEveryMonths: number;
}

/**
 * 自理/介助/介护/特护, the names Chinese care homes commonly use: 重度 and 完全失能 are split so
 * that a bedridden or comatose resident (特护) can be priced and staffed apart.
 */
export const DEFAULT_CARE_HOME_SETTINGS: CareHomeSettings = {
  careLevels: [
    { code: 'independent', zh: '自理', en: 'Independent', grades: ['intact'] },
    { code: 'assisted', zh: '介助', en: 'Assisted', grades: ['mild'] },
    { code: 'nursing', zh: '介护', en: 'Nursing care', grades: ['moderate', 'severe'] },
    { code: 'special', zh: '特护', en: 'Special care', grades: ['complete'] },
  ],
  voucherGrades: ['moderate', 'severe', 'complete'],
  reassessEveryMonths: 12,
};

/** Stored settings a site cannot work from, named by path; otherwise the settings. */
export function validateCareHomeSettings(settings: CareHomeSettings): CareHomeSettings {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const codes = new Set<string>();
  settings.careLevels.forEach((level, i) => {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(level.code)) fail(`careLevels[${i}].code`, 'must be a lower-case name such as nursing');
    else if (codes.has(level.code)) fail(`careLevels[${i}].code`, `repeats ${level.code}`);
    codes.add(level.code);
    if (!level.zh.trim() || !level.en.trim()) fail(`careLevels[${i}]`, 'needs a name in zh and en');
    level.grades.forEach((g, j) => {
      if (!ASSESSED_GRADES.includes(g)) fail(`careLevels[${i}].grades[${j}]`, `is not a grade (${ASSESSED_GRADES.join(', ')})`);
    });
  });
  for (const grade of ASSESSED_GRADES) {
    const count = settings.careLevels.filter((l) => l.grades.includes(grade)).length;
    if (count !== 1) fail('careLevels', `${grade} must belong to exactly one care level, found ${count}`);
  }
  settings.voucherGrades.forEach((g, i) => {
    if (!ASSESSED_GRADES.includes(g)) fail(`voucherGrades[${i}]`, 'is not a grade');
  });
  if (!Number.isInteger(settings.reassessEveryMonths) || settings.reassessEveryMonths < 1 || settings.reassessEveryMonths > 24) {
    fail('reassessEveryMonths', 'must be a whole number of months from 1 to 24');
  }
  if (problems.length > 0) throw new CareHomeError(problems);
  return settings;
}

export function careLevelFor(grade: AssessedGrade, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): CareLevel {
  const level = settings.careLevels.find((l) => l.grades.includes(grade));
  if (!level) throw new CareHomeError([{ field: 'careLevels', message: `no care level for ${grade}` }]);
  return level;
}

export interface Eligibility {
  consumptionVoucher: boolean;
  /** The 失能 category's grade (shared/categories) the person holds by this assessment; null when 能力完好. */
  disabledCareGrade: AbilityGrade | null;
}

export function eligibilityFor(grade: AssessedGrade, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): Eligibility {
  return { consumptionVoucher: settings.voucherGrades.includes(grade), disabledCareGrade: grade === 'intact' ? null : grade };
}

/** An assessment as kept in a resident's history. */
export interface AssessmentRecord {
  assessedOn: BusinessDate;
  finalGrade: AssessedGrade;
}

/**
 * The first day an assessment is no longer valid: the same day N months on (31 August + 6
 * months ends on 28 February, the month's last day).
 */
export function reassessmentDueOn(assessedOn: BusinessDate, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): BusinessDate {
  return DateTime.fromISO(assessedOn, { zone: 'utc' }).plus({ months: settings.reassessEveryMonths }).toISODate()!;
}

/**
 * Whether an assessment can stand for the person on a date: made on or before it, not yet due,
 * and no change in condition reported since (a fall, a hospital stay, a new diagnosis: staff
 * record the date, and a new assessment is due at once).
 */
export function validOn(record: AssessmentRecord, date: BusinessDate, changesReported: readonly BusinessDate[] = [], settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): boolean {
  if (record.assessedOn > date || date >= reassessmentDueOn(record.assessedOn, settings)) return false;
  return !changesReported.some((c) => c > record.assessedOn && c <= date);
}

export type ReassessmentReason = 'none' | 'schedule' | 'change';

/**
 * The assessment that stands on a date (the latest valid one; of two on one day, the later in the
 * history, which is kept oldest first), or why a new one is needed; no admission without one.
 */
export function standingAssessment<R extends AssessmentRecord>(
  history: readonly R[],
  date: BusinessDate,
  changesReported: readonly BusinessDate[] = [],
  settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS,
): { assessment: R; dueOn: BusinessDate } | { assessment: null; reason: ReassessmentReason } {
  const latest = history.filter((r) => r.assessedOn <= date).reduce<R | null>((best, r) => (best === null || r.assessedOn >= best.assessedOn ? r : best), null);
  if (latest === null) return { assessment: null, reason: 'none' };
  if (validOn(latest, date, changesReported, settings)) return { assessment: latest, dueOn: reassessmentDueOn(latest.assessedOn, settings) };
  return { assessment: null, reason: date >= reassessmentDueOn(latest.assessedOn, settings) ? 'schedule' : 'change' };
}

/** A care level that differs from the one a resident is billed at: the contract's care level must change. */
export function careLevelChanged(previous: AssessedGrade, next: AssessedGrade, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): boolean {
  return careLevelFor(previous, settings).code !== careLevelFor(next, settings).code;
}
