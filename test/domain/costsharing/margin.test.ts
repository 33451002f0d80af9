import { quote, TierSubsidy } from '../../../domain/costsharing';
import { aFixedGrant, aLunchModel, aSpaceOffset, aTierSubsidy, aVolunteerOffset, dpf } from './factories';

const DATE = '2026-03-02';
const lunch = aLunchModel(); // C = 1500 fen, band 0 / 3 % / 5 %: floor 0, target 45, cap 75
const lineOf = (q: ReturnType<typeof quote>, id: string) => q.contributions.find((l) => l.contributionId === id)!;
const generous = (id: string, amountFen: number, extra: Partial<TierSubsidy> = {}) =>
  aTierSubsidy({ id, programmeCode: id, amountsByTierFen: { x: amountFen }, ...extra });

describe('operator margin band', () => {
  it('when contributions leave the price at target, then the margin is near target and nothing is flagged', () => {
    const q = quote(lunch, [aSpaceOffset(), aTierSubsidy()], { tier: 'age80' }, DATE);
    // 1500 − 420 + 45 = 1125 → 1150 (half-up to ¥0.50); margin 1150 + 420 − 1500 = 70 ≤ 75.
    expect(q.margin).toMatchObject({ fen: 70, rate: '0.0467', floorFen: 0, targetFen: 45, capFen: 75, capReductionFen: 0 });
    expect(q.flags).toEqual([]);
  });

  it('when the margin would exceed the cap, then the department subsidy claimed is cut so the margin sits at the cap', () => {
    const q = quote(lunch, [aSpaceOffset(), generous('mca', 1500)], { tier: 'x' }, DATE);
    // 1500 − 1620 + 45 < 0 → clamped at ¥0; margin would be 0 + 1620 − 1500 = 120, 45 over the cap.
    expect(q.resident.priceFen).toBe(0);
    expect(q.margin).toMatchObject({ fen: 75, capReductionFen: 45, aboveCapFen: 0 });
    expect(lineOf(q, 'mca')).toMatchObject({ beforeCapFen: 1500, reducedAtCapFen: 45, amountFen: 1455 });
    expect(q.drawdowns).toContainEqual(expect.objectContaining({ account: 'mca', amountFen: 1455 }));
    expect(q.flags).toEqual(expect.arrayContaining(['minimumPriceApplied', 'subsidyReducedAtCap']));
    expect(q.flags).not.toContain('aboveCap');
    const why = q.reasons.find((r) => r.code === 'subsidyReducedAtCap')!;
    expect(why.params).toMatchObject({ cutFen: 45, capFen: 75 });
    expect(why.en).toMatch(/windfall/);
  });

  it('when several departments subsidise, then the cut is shared pro rata by exact allocation, and grants are not cut', () => {
    const rules = [
      aSpaceOffset(),
      aFixedGrant({ annualFen: 30, forecastUnitsPerYear: 1 }),
      generous('mca', 1000),
      generous('dpf', 500, { party: dpf }),
    ];
    const q = quote(lunch, rules, { tier: 'x' }, DATE);
    // Margin would be 0 + 1650 − 1500 = 150: 75 over the cap, split 1000 : 500.
    expect([lineOf(q, 'mca').reducedAtCapFen, lineOf(q, 'dpf').reducedAtCapFen]).toEqual([50, 25]);
    expect(lineOf(q, 'community-fund').amountFen).toBe(30);
    expect(q.margin.fen).toBe(75);
  });

  it('when the pro rata cut has a fen left over, then it goes to the largest remainder so the cut is exact', () => {
    const q = quote(lunch, [aSpaceOffset(), generous('mca', 1001), generous('dpf', 499, { party: dpf })], { tier: 'x' }, DATE);
    // Cut 45 over 1001 : 499 is 30.03 : 14.97 → 30 : 15.
    expect([lineOf(q, 'mca').reducedAtCapFen, lineOf(q, 'dpf').reducedAtCapFen]).toEqual([30, 15]);
    expect(q.margin.fen).toBe(75);
  });

  it('when there is not enough department subsidy to absorb the excess, then what there is is cut and the quote is flagged aboveCap', () => {
    const rules = [aSpaceOffset(), aFixedGrant({ annualFen: 1500, forecastUnitsPerYear: 1 }), generous('mca', 20)];
    const q = quote(lunch, rules, { tier: 'x' }, DATE);
    // Margin would be 0 + 1640 − 1500 = 140: 65 over; only 20 can be cut.
    expect(lineOf(q, 'mca').amountFen).toBe(0);
    expect(q.margin).toMatchObject({ fen: 120, capReductionFen: 20, aboveCapFen: 45 });
    expect(q.flags).toEqual(expect.arrayContaining(['subsidyReducedAtCap', 'aboveCap']));
  });

  it('when no department subsidises at all, then an excess margin is flagged aboveCap', () => {
    const q = quote(lunch, [aSpaceOffset(), aFixedGrant({ annualFen: 1500, forecastUnitsPerYear: 1 })], { tier: 'x' }, DATE);
    expect(q.margin).toMatchObject({ fen: 120, capReductionFen: 0, aboveCapFen: 45 });
    expect(q.flags).toContain('aboveCap');
    expect(q.flags).not.toContain('subsidyReducedAtCap');
  });

  it('when the price would fall under the minimum, then the minimum applies and the department claims less', () => {
    const q = quote(aLunchModel({ minPriceFen: 300 }), [generous('mca', 1400)], { tier: 'x' }, DATE);
    // 1500 − 1400 + 45 = 145 → 150 → raised to the ¥3.00 minimum; margin would be 200.
    expect(q.resident).toMatchObject({ priceFen: 300, minimumApplied: true });
    expect(q.margin).toMatchObject({ fen: 75, capReductionFen: 125 });
    expect(q.reasons.map((r) => r.code)).toContain('minimumPriceApplied');
  });

  describe('below the floor', () => {
    // Floor 3 %, target 4 %, cap 5 % of 1500: floor 45, target 60, cap 75; price step ¥1.
    const tight = aLunchModel({ marginBand: { floor: 0.03, target: 0.04, cap: 0.05 }, priceStepFen: 100 });
    const rules = [
      aSpaceOffset({ fraction: 0.5 }),
      aTierSubsidy({ budgetRemainingFen: 10_000 }),
      aVolunteerOffset({ hoursPerUnit: 0.032, shadowWagePerHourFen: 2500 }),
    ];

    it('when rounding pulls the margin under the floor, then the quote is flagged with the shortfall per unit and who could close it', () => {
      const q = quote(tight, rules, { tier: 'age70' }, DATE);
      // Contributions 60 + 200 + 80 = 340; 1500 − 340 + 60 = 1220 → ¥12.00; margin 1200 + 340 − 1500 = 40 < 45.
      expect(q.resident.priceFen).toBe(1200);
      expect(q.margin).toMatchObject({ fen: 40, floorFen: 45, shortfallFen: 5 });
      expect(q.flags).toContain('belowFloor');
      expect(q.margin.couldClose).toEqual([
        { partyId: 'party-institution', partyKind: 'institution', contributionId: 'space', headroomFen: 60, why: 'spaceNotOffset' },
        { partyId: 'party-mca', partyKind: 'department', contributionId: 'mca-meal', headroomFen: 9_800, why: 'budgetHeadroom' },
        { partyId: 'party-volunteers', partyKind: 'social', contributionId: 'volunteers', headroomFen: 300, why: 'labourNotOffset' },
        { partyId: 'party-resident', partyKind: 'resident', contributionId: null, headroomFen: 100, why: 'priceRounding' },
      ]);
      const why = q.reasons.find((r) => r.code === 'belowFloor')!;
      expect(why.params).toEqual({ shortfallFen: 5, floorFen: 45 });
      expect(why.zh).toMatch(/缺口 ¥0\.05/);
      expect(why.en).toMatch(/the resident \(paying the unrounded price\)/);
    });

    it('when a minimum price off the step still leaves the price under the formula, then the resident is named for the gap', () => {
      const coarse = { ...tight, priceStepFen: 1000, priceRounding: 'down' as const, minPriceFen: 300 };
      const q = quote(coarse, [aSpaceOffset(), generous('mca', 1080)], { tier: 'x' }, DATE);
      // 1500 − 1200 + 60 = 360 → down to ¥0 → raised to the ¥3.00 minimum; margin 300 + 1200 − 1500 = 0 < 45.
      expect(q.resident).toMatchObject({ roundedFen: 0, priceFen: 300, minimumApplied: true });
      expect(q.margin).toMatchObject({ fen: 0, shortfallFen: 45 });
      expect(q.flags).toEqual(expect.arrayContaining(['minimumPriceApplied', 'belowFloor']));
      expect(q.margin.couldClose).toEqual([
        { partyId: 'party-mca', partyKind: 'department', contributionId: 'mca', headroomFen: null, why: 'budgetHeadroom' },
        { partyId: 'party-resident', partyKind: 'resident', contributionId: null, headroomFen: 700, why: 'priceRounding' },
      ]);
    });

    it('when a mechanism has no headroom left, then it is not offered as a way to close the gap', () => {
      const spent = [aSpaceOffset({ fraction: 0.5 }), aTierSubsidy({ budgetRemainingFen: 200 }), rules[2]];
      const q = quote(tight, spent, { tier: 'age70' }, DATE);
      expect(q.flags).toContain('belowFloor');
      expect(q.margin.couldClose.map((c) => c.contributionId)).not.toContain('mca-meal');
    });
  });
});

describe('resident price rounding', () => {
  it('when the unrounded price is between steps, then it is rounded half-up to the line’s step and the exact value is kept', () => {
    const q = quote(lunch, [aFixedGrant({ annualFen: 100, forecastUnitsPerYear: 3 })], { tier: 'member' }, DATE);
    // 1500 − 34 + 45 = 1511 → 1500.
    expect(q.resident).toMatchObject({ unroundedFen: '1511', priceFen: 1500, priceStepFen: 50, rounding: 'half-up' });
    expect(q.reasons.find((r) => r.code === 'priceRounded')!.en).toMatch(/¥15\.11.*¥15\.00/);
  });

  it('when a line rounds up, then the price never falls below the unrounded value', () => {
    const q = quote(aLunchModel({ priceRounding: 'up' }), [aFixedGrant({ annualFen: 100, forecastUnitsPerYear: 3 })], { tier: 'member' }, DATE);
    expect(q.resident.priceFen).toBe(1550);
  });

  it('when the target margin is a fraction of a fen, then the unrounded price keeps it exactly', () => {
    const q = quote(aLunchModel({ componentsFen: { ...lunch.componentsFen, overhead: 41 } }), [], { tier: 'member' }, DATE);
    expect(q.resident.unroundedFen).toBe('1546.03'); // 1501 × 1.03
  });
});
