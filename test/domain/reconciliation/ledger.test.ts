import fc from 'fast-check';
import { type AdjustmentLine, balances, claimAdjusted, type ClaimKey, claimSubmitted, type LedgerPosting, parseReconAccount, paymentReceived, reconAccount, RECON_ACCOUNT_KINDS, UnbalancedPostingError } from '../../../domain/reconciliation';
import { DPF, MCA } from './factories';

const KEY: ClaimKey = { departmentId: MCA, programmeCode: 'mca-meal', siteId: 'site-a', period: '2026-11' };
const balanced = (p: LedgerPosting) => p.lines.reduce((s, l) => s + l.debitFen, 0) === p.lines.reduce((s, l) => s + l.creditFen, 0);

describe('the reconciliation ledger', () => {
  it('a submitted claim is owed by its department and earned by its programme', () => {
    expect(claimSubmitted('claim-1', KEY, 12_000).lines).toEqual([
      { account: 'receivable:party-mca', debitFen: 12_000, creditFen: 0 },
      { account: 'subsidy_income:mca-meal', debitFen: 0, creditFen: 12_000 },
    ]);
  });

  it('every account a builder names reads back as its kind and what it is of; other names read as none', () => {
    const built = fc.record({ kind: fc.constantFrom(...RECON_ACCOUNT_KINDS.filter((k) => k !== 'bank')), of: fc.stringMatching(/^[a-z0-9:|-]{1,40}$/) });
    fc.assert(
      fc.property(built, ({ kind, of }) => {
        const make = { receivable: reconAccount.receivable, on_account: reconAccount.onAccount, subsidy_income: reconAccount.subsidyIncome, resident_cash: reconAccount.residentCash, charity_pool: reconAccount.charityPool, deposit: reconAccount.deposit, family_receivable: reconAccount.familyReceivable, care_income: reconAccount.careIncome }[kind];
        expect(parseReconAccount(make(of))).toEqual({ kind, of });
      }),
    );
    expect(parseReconAccount(reconAccount.bank)).toEqual({ kind: 'bank', of: null });
    for (const odd of ['bank:other', 'receivable:', ':x', 'ledger:x', 'receivable']) expect(parseReconAccount(odd)).toBeNull();
  });

  it('a payment lands in the bank, settles what it is allocated to and holds the rest on account', () => {
    const p = paymentReceived({ paymentId: 'pay-1', departmentId: MCA, amountFen: 10_000 }, [
      { paymentId: 'pay-1', claimId: 'c1', amountFen: 7_000 },
      { paymentId: 'pay-2', claimId: 'c1', amountFen: 9_999 },
    ]);
    expect(p.lines).toEqual([
      { account: reconAccount.bank, debitFen: 10_000, creditFen: 0 },
      { account: 'receivable:party-mca', debitFen: 0, creditFen: 7_000 },
      { account: 'on_account:party-mca', debitFen: 0, creditFen: 3_000 },
    ]);
    expect(() => paymentReceived({ paymentId: 'pay-1', departmentId: MCA, amountFen: 10 }, [{ paymentId: 'pay-1', claimId: 'c1', amountFen: 11 }])).toThrow(UnbalancedPostingError);
  });

  it('adjustments post their net per claim: less owed lowers the receivable and the income, a cancelling pair posts nothing', () => {
    const adj = (amountFen: number, claim: ClaimKey = KEY): AdjustmentLine => ({ kind: amountFen < 0 ? 'refund' : 'correction', claim, corrects: { lineId: 'l1', period: '2026-10' }, amountFen });
    const postings = claimAdjusted('change-1', [adj(-500), adj(300), adj(-200, { ...KEY, departmentId: DPF, programmeCode: 'dpf-meal' }), adj(200, { ...KEY, departmentId: DPF, programmeCode: 'dpf-meal' })]);
    expect(postings).toHaveLength(1);
    expect(postings[0].lines).toEqual([
      { account: 'subsidy_income:mca-meal', debitFen: 200, creditFen: 0 },
      { account: 'receivable:party-mca', debitFen: 0, creditFen: 200 },
    ]);
  });

  it('property: every posting balances, and so the balances of all accounts sum to 0', () => {
    const dept = fc.constantFrom(MCA, DPF);
    const step = fc.oneof(
      fc.record({ kind: fc.constant('claim' as const), dept, fen: fc.integer({ min: 0, max: 1_000_000 }) }),
      fc.record({ kind: fc.constant('payment' as const), dept, fen: fc.integer({ min: 1, max: 1_000_000 }), allocated: fc.array(fc.integer({ min: 1, max: 300_000 }), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('adjust' as const), dept, amounts: fc.array(fc.integer({ min: -50_000, max: 50_000 }), { maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const postings = steps.flatMap((s, i): LedgerPosting[] => {
          const key = { ...KEY, departmentId: s.dept };
          switch (s.kind) {
            case 'claim':
              return [claimSubmitted(`c${i}`, key, s.fen)];
            case 'payment': {
              // Allocations as far as the payment goes, as allocation makes them.
              let left = s.fen;
              const allocations = s.allocated.map((a) => {
                const amountFen = Math.min(a, left);
                left -= amountFen;
                return { paymentId: `p${i}`, claimId: 'c', amountFen };
              });
              return [paymentReceived({ paymentId: `p${i}`, departmentId: s.dept, amountFen: s.fen }, allocations)];
            }
            case 'adjust':
              return claimAdjusted(`a${i}`, s.amounts.map((amountFen) => ({ kind: 'correction', claim: key, corrects: { lineId: 'l', period: '2026-10' }, amountFen })));
          }
        });
        for (const p of postings) {
          expect(balanced(p)).toBe(true);
          expect(p.lines.every((l) => l.debitFen >= 0 && l.creditFen >= 0 && l.debitFen + l.creditFen > 0)).toBe(true);
        }
        expect([...balances(postings).values()].reduce((s, b) => s + b, 0)).toBe(0);
      }),
    );
  });
});
