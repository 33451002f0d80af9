import { allocate } from '../../../domain/shared/money';
import { grantShareOfUnit, quote } from '../../../domain/costsharing';
import {
  aCharityPool,
  aFixedGrant,
  aLunchModel,
  aSpaceOffset,
  aTierSubsidy,
  aVolunteerOffset,
  community,
  institution,
} from './factories';

const DATE = '2026-03-02';
const lunch = aLunchModel(); // C = ¥15.00, target 3 % = ¥0.45, cap 5 % = ¥0.75, step ¥0.50
const lineOf = (q: ReturnType<typeof quote>, id: string) => q.contributions.find((l) => l.contributionId === id)!;
const codes = (q: ReturnType<typeof quote>) => q.reasons.map((r) => r.code);

describe('in-kind space', () => {
  it('when premises are rent-free, then the whole space component is offset by the institution', () => {
    const q = quote(lunch, [aSpaceOffset({ fraction: 1 })], { tier: 'member' }, DATE);
    expect(lineOf(q, 'space')).toMatchObject({ amountFen: 120, offsets: 'space', partyKind: 'institution' });
    // 1500 − 120 + 45 = 1425, half-up to ¥0.50 → 1450.
    expect(q.resident.priceFen).toBe(1450);
    expect(q.shares.byKind).toEqual({ community: 0, department: 0, institution: 120, operator: -70, social: 0, resident: 1450 });
  });

  it('when premises are below market rent, then only that fraction of the space component is offset', () => {
    const q = quote(lunch, [aSpaceOffset({ fraction: 0.25 })], { tier: 'member' }, DATE);
    expect(lineOf(q, 'space').amountFen).toBe(30);
  });

  it('when two parties offer premises, then together they never offset more than the space component', () => {
    const q = quote(
      lunch,
      [aSpaceOffset({ id: 'a', fraction: 0.75 }), aSpaceOffset({ id: 'b', party: community, fraction: 0.5 })],
      { tier: 'member' },
      DATE,
    );
    expect([lineOf(q, 'a').amountFen, lineOf(q, 'b').amountFen]).toEqual([90, 30]);
    expect(q.flags).toContain('spaceOffsetCapped');
    expect(codes(q)).toContain('spaceOffsetCapped');
  });
});

describe('tier subsidy', () => {
  it('when the person is in a subsidised tier, then the department pays that tier’s amount and the API is told to claim it', () => {
    const q = quote(lunch, [aTierSubsidy()], { tier: 'age80' }, DATE);
    expect(lineOf(q, 'mca-meal')).toMatchObject({ amountFen: 300, partyId: 'party-mca', programmeCode: 'mca-meal' });
    expect(q.resident.priceFen).toBe(1250);
    expect(q.drawdowns).toEqual([
      { contributionId: 'mca-meal', mechanism: 'tier_subsidy', partyId: 'party-mca', account: 'mca-meal', amountFen: 300, units: 1 },
    ]);
  });

  it('when the tier is not eligible, then nothing is claimed and the quote says why', () => {
    const q = quote(lunch, [aTierSubsidy()], { tier: 'member' }, DATE);
    expect(lineOf(q, 'mca-meal').amountFen).toBe(0);
    expect(q.drawdowns).toEqual([]);
    expect(codes(q)).toContain('tierNotEligible');
  });

  it('when the person has used most of today’s cap, then only the rest of the cap is paid', () => {
    const rule = aTierSubsidy({ perPersonCapFen: { day: 500 } });
    const q = quote(lunch, [rule], { tier: 'dibao', usageByProgramme: { 'mca-meal': { todayFen: 300 } } }, DATE);
    expect(lineOf(q, 'mca-meal').amountFen).toBe(200);
    expect(q.flags).toContain('personCapReached');
    const why = q.reasons.find((r) => r.code === 'personCapReached')!;
    expect(why.params).toMatchObject({ period: 'day', capFen: 500, usedFen: 300, amountFen: 200, wantedFen: 500 });
  });

  it('when the person has used the whole month’s cap, then nothing more is paid this month', () => {
    const rule = aTierSubsidy({ perPersonCapFen: { month: 3000 } });
    const q = quote(lunch, [rule], { tier: 'dibao', usageByProgramme: { 'mca-meal': { thisMonthFen: 3000 } } }, DATE);
    expect(lineOf(q, 'mca-meal').amountFen).toBe(0);
    expect(q.flags).toContain('personCapReached');
  });

  it('when the programme budget is spent, then the subsidy stops and the quote says so', () => {
    const q = quote(lunch, [aTierSubsidy({ budgetRemainingFen: 0 })], { tier: 'age80' }, DATE);
    expect(lineOf(q, 'mca-meal').amountFen).toBe(0);
    expect(q.flags).toContain('budgetExhausted');
    expect(q.drawdowns).toEqual([]);
    const why = q.reasons.find((r) => r.code === 'budgetExhausted')!;
    expect(why.en).toMatch(/budget is spent/);
    expect(why.zh).toMatch(/预算已用完/);
    expect(q.resident.priceFen).toBe(1550); // as if unsubsidised
  });

  it('when only part of the budget remains, then the subsidy is paid partially and the budget is drawn to zero', () => {
    const q = quote(lunch, [aTierSubsidy({ budgetRemainingFen: 120 })], { tier: 'age80' }, DATE);
    expect(lineOf(q, 'mca-meal').amountFen).toBe(120);
    expect(q.flags).toContain('budgetPartial');
    expect(q.drawdowns[0]).toMatchObject({ account: 'mca-meal', amountFen: 120 });
  });

  it('when two rules draw on one programme, then they share the person’s cap', () => {
    const meal = aTierSubsidy({ id: 'meal', perPersonCapFen: { day: 500 } });
    const topUp = aTierSubsidy({ id: 'top-up', amountsByTierFen: { age80: 300 }, perPersonCapFen: { day: 500 } });
    const q = quote(lunch, [meal, topUp], { tier: 'age80' }, DATE);
    expect([lineOf(q, 'meal').amountFen, lineOf(q, 'top-up').amountFen]).toEqual([300, 200]);
  });
});

describe('fixed grant', () => {
  it('when a grant is spread over the forecast units, then the units together receive it to the fen', () => {
    const shares = [0, 1, 2].map((k) => {
      const q = quote(lunch, [aFixedGrant({ annualFen: 100, forecastUnitsPerYear: 3, unitsAmortisedSoFar: k })], { tier: 'member' }, DATE);
      return lineOf(q, 'community-fund').amountFen;
    });
    expect(shares).toEqual([34, 33, 33]);
    expect(shares).toEqual(allocate(100, [1, 1, 1]));
  });

  it('the k-th unit’s share is exactly what largest-remainder allocation gives it', () => {
    for (const [annual, units] of [[100, 7], [9_600, 146], [5, 9], [0, 4], [1_000_003, 1000]]) {
      const all = allocate(annual, Array(units).fill(1));
      expect(all.map((_, k) => grantShareOfUnit(annual, units, k))).toEqual(all);
    }
    // The demo lunch grant: ¥96,000 over 146,000 lunches is 65.75… fen; 110,000 lunches get 66, the rest 65.
    expect([0, 109_999, 110_000, 145_999].map((k) => grantShareOfUnit(9_600_000, 146_000, k))).toEqual([66, 66, 65, 65]);
    expect(110_000 * 66 + 36_000 * 65).toBe(9_600_000);
  });

  it('when the forecast units are used up, then the grant gives nothing more and the quote says so', () => {
    const q = quote(lunch, [aFixedGrant({ unitsAmortisedSoFar: 3 })], { tier: 'member' }, DATE);
    expect(lineOf(q, 'community-fund').amountFen).toBe(0);
    expect(q.flags).toContain('grantExhausted');
    expect(q.drawdowns).toEqual([]);
  });

  it('when a unit’s share rounds to 0 fen, then the grant’s unit counter still moves on', () => {
    const q = quote(lunch, [aFixedGrant({ annualFen: 1, forecastUnitsPerYear: 3, unitsAmortisedSoFar: 1 })], { tier: 'member' }, DATE);
    expect(q.drawdowns).toEqual([
      { contributionId: 'community-fund', mechanism: 'fixed_grant', partyId: 'party-community', account: 'community-fund', amountFen: 0, units: 1 },
    ]);
  });
});

describe('charity pool', () => {
  const tekunLunch = [aTierSubsidy(), aCharityPool()];

  it('when a 特困 elder eats, then the pool pays the whole resident price on their behalf and they eat free', () => {
    const q = quote(lunch, tekunLunch, { tier: 'tekun' }, DATE);
    // 1500 − 500 + 45 = 1045 → 1050.
    expect(q.resident).toMatchObject({ priceFen: 1050, paidByCharityFen: 1050, paysFen: 0 });
    expect(q.shares.byKind).toMatchObject({ social: 1050, resident: 0, department: 500 });
    expect(q.drawdowns).toContainEqual(expect.objectContaining({ account: 'charity-tekun', amountFen: 1050 }));
  });

  it('when the tier is not earmarked, then the pool pays nothing', () => {
    const q = quote(lunch, tekunLunch, { tier: 'age80' }, DATE);
    expect(q.resident.paidByCharityFen).toBe(0);
    expect(codes(q)).toContain('charityNotEarmarked');
  });

  it('when the pool holds less than the price, then it pays what is left and the quote says it is now exhausted', () => {
    const q = quote(lunch, [aTierSubsidy(), aCharityPool({ balanceFen: 300 })], { tier: 'tekun' }, DATE);
    expect(q.resident).toMatchObject({ paidByCharityFen: 300, paysFen: 750 });
    expect(q.flags).toContain('poolPartial');
  });

  it('when the pool is empty, then the resident pays and the quote says the pool is exhausted', () => {
    const q = quote(lunch, [aTierSubsidy(), aCharityPool({ balanceFen: 0 })], { tier: 'tekun' }, DATE);
    expect(q.resident.paysFen).toBe(1050);
    expect(q.flags).toContain('poolExhausted');
    expect(q.drawdowns.some((d) => d.mechanism === 'charity_pool')).toBe(false);
  });

  it('when two rules draw on one pool, then together they pay no more than its balance', () => {
    const q = quote(
      lunch,
      [aTierSubsidy(), aCharityPool({ id: 'a', balanceFen: 400, perUnitMaxFen: 300 }), aCharityPool({ id: 'b', balanceFen: 400, perUnitMaxFen: 300 })],
      { tier: 'tekun' },
      DATE,
    );
    expect([lineOf(q, 'a').amountFen, lineOf(q, 'b').amountFen]).toEqual([300, 100]);
    expect(q.resident).toMatchObject({ paidByCharityFen: 400, paysFen: 650 });
  });

  it('when the pool pays at most a set amount per unit, then the resident pays the rest', () => {
    const q = quote(lunch, [aTierSubsidy(), aCharityPool({ perUnitMaxFen: 600 })], { tier: 'tekun' }, DATE);
    expect(q.resident).toMatchObject({ paidByCharityFen: 600, paysFen: 450 });
  });

  it('charity pays the resident’s price, not the operator: the margin is the same with or without it', () => {
    const withPool = quote(lunch, tekunLunch, { tier: 'tekun' }, DATE);
    const without = quote(lunch, [aTierSubsidy()], { tier: 'tekun' }, DATE);
    expect(withPool.margin.fen).toBe(without.margin.fen);
    expect(withPool.resident.priceFen).toBe(without.resident.priceFen);
  });
});

describe('volunteer hours', () => {
  it('when volunteers give time, then it is valued at the shadow wage and offsets labour', () => {
    const q = quote(lunch, [aVolunteerOffset({ hoursPerUnit: 0.02, shadowWagePerHourFen: 2500 })], { tier: 'member' }, DATE);
    expect(lineOf(q, 'volunteers')).toMatchObject({ amountFen: 50, offsets: 'labour', partyKind: 'social' });
  });

  it('when the value is a fraction of a fen, then it is rounded half-up to the fen', () => {
    const q = quote(lunch, [aVolunteerOffset({ hoursPerUnit: 0.013, shadowWagePerHourFen: 2500 })], { tier: 'member' }, DATE);
    expect(lineOf(q, 'volunteers').amountFen).toBe(33); // 32.5
  });

  it('when volunteer time is worth more than the labour component, then it offsets no more than the labour', () => {
    const q = quote(
      lunch,
      [aVolunteerOffset({ id: 'many', hoursPerUnit: 100 }), aVolunteerOffset({ id: 'more', party: institution })],
      { tier: 'member' },
      DATE,
    );
    expect([lineOf(q, 'many').amountFen, lineOf(q, 'more').amountFen]).toEqual([380, 0]);
    expect(q.flags).toContain('volunteerCapped');
  });
});
