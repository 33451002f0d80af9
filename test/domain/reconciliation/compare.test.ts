import { compareWithTheirList } from '../../../domain/reconciliation';
import { aLine } from './factories';

describe("comparing a claim with a department's own list", () => {
  const lines = [
    aLine({ personRef: 'p1' }),
    aLine({ personRef: 'p1', date: '2026-11-11' }),
    aLine({ personRef: 'p2' }),
    aLine({ personRef: 'p3', amountFen: 800 }),
    aLine({ personRef: null }),
  ];

  it('says per person: match, difference (which field), only in the claim, only in their list', () => {
    const result = compareWithTheirList(lines, [
      { personRef: 'p1', quantity: 1, amountFen: 500 },
      { personRef: 'p1', quantity: 1, amountFen: 500 },
      { personRef: 'p2', quantity: 1, amountFen: 400 },
      { personRef: 'p4', quantity: 3, amountFen: 1500 },
    ]);
    expect(result.map((c) => [c.personRef, c.status])).toEqual([
      ['p1', 'match'],
      ['p2', 'difference'],
      ['p3', 'only_in_claim'],
      ['p4', 'only_in_list'],
    ]);
    expect(result[1]).toMatchObject({ differences: [{ field: 'amountFen', ours: 500, theirs: 400 }] });
  });

  it('a list of beneficiaries without figures compares presence only', () => {
    const result = compareWithTheirList(lines, [{ personRef: 'p1' }, { personRef: 'p2' }, { personRef: 'p3' }]);
    expect(result.every((c) => c.status === 'match')).toBe(true);
  });

  it('a difference in units is named as such', () => {
    const [p2] = compareWithTheirList([aLine({ personRef: 'p2' })], [{ personRef: 'p2', quantity: 2 }]);
    expect(p2).toMatchObject({ status: 'difference', differences: [{ field: 'quantity', ours: 1, theirs: 2 }] });
  });
});
