/**
 * The social categories a person can hold, with their names: the one vocabulary the canteen's
 * tiers, the waitlists' priority rules, the members' forms and imports, and the claims use.
 * Each is proven by a document (see the modules' evidence types); nothing here imports anything.
 */
export const CATEGORIES = ['dibao', 'low_income', 'tekun', 'disabled_care', 'living_alone', 'disability', 'veteran'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES: Record<Category, { zh: string; en: string }> = {
  dibao: { zh: '低保', en: 'Minimum allowance (dibao)' },
  low_income: { zh: '低收入', en: 'Low income' },
  tekun: { zh: '特困', en: 'Extreme poverty (tekun)' },
  disabled_care: { zh: '失能', en: 'Care needs' },
  living_alone: { zh: '独居/空巢', en: 'Living alone' },
  disability: { zh: '残疾', en: 'Disability' },
  veteran: { zh: '优抚对象', en: 'Veteran family' },
};

/** 老年人能力评估 (GB/T 42195-2022) grades below 能力完好, as a 失能 category records them. */
export const ABILITY_GRADES = ['mild', 'moderate', 'severe', 'complete'] as const;
export type AbilityGrade = (typeof ABILITY_GRADES)[number];

export const ABILITY_GRADE_NAMES: Record<AbilityGrade, { zh: string; en: string }> = {
  mild: { zh: '轻度失能', en: 'mild' },
  moderate: { zh: '中度失能', en: 'moderate' },
  severe: { zh: '重度失能', en: 'severe' },
  complete: { zh: '完全失能', en: 'complete' },
};

/**
 * All five grades an assessment can give, best first: 能力完好 and the four ABILITY_GRADES.
 * Kept apart from ABILITY_GRADES because a 失能 category is never 'intact'.
 */
export const ASSESSED_GRADES = ['intact', ...ABILITY_GRADES] as const;
export type AssessedGrade = (typeof ASSESSED_GRADES)[number];

export const ASSESSED_GRADE_NAMES: Record<AssessedGrade, { zh: string; en: string }> = {
  intact: { zh: '能力完好', en: 'intact' },
  ...ABILITY_GRADE_NAMES,
};
