import { defineEntity, InferEntity } from '@mikro-orm/core';
import { CHANNELS, MEALS, ORDER_STATUSES, PAYMENT_METHODS, Tier, TierReason } from '../../../domain/canteen';
import type { Fen } from '../../../domain/shared/money';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/**
 * One price of an order: portions sold at the same price. Each portion is a served unit
 * (`servedUnitIds`) holding its full quote (the six parties' shares) as the snapshot; these
 * are the figures the counter, day close and reports need without opening them.
 */
export interface OrderPriceLine {
  tier: Tier;
  portions: number;
  /** What the resident pays per portion (after any charity paid on their behalf). */
  unitFen: Fen;
  /** Department subsidy (tier_subsidy) per portion. */
  subsidyFen: Fen;
  amountFen: Fen;
  lineSubsidyFen: Fen;
  fullCostFen: Fen;
  paidByCharityFen: Fen;
  /** Per portion, by programme code: what per-person caps count. */
  programmesFen: Record<string, Fen>;
  servedUnitIds: string[];
}

/** A canteen order: one set meal, one channel, for a member (tier price) or a guest. */
export const CanteenOrder = defineEntity({
  name: 'CanteenOrder',
  tableName: 'canteen_order',
  indexes: [
    { properties: ['siteId', 'date', 'meal'] },
    { properties: ['memberId', 'date'] },
    { properties: ['siteId', 'placedDate'] },
    { properties: ['setMealId'] },
  ],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    memberId: foreignId().nullable(),
    guestName: p.string().length(50).nullable(),
    date: businessDate(),
    meal: p.enum([...MEALS]),
    setMealId: foreignId(),
    setMealName: p.string().length(50),
    quantity: p.integer(),
    channel: p.enum([...CHANNELS]),
    deliveryAddress: p.string().length(200).nullable(),
    building: p.string().length(32).nullable(),
    room: p.string().length(32).nullable(),
    note: p.string().length(200).nullable(),
    payment: p.enum([...PAYMENT_METHODS]),
    paymentRef: p.string().length(64).nullable(),
    amountFen: fen(),
    subsidyFen: fen(),
    /** Portions at the member's tier price, for the one-subsidised-set-per-meal rule. */
    subsidisedPortions: p.integer(),
    tier: p.string().length(16),
    tierReasons: p.json<TierReason[]>(),
    lines: p.json<OrderPriceLine[]>(),
    status: p.enum([...ORDER_STATUSES]),
    staffId: foreignId(),
    placedAt: p.datetime(),
    /** Business date the money was taken: day close counts by it. */
    placedDate: businessDate(),
    closedAt: p.datetime().nullable(),
    closedBy: foreignId().nullable(),
    cancelReason: p.string().length(200).nullable(),
    createdAt: createdAt(),
  }),
});
export type ICanteenOrder = InferEntity<typeof CanteenOrder>;
