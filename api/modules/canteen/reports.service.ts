import type { EntityManager } from '@mikro-orm/core';
import { dayClose, deliveryList, kitchenCounts, Meal, OrderLine } from '../../../domain/canteen';
import type { BusinessDate } from '../../../domain/shared/time';
import { User } from '../../auth/user.entity';
import { JournalEntry, JournalLine } from './journal.entity';
import { DIETARY_TAG_NAMES } from '../../../domain/canteen';
import { CanteenMember, ICanteenMember } from './member.entity';
import { CanteenOrder, ICanteenOrder } from './order.entity';

/** What the volunteer reads at the door: the member's notes as they stand now, and the order's own note. */
export function dietaryNotesOf(member: Pick<ICanteenMember, 'dietaryTags' | 'allergies'> | undefined, note: string | null | undefined): string | null {
  const parts = [
    member?.dietaryTags.length ? member.dietaryTags.map((t) => DIETARY_TAG_NAMES[t]?.zh ?? t).join('、') : null,
    member?.allergies ? `过敏：${member.allergies}` : null,
    note ?? null,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join('；') : null;
}

async function membersOf(em: EntityManager, orders: ICanteenOrder[]): Promise<Map<string, ICanteenMember>> {
  const ids = [...new Set(orders.flatMap((o) => (o.memberId ? [o.memberId] : [])))];
  const rows = ids.length ? await em.find(CanteenMember, { id: { $in: ids } }) : [];
  return new Map(rows.map((m) => [m.id, m]));
}

/**
 * Orders as the domain's report lines, one per price line. A no-show counts as cooked and
 * paid, but its subsidy was given back, so it grants none.
 */
function linesOf(orders: ICanteenOrder[], members: Map<string, ICanteenMember>): OrderLine[] {
  return orders.flatMap((o) => {
    const member = o.memberId ? members.get(o.memberId) : undefined;
    return o.lines.map(
      (l): OrderLine => ({
        status: o.status,
        setMealId: o.setMealId,
        setMealName: o.setMealName,
        meal: o.meal,
        channel: o.channel,
        quantity: l.portions,
        payment: o.payment,
        amountFen: l.amountFen,
        subsidyFen: o.status === 'no_show' ? 0 : l.lineSubsidyFen,
        tier: l.tier,
        staffId: o.staffId,
        memberName: member?.name ?? o.guestName ?? '散客',
        building: o.building ?? null,
        room: o.room ?? null,
        dietaryNotes: dietaryNotesOf(member, o.note),
      }),
    );
  });
}

/** Portions to cook per meal and set meal on a date (kitchenCounts). */
export async function kitchenReport(em: EntityManager, siteId: string, date: BusinessDate) {
  const orders = await em.find(CanteenOrder, { siteId, date, status: { $ne: 'cancelled' } });
  return { siteId, date, counts: kitchenCounts(linesOf(orders, new Map())) };
}

/** The delivery runs of a date, building by building, with each stop's dietary notes (deliveryList). */
export async function deliveryReport(em: EntityManager, siteId: string, date: BusinessDate, meal?: Meal) {
  const orders = await em.find(CanteenOrder, { siteId, date, channel: 'delivery', status: { $ne: 'cancelled' }, ...(meal ? { meal } : {}) });
  return { siteId, date, runs: deliveryList(linesOf(orders, await membersOf(em, orders))) };
}

/**
 * Day close per staff member for the orders they took on a date (dayClose), with the
 * wallet top-ups and pay-outs they handled and the cash their drawer should hold by the
 * ledger (cash orders and top-ups in, refunds and pay-outs out).
 */
export async function dayCloseReport(em: EntityManager, siteId: string, date: BusinessDate) {
  const orders = await em.find(CanteenOrder, { siteId, placedDate: date });
  const closes = dayClose(linesOf(orders, new Map()));
  const walletEntries = await em.find(JournalEntry, { siteId, businessDate: date, kind: { $in: ['wallet.top_up', 'wallet.refund'] } });
  const cashLines = await em.find(JournalLine, { siteId, businessDate: date, account: { $like: 'cash:%' } });
  const staffIds = [...new Set([...closes.map((c) => c.staffId), ...walletEntries.map((e) => e.staffId), ...cashLines.map((l) => l.account.slice(5))])].sort();
  const names = new Map((staffIds.length ? await em.find(User, { id: { $in: staffIds } }) : []).map((u) => [u.id, u.displayName]));
  const none = { wallet: 0, cash: 0, external: 0 };
  const staff = staffIds.map((staffId) => {
    const close = closes.find((c) => c.staffId === staffId) ?? {
      staffId,
      takings: { wallet: { dine_in: 0, pickup: 0, delivery: 0 }, cash: { dine_in: 0, pickup: 0, delivery: 0 }, external: { dine_in: 0, pickup: 0, delivery: 0 } },
      totals: { ...none },
      subsidiesByTier: {},
    };
    const mine = walletEntries.filter((e) => e.staffId === staffId);
    const sum = (kind: string) => mine.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountFen, 0);
    const drawer = cashLines.filter((l) => l.account === `cash:${staffId}`).reduce((s, l) => s + l.debitFen - l.creditFen, 0);
    return { ...close, staffName: names.get(staffId) ?? null, walletTopUpsFen: sum('wallet.top_up'), walletRefundsFen: sum('wallet.refund'), cashDrawerFen: drawer };
  });
  return { siteId, date, staff };
}
