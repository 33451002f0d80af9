import type { EntityManager } from '@mikro-orm/core';
import type { Tier } from '../../../domain/canteen';
import { notFound } from '../../errors';
import { CanteenMember } from './member.entity';
import { CanteenOrder, ICanteenOrder } from './order.entity';

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

export async function getOrder(em: EntityManager, orderId: string) {
  const order = await em.findOne(CanteenOrder, { id: orderId });
  if (!order) throw notFound('Order');
  const member = order.memberId ? await em.findOne(CanteenMember, { id: order.memberId }, { fields: ['name'] }) : null;
  return toOrder(order, member?.name ?? null);
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
