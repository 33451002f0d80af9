import fc from 'fast-check';
import { type ContractAmendment, termsForMonth } from '../../../domain/carehome';

const admission = { careLevel: 'assisted', monthlyPriceFen: 300_000 };
const nursingFromMay: ContractAmendment = { fromMonth: '2026-05', careLevel: 'nursing', monthlyPriceFen: 420_000 };

describe('the contract terms in force for a month', () => {
  it('are the admission terms until the first amendment’s month, then the amendment’s', () => {
    expect(termsForMonth(admission, [nursingFromMay], '2026-04')).toEqual(admission);
    expect(termsForMonth(admission, [nursingFromMay], '2026-05')).toEqual({ careLevel: 'nursing', monthlyPriceFen: 420_000 });
    expect(termsForMonth(admission, [nursingFromMay], '2027-01')).toEqual({ careLevel: 'nursing', monthlyPriceFen: 420_000 });
  });

  it('follow the amendment from the latest month not after it, whatever order they were recorded in', () => {
    const special = { fromMonth: '2026-08', careLevel: 'special', monthlyPriceFen: 560_000 };
    const recorded = [special, nursingFromMay];
    expect(termsForMonth(admission, recorded, '2026-07').careLevel).toBe('nursing');
    expect(termsForMonth(admission, recorded, '2026-08').careLevel).toBe('special');
  });

  it('of two amendments from one month, take the later recorded', () => {
    const corrected = { ...nursingFromMay, monthlyPriceFen: 400_000 };
    expect(termsForMonth(admission, [nursingFromMay, corrected], '2026-06').monthlyPriceFen).toBe(400_000);
  });

  it('are always the admission’s or one amendment’s whose month has come (property)', () => {
    const month = fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    const amendment = fc.record({ fromMonth: month, careLevel: fc.constantFrom('independent', 'nursing', 'special'), monthlyPriceFen: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.array(amendment, { maxLength: 6 }), month, (amendments, m) => {
        const terms = termsForMonth(admission, amendments, m);
        const come = amendments.filter((a) => a.fromMonth <= m);
        if (come.length === 0) return expect(terms).toEqual(admission);
        const latest = come.reduce((best, a) => (a.fromMonth >= best.fromMonth ? a : best));
        expect(terms).toEqual({ careLevel: latest.careLevel, monthlyPriceFen: latest.monthlyPriceFen });
      }),
    );
  });
});
