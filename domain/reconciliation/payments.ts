import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import type { Fen } from '../shared/money';
import { formatFen } from '../shared/money-text';
import { type Problem, ReconciliationError } from './errors';
import type { PeriodMonth } from './periods';

/** A submitted claim as payments see it: what is due and what payments already cover. */
export interface ClaimDue {
  claimId: string;
  departmentId: string;
  period: PeriodMonth;
  submittedOn: BusinessDate;
  dueFen: Fen;
  allocatedFen: Fen;
}

/** A payment from a department's finance system, and how much of it is already allocated. */
export interface Payment {
  paymentId: string;
  departmentId: string;
  paidOn: BusinessDate;
  amountFen: Fen;
  allocatedFen: Fen;
}

export interface Allocation {
  paymentId: string;
  claimId: string;
  amountFen: Fen;
}

const outstanding = (c: ClaimDue) => Math.max(0, c.dueFen - c.allocatedFen);
const unallocated = (p: Payment) => Math.max(0, p.amountFen - p.allocatedFen);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest claim first: the earlier period, then the earlier submitted, then by id. The order payments pay claims in. */
export const olderClaimFirst = (a: Pick<ClaimDue, 'claimId' | 'period' | 'submittedOn'>, b: Pick<ClaimDue, 'claimId' | 'period' | 'submittedOn'>): number =>
  compare(a.period, b.period) || compare(a.submittedOn, b.submittedOn) || compare(a.claimId, b.claimId);

/**
 * Each department's payments, earliest first, pay its claims, oldest period first (then the
 * earlier submitted, then by id). A payment only ever pays its own department's claims; what a
 * payment has left over stays unallocated, on account.
 */
export function allocateOldestFirst(payments: readonly Payment[], claims: readonly ClaimDue[]): Allocation[] {
  const left = new Map(claims.map((c) => [c.claimId, outstanding(c)]));
  const oldest = [...claims].sort(olderClaimFirst);
  const out: Allocation[] = [];
  for (const p of [...payments].sort((a, b) => compare(a.paidOn, b.paidOn) || compare(a.paymentId, b.paymentId))) {
    let free = unallocated(p);
    for (const c of oldest) {
      if (free === 0) break;
      if (c.departmentId !== p.departmentId) continue;
      const amountFen = Math.min(free, left.get(c.claimId)!);
      if (amountFen === 0) continue;
      out.push({ paymentId: p.paymentId, claimId: c.claimId, amountFen });
      left.set(c.claimId, left.get(c.claimId)! - amountFen);
      free -= amountFen;
    }
  }
  return out;
}

/**
 * Allocations chosen by hand, checked: each names a payment and a claim of one department,
 * moves a positive whole amount, and together they take no more than a payment has free or a
 * claim has outstanding. Every problem is named by its path.
 */
export function checkAllocations(payments: readonly Payment[], claims: readonly ClaimDue[], allocations: readonly Allocation[]): Allocation[] {
  const paymentOf = new Map(payments.map((p) => [p.paymentId, p]));
  const claimOf = new Map(claims.map((c) => [c.claimId, c]));
  const paymentLeft = new Map(payments.map((p) => [p.paymentId, unallocated(p)]));
  const claimLeft = new Map(claims.map((c) => [c.claimId, outstanding(c)]));
  const problems: Problem[] = [];
  allocations.forEach((a, i) => {
    const at = `allocations[${i}]`;
    const p = paymentOf.get(a.paymentId);
    const c = claimOf.get(a.claimId);
    if (!p) problems.push({ field: `${at}.paymentId`, message: `unknown payment ${a.paymentId}` });
    if (!c) problems.push({ field: `${at}.claimId`, code: 'claim_not_due', message: `unknown claim ${a.claimId}` });
    if (!Number.isSafeInteger(a.amountFen) || a.amountFen <= 0) {
      problems.push({ field: `${at}.amountFen`, message: 'must be a positive whole number of fen' });
      return;
    }
    if (!p || !c) return;
    if (p.departmentId !== c.departmentId) {
      problems.push({ field: `${at}.claimId`, message: `claim ${c.claimId} is not ${p.departmentId}'s` });
      return;
    }
    const pLeft = paymentLeft.get(p.paymentId)!;
    const cLeft = claimLeft.get(c.claimId)!;
    if (a.amountFen > pLeft) problems.push({ field: `${at}.amountFen`, code: 'payment_left', params: { left: formatFen(pLeft) }, message: `payment ${p.paymentId} has ${pLeft} fen left` });
    else if (a.amountFen > cLeft) problems.push({ field: `${at}.amountFen`, code: 'claim_outstanding', params: { outstanding: formatFen(cLeft) }, message: `claim ${c.claimId} has ${cLeft} fen outstanding` });
    else {
      paymentLeft.set(p.paymentId, pLeft - a.amountFen);
      claimLeft.set(c.claimId, cLeft - a.amountFen);
    }
  });
  if (problems.length) throw new ReconciliationError(problems);
  return [...allocations];
}

export type ClaimPaymentStatus = 'unpaid' | 'part_paid' | 'paid' | 'overpaid';

export const CLAIM_PAYMENT_STATUS_NAMES: Record<ClaimPaymentStatus, { zh: string; en: string }> = {
  unpaid: { zh: '未付', en: 'unpaid' },
  part_paid: { zh: '部分已付', en: 'part-paid' },
  paid: { zh: '已付清', en: 'paid' },
  overpaid: { zh: '多付', en: 'overpaid' },
};

/** A claim can end up overpaid when a disputed line is voided after the payment. */
export function claimPaymentStatus(dueFen: Fen, paidFen: Fen): ClaimPaymentStatus {
  if (paidFen > dueFen) return 'overpaid';
  if (paidFen === dueFen) return 'paid';
  return paidFen === 0 ? 'unpaid' : 'part_paid';
}

export const AGEING_BUCKETS = ['0-30', '31-60', '61-90', 'over_90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

const daysBetween = (from: BusinessDate, to: BusinessDate) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** How long a claim has waited since it was submitted: 30 days is still 0–30, 31 is 31–60. */
export function ageingBucket(submittedOn: BusinessDate, asOf: BusinessDate): AgeingBucket {
  const days = daysBetween(submittedOn, asOf);
  return days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : 'over_90';
}

/** What each department is still owed, by age. Claims fully paid are not receivable. */
export function receivablesAgeing(claims: readonly ClaimDue[], asOf: BusinessDate): Map<string, Record<AgeingBucket, Fen>> {
  const out = new Map<string, Record<AgeingBucket, Fen>>();
  for (const c of claims) {
    const owed = outstanding(c);
    if (owed === 0) continue;
    const row = out.get(c.departmentId) ?? { '0-30': 0, '31-60': 0, '61-90': 0, over_90: 0 };
    row[ageingBucket(c.submittedOn, asOf)] += owed;
    out.set(c.departmentId, row);
  }
  return out;
}

/** A payment row as a department's finance file gives it (after its columns are read). */
export interface PaymentRow {
  departmentId: string;
  paidOn: BusinessDate;
  amountFen: Fen;
  /** The finance system's own reference for the transfer (流水号). */
  reference: string;
  payerAccount?: string;
}

/**
 * The key that makes an import idempotent: the same row imported twice, from the same file or
 * another, has the same key, so the second changes nothing. Spaces around and inside the text
 * fields do not count (a re-export may pad them); every field that tells two payments apart does.
 * The key is the canonical text of those fields; the API stores it hashed (node:crypto) where it
 * wants a fixed-width column.
 */
export function paymentRowKey(row: PaymentRow): string {
  const problems: Problem[] = [];
  if (!isBusinessDate(row.paidOn)) problems.push({ field: 'paidOn', message: `not a business date: ${row.paidOn}` });
  if (!Number.isSafeInteger(row.amountFen) || row.amountFen <= 0) problems.push({ field: 'amountFen', message: 'must be a positive whole number of fen' });
  const text = (s: string | undefined) => (s ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (text(row.reference) === '') problems.push({ field: 'reference', message: 'a payment needs its reference' });
  if (problems.length) throw new ReconciliationError(problems);
  return JSON.stringify([row.departmentId, row.paidOn, row.amountFen, text(row.reference), text(row.payerAccount)]);
}

/** The rows of an import that change anything: each key once, and none already imported. */
export function rowsToImport<R extends PaymentRow>(rows: readonly R[], importedKeys: ReadonlySet<string>): { key: string; row: R }[] {
  const seen = new Set(importedKeys);
  return rows.flatMap((row) => {
    const key = paymentRowKey(row);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ key, row }];
  });
}
