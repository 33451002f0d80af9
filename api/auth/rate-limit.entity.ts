import { defineEntity, InferEntity } from '@mikro-orm/core';

/**
 * One rate limit's count for one client in a fixed window (the login limits). Kept in the
 * database, so every app instance counts the same attempts; rows whose window has passed are
 * deleted on a schedule (housekeeping.ts).
 */
export const RateLimitCount = defineEntity({
  name: 'RateLimitCount',
  tableName: 'rate_limit',
  properties: (p) => ({
    /** sha256 of the limit's prefix and the client's key: fixed length, and no client text in SQL. */
    bucket: p.string().length(64).primary(),
    hits: p.integer(),
    resetsAt: p.datetime().index(),
  }),
});
export type IRateLimitCount = InferEntity<typeof RateLimitCount>;
