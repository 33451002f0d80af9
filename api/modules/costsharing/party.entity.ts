import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, foreignId, idProperty } from '../../entity-helpers';

export const PARTY_KINDS = ['community', 'department', 'institution', 'operator', 'social', 'resident'] as const;

/**
 * One of the six cost-sharing parties (六方). Department parties are shared by all sites
 * (siteId null, departmentId set); the others belong to one site.
 */
export const Party = defineEntity({
  name: 'Party',
  tableName: 'party',
  properties: (p) => ({
    id: idProperty(),
    kind: p.enum([...PARTY_KINDS]),
    name: p.string().length(100),
    nameEn: p.string().length(100),
    siteId: foreignId().nullable().index(),
    departmentId: foreignId().nullable().index(),
    createdAt: createdAt(),
  }),
});
export type IParty = InferEntity<typeof Party>;
