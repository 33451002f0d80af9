import { ruleSetInForce, standingOf, validateRuleSet, validateRuleSetHistory, WaitlistError, type RuleSet } from '../../../domain/waitlist';
import { CARE_HOME_RULES, CHILDCARE_RULES, claimed, verified } from './factories';

function problemsOf(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (e) {
    if (e instanceof WaitlistError) return e.problems;
    throw e;
  }
  throw new Error('expected a WaitlistError');
}

describe('waitlist rules: a predicate on verified facts and one effect', () => {
  it('when a fact is only claimed, then it scores nothing until staff verify it', () => {
    const facts = { resident: claimed(), both_parents_working: verified() };
    const s = standingOf(CHILDCARE_RULES, { facts }, '2026-03-02');
    expect(s.points).toBe(5);
    expect(s.reasons.map((r) => r.rule)).toEqual(['both_parents_working']);
  });

  it('when a fact is verified as false, then "present" does not hold', () => {
    expect(standingOf(CHILDCARE_RULES, { facts: { resident: verified(false) } }, '2026-03-02').points).toBe(0);
  });

  it('when no class rule applies, then the entry is in the default class; when two do, the first class wins', () => {
    expect(standingOf(CARE_HOME_RULES, { facts: {} }, '2026-03-02').policyClass).toBe(9);
    const both = standingOf(CARE_HOME_RULES, { facts: { dibao: verified(), tekun: verified() } }, '2026-03-02');
    expect(both.policyClass).toBe(0);
    expect(both.reasons.map((r) => [r.rule, r.label.zh])).toEqual([
      ['tekun_first', '特困供养人员优先'],
      ['dibao', '低保对象'],
    ]);
  });

  it('when the person turns 80 on the ranking date, then the age rule holds from that day and not the day before', () => {
    const facts = { birth_date: verified('1946-03-02') };
    expect(standingOf(CARE_HOME_RULES, { facts }, '2026-03-01').points).toBe(0);
    expect(standingOf(CARE_HOME_RULES, { facts }, '2026-03-02').points).toBe(10);
  });

  it('when declines are counted, then only those within the window up to the ranking date count', () => {
    const events = [
      { kind: 'declined', on: '2025-09-01' },
      { kind: 'declined', on: '2026-02-01' },
    ];
    // 182 days before 2026-03-02 is 2025-09-01, which is just outside the window.
    expect(standingOf(CHILDCARE_RULES, { facts: {}, events }, '2026-03-02').points).toBe(0);
    expect(standingOf(CHILDCARE_RULES, { facts: {}, events }, '2026-02-28').points).toBe(-10);
    // A decline recorded after the ranking date is not yet counted.
    expect(standingOf(CHILDCARE_RULES, { facts: {}, events }, '2026-01-31').points).toBe(0);
  });

  it('when an applicant withdrew twice in a year, then the care-home rule suspends the application with its reason', () => {
    const events = [
      { kind: 'withdrawn', on: '2025-06-10' },
      { kind: 'withdrawn', on: '2026-01-20' },
    ];
    const s = standingOf(CARE_HOME_RULES, { facts: { tekun: verified() }, events }, '2026-03-02');
    expect(s.suspended).toBe(true);
    expect(s.reasons.at(-1)?.label.en).toBe('Withdrew twice within a year');
    expect(standingOf(CARE_HOME_RULES, { facts: {}, events }, '2026-06-10').suspended).toBe(false);
  });

  it('when a site lowers the class after three declines, then the class moves back after the class rules', () => {
    const rules: RuleSet = {
      ...CHILDCARE_RULES,
      rules: [...CHILDCARE_RULES.rules, { code: 'declined_thrice', label: { zh: '三次放弃', en: 'Declined three times' }, when: { op: 'count', event: 'declined', atLeast: 3 }, effect: { lowerClassBy: 2 } }],
    };
    const events = ['2026-01-05', '2026-01-20', '2026-02-10'].map((on) => ({ kind: 'declined', on }));
    const s = standingOf(rules, { facts: { dibao: verified() }, events }, '2026-03-02');
    expect(s.policyClass).toBe(3);
    expect(s.points).toBe(-10);
  });

  it('when facts are compared by value or range, then equals, between, all and not read them', () => {
    const rules: RuleSet = {
      version: 1,
      effectiveFrom: '2026-01-01',
      defaultClass: 0,
      rules: [
        { code: 'district', label: { zh: '本街道', en: 'This street' }, when: { op: 'equals', fact: 'street', value: '浏河' }, effect: { points: 3 } },
        { code: 'big_family', label: { zh: '多子女', en: 'Several children' }, when: { op: 'all', of: [{ op: 'between', fact: 'children', min: 3 }, { op: 'not', of: { op: 'present', fact: 'dibao' } }] }, effect: { points: 2 } },
      ],
    };
    expect(standingOf(rules, { facts: { street: verified('浏河'), children: verified(3) } }, '2026-03-02').points).toBe(5);
    expect(standingOf(rules, { facts: { street: verified('东宝'), children: verified(2) } }, '2026-03-02').points).toBe(0);
    expect(standingOf(rules, { facts: { children: verified(4), dibao: verified() } }, '2026-03-02').points).toBe(0);
  });
});

describe('validating a stored rule set', () => {
  it('when the rule sets of both modules are checked, then they pass and come back typed', () => {
    expect(validateRuleSet(JSON.parse(JSON.stringify(CHILDCARE_RULES)))).toEqual(CHILDCARE_RULES);
    expect(validateRuleSet(CARE_HOME_RULES)).toBe(CARE_HOME_RULES);
  });

  it('when a rule set has several mistakes, then every one is named by its path', () => {
    const bad = {
      version: 0,
      effectiveFrom: '2026-02-30',
      defaultClass: 1,
      rules: [
        { code: 'resident', label: { zh: '居民', en: '' }, when: { op: 'present', fact: 'Resident' }, effect: { pionts: 5 } },
        { code: 'resident', label: { zh: '同名', en: 'Same code' }, when: { op: 'between', fact: 'age', min: 9, max: 3 }, effect: { points: 1, policyClass: 0 } },
        { code: 'deep', label: { zh: '条件', en: 'Condition' }, when: { op: 'matches', fact: 'x' }, effect: { suspend: false } },
        { code: 'fn', label: { zh: '函数', en: 'Function' }, when: { op: 'all', of: [] }, effect: { lowerClassBy: 0 } },
      ],
    };
    expect(problemsOf(() => validateRuleSet(bad)).map((p) => p.field)).toEqual([
      'ruleSet.version',
      'ruleSet.effectiveFrom',
      'ruleSet.rules[0].label.en',
      'ruleSet.rules[0].when.fact',
      'ruleSet.rules[0].effect.pionts',
      'ruleSet.rules[1].when',
      'ruleSet.rules[1].effect',
      'ruleSet.rules[1].code',
      'ruleSet.rules[2].when.op',
      'ruleSet.rules[2].effect.suspend',
      'ruleSet.rules[3].when.of',
      'ruleSet.rules[3].effect.lowerClassBy',
    ]);
  });

  it('when a rule is a JavaScript function or nests too deep, then it is refused', () => {
    const fn = { ...CHILDCARE_RULES, rules: [{ ...CHILDCARE_RULES.rules[1], when: () => true }] };
    expect(problemsOf(() => validateRuleSet(fn))[0]).toEqual({ field: 'ruleSet.rules[0].when.op', message: expect.stringContaining('present') });
    let deep: unknown = { op: 'present', fact: 'resident' };
    for (let i = 0; i < 7; i++) deep = { op: 'not', of: deep };
    const nested = { ...CHILDCARE_RULES, rules: [{ ...CHILDCARE_RULES.rules[1], when: deep }] };
    expect(problemsOf(() => validateRuleSet(nested))[0].message).toMatch(/deeper than 6/);
  });

  it('when a later version would take effect before an earlier one, then the history is refused', () => {
    const v2 = { ...CHILDCARE_RULES, version: 2, effectiveFrom: '2025-12-31' };
    expect(problemsOf(() => validateRuleSetHistory([CHILDCARE_RULES, v2]))[0].field).toBe('ruleSets (version 2)');
    expect(problemsOf(() => validateRuleSetHistory([CHILDCARE_RULES, CHILDCARE_RULES]))[0].message).toBe('is given twice');
  });

  it('when a date is given, then the rule set in force is the latest not after it', () => {
    const v2 = { ...CHILDCARE_RULES, version: 2, effectiveFrom: '2026-09-01' };
    const history = validateRuleSetHistory([v2, CHILDCARE_RULES]);
    expect(ruleSetInForce(history, '2026-08-31').version).toBe(1);
    expect(ruleSetInForce(history, '2026-09-01').version).toBe(2);
    expect(problemsOf(() => ruleSetInForce(history, '2025-12-31'))[0].message).toBe('no rule set is in force on 2025-12-31');
  });
});
