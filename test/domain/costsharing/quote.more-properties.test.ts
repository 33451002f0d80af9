import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { Contribution, TierSubsidy } from '../../../domain/costsharing';
import { anyContribution, contributions as anyContributions, costModel, pricingInput, subject as anySubject } from './arbitraries';
import { check, quoteOf, RUNS } from './property-helpers';

describe('quote properties: monotonicity, limits, snapshots', () => {
  it('a larger subsidy, or one more contribution, never raises the resident price nor what the resident pays', () => {
    const larger = fc.record({
      version: costModel,
      contributions: anyContributions,
      subject: anySubject,
      change: fc.oneof(
        fc.record({ kind: fc.constant('raise' as const), at: fc.nat(), byFen: fc.integer({ min: 1, max: 5000 }) }),
        fc.record({ kind: fc.constant('add' as const), extra: anyContribution }),
      ),
    });
    fc.assert(
      fc.property(larger, (g) => {
        let after: Contribution[];
        if (g.change.kind === 'add') {
          // A new programme or pool of its own: one that restates an existing one's budget or balance is news, not more help.
          const extra = { ...g.change.extra, id: 'extra' } as Contribution;
          const own = extra.mechanism === 'tier_subsidy' ? { ...extra, programmeCode: 'p-extra' } : extra.mechanism === 'charity_pool' ? { ...extra, poolCode: 'pool-extra' } : extra;
          after = [...g.contributions, own];
        } else {
          const subsidies = g.contributions.filter((c): c is TierSubsidy => c.mechanism === 'tier_subsidy');
          if (subsidies.length === 0) return;
          const target = subsidies[g.change.at % subsidies.length];
          const tier = g.subject.tier;
          const raised: TierSubsidy = {
            ...target,
            amountsByTierFen: { ...target.amountsByTierFen, [tier]: (target.amountsByTierFen[tier] ?? 0) + g.change.byFen },
          };
          after = g.contributions.map((c) => (c === target ? raised : c));
        }
        const before = quoteOf(g).resident;
        const now = quoteOf({ ...g, contributions: after }).resident;
        check(now.priceFen <= before.priceFen, 'price must not rise', { before: before.priceFen, after: now.priceFen });
        check(now.paysFen <= before.paysFen, 'out of pocket must not rise', { before: before.paysFen, after: now.paysFen });
      }),
      RUNS,
    );
  });

  it('no mechanism gives more than its limit: space, labour, budget, pool balance and the price itself', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        const sum = (pred: (l: (typeof q.contributions)[number]) => boolean) =>
          q.contributions.filter(pred).reduce((s, l) => s + l.amountFen, 0);
        check(sum((l) => l.mechanism === 'in_kind_space') <= q.cost.componentsFen.space, 'space offsets ≤ space');
        check(sum((l) => l.mechanism === 'volunteer_hours') <= q.cost.componentsFen.labour, 'volunteer offsets ≤ labour');
        check(sum((l) => l.mechanism === 'charity_pool') === q.resident.paidByCharityFen, 'charity lines = paid by charity');
        check(q.resident.paidByCharityFen <= q.resident.priceFen, 'charity pays no more than the price');
        for (const c of g.contributions) {
          const line = q.contributions.find((l) => l.contributionId === c.id)!;
          check(line.amountFen >= 0 && line.amountFen === line.beforeCapFen - line.reducedAtCapFen, 'line arithmetic', line);
          if (c.mechanism === 'charity_pool') check(line.amountFen <= Math.min(c.balanceFen, c.perUnitMaxFen), 'pool limits', line);
          if (c.mechanism === 'tier_subsidy') {
            check(line.amountFen <= (c.amountsByTierFen[g.subject.tier] ?? 0), 'no more than the tier amount', line);
            // Rules of one programme share its budget: together they never draw more than any of them says is left.
            const stated = g.contributions.flatMap((x) =>
              x.mechanism === 'tier_subsidy' && x.programmeCode === c.programmeCode && x.budgetRemainingFen !== undefined ? [x.budgetRemainingFen] : [],
            );
            if (stated.length > 0) check(sum((l) => l.programmeCode === c.programmeCode) <= Math.min(...stated), 'within the programme budget');
          }
        }
        for (const d of q.drawdowns) {
          check(d.amountFen === q.contributions.find((l) => l.contributionId === d.contributionId)!.amountFen, 'drawdown = claimed', d);
        }
      }),
      RUNS,
    );
  });

  it('a quote is plain JSON and the same inputs always give the same quote', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        // Strict deep equality also tells 0 from −0 and fails on undefined fields that JSON drops.
        check(isDeepStrictEqual(JSON.parse(JSON.stringify(q)), q), 'a quote survives JSON unchanged');
        check(isDeepStrictEqual(quoteOf(g), q), 'a quote is deterministic');
      }),
      { ...RUNS, numRuns: 2_000 },
    );
  });
});
