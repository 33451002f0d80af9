import fc from 'fast-check';
import { snapshotOf } from '../../../domain/costsharing';
import { pricingInput } from './arbitraries';
import { check, quoteOf, RUNS } from './property-helpers';

describe('the snapshot a served unit keeps of its quote', () => {
  it('is the quote without its share lines and sentences, and still accounts for the full cost to the fen', () => {
    fc.assert(
      fc.property(pricingInput, (g) => {
        const q = quoteOf(g);
        const snapshot = snapshotOf(q);
        const { shares: _shares, reasons, ...breakdown } = q;
        const kept = JSON.parse(JSON.stringify(snapshot));
        check(!('shares' in kept), 'the share lines are the unit’s rows, not part of the snapshot');
        check(JSON.stringify(kept) === JSON.stringify({ ...breakdown, reasons: reasons.map((r) => ({ code: r.code, params: r.params })) }), 'every other figure is kept as quoted');
        // The operator's share is its margin, taken back from what the others pay.
        const contributed = snapshot.contributions.reduce((sum, c) => sum + c.amountFen, 0);
        check(contributed + snapshot.resident.paysFen - snapshot.margin.fen === snapshot.cost.totalFen, 'contributions + resident − margin = C', { contributed, resident: snapshot.resident, margin: snapshot.margin.fen, c: snapshot.cost.totalFen });
      }),
      { ...RUNS, numRuns: 2_000 },
    );
  });
});
