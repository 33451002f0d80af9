import fc from 'fast-check';
import { DEFAULT_ADMISSION_RULES, tekunFirstProblems } from '../../../domain/carehome';
import type { Rule } from '../../../domain/waitlist';

const tekun = (policyClass: number): Rule => ({ code: 'tekun_first', label: { zh: '特困', en: 'Tekun' }, when: { op: 'present', fact: 'tekun' }, effect: { policyClass } });
const classRule = (code: string, policyClass: number): Rule => ({ code, label: { zh: code, en: code }, when: { op: 'present', fact: code }, effect: { policyClass } });

describe('every order of admission keeps 特困 persons first', () => {
  it('the built-in order does', () => {
    expect(tekunFirstProblems(DEFAULT_ADMISSION_RULES)).toEqual([]);
  });

  it('names the field that breaks it: no 特困 rule, a class ahead of or level with it, a default not after it, a class-lowering rule', () => {
    expect(tekunFirstProblems({ defaultClass: 2, rules: [] }).map((p) => p.field)).toEqual(['rules']);
    expect(tekunFirstProblems({ defaultClass: 2, rules: [{ ...tekun(1), when: { op: 'present', fact: 'dibao' } }] }).map((p) => p.field)).toEqual(['rules']);
    expect(tekunFirstProblems({ defaultClass: 3, rules: [classRule('dibao', 2), tekun(2)] }).map((p) => p.field)).toEqual(['rules[0].effect.policyClass']);
    expect(tekunFirstProblems({ defaultClass: 1, rules: [tekun(1)] }).map((p) => p.field)).toEqual(['defaultClass']);
    const lowering: Rule = { code: 'declined', label: { zh: '拒绝', en: 'Declined' }, when: { op: 'count', event: 'declined', atLeast: 1 }, effect: { lowerClassBy: 1 } };
    expect(tekunFirstProblems({ defaultClass: 2, rules: [tekun(1), lowering] }).map((p) => p.field)).toEqual(['rules[1].effect']);
  });

  it('accepts any classes after the 特困 one, whatever their order in the list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 6 }), fc.integer({ min: 1, max: 9 }), fc.nat(6), (first, gaps, defaultGap, at) => {
        const others = gaps.map((g, i) => classRule(`c${i}`, first + g));
        const rules = [...others.slice(0, at), tekun(first), ...others.slice(at)];
        expect(tekunFirstProblems({ defaultClass: first + defaultGap, rules })).toEqual([]);
      }),
    );
  });

  it('refuses any class at or ahead of the 特困 one, wherever it stands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), (first, ahead, before) => {
        const other = classRule('other', first - Math.min(ahead, first));
        const rules = before ? [other, tekun(first)] : [tekun(first), other];
        expect(tekunFirstProblems({ defaultClass: first + 1, rules }).map((p) => p.field)).toEqual([`rules[${before ? 0 : 1}].effect.policyClass`]);
      }),
    );
  });
});
