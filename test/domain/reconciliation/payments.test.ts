import fc from 'fast-check';
import {
  ageingBucket,
  allocateOldestFirst,
  checkAllocations,
  type ClaimDue,
  claimPaymentStatus,
  type Payment,
  type PaymentRow,
  paymentRowKey,
  ReconciliationError,
  receivablesAgeing,
  rowsToImport,
} from '../../../domain/reconciliation';
import { DPF, MCA } from './factories';

const claim = (claimId: string, period: string, dueFen: number, overrides: Partial<ClaimDue> = {}): ClaimDue => ({
  claimId,
  departmentId: MCA,
  period,
  submittedOn: `${period}-28`,
  dueFen,
  allocatedFen: 0,
  ...overrides,
});
const payment = (paymentId: string, amountFen: number, overrides: Partial<Payment> = {}): Payment => ({
  paymentId,
  departmentId: MCA,
  paidOn: '2026-12-15',
  amountFen,
  allocatedFen: 0,
  ...overrides,
});

describe('payments', () => {
  it('a payment pays the oldest claim first, then the next, and keeps the rest on account', () => {
    const claims = [claim('nov', '2026-11', 40_000), claim('sep', '2026-09', 10_000), claim('oct', '2026-10', 30_000, { allocatedFen: 5_000 })];
    expect(allocateOldestFirst([payment('pay-1', 50_000)], claims)).toEqual([
      { paymentId: 'pay-1', claimId: 'sep', amountFen: 10_000 },
      { paymentId: 'pay-1', claimId: 'oct', amountFen: 25_000 },
      { paymentId: 'pay-1', claimId: 'nov', amountFen: 15_000 },
    ]);
  });

  it("a payment never pays another department's claim", () => {
    expect(allocateOldestFirst([payment('pay-1', 50_000, { departmentId: DPF })], [claim('nov', '2026-11', 40_000)])).toEqual([]);
  });

  it('allocations by hand are checked and every problem is named by its path', () => {
    const claims = [claim('oct', '2026-10', 10_000), claim('dpf', '2026-10', 10_000, { departmentId: DPF })];
    const payments = [payment('pay-1', 15_000)];
    expect(checkAllocations(payments, claims, [{ paymentId: 'pay-1', claimId: 'oct', amountFen: 10_000 }])).toHaveLength(1);
    try {
      checkAllocations(payments, claims, [
        { paymentId: 'pay-1', claimId: 'oct', amountFen: 10_001 },
        { paymentId: 'pay-1', claimId: 'dpf', amountFen: 100 },
        { paymentId: 'pay-9', claimId: 'oct', amountFen: 0 },
      ]);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ReconciliationError);
      expect((e as ReconciliationError).problems.map((p) => p.field)).toEqual(['allocations[0].amountFen', 'allocations[1].claimId', 'allocations[2].paymentId', 'allocations[2].amountFen']);
    }
  });

  it('a claim is unpaid, part-paid, paid or overpaid', () => {
    expect([claimPaymentStatus(100, 0), claimPaymentStatus(100, 1), claimPaymentStatus(100, 100), claimPaymentStatus(100, 101), claimPaymentStatus(0, 0)]).toEqual([
      'unpaid',
      'part_paid',
      'paid',
      'overpaid',
      'paid',
    ]);
  });

  it('receivables age at 30, 60 and 90 days from submission; paid claims are not receivable', () => {
    expect(['2026-12-31', '2027-01-01', '2027-01-30', '2027-01-31', '2027-03-01', '2027-03-02'].map((d) => ageingBucket('2026-12-01', d))).toEqual([
      '0-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      'over_90',
    ]);
    const ageing = receivablesAgeing(
      [
        claim('a', '2026-08', 1_000, { submittedOn: '2026-09-01' }),
        claim('b', '2026-11', 2_000, { submittedOn: '2026-12-01', allocatedFen: 500 }),
        claim('c', '2026-10', 3_000, { submittedOn: '2026-11-01', allocatedFen: 3_000 }),
      ],
      '2026-12-20',
    );
    expect(ageing.get(MCA)).toEqual({ '0-30': 1_500, '31-60': 0, '61-90': 0, over_90: 1_000 });
  });

  describe('import idempotency', () => {
    const row: PaymentRow = { departmentId: MCA, paidOn: '2026-12-15', amountFen: 1_234_500, reference: 'MZ20261215-0042' };

    it('the key is stable over the fields, blind to padding and full-width characters', () => {
      expect(paymentRowKey({ ...row, reference: '  ＭＺ20261215-0042 ' })).toBe(paymentRowKey(row));
      expect(paymentRowKey({ ...row, amountFen: 1_234_501 })).not.toBe(paymentRowKey(row));
      expect(paymentRowKey({ ...row, reference: 'MZ20261215-0043' })).not.toBe(paymentRowKey(row));
    });

    it('the same row twice, in one file or a second import, changes nothing', () => {
      const first = rowsToImport([row, { ...row }], new Set());
      expect(first).toHaveLength(1);
      expect(rowsToImport([row], new Set(first.map((r) => r.key)))).toEqual([]);
    });

    it('a row without a reference, or with a bad date or amount, is refused by field', () => {
      expect(() => paymentRowKey({ ...row, reference: ' ', paidOn: '2026-02-30', amountFen: 1.5 })).toThrow(/paidOn.*amountFen.*reference/);
    });
  });

  it('property: allocations never exceed a payment or a claim, pay only their department, and sum exactly to what can be paid', () => {
    const dept = fc.constantFrom(MCA, DPF);
    const claims = fc.array(
      fc.record({ departmentId: dept, month: fc.integer({ min: 1, max: 12 }), dueFen: fc.integer({ min: 0, max: 50_000 }), paidPart: fc.integer({ min: 0, max: 100 }) }),
      { maxLength: 8 },
    );
    const payments = fc.array(fc.record({ departmentId: dept, amountFen: fc.integer({ min: 1, max: 80_000 }), usedPart: fc.integer({ min: 0, max: 100 }) }), { maxLength: 5 });
    fc.assert(
      fc.property(claims, payments, (cs, ps) => {
        const dues = cs.map((c, i) =>
          claim(`c${i}`, `2026-${String(c.month).padStart(2, '0')}`, c.dueFen, { departmentId: c.departmentId, allocatedFen: Math.floor((c.dueFen * c.paidPart) / 100) }),
        );
        const pays = ps.map((p, i) => payment(`p${i}`, p.amountFen, { departmentId: p.departmentId, allocatedFen: Math.floor((p.amountFen * p.usedPart) / 100) }));
        const out = allocateOldestFirst(pays, dues);
        checkAllocations(pays, dues, out);
        for (const a of out) expect(a.amountFen).toBeGreaterThan(0);
        for (const p of pays) {
          const mine = out.filter((a) => a.paymentId === p.paymentId);
          expect(mine.reduce((s, a) => s + a.amountFen, 0)).toBeLessThanOrEqual(p.amountFen - p.allocatedFen);
          expect(mine.every((a) => dues.find((c) => c.claimId === a.claimId)!.departmentId === p.departmentId)).toBe(true);
        }
        for (const c of dues) expect(out.filter((a) => a.claimId === c.claimId).reduce((s, a) => s + a.amountFen, 0)).toBeLessThanOrEqual(c.dueFen - c.allocatedFen);
        for (const d of [MCA, DPF]) {
          const free = pays.filter((p) => p.departmentId === d).reduce((s, p) => s + p.amountFen - p.allocatedFen, 0);
          const owed = dues.filter((c) => c.departmentId === d).reduce((s, c) => s + c.dueFen - c.allocatedFen, 0);
          const paid = out.filter((a) => pays.find((p) => p.paymentId === a.paymentId)!.departmentId === d).reduce((s, a) => s + a.amountFen, 0);
          expect(paid).toBe(Math.min(free, owed));
        }
      }),
    );
  });
});
