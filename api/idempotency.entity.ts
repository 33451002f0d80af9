import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, foreignId, idProperty } from './entity-helpers';

/** A stored Idempotency-Key and the first response it produced (replayed on retries). */
export const IdempotencyRecord = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  uniques: [{ properties: ['userId', 'key'] }],
  properties: (p) => ({
    id: idProperty(),
    userId: foreignId(),
    key: p.string().length(128),
    requestHash: p.string().length(64),
    statusCode: p.integer(),
    responseBody: p.text(),
    createdAt: createdAt(),
  }),
});
export type IIdempotencyRecord = InferEntity<typeof IdempotencyRecord>;
