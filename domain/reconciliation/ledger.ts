import type { Fen } from '../shared/money';
import type { ClaimKey } from './claims';
import type { AdjustmentLine } from './corrections';
import { claimKeyText } from './claims';
import type { Allocation } from './payments';

/**
 * The reconciliation ledger's accounts. Names are stable strings, so a journal line can be
 * stored as text and summed by prefix. Claims are accrued when submitted: the receivable and
 * the subsidy income are recognised then, and a payment turns the receivable into bank money.
 */
export const reconAccount = {
  /** What a department owes the operator: a debit raises it. */
  receivable: (departmentId: string) => `receivable:${departmentId}`,
  /** A programme's subsidy earned by serving: a credit raises it. */
  subsidyIncome: (programmeCode: string) => `subsidy_income:${programmeCode}`,
  /** A department's money received and not yet allocated to a claim. */
  onAccount: (departmentId: string) => `on_account:${departmentId}`,
  /** The operator's bank account, where a department's transfer lands. */
  bank: 'bank:operator',
  /** What residents paid at the counter, per site. */
  residentCash: (siteId: string) => `resident_cash:${siteId}`,
  /** A charity pool's money held for its earmarked residents. */
  charityPool: (poolCode: string) => `charity_pool:${poolCode}`,
  /** A resident's or family's deposit (a care-home bed deposit), owed back to them. */
  deposit: (personRef: string) => `deposit:${personRef}`,
  /** What a care-home family owes for a resident's bills: a debit raises it. */
  familyReceivable: (residenceId: string) => `family_receivable:${residenceId}`,
  /** A site's care-home fees billed to families. */
  careIncome: (siteId: string) => `care_income:${siteId}`,
};

/** The kinds of ledger account, in the order a reader meets them (what is owed, what is earned, the money). */
export const RECON_ACCOUNT_KINDS = ['receivable', 'on_account', 'subsidy_income', 'bank', 'resident_cash', 'charity_pool', 'deposit', 'family_receivable', 'care_income'] as const;
export type ReconAccountKind = (typeof RECON_ACCOUNT_KINDS)[number];

/**
 * An account's kind and what it is of (a department, a programme, a site, a pool, a residence),
 * read back from its stored name; the bank account is of no one. Null for a name no builder makes.
 */
export function parseReconAccount(account: string): { kind: ReconAccountKind; of: string | null } | null {
  if (account === reconAccount.bank) return { kind: 'bank', of: null };
  const at = account.indexOf(':');
  const kind = account.slice(0, at) as ReconAccountKind;
  if (at <= 0 || kind === 'bank' || !RECON_ACCOUNT_KINDS.includes(kind) || at === account.length - 1) return null;
  return { kind, of: account.slice(at + 1) };
}

export interface LedgerLine {
  account: string;
  debitFen: Fen;
  creditFen: Fen;
}

export interface LedgerPosting {
  kind: 'claim.submitted' | 'payment.received' | 'payment.allocated' | 'claim.adjusted' | 'family.billed' | 'family.paid' | 'deposit.received' | 'deposit.applied' | 'deposit.returned';
  /** What it is about: the claim, the payment. */
  ref: string;
  lines: LedgerLine[];
}

export class UnbalancedPostingError extends Error {}

const debit = (account: string, fen: Fen): LedgerLine => ({ account, debitFen: fen, creditFen: 0 });
const credit = (account: string, fen: Fen): LedgerLine => ({ account, debitFen: 0, creditFen: fen });

/** A posting as built: lines of 0 dropped, every amount whole and non-negative, debits equal to credits. */
function posting(kind: LedgerPosting['kind'], ref: string, lines: LedgerLine[]): LedgerPosting {
  const kept = lines.filter((l) => l.debitFen !== 0 || l.creditFen !== 0);
  let debits = 0;
  let credits = 0;
  for (const l of kept) {
    if (![l.debitFen, l.creditFen].every((v) => Number.isSafeInteger(v) && v >= 0)) throw new UnbalancedPostingError(`amounts must be whole, non-negative fen: ${l.account}`);
    debits += l.debitFen;
    credits += l.creditFen;
  }
  // Unreachable from the builders below; a guard so an unbalanced posting is never stored.
  if (debits !== credits) throw new UnbalancedPostingError(`debits ${debits} ≠ credits ${credits}`);
  return { kind, ref, lines: kept };
}

/** A submitted claim accrues its total: the department owes it, the programme's income is earned. */
export function claimSubmitted(claimId: string, key: ClaimKey, totalFen: Fen): LedgerPosting {
  return posting('claim.submitted', claimId, [debit(reconAccount.receivable(key.departmentId), totalFen), credit(reconAccount.subsidyIncome(key.programmeCode), totalFen)]);
}

/** A department's payment: the bank receives it, its allocations settle the receivable, the rest is held on account. */
export function paymentReceived(payment: { paymentId: string; departmentId: string; amountFen: Fen }, allocations: readonly Allocation[]): LedgerPosting {
  const allocatedFen = allocations.filter((a) => a.paymentId === payment.paymentId).reduce((s, a) => s + a.amountFen, 0);
  if (allocatedFen > payment.amountFen) throw new UnbalancedPostingError(`payment ${payment.paymentId} allocates ${allocatedFen} of ${payment.amountFen} fen`);
  return posting('payment.received', payment.paymentId, [
    debit(reconAccount.bank, payment.amountFen),
    credit(reconAccount.receivable(payment.departmentId), allocatedFen),
    credit(reconAccount.onAccount(payment.departmentId), payment.amountFen - allocatedFen),
  ]);
}

/**
 * Refund and correction lines in an open claim, posted per claim at their net: more owed raises
 * the receivable and the income, less owed lowers both.
 */
export function claimAdjusted(ref: string, adjustments: readonly AdjustmentLine[]): LedgerPosting[] {
  const net = new Map<string, { key: ClaimKey; fen: Fen }>();
  for (const a of adjustments) {
    const entry = net.get(claimKeyText(a.claim)) ?? { key: a.claim, fen: 0 };
    entry.fen += a.amountFen;
    net.set(claimKeyText(a.claim), entry);
  }
  return [...net.values()]
    .filter(({ fen }) => fen !== 0)
    .map(({ key, fen }) => {
      const [receivable, income] = [reconAccount.receivable(key.departmentId), reconAccount.subsidyIncome(key.programmeCode)];
      const lines = fen > 0 ? [debit(receivable, fen), credit(income, fen)] : [debit(income, -fen), credit(receivable, -fen)];
      return posting('claim.adjusted', `${ref}|${claimKeyText(key)}`, lines);
    });
}

/** Each account's balance (debits minus credits) over postings: they always sum to 0. */
export function balances(postings: readonly LedgerPosting[]): Map<string, Fen> {
  const out = new Map<string, Fen>();
  for (const p of postings) for (const l of p.lines) out.set(l.account, (out.get(l.account) ?? 0) + l.debitFen - l.creditFen);
  return out;
}

/** Money held on account allocated to claims later: the receivable is settled from it. */
export function paymentAllocated(payment: { paymentId: string; departmentId: string }, allocations: readonly Allocation[]): LedgerPosting {
  const fen = allocations.filter((a) => a.paymentId === payment.paymentId).reduce((s, a) => s + a.amountFen, 0);
  return posting('payment.allocated', payment.paymentId, [debit(reconAccount.onAccount(payment.departmentId), fen), credit(reconAccount.receivable(payment.departmentId), fen)]);
}

/*
 * A care-home family's account: its bills raise what it owes, its payments and deposit decisions
 * lower it. The deposit (押金) is money held for the family (a liability) from admission until it
 * settles arrears by a recorded decision or goes back at discharge.
 */
export function familyBilled(billId: string, residence: { id: string; siteId: string }, fen: Fen): LedgerPosting {
  return posting('family.billed', billId, [debit(reconAccount.familyReceivable(residence.id), fen), credit(reconAccount.careIncome(residence.siteId), fen)]);
}

export function familyPaid(paymentId: string, residence: { id: string; siteId: string }, fen: Fen): LedgerPosting {
  return posting('family.paid', paymentId, [debit(reconAccount.residentCash(residence.siteId), fen), credit(reconAccount.familyReceivable(residence.id), fen)]);
}

export function depositReceived(residence: { id: string; siteId: string }, fen: Fen): LedgerPosting {
  return posting('deposit.received', residence.id, [debit(reconAccount.residentCash(residence.siteId), fen), credit(reconAccount.deposit(residence.id), fen)]);
}

/** Arrears settled from the deposit, by the decision `ref`. */
export function depositApplied(ref: string, residence: { id: string }, fen: Fen): LedgerPosting {
  return posting('deposit.applied', ref, [debit(reconAccount.deposit(residence.id), fen), credit(reconAccount.familyReceivable(residence.id), fen)]);
}

export function depositReturned(residence: { id: string; siteId: string }, fen: Fen): LedgerPosting {
  return posting('deposit.returned', residence.id, [debit(reconAccount.deposit(residence.id), fen), credit(reconAccount.residentCash(residence.siteId), fen)]);
}
