import { defineEntity, InferEntity } from '@mikro-orm/core';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/**
 * A money movement as a double-entry journal entry (DESIGN.md §4): its lines' debits equal
 * its credits, always. Accounts are named, e.g. `wallet:<memberId>` (what the canteen owes a
 * member: credit raises the balance), `cash:<staffId>` (a staff member's drawer),
 * `external:canteen` (paid through another channel), `revenue:canteen`.
 */
export const JournalEntry = defineEntity({
  name: 'JournalEntry',
  tableName: 'journal_entry',
  indexes: [{ properties: ['siteId', 'businessDate'] }, { properties: ['memberId'] }, { properties: ['orderId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    kind: p.string().length(32),
    memberId: foreignId().nullable(),
    orderId: foreignId().nullable(),
    staffId: foreignId(),
    amountFen: fen(),
    businessDate: businessDate(),
    reference: p.string().length(64).nullable(),
    memo: p.string().length(200).nullable(),
    createdAt: createdAt(),
  }),
});
export type IJournalEntry = InferEntity<typeof JournalEntry>;

export const JournalLine = defineEntity({
  name: 'JournalLine',
  tableName: 'journal_line',
  indexes: [{ properties: ['account', 'businessDate'] }, { properties: ['siteId', 'businessDate'] }],
  properties: (p) => ({
    id: idProperty(),
    entryId: foreignId().index(),
    siteId: foreignId(),
    account: p.string().length(80),
    debitFen: fen(),
    creditFen: fen(),
    businessDate: businessDate(),
  }),
});
export type IJournalLine = InferEntity<typeof JournalLine>;
