/**
 * 请假 billing: what a resident's month costs when they spend days away, by the contract rules a
 * site sets. The tier of a day depends on the length of the whole absence it belongs to, which
 * may start in an earlier month or end in a later one: day 3 of a 20-day absence already has its
 * care rate reduced. Leave days are never served bed-days (a subsidy pays for served days only).
 *
 * A monthly amount is spread over the month's days with `allocate`, so the per-day refunds of a
 * month away add up to the monthly amount exactly, to the fen.
 */
import { DateTime } from 'luxon';
import { addDays, type BusinessDate, isBusinessDate } from '../shared/business-date';
import { allocate, type Fen, sumFen } from '../shared/money';
import { CareHomeError, type Problem } from './errors';

/**
 * Why a resident is away with the bed kept: 请假 (leave) or 住院 (in hospital). Both are billed by
 * the same tiers and neither is ever a served bed-day.
 */
export const LEAVE_KINDS = ['leave', 'hospital'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_KIND_NAMES: Record<LeaveKind, { zh: string; en: string }> = {
  leave: { zh: '请假', en: 'On leave' },
  hospital: { zh: '住院', en: 'In hospital' },
};

/** Lengths in days of one absence, each the first length at which its tier starts. */
export interface LeaveRules {
  /** From this many days away, meals are refunded per day (default 7: under 7 days is billed in full). */
  mealRefundFromDays: number;
  /** From this many days away, care is billed at the contract's reduced rate, meals still refunded (default 15). */
  reducedCareFromDays: number;
  /** An absence longer than this flags the contract for review (default 60). */
  reviewOverDays: number;
}

export const DEFAULT_LEAVE_RULES: LeaveRules = { mealRefundFromDays: 7, reducedCareFromDays: 15, reviewOverDays: 60 };

/** The monthly price split as the contract splits it, in fen. */
export interface LeaveContract {
  monthlyBedFen: Fen;
  monthlyCareFen: Fen;
  monthlyMealsFen: Fen;
  /** The care charge for a month spent wholly on long leave; not more than monthlyCareFen. */
  reducedMonthlyCareFen: Fen;
}

/** One absence: `from` is the first day away, `to` the last (the resident is back the day after). */
export interface LeaveSpell {
  from: BusinessDate;
  to: BusinessDate;
}

export type LeaveTier = 'full' | 'meals_refunded' | 'reduced_care';

export interface LeaveDay {
  date: BusinessDate;
  tier: LeaveTier;
  /** Length of the whole absence this day belongs to. */
  absenceDays: number;
  mealRefundFen: Fen;
  careReductionFen: Fen;
}

export type BillLineCode = 'bed' | 'care' | 'meals' | 'meal_refund' | 'care_reduction';

export interface BillLine {
  code: BillLineCode;
  zh: string;
  en: string;
  /** Days a refund line covers; absent on the monthly charges. */
  days?: number;
  amountFen: Fen;
}

export interface ReviewFlag {
  from: BusinessDate;
  to: BusinessDate;
  days: number;
}

export interface LeaveMonthBill {
  month: string;
  daysInMonth: number;
  lines: BillLine[];
  totalFen: Fen;
  leaveDays: LeaveDay[];
  servedBedDays: number;
  /** Absences touching this month longer than reviewOverDays. */
  reviewFlags: ReviewFlag[];
}

const LINE_NAMES: Record<BillLineCode, { zh: string; en: string }> = {
  bed: { zh: '床位费', en: 'Bed' },
  care: { zh: '护理费', en: 'Care' },
  meals: { zh: '伙食费', en: 'Meals' },
  meal_refund: { zh: '请假退伙食费', en: 'Meals refunded for leave' },
  care_reduction: { zh: '长期请假护理费减收', en: 'Care reduced for long leave' },
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
}

/** What makes leave rules unworkable, each problem named under `path`. */
export function leaveRulesProblems(rules: LeaveRules, path: string): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['mealRefundFromDays', 'reducedCareFromDays', 'reviewOverDays'] as const) {
    if (!Number.isInteger(rules[key]) || rules[key] < 1 || rules[key] > 366) problems.push({ field: `${path}.${key}`, message: 'must be a whole number of days from 1 to 366' });
  }
  if (problems.length === 0 && rules.reducedCareFromDays < rules.mealRefundFromDays) problems.push({ field: `${path}.reducedCareFromDays`, message: 'must not be shorter than mealRefundFromDays' });
  return problems;
}

export function tierFor(absenceDays: number, rules: LeaveRules = DEFAULT_LEAVE_RULES): LeaveTier {
  if (absenceDays >= rules.reducedCareFromDays) return 'reduced_care';
  if (absenceDays >= rules.mealRefundFromDays) return 'meals_refunded';
  return 'full';
}

function validate(month: string, contract: LeaveContract, spells: readonly LeaveSpell[], rules: LeaveRules): void {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (!MONTH.test(month)) fail('month', 'must be YYYY-MM');
  for (const key of ['monthlyBedFen', 'monthlyCareFen', 'monthlyMealsFen', 'reducedMonthlyCareFen'] as const) {
    if (!Number.isSafeInteger(contract[key]) || contract[key] < 0) fail(`contract.${key}`, 'must be a whole number of fen, 0 or more');
  }
  if (contract.reducedMonthlyCareFen > contract.monthlyCareFen) fail('contract.reducedMonthlyCareFen', 'must not be more than the monthly care charge');
  problems.push(...leaveRulesProblems(rules, 'rules'));
  spells.forEach((s, i) => {
    if (!isBusinessDate(s.from)) fail(`spells[${i}].from`, 'must be a date YYYY-MM-DD');
    if (!isBusinessDate(s.to)) fail(`spells[${i}].to`, 'must be a date YYYY-MM-DD');
    else if (isBusinessDate(s.from) && s.to < s.from) fail(`spells[${i}].to`, 'must not be before from');
  });
  if (problems.length === 0) {
    const sorted = spells.map((s, i) => ({ ...s, i })).sort((a, b) => a.from.localeCompare(b.from));
    for (let k = 1; k < sorted.length; k++) if (sorted[k].from <= sorted[k - 1].to) fail(`spells[${sorted[k].i}]`, `overlaps spells[${sorted[k - 1].i}]`);
  }
  if (problems.length > 0) throw new CareHomeError(problems);
}

/** Spells back to back (one ends the day before the next begins) are one absence. */
export function absences(spells: readonly LeaveSpell[]): LeaveSpell[] {
  const merged: LeaveSpell[] = [];
  for (const s of [...spells].sort((a, b) => a.from.localeCompare(b.from))) {
    const last = merged[merged.length - 1];
    if (last && addDays(last.to, 1) === s.from) last.to = s.to;
    else merged.push({ ...s });
  }
  return merged;
}

/** The month's bill of a resident in residence all month, with its leave refunds, served bed-days and review flags. */
export function leaveMonthBill(month: string, contract: LeaveContract, spells: readonly LeaveSpell[], rules: LeaveRules = DEFAULT_LEAVE_RULES): LeaveMonthBill {
  validate(month, contract, spells, rules);
  const first = `${month}-01`;
  const daysInMonth = DateTime.fromISO(first, { zone: 'utc' }).daysInMonth!;
  const last = addDays(first, daysInMonth - 1);
  const ones = new Array<number>(daysInMonth).fill(1);
  const mealsPerDay = allocate(contract.monthlyMealsFen, ones);
  const carePerDay = allocate(contract.monthlyCareFen, ones);
  const reducedPerDay = allocate(contract.reducedMonthlyCareFen, ones);

  const touching = absences(spells).filter((a) => a.to >= first && a.from <= last);
  const leaveDays: LeaveDay[] = [];
  for (const absence of touching) {
    const absenceDays = daysBetween(absence.from, absence.to);
    const tier = tierFor(absenceDays, rules);
    for (let date = absence.from < first ? first : absence.from; date <= absence.to && date <= last; date = addDays(date, 1)) {
      const d = daysBetween(first, date) - 1;
      leaveDays.push({
        date,
        tier,
        absenceDays,
        mealRefundFen: tier === 'full' ? 0 : mealsPerDay[d],
        careReductionFen: tier === 'reduced_care' ? carePerDay[d] - reducedPerDay[d] : 0,
      });
    }
  }

  const line = (code: BillLineCode, amountFen: Fen, days?: number): BillLine => ({ code, ...LINE_NAMES[code], ...(days === undefined ? {} : { days }), amountFen });
  const lines = [line('bed', contract.monthlyBedFen), line('care', contract.monthlyCareFen), line('meals', contract.monthlyMealsFen)];
  const mealDays = leaveDays.filter((d) => d.tier !== 'full');
  if (mealDays.length > 0) lines.push(line('meal_refund', 0 - sumFen(mealDays.map((d) => d.mealRefundFen)), mealDays.length));
  const reducedDays = leaveDays.filter((d) => d.tier === 'reduced_care');
  if (reducedDays.length > 0) lines.push(line('care_reduction', 0 - sumFen(reducedDays.map((d) => d.careReductionFen)), reducedDays.length));

  return {
    month,
    daysInMonth,
    lines,
    totalFen: sumFen(lines.map((l) => l.amountFen)),
    leaveDays,
    servedBedDays: daysInMonth - leaveDays.length,
    reviewFlags: touching.map((a) => ({ ...a, days: daysBetween(a.from, a.to) })).filter((a) => a.days > rules.reviewOverDays),
  };
}
