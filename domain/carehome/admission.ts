/**
 * What the care home adds to the shared waitlist engine: the order of admission a site starts
 * with, the beds the offer cycle is given, the contract an accepted offer becomes and the
 * settlement at discharge.
 */
import { type Fen } from '../shared/money';
import type { RuleSet } from '../waitlist';
import { type Bed } from './beds';
import { CareHomeError, type Problem } from './errors';

/**
 * The order of admission until a site stores its own: 特困 persons first (a public institution
 * must admit them promptly), then 低保, then everyone else; within a class, points for age 80+,
 * 低收入, disability, living alone and 优抚; two voluntary withdrawals in a year suspend.
 */
export const DEFAULT_ADMISSION_RULES: RuleSet = {
  version: 1,
  effectiveFrom: '2000-01-01',
  defaultClass: 3,
  rules: [
    { code: 'tekun_first', label: { zh: '特困供养人员优先入住', en: 'Tekun persons are admitted first' }, when: { op: 'present', fact: 'tekun' }, effect: { policyClass: 1 } },
    { code: 'dibao', label: { zh: '低保对象次优先', en: 'Dibao next' }, when: { op: 'present', fact: 'dibao' }, effect: { policyClass: 2 } },
    { code: 'age_80', label: { zh: '80周岁以上 +20分', en: 'Aged 80 or over: +20' }, when: { op: 'age', fact: 'birth_date', min: 80 }, effect: { points: 20 } },
    { code: 'low_income', label: { zh: '低收入 +10分', en: 'Low income: +10' }, when: { op: 'present', fact: 'low_income' }, effect: { points: 10 } },
    { code: 'disability', label: { zh: '持残疾证 +10分', en: 'Disability certificate: +10' }, when: { op: 'present', fact: 'disability' }, effect: { points: 10 } },
    { code: 'living_alone', label: { zh: '独居/空巢 +10分', en: 'Living alone: +10' }, when: { op: 'present', fact: 'living_alone' }, effect: { points: 10 } },
    { code: 'veteran', label: { zh: '优抚对象 +10分', en: 'Veteran family: +10' }, when: { op: 'present', fact: 'veteran' }, effect: { points: 10 } },
    {
      code: 'withdrew_twice',
      label: { zh: '一年内两次主动撤回，暂停轮候', en: 'Withdrew twice within a year: suspended' },
      when: { op: 'count', event: 'withdrawn', atLeast: 2, withinDays: 365 },
      effect: { suspend: true },
    },
  ],
};

/**
 * What the law asks of every order of admission a site stores: 特困 persons stay the first
 * class (a public institution must admit them promptly). So a version must have a rule placing
 * the verified `tekun` fact in a policy class ahead of every other class it names and of its
 * default class, and no rule may lower a class (that would move a 特困 person behind it).
 * Suspension for repeated withdrawals stays the site's choice. Each problem names its field.
 */
export function tekunFirstProblems(ruleSet: Pick<RuleSet, 'defaultClass' | 'rules'>): Problem[] {
  const problems: Problem[] = [];
  const tekun = ruleSet.rules.findIndex((r) => r.when.op === 'present' && r.when.fact === 'tekun' && 'policyClass' in r.effect);
  if (tekun < 0) return [{ field: 'rules', message: 'must place 特困 persons (the verified tekun fact) first, in a policy class of their own' }];
  const first = (ruleSet.rules[tekun].effect as { policyClass: number }).policyClass;
  if (ruleSet.defaultClass <= first) problems.push({ field: 'defaultClass', message: `must come after the 特困 class (${first})` });
  ruleSet.rules.forEach((r, i) => {
    if (i === tekun) return;
    if ('policyClass' in r.effect && r.effect.policyClass <= first) problems.push({ field: `rules[${i}].effect.policyClass`, message: `must come after the 特困 class (${first})` });
    if ('lowerClassBy' in r.effect) problems.push({ field: `rules[${i}].effect`, message: 'must not lower a class: a 特困 person must stay in the first class' });
  });
  return problems;
}

/**
 * The beds to give the offer cycle with the open offers as its holds: the available ones and the
 * ones an open offer holds (the engine counts the hold against it). Every other bed, empty or
 * not, is no capacity.
 */
export function offerPlaces<B extends Bed>(beds: readonly B[]): B[] {
  return beds.filter((b) => b.state === 'available' || b.state === 'held').map((b) => ({ ...b, capacity: 1 }));
}

/** A site's deposit terms for a new admission, in months of the contract's monthly price. */
export interface DepositTerms {
  /** The deposit asked at admission. */
  depositMonths: number;
  /** The most a deposit may be (民政 guidance caps it at a few). */
  depositCapMonths: number;
}

export const DEFAULT_DEPOSIT_TERMS: DepositTerms = { depositMonths: 1, depositCapMonths: 3 };

export interface Contract {
  careLevel: string;
  monthlyPriceFen: Fen;
  depositFen: Fen;
}

/** The most deposit a contract may hold: the site's cap in months of the contract's monthly price in force. */
export const depositCapFen = (monthlyPriceFen: Fen, capMonths: number): Fen => monthlyPriceFen * capMonths;

/** The contract an admission gets at a care level's quoted monthly price (the quote at signing), with the deposit as months of it. */
export function contractFor(quoted: { careLevel: string; monthlyPriceFen: Fen }, deposit: DepositTerms = DEFAULT_DEPOSIT_TERMS): Contract {
  const months = Math.min(deposit.depositMonths, deposit.depositCapMonths);
  return { careLevel: quoted.careLevel, monthlyPriceFen: quoted.monthlyPriceFen, depositFen: quoted.monthlyPriceFen * months };
}

export const DISCHARGE_REASONS = ['moved', 'hospital', 'deceased'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];
export const DISCHARGE_REASON_NAMES: Record<DischargeReason, { zh: string; en: string }> = {
  moved: { zh: '迁出', en: 'Moved out' },
  hospital: { zh: '转入医院', en: 'To hospital' },
  deceased: { zh: '去世', en: 'Deceased' },
};

/** What must be done before a bed is freed. */
export const DISCHARGE_CHECKLIST = ['belongings', 'medication', 'documents', 'accounts'] as const;
export type ChecklistItem = (typeof DISCHARGE_CHECKLIST)[number];
export const CHECKLIST_NAMES: Record<ChecklistItem, { zh: string; en: string }> = {
  belongings: { zh: '个人物品已交接', en: 'Belongings handed over' },
  medication: { zh: '药品已交接', en: 'Medication handed over' },
  documents: { zh: '证件资料已归还', en: 'Documents returned' },
  accounts: { zh: '费用已核对', en: 'Accounts checked' },
};

export interface Settlement {
  /** Bed-days of the discharge month, to the day before discharge: billed as the month's bill. */
  daysBilled: number;
  /** That bill's charge to the family (its served bed-days' family shares and its leave days). */
  finalMonthFen: Fen;
  /** What the family owed before the final bill. */
  arrearsFen: Fen;
  depositFen: Fen;
  /** Arrears the family agreed to settle from the deposit (a recorded decision), at most the deposit and what is owed. */
  arrearsFromDepositFen: Fen;
  depositReturnedFen: Fen;
  /** The final bill + arrears − deposit: what the family still pays (negative: what it is owed back, as the deposit returned). */
  balanceFen: Fen;
}

/**
 * The discharge settlement: the final month's bill (billed like any month, up to the day before
 * discharge) and the arrears, against the deposit. Arrears are taken from the deposit only as
 * decided, the rest of it returned.
 */
export function settleDischarge(input: { daysBilled: number; finalMonthFen: Fen; arrearsFen: Fen; depositFen: Fen; arrearsFromDepositFen: Fen }): Settlement {
  const owedFen = input.finalMonthFen + input.arrearsFen;
  const most = Math.max(0, Math.min(input.depositFen, owedFen));
  if (input.arrearsFromDepositFen < 0 || input.arrearsFromDepositFen > most) {
    throw new CareHomeError([{ field: 'arrearsFromDepositFen', message: `must be from 0 to the deposit and what is owed (${most} fen)` }]);
  }
  return { ...input, depositReturnedFen: input.depositFen - input.arrearsFromDepositFen, balanceFen: owedFen - input.depositFen };
}
