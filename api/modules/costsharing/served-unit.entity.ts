import { defineEntity, InferEntity } from '@mikro-orm/core';
import type { QuoteSnapshot } from '../../../domain/costsharing';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/**
 * A served unit (a meal, a bed-day, a slot-day, a session) with the snapshot of the quote it was served at.
 * Later policy changes never rewrite it; a cancellation voids it. Margin reports and
 * department claims are built from these rows.
 */
export const ServedUnit = defineEntity({
  name: 'ServedUnit',
  tableName: 'served_unit',
  // The person's units: reconciliation's checks find a member's draft claim lines by it.
  indexes: [{ properties: ['siteId', 'servedDate'] }, { properties: ['sourceId'] }, { properties: ['personRef'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    service: p.enum(['canteen', 'childcare', 'carehome', 'afterschool']),
    serviceLine: p.string().length(64),
    /** The record that served it, e.g. a canteen order. */
    sourceId: foreignId(),
    servedDate: businessDate(),
    /** The quote's subject (a member, a child): claims group and check by it. */
    personRef: foreignId().nullable(),
    tier: p.string().length(32),
    quantity: p.integer(),
    costModelVersionId: foreignId(),
    fullCostFen: fen(),
    residentPaysFen: fen(),
    marginFen: fen(),
    voided: p.boolean(),
    quote: p.json<QuoteSnapshot>(),
    createdAt: createdAt(),
  }),
});
export type IServedUnit = InferEntity<typeof ServedUnit>;

/**
 * One party's share of a served unit (per unit × quantity); departments claim their lines. It
 * carries its unit's person and quantity too, so a draft claim is read from the shares' index
 * alone (reconciliation).
 */
export const ServedUnitShare = defineEntity({
  name: 'ServedUnitShare',
  tableName: 'served_unit_share',
  indexes: [
    { properties: ['partyId', 'servedDate'] },
    // Every column a claim takes from the share, after the sites and month it is built for (reconciliation's claims).
    { name: 'served_unit_share_claimed_index', properties: ['siteId', 'servedDate', 'partyKind', 'source', 'voided', 'partyId', 'programmeCode', 'amountFen', 'servedUnitId', 'personRef', 'quantity'] },
  ],
  properties: (p) => ({
    id: idProperty(),
    servedUnitId: foreignId().index(),
    siteId: foreignId(),
    servedDate: businessDate(),
    partyId: foreignId(),
    partyKind: p.string().length(16),
    source: p.string().length(32),
    programmeCode: p.string().length(64).nullable(),
    amountFen: fen(),
    /** The unit's person and quantity, as the unit has them. */
    personRef: foreignId().nullable(),
    quantity: p.integer().default(1),
    voided: p.boolean(),
  }),
});
export type IServedUnitShare = InferEntity<typeof ServedUnitShare>;
