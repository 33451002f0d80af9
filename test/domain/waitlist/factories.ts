import { DateTime } from 'luxon';
import type { Application, Fact, Fits, Place, RuleSet } from '../../../domain/waitlist';

/** Childcare's defaults as a site might store them: points for the family's situation, 低保/特困 a class ahead. */
export const CHILDCARE_RULES: RuleSet = {
  version: 1,
  effectiveFrom: '2026-01-01',
  defaultClass: 2,
  rules: [
    { code: 'tekun_or_dibao', label: { zh: '低保/特困家庭', en: 'Dibao or tekun family' }, when: { op: 'any', of: [{ op: 'present', fact: 'dibao' }, { op: 'present', fact: 'tekun' }] }, effect: { policyClass: 1 } },
    { code: 'resident', label: { zh: '本社区居民', en: 'Resident of the community' }, when: { op: 'present', fact: 'resident' }, effect: { points: 10 } },
    { code: 'both_parents_working', label: { zh: '双职工家庭', en: 'Both parents working' }, when: { op: 'present', fact: 'both_parents_working' }, effect: { points: 5 } },
    { code: 'sibling_enrolled', label: { zh: '兄弟姐妹在园', en: 'Sibling enrolled' }, when: { op: 'present', fact: 'sibling_enrolled' }, effect: { points: 8 } },
    { code: 'disability', label: { zh: '残疾儿童', en: 'Child with a disability' }, when: { op: 'present', fact: 'disability' }, effect: { points: 6 } },
    { code: 'declined_twice', label: { zh: '半年内两次放弃录取', en: 'Declined two offers within six months' }, when: { op: 'count', event: 'declined', atLeast: 2, withinDays: 182 }, effect: { points: -10 } },
  ],
};

/** The care home's: 特困 first by law, then 低保, then points; two withdrawals in a year suspend. */
export const CARE_HOME_RULES: RuleSet = {
  version: 1,
  effectiveFrom: '2026-01-01',
  defaultClass: 9,
  rules: [
    { code: 'tekun_first', label: { zh: '特困供养人员优先', en: 'Tekun persons first' }, when: { op: 'present', fact: 'tekun' }, effect: { policyClass: 0 } },
    { code: 'dibao', label: { zh: '低保对象', en: 'Dibao' }, when: { op: 'present', fact: 'dibao' }, effect: { policyClass: 1 } },
    { code: 'age_80', label: { zh: '80周岁以上', en: 'Aged 80 or over' }, when: { op: 'age', fact: 'birth_date', min: 80 }, effect: { points: 10 } },
    { code: 'living_alone', label: { zh: '独居/空巢', en: 'Living alone' }, when: { op: 'present', fact: 'living_alone' }, effect: { points: 5 } },
    { code: 'severe_care', label: { zh: '重度或完全失能', en: 'Severe care needs' }, when: { op: 'oneOf', fact: 'ability_grade', values: ['severe', 'complete'] }, effect: { points: 8 } },
    { code: 'withdrew_twice', label: { zh: '一年内两次主动撤回', en: 'Withdrew twice within a year' }, when: { op: 'count', event: 'withdrawn', atLeast: 2, withinDays: 365 }, effect: { suspend: true } },
  ],
};

export const verified = (value: Fact['value'] = true): Fact => ({ value, verified: true });
export const claimed = (value: Fact['value'] = true): Fact => ({ value, verified: false });

export interface Child extends Application {
  /** Class ids in the family's order of preference. */
  choices: string[];
}

let sequence = 0;
export function child(overrides: Partial<Child> = {}): Child {
  sequence++;
  return {
    id: `app-${String(sequence).padStart(5, '0')}`,
    appliedAt: DateTime.fromISO('2026-01-05T02:00:00Z').plus({ minutes: sequence }).toISO()!,
    facts: {},
    choices: ['toddler'],
    ...overrides,
  };
}

export const classes = (capacities: Record<string, number>): Place[] => Object.entries(capacities).map(([id, capacity]) => ({ id, capacity }));

/** A child fits the classes it chose, the first choice preferred. */
export const fitsChoice: Fits<Child, Place> = (application, place) => {
  const i = application.choices.indexOf(place.id);
  return i < 0 ? null : i;
};

/** 10:00 in Shanghai on a business date. */
export const at = (date: string) => DateTime.fromISO(`${date}T10:00:00`, { zone: 'Asia/Shanghai' });
