import Decimal from 'decimal.js';
import fc from 'fast-check';
import { COST_COMPONENTS, PARTY_KINDS } from '../../../domain/costsharing';
import { pricingInput } from './arbitraries';
import { check, quoteOf, RUNS } from './property-helpers';

describe('quote properties: shares, margin, rounding', () => {
  it('the six parties’ shares add up to the full cost exactly, to the fen, for every input', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        const c = q.cost.totalFen;
        const byKind = PARTY_KINDS.reduce((s, k) => s + q.shares.byKind[k], 0);
        const byLine = q.shares.lines.reduce((s, l) => s + l.amountFen, 0);
        const byParty = Object.values(q.shares.byParty).reduce((s, x) => s + x, 0);
        const components = COST_COMPONENTS.reduce((s, k) => s + q.cost.componentsFen[k], 0);
        check(byKind === c && byLine === c && byParty === c && components === c, 'shares must add up to C', { c, byKind, byLine, byParty });
        check(q.shares.lines.every((l) => Number.isSafeInteger(l.amountFen)), 'shares must be whole fen');
      }),
      RUNS,
    );
  });

  it('the margin is within [floor, cap] of C, or the quote is flagged, and a flag is never raised without cause', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        const c = new Decimal(q.cost.totalFen);
        const m = new Decimal(q.margin.fen);
        const belowFloor = m.lt(c.times(g.version.marginBand.floor));
        const aboveCap = m.gt(c.times(g.version.marginBand.cap));
        check(q.flags.includes('belowFloor') === belowFloor, 'belowFloor flag iff margin < floor × C', q.margin);
        check(q.flags.includes('aboveCap') === aboveCap, 'aboveCap flag iff margin > cap × C', q.margin);
        if (belowFloor) check(q.margin.shortfallFen === q.margin.floorFen - q.margin.fen, 'shortfall is the gap to the floor');
        // A cut leaves the margin exactly at the cap unless department subsidy ran out.
        if (q.margin.capReductionFen > 0 && !aboveCap) check(q.margin.fen === q.margin.capFen, 'a cut lands on the cap');
        if (aboveCap) {
          const uncut = q.contributions.filter((l) => l.mechanism === 'tier_subsidy' && l.partyKind === 'department' && l.amountFen > 0);
          check(uncut.length === 0, 'above the cap only when no department subsidy is left to cut', uncut);
        }
      }),
      RUNS,
    );
  });

  it('no party’s share is negative except the operator’s, which is exactly −margin', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        for (const l of q.shares.lines) {
          if (l.partyKind === 'operator') check(l.amountFen === 0 - q.margin.fen, 'operator share is −margin', l);
          else check(l.amountFen >= 0, 'no negative share', l);
        }
        check(q.shares.byKind.operator === 0 - q.margin.fen, 'operator kind total is −margin');
        check(q.resident.paysFen >= 0 && q.resident.priceFen >= g.version.minPriceFen, 'resident price within bounds', q.resident);
      }),
      RUNS,
    );
  });

  it('rounding never moves the price more than one price step from the unrounded value', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        const step = g.version.priceStepFen;
        const unrounded = new Decimal(q.resident.unroundedFen);
        const { priceFen, roundedFen, minimumApplied, rounding } = q.resident;
        const moved = unrounded.minus(roundedFen).abs();
        check(moved.lt(step), 'rounding moves less than a step', q.resident);
        if (rounding === 'half-up') check(moved.lte(step / 2), 'half-up moves at most half a step', q.resident);
        check(roundedFen % step === 0, 'rounded price is on the step', q.resident);
        // The clamp, not rounding, is the only other thing that sets the price, and it only raises it.
        check(priceFen === Math.max(roundedFen, g.version.minPriceFen), 'price is the rounded price, at least the minimum', q.resident);
        check(minimumApplied === roundedFen < g.version.minPriceFen, 'the clamp is reported iff it applied', q.resident);
        if (!minimumApplied) check(unrounded.minus(priceFen).abs().lt(step), 'an unclamped price is within a step of the formula', q.resident);
      }),
      RUNS,
    );
  });
});
