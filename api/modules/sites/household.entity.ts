import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, foreignId, idProperty } from '../../entity-helpers';

/** A family: the scope of a parent's or family member's login (their own children or elderly relatives). */
export const Household = defineEntity({
  name: 'Household',
  tableName: 'household',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId().index(),
    name: p.string().length(100),
    createdAt: createdAt(),
  }),
});
export type IHousehold = InferEntity<typeof Household>;
