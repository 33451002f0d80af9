import { defineEntity, InferEntity } from '@mikro-orm/core';
import { MEALS } from '../../../domain/canteen';
import { businessDate, createdAt, foreignId, idProperty } from '../../entity-helpers';

/** A site's weekly meal plan (周菜单), Monday to Sunday; orders are taken only once it is published. */
export const CanteenPlan = defineEntity({
  name: 'CanteenPlan',
  tableName: 'canteen_plan',
  uniques: [{ properties: ['siteId', 'weekStart'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    /** The Monday the week starts on. */
    weekStart: businessDate(),
    status: p.enum(['draft', 'published']),
    publishedAt: p.datetime().nullable(),
    publishedBy: foreignId().nullable(),
    createdAt: createdAt(),
  }),
});
export type ICanteenPlan = InferEntity<typeof CanteenPlan>;

/**
 * A set meal (套餐) on offer for one date and meal. `orderedPortions` counts live orders; the
 * row is locked while an order or a cancellation moves it, so the portion limit holds under
 * concurrent orders. `published` mirrors the plan's status so the order path reads one row.
 */
export const CanteenSetMeal = defineEntity({
  name: 'CanteenSetMeal',
  tableName: 'canteen_set_meal',
  indexes: [{ properties: ['siteId', 'date', 'meal'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    planId: foreignId().index(),
    date: businessDate(),
    meal: p.enum([...MEALS]),
    name: p.string().length(50),
    dishes: p.json<string[]>(),
    nutritionTags: p.json<string[]>(),
    /** null: as many as are ordered. */
    portionLimit: p.integer().nullable(),
    orderedPortions: p.integer(),
    published: p.boolean(),
    sortOrder: p.integer(),
    createdAt: createdAt(),
  }),
});
export type ICanteenSetMeal = InferEntity<typeof CanteenSetMeal>;
