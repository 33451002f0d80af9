/// <reference types="jest" />
/* The rules editor's rows, type-checked with the web app (web/tsconfig.json), run by Jest. */
import { DEFAULT_ADMISSION_RULES } from '../../domain/carehome/admission';
import type { Rule } from '../../domain/waitlist/rules';
import { factValueOf, newRow, rowOf, rowPartOf, ruleOf } from '../../web/src/components/rule-rows';

const rule = (when: Rule['when'], effect: Rule['effect'] = { points: 5 }): Rule => ({ code: 'r', label: { zh: '中', en: 'en' }, when, effect });

describe('the rules editor’s rows', () => {
  it('when a rule set goes into rows and back unchanged, then every rule is as it was, key for key', () => {
    const rules: Rule[] = [
      ...DEFAULT_ADMISSION_RULES.rules,
      rule({ op: 'equals', fact: 'district', value: 'east' }),
      rule({ op: 'equals', fact: 'resident', value: false }),
      rule({ op: 'oneOf', fact: 'grade', values: [1, 2, 'x'] }, { lowerClassBy: 1 }),
      rule({ op: 'between', fact: 'income', max: 3000 }, { points: -5 }),
      rule({ op: 'count', event: 'declined', atLeast: 1 }),
      rule({ op: 'any', of: [{ op: 'present', fact: 'dibao' }, { op: 'not', of: { op: 'present', fact: 'tekun' } }] }, { policyClass: 1 }),
    ];
    expect(rules.map((r) => ruleOf(rowOf(r)))).toStrictEqual(rules);
  });

  it('when staff change a row, then the rule has the new condition and effect, words trimmed and cleared bounds left out', () => {
    const row = rowOf(DEFAULT_ADMISSION_RULES.rules[2]);
    Object.assign(row, { zh: ' 90周岁以上 ', min: 90, max: null, effect: 'points', amount: 5 });
    expect(ruleOf(row)).toEqual({ code: 'age_80', label: { zh: '90周岁以上', en: 'Aged 80 or over: +20' }, when: { op: 'age', fact: 'birth_date', min: 90 }, effect: { points: 5 } });
    Object.assign(row, { op: 'oneOf', fact: 'grade', value: '1，2、 x,', effect: 'suspend' });
    expect(ruleOf(row)).toMatchObject({ when: { op: 'oneOf', fact: 'grade', values: [1, 2, 'x'] }, effect: { suspend: true } });
  });

  it('when a value is typed, then true, false and numbers are what they look like and the rest is text', () => {
    expect([factValueOf('true'), factValueOf(' false'), factValueOf('-3.5'), factValueOf('east'), factValueOf('1e3')]).toEqual([true, false, -3.5, 'east', '1e3']);
  });

  it('when a rule is added, then its code is rule_<n>, taken by no other rule', () => {
    expect(newRow([{ code: 'a' }, { code: 'b' }]).code).toBe('rule_3');
    expect(newRow([{ code: 'rule_2' }, { code: 'rule_3' }]).code).toBe('rule_4');
    const [one, two] = [newRow([]), newRow([])];
    expect(one.key).not.toBe(two.key);
  });

  it('when the server names a path inside a rule, then it points at that row and the part of it', () => {
    expect(rowPartOf('rules[2].when.op')).toEqual({ row: 2, part: 'when' });
    expect(rowPartOf('rules[0].effect.policyClass')).toEqual({ row: 0, part: 'effect' });
    expect(rowPartOf('rules[1].label.zh')).toEqual({ row: 1, part: 'zh' });
    expect(rowPartOf('rules[1].label.en')).toEqual({ row: 1, part: 'en' });
    expect(rowPartOf('rules[3].code')).toEqual({ row: 3, part: 'row' });
    expect(rowPartOf('rules[12]')).toEqual({ row: 12, part: 'row' });
    expect(rowPartOf('rules')).toBeUndefined();
    expect(rowPartOf('effectiveFrom')).toBeUndefined();
  });
});
