import { defineEntity, InferEntity } from '@mikro-orm/core';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/** A site's canteen policy; a site without a row runs on the defaults (CANTEEN_DEFAULTS). */
export const CanteenSettings = defineEntity({
  name: 'CanteenSettings',
  tableName: 'canteen_settings',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId().unique(),
    /** Portions per member, meal and day at the member's tier price (domain PortionPolicy). */
    tierPricedPortionsPerMeal: p.integer(),
    serveOnWeekends: p.boolean(),
    serveOnHolidays: p.boolean(),
    /** The overdraft a newly registered member's wallet gets. */
    defaultOverdraftLimitFen: fen(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: foreignId().nullable(),
  }),
});
export type ICanteenSettings = InferEntity<typeof CanteenSettings>;

/** One of the site's own closing days (renovation, inspection, staff outing). */
export const CanteenClosedDay = defineEntity({
  name: 'CanteenClosedDay',
  tableName: 'canteen_closed_day',
  uniques: [{ properties: ['siteId', 'date'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    date: businessDate(),
    reason: p.string().length(100),
    createdBy: foreignId().nullable(),
    createdAt: createdAt(),
  }),
});
export type ICanteenClosedDay = InferEntity<typeof CanteenClosedDay>;
