import type { EntityManager } from '@mikro-orm/core';
import type { BusinessDate } from '../../../domain/shared/time';
import { newId } from '../../entity-helpers';
import { IJournalEntry, IJournalLine, JournalEntry, JournalLine } from './journal.entity';

/** The canteen's ledger accounts (DESIGN.md §4: money movements are double-entry journal lines). */
export const account = {
  /** What the canteen owes a member on their meal card: a credit raises the balance. */
  wallet: (memberId: string) => `wallet:${memberId}`,
  /** A staff member's cash drawer: a debit is cash taken in. */
  cash: (staffId: string) => `cash:${staffId}`,
  /** Paid through another channel (WeChat Pay, a bank transfer), counted but not handled. */
  external: 'external:canteen',
  revenue: 'revenue:canteen',
  /** Balances brought in when a site starts on this system (the demo seed, a migration from cards). */
  opening: 'opening:canteen',
};

/** The staff id of entries the system posts itself (opening balances). */
export const SYSTEM_STAFF_ID = 'system';

export type JournalKind = 'order.payment' | 'order.refund' | 'wallet.top_up' | 'wallet.refund' | 'wallet.opening';

export interface Posting {
  account: string;
  debitFen?: number;
  creditFen?: number;
}

export class UnbalancedEntryError extends Error {}

type EntryFields = {
  siteId: string;
  kind: JournalKind;
  staffId: string;
  businessDate: BusinessDate;
  memberId?: string | null;
  orderId?: string | null;
  reference?: string | null;
  memo?: string | null;
};

/**
 * One journal entry with its lines, as rows to store. Debits must equal credits, every amount
 * must be whole, non-negative fen, and the entry must move money: anything else is a bug in
 * the caller, so it throws before anything is written.
 */
export function journalRows(entry: EntryFields, postings: Posting[], createdAt = new Date()): { entry: IJournalEntry; lines: IJournalLine[] } {
  let debits = 0;
  let credits = 0;
  for (const p of postings) {
    for (const v of [p.debitFen ?? 0, p.creditFen ?? 0]) {
      if (!Number.isSafeInteger(v) || v < 0) throw new UnbalancedEntryError(`journal amounts must be whole, non-negative fen, got ${v}`);
    }
    debits += p.debitFen ?? 0;
    credits += p.creditFen ?? 0;
  }
  if (debits !== credits) throw new UnbalancedEntryError(`debits ${debits} ≠ credits ${credits}`);
  if (debits === 0) throw new UnbalancedEntryError('a journal entry must move money');
  const row: IJournalEntry = {
    id: newId(),
    siteId: entry.siteId,
    kind: entry.kind,
    memberId: entry.memberId ?? null,
    orderId: entry.orderId ?? null,
    staffId: entry.staffId,
    amountFen: debits,
    businessDate: entry.businessDate,
    reference: entry.reference ?? null,
    memo: entry.memo ?? null,
    createdAt,
  };
  const lines = postings.map(
    (p): IJournalLine => ({
      id: newId(),
      entryId: row.id,
      siteId: entry.siteId,
      account: p.account,
      debitFen: p.debitFen ?? 0,
      creditFen: p.creditFen ?? 0,
      businessDate: entry.businessDate,
    }),
  );
  return { entry: row, lines };
}

/** Posts one journal entry with its lines in the caller's transaction (written at its flush). */
export function post(em: EntityManager, entry: EntryFields, postings: Posting[]): { entry: IJournalEntry; lines: IJournalLine[] } {
  const rows = journalRows(entry, postings);
  return { entry: em.create(JournalEntry, rows.entry), lines: rows.lines.map((l) => em.create(JournalLine, l)) };
}

/** Money moving from one account to another: one debit, one credit. */
export const transfer = (from: string, to: string, amountFen: number): Posting[] => [
  { account: from, debitFen: amountFen },
  { account: to, creditFen: amountFen },
];

export function describeEntry(entry: IJournalEntry, lines: IJournalLine[]) {
  return {
    id: entry.id,
    kind: entry.kind,
    amountFen: entry.amountFen,
    businessDate: entry.businessDate,
    staffId: entry.staffId,
    orderId: entry.orderId ?? null,
    reference: entry.reference ?? null,
    memo: entry.memo ?? null,
    createdAt: entry.createdAt.toISOString(),
    lines: lines.map((l) => ({ account: l.account, debitFen: l.debitFen, creditFen: l.creditFen })),
  };
}
