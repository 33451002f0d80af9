import { CategoryEvidence, MemberProfile, tierOn } from '../../../domain/canteen';

function member(birthDate: string, ...categories: CategoryEvidence[]): MemberProfile {
  return { birthDate, categories };
}

describe('canteen subsidy tier', () => {
  it('when nobody is registered, then the tier is guest', () => {
    expect(tierOn(null, '2025-06-01')).toEqual({
      tier: 'guest',
      reasons: [{ code: 'guest', zh: '非会员', en: 'not a registered member' }],
    });
  });

  it('when a registered member is 65 with no category, then the tier is member', () => {
    expect(tierOn(member('1960-01-01'), '2025-06-01').tier).toBe('member');
  });

  it('when the member turns 70 on the meal date, then the tier is age70, and the day before it is member', () => {
    expect(tierOn(member('1955-06-01'), '2025-05-31').tier).toBe('member');
    expect(tierOn(member('1955-06-01'), '2025-06-01').tier).toBe('age70');
  });

  it('when the member turns 80 on the meal date, then the tier is age80', () => {
    expect(tierOn(member('1945-06-01'), '2025-05-31').tier).toBe('age70');
    expect(tierOn(member('1945-06-01'), '2025-06-01')).toEqual({
      tier: 'age80',
      reasons: [{ code: 'age80', zh: '80 岁以上', en: 'aged 80 or over' }],
    });
  });

  it('when the member was born on 02-29 and turns 70 in a non-leap year, then age70 starts on 03-01', () => {
    expect(tierOn(member('1956-02-29'), '2026-02-28').tier).toBe('member');
    expect(tierOn(member('1956-02-29'), '2026-03-01').tier).toBe('age70');
  });

  it('when a member holds 特困 on the meal date, then the tier is tekun whatever the age', () => {
    const decision = tierOn(member('1940-01-01', { category: 'tekun', validFrom: '2024-01-01' }), '2025-06-01');
    expect(decision).toEqual({ tier: 'tekun', reasons: [{ code: 'tekun', zh: '特困供养', en: 'extreme-poverty support' }] });
    expect(tierOn(member('1968-01-01', { category: 'tekun', validFrom: '2024-01-01' }), '2025-06-01').tier).toBe('tekun');
  });

  it('when the 特困 certificate ends, then it still counts on its last day and no longer the day after', () => {
    const m = member('1943-03-10', { category: 'tekun', validFrom: '2024-01-01', validUntil: '2025-06-30' });
    expect(tierOn(m, '2025-06-30').tier).toBe('tekun');
    expect(tierOn(m, '2025-07-01').tier).toBe('age80');
  });

  it('when a 低保 certificate starts on the meal date, then it counts from that day', () => {
    const m = member('1958-01-01', { category: 'dibao', validFrom: '2025-06-01' });
    expect(tierOn(m, '2025-05-31').tier).toBe('member');
    expect(tierOn(m, '2025-06-01')).toEqual({
      tier: 'dibao',
      reasons: [
        { code: 'age60', zh: '60 岁以上', en: 'aged 60 or over' },
        { code: 'dibao', zh: '低保', en: 'minimum living allowance (dibao)' },
      ],
    });
  });

  it('when a 低收入 member is 60 or over, then the tier is dibao with 低收入 as the reason', () => {
    const decision = tierOn(member('1960-01-01', { category: 'low_income', validFrom: '2020-01-01' }), '2025-06-01');
    expect(decision.tier).toBe('dibao');
    expect(decision.reasons.map((r) => r.code)).toEqual(['age60', 'low_income']);
  });

  it('when a 低保 member is under 60, then 低保 does not apply', () => {
    expect(tierOn(member('1966-01-01', { category: 'dibao', validFrom: '2020-01-01' }), '2025-06-01').tier).toBe('member');
  });

  it('when a member aged 85 also holds 低保, then the more favourable dibao tier wins', () => {
    expect(tierOn(member('1940-01-01', { category: 'dibao', validFrom: '2020-01-01' }), '2025-06-01').tier).toBe('dibao');
  });

  it('when a member holds both 特困 and 低保, then tekun wins', () => {
    const m = member(
      '1950-01-01',
      { category: 'dibao', validFrom: '2020-01-01' },
      { category: 'tekun', validFrom: '2020-01-01' },
    );
    expect(tierOn(m, '2025-06-01').tier).toBe('tekun');
  });

  it('when a member is 失能, 独居, 残疾 or 优抚 only, then the tier follows the age alone', () => {
    const m = member(
      '1952-01-01',
      { category: 'disabled_care', abilityGrade: 'severe', validFrom: '2020-01-01' },
      { category: 'living_alone', validFrom: '2020-01-01' },
      { category: 'disability', validFrom: '2020-01-01' },
      { category: 'veteran', validFrom: '2020-01-01' },
    );
    expect(tierOn(m, '2025-06-01').tier).toBe('age70');
  });

  it('when the meal date is not a date, then it throws', () => {
    expect(() => tierOn(member('1950-01-01'), '2025/06/01')).toThrow(RangeError);
  });
});
