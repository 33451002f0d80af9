import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, idProperty } from '../../entity-helpers';

/** 社区站点: one deployment serves many sites; each operational record belongs to one. */
export const Site = defineEntity({
  name: 'Site',
  tableName: 'site',
  properties: (p) => ({
    id: idProperty(),
    code: p.string().length(32).unique(),
    name: p.string().length(100),
    community: p.string().length(100),
    district: p.string().length(100),
    householdCount: p.integer(),
    createdAt: createdAt(),
  }),
});
export type ISite = InferEntity<typeof Site>;
