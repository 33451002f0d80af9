import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import type { LedgerPosting } from '../../../domain/reconciliation';
import type { BusinessDate } from '../../../domain/shared/business-date';
import { businessDateOf } from '../../../domain/shared/time';
import { insertRows } from '../../db';
import { newId } from '../../entity-helpers';
import { IReconJournal, IReconPosting, ReconJournal, ReconPosting } from './reconciliation.entity';

/**
 * Stores the domain's postings (each balanced by construction: domain/reconciliation/ledger.ts)
 * as journal rows with their lines, in the caller's transaction, made at the app clock's `now`
 * and posted on its day unless the money moved on another (a payment made earlier). A posting
 * that moves nothing (a claim of 0 fen) is not stored.
 */
export async function postToLedger(tx: EntityManager, siteId: string, postings: readonly LedgerPosting[], by: string, now: DateTime, on: BusinessDate = businessDateOf(now)): Promise<void> {
  const kept = postings.filter((p) => p.lines.length > 0);
  if (!kept.length) return;
  const journals: IReconJournal[] = [];
  const lines: IReconPosting[] = [];
  for (const p of kept) {
    const journal: IReconJournal = { id: newId(), siteId, kind: p.kind, ref: p.ref.slice(0, 200), postedOn: on, postedBy: by, createdAt: now.toJSDate() };
    journals.push(journal);
    for (const l of p.lines) lines.push({ id: newId(), journalId: journal.id, siteId, account: l.account, debitFen: l.debitFen, creditFen: l.creditFen });
  }
  await insertRows(tx, ReconJournal, journals);
  await insertRows(tx, ReconPosting, lines);
}
