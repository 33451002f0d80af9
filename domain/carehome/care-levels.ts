/**
 * What an assessment's final grade means at a site: its care level (the price and the staffing
 * follow it; the price is the quote of the level's cost-sharing line, never a figure of its
 * own), what it makes the person eligible for, and how long it stays valid. Each site stores
 * these settings; the defaults are common practice, not law.
 */
import { DateTime } from 'luxon';
import { type BusinessDate } from '../shared/business-date';
import { ASSESSED_GRADES, type AbilityGrade, type AssessedGrade } from '../shared/categories';
import { SERVICE_LINES, type ServiceLine } from '../costsharing/service-lines';
import { type Fen } from '../shared/money';
import { CareHomeError, type Problem } from './errors';
import { DEFAULT_LEAVE_RULES, leaveRulesProblems, type LeaveRules } from './leave';

export interface CareLevel {
  code: string;
  zh: string;
  en: string;
  /** The final grades this level cares for; every grade belongs to exactly one level. */
  grades: readonly AssessedGrade[];
  /**
   * The cost-sharing line (a carehome bed line) its bed-days are priced and billed on: the one
   * source of its price, quoted for the level's tier (bedTierOf).
   */
  serviceLine: string;
}

/** The cost-sharing lines that price care-home bed-days: the lines a care level can name. */
export const CARE_HOME_BED_LINES: readonly ServiceLine[] = SERVICE_LINES.filter((l) => l.service === 'carehome' && l.unit === 'bed_day');
export const isCareHomeBedLine = (code: string): boolean => CARE_HOME_BED_LINES.some((l) => l.code === code);

/**
 * The days a contract's monthly price is quoted for: 30 bed-days, the month 养老院 fee schedules
 * commonly state; a bill counts the month's real days.
 */
export const QUOTED_MONTH_DAYS = 30;

/** A contract's monthly price from the family's quoted price per bed-day. */
export const monthlyPriceOf = (familyDayFen: Fen): Fen => familyDayFen * QUOTED_MONTH_DAYS;

export interface CareHomeSettings {
  /** Lightest care first. */
  careLevels: readonly CareLevel[];
  /** Grades eligible for the 养老服务消费券 (the consumption voucher). */
  voucherGrades: readonly AssessedGrade[];
  /** An assessment is valid this many months from the day it was made. */
  reassessEveryMonths: number;
  /** The 请假 tiers of the site's contracts (domain/carehome leave). */
  leave: LeaveRules;
  /** Of the care part of a day's price, the share a long leave (the reduced-care tier) still charges, 0–1. */
  reducedCareShare: number;
}

/**
 * 自理/介助/介护/特护, the names Chinese care homes commonly use: 重度 and 完全失能 are split so
 * that a bedridden or comatose resident (特护) can be priced and staffed apart. A long leave still
 * pays half the care (the "reduced care rate" names no figure).
 */
export const DEFAULT_CARE_HOME_SETTINGS: CareHomeSettings = {
  careLevels: [
    { code: 'independent', zh: '自理', en: 'Independent', grades: ['intact'], serviceLine: 'carehome.bed.self_care' },
    { code: 'assisted', zh: '介助', en: 'Assisted', grades: ['mild'], serviceLine: 'carehome.bed.semi_disabled' },
    { code: 'nursing', zh: '介护', en: 'Nursing care', grades: ['moderate', 'severe'], serviceLine: 'carehome.bed.disabled' },
    { code: 'special', zh: '特护', en: 'Special care', grades: ['complete'], serviceLine: 'carehome.bed.special_care' },
  ],
  voucherGrades: ['moderate', 'severe', 'complete'],
  reassessEveryMonths: 12,
  leave: DEFAULT_LEAVE_RULES,
  reducedCareShare: 0.5,
};

/** The most care levels a site defines (the board and the forms show them all). */
export const MAX_CARE_LEVELS = 8;

/** Stored settings a site cannot work from, named by path; otherwise the settings. */
export function validateCareHomeSettings(settings: CareHomeSettings): CareHomeSettings {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const codes = new Set<string>();
  if (settings.careLevels.length > MAX_CARE_LEVELS) fail('careLevels', `must be at most ${MAX_CARE_LEVELS} levels`);
  settings.careLevels.forEach((level, i) => {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(level.code)) fail(`careLevels[${i}].code`, 'must be a lower-case name such as nursing');
    else if (codes.has(level.code)) fail(`careLevels[${i}].code`, `repeats ${level.code}`);
    codes.add(level.code);
    if (!level.zh.trim() || !level.en.trim()) fail(`careLevels[${i}]`, 'needs a name in zh and en');
    if (!isCareHomeBedLine(level.serviceLine)) fail(`careLevels[${i}].serviceLine`, 'must be a care-home bed line (carehome.bed.…)');
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
  problems.push(...leaveRulesProblems(settings.leave, 'leave'));
  if (!(Number.isFinite(settings.reducedCareShare) && settings.reducedCareShare >= 0 && settings.reducedCareShare <= 1)) {
    fail('reducedCareShare', 'must be a share from 0 to 1 (0.5: half the care is still charged)');
  }
  if (problems.length > 0) throw new CareHomeError(problems);
  return settings;
}

export function careLevelFor(grade: AssessedGrade, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): CareLevel {
  const level = settings.careLevels.find((l) => l.grades.includes(grade));
  if (!level) throw new CareHomeError([{ field: 'careLevels', message: `no care level for ${grade}` }]);
  return level;
}

/** A level by its code, as contracts, beds and bills name it; undefined when the settings have no such level. */
export const careLevelByCode = (code: string, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): CareLevel | undefined => settings.careLevels.find((l) => l.code === code);

/** A level's name to read; a code the settings do not define is shown as it is. */
export function careLevelName(code: string, settings: CareHomeSettings = DEFAULT_CARE_HOME_SETTINGS): { zh: string; en: string } {
  const level = careLevelByCode(code, settings);
  return level ? { zh: level.zh, en: level.en } : { zh: code, en: code };
}

/**
 * The subsidy eligibility tier of a level's bed-days (the quote's subject tier on the level's
 * line), by the heaviest grade it cares for: 能力完好 self_care, 轻度 semi_disabled, else disabled.
 */
export function bedTierOf(level: CareLevel): 'self_care' | 'semi_disabled' | 'disabled' {
  if (level.grades.every((g) => g === 'intact')) return 'self_care';
  if (level.grades.every((g) => g === 'intact' || g === 'mild')) return 'semi_disabled';
  return 'disabled';
}

/** One version of a site's settings from its date; null: the version before it stands (version 1 is the defaults). */
export interface SettingsVersion {
  effectiveFrom: BusinessDate;
  settings: CareHomeSettings | null;
}

/** The settings in force on a date, from the site's versions oldest first. */
export function settingsOn(versions: readonly SettingsVersion[], date: BusinessDate): CareHomeSettings {
  let inForce = DEFAULT_CARE_HOME_SETTINGS;
  for (const v of versions) {
    if (v.effectiveFrom > date) break;
    if (v.settings) inForce = v.settings;
  }
  return inForce;
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
