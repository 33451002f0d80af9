import { EntityManager, LockMode } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { canCancel, DEFAULT_ORDERING_POLICY, Tier } from '../../../domain/canteen';
import { businessDateOf } from '../../../domain/shared/time';
import { assertSiteAccess, AuthUser } from '../../auth/auth-user';
import { conflict, notFound, ruleBroken } from '../../errors';
import { FundingAccount } from '../costsharing/cost-model.entity';
import { voidServed } from '../costsharing/costsharing.service';
import { ServedUnit } from '../costsharing/served-unit.entity';
import { account, post, transfer } from './ledger';
import { CanteenMember } from './member.entity';
import { CanteenOrder, ICanteenOrder } from './order.entity';
import { CanteenSetMeal, ICanteenSetMeal } from './plan.entity';
import { inTransaction } from './transaction';

export function toOrder(o: ICanteenOrder, memberName: string | null, walletBalanceFen: number | null = null) {
  return {
    id: o.id,
    siteId: o.siteId,
    memberId: o.memberId ?? null,
    memberName,
    guestName: o.guestName ?? null,
    date: o.date,
    meal: o.meal,
    setMealId: o.setMealId,
    setMealName: o.setMealName,
    quantity: o.quantity,
    channel: o.channel,
    delivery: o.channel === 'delivery' ? { address: o.deliveryAddress ?? null, building: o.building ?? null, room: o.room ?? null } : null,
    note: o.note ?? null,
    payment: { method: o.payment, reference: o.paymentRef ?? null },
    amountFen: o.amountFen,
    subsidyFen: o.subsidyFen,
    tier: o.tier as Tier,
    tierReasons: o.tierReasons,
    lines: o.lines,
    status: o.status,
    staffId: o.staffId,
    placedAt: o.placedAt.toISOString(),
    closedAt: o.closedAt?.toISOString() ?? null,
    cancelReason: o.cancelReason ?? null,
    walletBalanceFen,
  };
}

// ── After the order ──────────────────────────────────────────────────────────────────

async function lockedOrder(tx: EntityManager, user: AuthUser, orderId: string): Promise<ICanteenOrder> {
  const order = await tx.findOne(CanteenOrder, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!order) throw notFound('Order');
  assertSiteAccess(user, order.siteId);
  return order;
}

function assertPlaced(order: ICanteenOrder): void {
  const said = { served: 'already served', no_show: 'already marked as a no-show', cancelled: 'already cancelled', placed: '' };
  if (order.status !== 'placed') throw conflict(`The order is ${said[order.status]}`, { orderStatus: order.status });
}

/**
 * Gives back the subsidy of an order's served units. The funding accounts are locked first,
 * in id order like takeOrder, so a cancellation and an order never wait on each other in a cycle.
 */
async function releaseSubsidy(tx: EntityManager, order: ICanteenOrder): Promise<void> {
  const units = await tx.find(ServedUnit, { sourceId: order.id, voided: false });
  const codes = [...new Set(units.flatMap((u) => u.quote.drawdowns.map((d) => d.account)))];
  if (codes.length) {
    await tx.find(FundingAccount, { siteId: order.siteId, year: Number(order.date.slice(0, 4)), account: { $in: codes } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
  }
  await voidServed(tx, order.id);
}

async function memberName(em: EntityManager, memberId: string | null | undefined): Promise<string | null> {
  if (!memberId) return null;
  return (await em.findOne(CanteenMember, { id: memberId }, { fields: ['name'] }))?.name ?? null;
}

function lockSetMeal(tx: EntityManager, id: string): Promise<ICanteenSetMeal | null> {
  return tx.findOne(CanteenSetMeal, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/**
 * Cancels before the cut-off: the portion goes back to the set meal, the subsidy to its
 * budget, the money to where it came from (wallet, cash drawer of who took it, external).
 */
export async function cancelOrder(em: EntityManager, user: AuthUser, orderId: string, reason: string | null, now: DateTime) {
  return inTransaction(em, async (tx) => {
    const order = await lockedOrder(tx, user, orderId);
    assertPlaced(order);
    const window = canCancel(DEFAULT_ORDERING_POLICY, order.date, order.meal, order.channel, now);
    if (!window.ok) {
      const deadline = window.reason === 'cutoff_passed' ? window.deadline : null;
      throw ruleBroken(`The order can no longer be cancelled${deadline ? `: the cut-off was ${deadline.toFormat('yyyy-MM-dd HH:mm')}` : ''}`, [{ field: 'orderId', message: 'is past its cancellation cut-off' }], {
        deadline: deadline?.toISO() ?? null,
      });
    }
    // Locks in takeOrder's order: member, funding accounts, set meal.
    const member = order.memberId ? await tx.findOne(CanteenMember, { id: order.memberId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
    await releaseSubsidy(tx, order);
    const setMeal = await lockSetMeal(tx, order.setMealId);
    if (setMeal) setMeal.orderedPortions = Math.max(0, setMeal.orderedPortions - order.quantity);
    const today = businessDateOf(now);
    if (order.amountFen > 0) {
      const payer = order.payment === 'wallet' ? account.wallet(order.memberId!) : order.payment === 'cash' ? account.cash(order.staffId) : account.external;
      post(
        tx,
        { siteId: order.siteId, kind: 'order.refund', staffId: user.id, businessDate: today, memberId: order.memberId, orderId: order.id, reference: order.paymentRef, memo: reason },
        transfer(account.revenue, payer, order.amountFen),
      );
      if (order.payment === 'wallet' && member) member.walletBalanceFen += order.amountFen;
    }
    order.status = 'cancelled';
    order.closedAt = now.toJSDate();
    order.closedBy = user.id;
    order.cancelReason = reason;
    await tx.flush();
    return toOrder(order, member?.name ?? null, member?.walletBalanceFen ?? null);
  });
}

/**
 * Marks an order served, or a no-show, from the meal's day on. A no-show keeps the member's
 * payment (the portion was cooked) but voids its served units: departments pay only for
 * meals really served, so the subsidy goes back to the budget.
 */
export async function closeOrder(em: EntityManager, user: AuthUser, orderId: string, outcome: 'served' | 'no_show', now: DateTime) {
  return inTransaction(em, async (tx) => {
    const order = await lockedOrder(tx, user, orderId);
    assertPlaced(order);
    if (businessDateOf(now) < order.date) {
      throw ruleBroken(`The meal is on ${order.date}; it can be marked ${outcome === 'served' ? 'served' : 'a no-show'} from that day`, [{ field: 'orderId', message: 'is for a later day' }]);
    }
    if (outcome === 'no_show') await releaseSubsidy(tx, order);
    order.status = outcome;
    order.closedAt = now.toJSDate();
    order.closedBy = user.id;
    await tx.flush();
    return toOrder(order, await memberName(tx, order.memberId));
  });
}

export async function getOrder(em: EntityManager, user: AuthUser, orderId: string) {
  const order = await em.findOne(CanteenOrder, { id: orderId });
  if (!order) throw notFound('Order');
  assertSiteAccess(user, order.siteId);
  return toOrder(order, await memberName(em, order.memberId));
}

export async function listOrders(
  em: EntityManager,
  q: { siteId: string; date?: string; meal?: string; memberId?: string; status?: string; limit: number; offset: number },
) {
  const where = {
    siteId: q.siteId,
    ...(q.date ? { date: q.date } : {}),
    ...(q.meal ? { meal: q.meal } : {}),
    ...(q.memberId ? { memberId: q.memberId } : {}),
    ...(q.status ? { status: q.status } : {}),
  } as Parameters<typeof em.find<ICanteenOrder>>[1];
  const [rows, total] = await em.findAndCount(CanteenOrder, where, { orderBy: { placedAt: 'desc', id: 'desc' }, limit: q.limit, offset: q.offset });
  const ids = [...new Set(rows.flatMap((o) => (o.memberId ? [o.memberId] : [])))];
  const names = new Map((ids.length ? await em.find(CanteenMember, { id: { $in: ids } }, { fields: ['name'] }) : []).map((m) => [m.id, m.name]));
  return { total, items: rows.map((o) => toOrder(o, o.memberId ? (names.get(o.memberId) ?? null) : null)) };
}
