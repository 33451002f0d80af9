import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { ruleBroken } from '../../errors';
import { JournalEntry, JournalLine } from './journal.entity';
import { describeEntry, journalRows, ledgerAccount, post, SYSTEM_STAFF_ID, transfer } from './ledger';
import type { ICanteenMember } from './member.entity';
import { memberById } from './members.service';

export interface WalletMoveInput {
  amountFen: number;
  method: 'cash' | 'external';
  reference?: string;
  memo?: string;
}

/** A member's meal-card balance and the journal entries that moved it, newest first. */
export async function walletOf(em: EntityManager, memberId: string, limit = 50) {
  const m = await memberById(em, memberId);
  const touching = await em.find(JournalLine, { account: ledgerAccount.wallet(m.id) }, { orderBy: { businessDate: 'desc', id: 'desc' }, limit, fields: ['entryId'] });
  const entryIds = [...new Set(touching.map((l) => l.entryId))];
  const entries = entryIds.length ? await em.find(JournalEntry, { id: { $in: entryIds } }, { orderBy: { createdAt: 'desc', id: 'desc' } }) : [];
  const lines = entryIds.length ? await em.find(JournalLine, { entryId: { $in: entryIds } }, { orderBy: { id: 'asc' } }) : [];
  return {
    memberId: m.id,
    balanceFen: m.walletBalanceFen,
    overdraftLimitFen: m.overdraftLimitFen,
    entries: entries.map((e) => describeEntry(e, lines.filter((l) => l.entryId === e.id))),
  };
}

/**
 * Tops a wallet up (cash into the staff member's drawer, or an external transfer) or pays
 * part of its balance back out, in the route's transaction. The member row is locked while the
 * balance moves (as the order desk locks it); a refund can never take the balance below zero.
 */
export async function moveWallet(tx: EntityManager, user: AuthUser, memberId: string, direction: 'top_up' | 'refund', input: WalletMoveInput, now: DateTime) {
  const m = await memberById(tx, memberId, true);
  if (direction === 'top_up' && !m.active) throw ruleBroken('A deactivated member’s wallet cannot be topped up', [{ field: 'memberId', message: 'is deactivated' }]);
  if (direction === 'refund' && input.amountFen > m.walletBalanceFen) {
    throw ruleBroken(`The wallet holds ${m.walletBalanceFen} fen`, [{ field: 'amountFen', message: `must be at most the balance of ${Math.max(0, m.walletBalanceFen)} fen` }]);
  }
  const outside = input.method === 'cash' ? ledgerAccount.cash(user.id) : ledgerAccount.external;
  const wallet = ledgerAccount.wallet(m.id);
  const { entry, lines } = post(
    tx,
    {
      siteId: m.siteId,
      kind: direction === 'top_up' ? 'wallet.top_up' : 'wallet.refund',
      staffId: user.id,
      businessDate: businessDateOf(now),
      memberId: m.id,
      reference: input.reference ?? null,
      memo: input.memo ?? null,
    },
    direction === 'top_up' ? transfer(outside, wallet, input.amountFen) : transfer(wallet, outside, input.amountFen),
  );
  m.walletBalanceFen += direction === 'top_up' ? input.amountFen : -input.amountFen;
  await tx.flush();
  return { memberId: m.id, balanceFen: m.walletBalanceFen, entry: describeEntry(entry, lines) };
}

/**
 * The journal entry that brings a balance in from before (a card system, the demo seed), `at`
 * the time it was brought in; the member's balance is raised by it.
 */
export function openingBalance(member: ICanteenMember, amountFen: number, businessDate: string, at = new Date()): ReturnType<typeof journalRows> {
  member.walletBalanceFen += amountFen;
  return journalRows(
    { siteId: member.siteId, kind: 'wallet.opening', staffId: SYSTEM_STAFF_ID, businessDate, memberId: member.id, memo: '期初余额 opening balance' },
    transfer(ledgerAccount.opening, ledgerAccount.wallet(member.id), amountFen),
    at,
  );
}

/** Brings a balance in from before as a journal entry, in the caller's transaction. */
export function openWallet(em: EntityManager, member: ICanteenMember, amountFen: number, businessDate: string): void {
  if (amountFen <= 0) return;
  const { entry, lines } = openingBalance(member, amountFen, businessDate);
  em.create(JournalEntry, entry);
  for (const line of lines) em.create(JournalLine, line);
}
