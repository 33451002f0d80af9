import type { AbilityGrade, Category } from '../shared/categories';
import { ageOn } from '../shared/identity';
import { type BusinessDate, isBusinessDate } from '../shared/time';
import type { Tier } from './vocabulary';

/**
 * A category a member holds, proven by a document valid from `validFrom` through
 * `validUntil` inclusive (the last day the certificate covers); open-ended when absent.
 * Only 特困, 低保 and 低收入 move the canteen tier; the others are recorded here because
 * delivery eligibility, the care-home waitlist and the reports use them.
 */
export type CategoryEvidence = {
  validFrom: BusinessDate;
  validUntil?: BusinessDate;
} & (
  | { category: Exclude<Category, 'disabled_care'> }
  | { category: 'disabled_care'; abilityGrade: AbilityGrade }
);

export interface MemberProfile {
  birthDate: BusinessDate;
  categories: readonly CategoryEvidence[];
}

export type TierReasonCode = 'guest' | 'member' | 'age60' | 'age70' | 'age80' | 'dibao' | 'low_income' | 'tekun';

export interface TierReason {
  code: TierReasonCode;
  zh: string;
  en: string;
}

export interface TierDecision {
  tier: Tier;
  /** Why this tier, and only this tier: the grounds a department would check on a claim line. */
  reasons: TierReason[];
}

const REASONS: Record<TierReasonCode, TierReason> = {
  guest: { code: 'guest', zh: '非会员', en: 'not a registered member' },
  member: { code: 'member', zh: '登记会员', en: 'registered member' },
  age60: { code: 'age60', zh: '60 岁以上', en: 'aged 60 or over' },
  age70: { code: 'age70', zh: '70 至 79 岁', en: 'aged 70 to 79' },
  age80: { code: 'age80', zh: '80 岁以上', en: 'aged 80 or over' },
  dibao: { code: 'dibao', zh: '低保', en: 'minimum living allowance (dibao)' },
  low_income: { code: 'low_income', zh: '低收入', en: 'low-income household' },
  tekun: { code: 'tekun', zh: '特困供养', en: 'extreme-poverty support' },
};

export function isValidOn(evidence: CategoryEvidence, date: BusinessDate): boolean {
  return evidence.validFrom <= date && (evidence.validUntil === undefined || date <= evidence.validUntil);
}

function decide(tier: Tier, ...codes: TierReasonCode[]): TierDecision {
  return { tier, reasons: codes.map((c) => REASONS[c]) };
}

/**
 * The tier on the meal date, a Shanghai business date, so a birthday or a certificate's
 * last day changes the price from exactly that meal on. 特困 needs no age (the 特困 support
 * already covers the person's meals whatever their age); 低保 / 低收入 count from 60, the
 * canteen's elderly age. A member without a birth date on file cannot be placed in an age
 * tier, so the caller must supply one.
 */
export function tierOn(member: MemberProfile | null, mealDate: BusinessDate): TierDecision {
  if (!isBusinessDate(mealDate)) throw new RangeError(`mealDate must be a YYYY-MM-DD date, got ${mealDate}`);
  if (member === null) return decide('guest', 'guest');
  const age = ageOn(member.birthDate, mealDate);
  const holds = (category: Category) => member.categories.some((e) => e.category === category && isValidOn(e, mealDate));
  if (holds('tekun')) return decide('tekun', 'tekun');
  if (age >= 60 && holds('dibao')) return decide('dibao', 'age60', 'dibao');
  if (age >= 60 && holds('low_income')) return decide('dibao', 'age60', 'low_income');
  if (age >= 80) return decide('age80', 'age80');
  if (age >= 70) return decide('age70', 'age70');
  return decide('member', 'member');
}
