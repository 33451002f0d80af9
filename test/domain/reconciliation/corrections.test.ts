import fc from 'fast-check';
import { type AdjustmentLine, type ClaimLine, correctionsFor, nextPeriod, type Period, ReconciliationError } from '../../../domain/reconciliation';
import { aLine } from './factories';

const OCTOBER_CLOSED: Period[] = [{ siteId: 'site-a', month: '2026-10', state: 'closed' }];
const sum = (xs: readonly { amountFen: number }[]) => xs.reduce((s, x) => s + x.amountFen, 0);

describe('freezing and corrections', () => {
  const frozen = [aLine({ id: 'l1', date: '2026-10-05' }), aLine({ id: 'l2', date: '2026-10-06' })];

  it('a unit of a frozen month cancelled late is refunded in the open period, linked to the line it corrects', () => {
    const out = correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: [frozen[1]], openPeriod: '2026-11' });
    expect(out).toEqual([
      {
        kind: 'refund',
        claim: { departmentId: 'party-mca', programmeCode: 'mca-meal', siteId: 'site-a', period: '2026-11' },
        corrects: { lineId: 'l1', period: '2026-10' },
        amountFen: -500,
      },
    ]);
  });

  it('a line whose amount changed gets a refund of what was frozen and a correction with what it should have been', () => {
    const out = correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: [{ ...frozen[0], amountFen: 300 }, frozen[1]], openPeriod: '2026-11' });
    expect(out.map((a) => [a.kind, a.corrects.lineId, a.amountFen])).toEqual([
      ['refund', 'l1', -500],
      ['correction', 'l1', 300],
    ]);
  });

  it('a change that leaves a frozen line as it was makes no pair at all', () => {
    expect(correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: frozen, openPeriod: '2026-11' })).toEqual([]);
  });

  it('a second change compares with what the first correction claimed, not with the frozen figure', () => {
    const first = correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: [{ ...frozen[0], amountFen: 300 }, frozen[1]], openPeriod: '2026-11' });
    const periods: Period[] = [...OCTOBER_CLOSED, { siteId: 'site-a', month: '2026-11', state: 'closed' }];
    const second = correctionsFor({ periods, frozen, earlier: first, after: [{ ...frozen[0], amountFen: 200 }, frozen[1]], openPeriod: '2026-12' });
    expect(second.map((a) => [a.kind, a.claim.period, a.amountFen])).toEqual([
      ['refund', '2026-12', -300],
      ['correction', '2026-12', 200],
    ]);
  });

  it('lines of open months are their own open claim and get no adjustment', () => {
    const november = aLine({ id: 'n1', date: '2026-11-02' });
    expect(correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: [...frozen, november], openPeriod: '2026-11' })).toEqual([]);
  });

  it('refuses frozen lines of a month that is not closed, and an open period that is', () => {
    expect(() => correctionsFor({ periods: [], frozen, earlier: [], after: [], openPeriod: '2026-11' })).toThrow(ReconciliationError);
    expect(() => correctionsFor({ periods: OCTOBER_CLOSED, frozen, earlier: [], after: [], openPeriod: '2026-10' })).toThrow(/corrections land in an open period/);
  });

  it('property: frozen total + refunds + corrections = the true total after the change, over any number of changes', () => {
    const amounts = fc.array(fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(amounts, fc.array(amounts, { minLength: 1, maxLength: 3 }), (initial, changes) => {
        // Line i exists with amount a, or not at all (null): a late addition or cancellation.
        const linesOf = (as: (number | null)[]): ClaimLine[] =>
          as.flatMap((a, i) => (a === null ? [] : [aLine({ id: `l${i}`, date: `2026-10-0${i + 1}`, amountFen: a })]));
        const frozenLines = linesOf(initial);
        const periods: Period[] = [...OCTOBER_CLOSED];
        const adjustments: AdjustmentLine[] = [];
        let openPeriod = '2026-10';
        for (const change of changes) {
          openPeriod = nextPeriod(openPeriod);
          const after = linesOf(change);
          const made = correctionsFor({ periods, frozen: frozenLines, earlier: adjustments, after, openPeriod });
          adjustments.push(...made);
          expect(sum(frozenLines) + sum(adjustments)).toBe(sum(after));
          expect(made.every((a) => a.amountFen !== 0 && a.claim.period === openPeriod && a.corrects.period === '2026-10')).toBe(true);
          expect(made.filter((a) => a.kind === 'refund').every((a) => a.amountFen < 0)).toBe(true);
          periods.push({ siteId: 'site-a', month: openPeriod, state: 'closed' });
        }
      }),
    );
  });
});
