import fc from 'fast-check';
import { canCharge, splitPortions, Tier, TIERS } from '../../../domain/canteen';

const RUNS = { numRuns: 2000 };

describe('subsidised portions per meal and day', () => {
  it('when a member orders 3 lunches and has had none today, then 1 is subsidised and 2 are full price', () => {
    expect(splitPortions('age80', 3, 0)).toEqual({ subsidised: 1, fullPrice: 2 });
  });

  it('when the member already had the subsidised lunch today, then every further portion is full price', () => {
    expect(splitPortions('age80', 2, 1)).toEqual({ subsidised: 0, fullPrice: 2 });
  });

  it('when a guest orders, then nothing is subsidised', () => {
    expect(splitPortions('guest', 2, 0)).toEqual({ subsidised: 0, fullPrice: 2 });
  });

  it('when the site allows 2 subsidised portions, then a member with one already gets one more', () => {
    expect(splitPortions('tekun', 3, 1, { tierPricedPortionsPerMeal: 2 })).toEqual({ subsidised: 1, fullPrice: 2 });
  });

  it('when the allowance was lowered after the member had more, then nothing more is subsidised', () => {
    expect(splitPortions('dibao', 1, 3)).toEqual({ subsidised: 0, fullPrice: 1 });
  });

  it('when the quantity is not a positive whole number, then it throws', () => {
    expect(() => splitPortions('member', 0, 0)).toThrow(RangeError);
    expect(() => splitPortions('member', 1.5, 0)).toThrow(RangeError);
    expect(() => splitPortions('member', 1, -1)).toThrow(RangeError);
  });

  it('when any order is split, then subsidised plus full-price portions equal the quantity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Tier>(...TIERS),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 5 }),
        (tier, quantity, already, allowance) => {
          const split = splitPortions(tier, quantity, already, { tierPricedPortionsPerMeal: allowance });
          return (
            split.subsidised + split.fullPrice === quantity &&
            split.subsidised >= 0 &&
            split.subsidised <= Math.max(0, allowance - already) &&
            (tier !== 'guest' || split.subsidised === 0)
          );
        },
      ),
      RUNS,
    );
  });
});

describe('wallet charges', () => {
  it('when the balance covers the meal, then the charge passes with the new balance', () => {
    expect(canCharge(2000, 0, 800)).toEqual({ ok: true, balanceAfterFen: 1200 });
  });

  it('when the charge uses the overdraft exactly to its limit, then it passes', () => {
    expect(canCharge(500, 1000, 1500)).toEqual({ ok: true, balanceAfterFen: -1000 });
  });

  it('when the charge would go one fen past the overdraft, then it is refused with the shortfall', () => {
    expect(canCharge(500, 1000, 1501)).toEqual({ ok: false, reason: 'insufficient_balance', shortfallFen: 1 });
  });

  it('when the wallet is already under a lowered limit, then only a zero charge passes', () => {
    expect(canCharge(-1500, 1000, 0).ok).toBe(true);
    expect(canCharge(-1500, 1000, 1).ok).toBe(false);
  });

  it('when an amount is negative or not whole fen, then it throws', () => {
    expect(() => canCharge(100, 0, -1)).toThrow(RangeError);
    expect(() => canCharge(100, -1, 1)).toThrow(RangeError);
    expect(() => canCharge(100, 0, 1.5)).toThrow();
  });

  it('when any sequence of charges is applied only where allowed, then the wallet never goes below −overdraft', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 30 }),
        (start, limit, amounts) => {
          let balance = start;
          for (const amount of amounts) {
            const decision = canCharge(balance, limit, amount);
            if (decision.ok) balance = decision.balanceAfterFen;
            else if (balance - amount >= -limit) return false;
            if (balance < -limit) return false;
          }
          return true;
        },
      ),
      RUNS,
    );
  });
});
