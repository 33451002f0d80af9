import { CostSharingError, PARTY_KINDS, quote } from '../../../domain/costsharing';
import { aCharityPool, aFixedGrant, aLunchModel, aParty, aSpaceOffset, aTierSubsidy, aVolunteerOffset } from './factories';

const DATE = '2026-03-02';
const lunch = aLunchModel();
const everyMechanism = [aSpaceOffset(), aFixedGrant(), aVolunteerOffset(), aTierSubsidy(), aCharityPool()];

describe('a quote', () => {
  const q = quote(lunch, everyMechanism, { tier: 'tekun', personRef: 'member-42' }, DATE);

  it('carries the cost-model version, line, date and subject it was made for, so a snapshot can be re-explained', () => {
    expect(q).toMatchObject({
      costModelVersionId: 'cm-lunch-v1',
      siteId: 'site-test',
      serviceLine: 'canteen.lunch',
      unit: 'meal',
      date: DATE,
      subject: { tier: 'tekun', personRef: 'member-42' },
      cost: { totalFen: 1500, componentsFen: lunch.componentsFen },
    });
  });

  it('is plain JSON: storing and reading it back gives the same quote', () => {
    expect(JSON.parse(JSON.stringify(q))).toStrictEqual(q);
  });

  it('has a share line per contribution plus the resident’s and the operator’s, summed per party kind to C', () => {
    expect(q.shares.lines.map((l) => l.contributionId)).toEqual(['space', 'community-fund', 'volunteers', 'mca-meal', 'tekun-meals', null, null]);
    expect(q.shares.lines.slice(-2).map((l) => l.source)).toEqual(['resident_payment', 'operator_margin']);
    expect(Object.keys(q.shares.byKind).sort()).toEqual([...PARTY_KINDS].sort());
    expect(Object.values(q.shares.byKind).reduce((a, b) => a + b, 0)).toBe(1500);
    expect(q.shares.byParty['party-operator']).toBe(-q.margin.fen);
  });

  it('gives its reasons in both zh-CN and en, with the raw values as params', () => {
    expect(q.reasons.length).toBeGreaterThan(5);
    for (const r of q.reasons) {
      expect(r.code).toMatch(/^[a-zA-Z]+$/);
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.en).toMatch(/^[\x20-\x7e¥×−]+$/); // no Chinese left in the English
      expect(typeof r.params).toBe('object');
    }
    expect(q.reasons[0]).toMatchObject({ code: 'fullCost', params: { totalFen: 1500, materialsFen: 780 } });
  });

  it('names tiers and rules in its words, never their codes, and writes money as people read it', () => {
    const subsidised = quote(lunch, [aTierSubsidy({ budgetRemainingFen: 100 }), aCharityPool({ tiers: ['dibao'] })], { tier: 'age80' }, DATE);
    const said = [...q.reasons, ...subsidised.reasons].flatMap((r) => [r.zh, r.en]).join('\n');
    for (const code of ['mca-meal', 'charity-tekun', 'tekun ', 'age80', 'dibao ']) expect(said).not.toContain(code);
    expect(subsidised.reasons.find((r) => r.code === 'budgetPartial')).toMatchObject({ zh: expect.stringContaining('「助餐补贴」预算仅剩 ¥1.00') });
    expect(subsidised.reasons.find((r) => r.code === 'charityNotEarmarked')).toMatchObject({
      zh: '「特困免费午餐」不面向「80 岁以上」档',
      en: '"Free lunches" is not earmarked for the tier Aged 80+',
    });
    const fund = quote(lunch, [aFixedGrant({ annualFen: 9_600_000, forecastUnitsPerYear: 146_000 })], { tier: 'member' }, DATE);
    expect(fund.reasons.find((r) => r.code === 'grantAmortised')?.zh).toContain('年度 ¥96,000.00 按预计 146,000 个单位分摊');
  });

  it('when a contribution is outside its dates, then it gives nothing and the quote says so', () => {
    const ended = aTierSubsidy({ effectiveTo: '2026-02-28' });
    const later = aSpaceOffset({ effectiveFrom: '2026-03-03' });
    const r = quote(lunch, [ended, later], { tier: 'age80' }, DATE);
    expect(r.contributions.map((l) => l.amountFen)).toEqual([0, 0]);
    expect(r.reasons.filter((x) => x.code === 'notInForce')).toHaveLength(2);
    expect(quote(lunch, [aTierSubsidy({ effectiveFrom: DATE, effectiveTo: DATE })], { tier: 'age80' }, DATE).contributions[0].amountFen).toBe(300);
  });
});

describe('bad input', () => {
  const refuses = (f: () => unknown, field: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CostSharingError);
      expect((e as CostSharingError).field).toBe(field);
      return;
    }
    throw new Error('expected a CostSharingError');
  };

  it('when the operator is given a contribution, then it is refused: its share is its margin', () => {
    refuses(() => quote(lunch, [aSpaceOffset({ party: aParty('operator') })], { tier: 'member' }, DATE), 'space.party.kind');
  });

  it('when inputs are malformed, then a CostSharingError names the field', () => {
    refuses(() => quote(lunch, [aSpaceOffset(), aSpaceOffset()], { tier: 'member' }, DATE), 'contributions');
    refuses(() => quote(lunch, [], { tier: 'member' }, '2026-02-30'), 'date');
    refuses(() => quote(lunch, [], { tier: '' }, DATE), 'subject.tier');
    refuses(() => quote(lunch, [aSpaceOffset({ fraction: 1.5 })], { tier: 'member' }, DATE), 'space.fraction');
    refuses(() => quote(aLunchModel({ componentsFen: { ...lunch.componentsFen, labour: -1 } }), [], { tier: 'm' }, DATE), 'componentsFen.labour');
    refuses(() => quote(aLunchModel({ componentsFen: { ...lunch.componentsFen, labour: 1.5 } }), [], { tier: 'm' }, DATE), 'componentsFen.labour');
    refuses(() => quote(aLunchModel({ marginBand: { floor: 0.05, target: 0.03, cap: 0.05 } }), [], { tier: 'm' }, DATE), 'marginBand');
    refuses(() => quote(aLunchModel({ priceStepFen: 0 }), [], { tier: 'm' }, DATE), 'priceStepFen');
    refuses(() => quote(lunch, [aFixedGrant({ forecastUnitsPerYear: 0 })], { tier: 'm' }, DATE), 'community-fund.forecastUnitsPerYear');
    refuses(() => quote(lunch, [aTierSubsidy()], { tier: 'age80', usageByProgramme: { 'mca-meal': { todayFen: -5 } } }, DATE),
      'usageByProgramme.mca-meal.todayFen');
  });
});
