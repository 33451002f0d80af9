import fc from 'fast-check';
import { buildClaims, claimLinesOf } from '../../../domain/reconciliation';
import { aSubsidy, aUnit, DPF, MCA } from './factories';

describe('reconciliation claims', () => {
  it("a claim is one department's programme at one site for one month, its total the sum of its lines", () => {
    const claims = buildClaims([
      aUnit({ servedDate: '2026-11-02' }),
      aUnit({ servedDate: '2026-11-30', personRef: 'p2' }),
      aUnit({ servedDate: '2026-12-01' }),
      aUnit({ siteId: 'site-b' }),
    ]);
    expect(claims.map((c) => [c.key.siteId, c.key.period, c.lines.length, c.totalFen])).toEqual([
      ['site-a', '2026-11', 2, 1000],
      ['site-a', '2026-12', 1, 500],
      ['site-b', '2026-11', 1, 500],
    ]);
    expect(claims[0].key).toEqual({ departmentId: MCA, programmeCode: 'mca-meal', siteId: 'site-a', period: '2026-11' });
  });

  it('a unit with shares from two departments is a line in each claim', () => {
    const unit = aUnit({ shares: [aSubsidy(), aSubsidy({ partyId: DPF, programmeCode: 'dpf-meal', amountFen: 300 })] });
    const claims = buildClaims([unit]);
    expect(claims.map((c) => [c.key.departmentId, c.totalFen])).toEqual([
      [MCA, 500],
      [DPF, 300],
    ].sort());
    expect(claims.every((c) => c.lines[0].unitId === unit.id)).toBe(true);
  });

  it("voided units, 0-fen shares, grants and other parties' shares are not claimed", () => {
    const lines = claimLinesOf([
      aUnit({ voided: true }),
      aUnit({ shares: [aSubsidy({ amountFen: 0 })] }),
      aUnit({ shares: [aSubsidy({ source: 'fixed_grant', programmeCode: null })] }),
      aUnit({ shares: [aSubsidy({ partyKind: 'community', partyId: 'party-community' })] }),
    ]);
    expect(lines).toEqual([]);
  });

  it('a line keeps what identifies it: the share row, the unit, its source, date and person', () => {
    const unit = aUnit({ service: 'carehome', serviceLine: 'carehome.bed', tier: 'semi_disabled', quantity: 1 });
    const [line] = claimLinesOf([unit]);
    expect(line).toMatchObject({ id: unit.shares[0].id, unitId: unit.id, sourceId: unit.sourceId, date: '2026-11-10', personRef: 'p1', tier: 'semi_disabled', service: 'carehome' });
  });

  it('property: every claimed fen is in exactly one claim, and each total is the sum of its lines', () => {
    const unit = fc.record({
      siteId: fc.constantFrom('site-a', 'site-b'),
      servedDate: fc.constantFrom('2026-10-31', '2026-11-01', '2026-11-15', '2026-12-01'),
      voided: fc.boolean(),
      shares: fc.array(
        fc.record({
          partyId: fc.constantFrom(MCA, DPF, 'party-resident'),
          programmeCode: fc.constantFrom('mca-meal', 'dpf-meal'),
          amountFen: fc.integer({ min: 0, max: 2000 }),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (drawn) => {
        const units = drawn.map((u) =>
          aUnit({ ...u, shares: u.shares.map((s) => aSubsidy({ ...s, partyKind: s.partyId === 'party-resident' ? 'resident' : 'department' })) }),
        );
        const claims = buildClaims(units);
        const expected = units
          .filter((u) => !u.voided)
          .flatMap((u) => u.shares)
          .filter((s) => s.partyKind === 'department')
          .reduce((sum, s) => sum + s.amountFen, 0);
        expect(claims.reduce((sum, c) => sum + c.totalFen, 0)).toBe(expected);
        for (const c of claims) {
          expect(c.totalFen).toBe(c.lines.reduce((sum, l) => sum + l.amountFen, 0));
          expect(c.lines.every((l) => l.departmentId === c.key.departmentId && l.period === c.key.period && l.siteId === c.key.siteId)).toBe(true);
        }
        const ids = claims.flatMap((c) => c.lines.map((l) => l.id));
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });
});
