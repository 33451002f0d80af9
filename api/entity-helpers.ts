import { p } from '@mikro-orm/core';
import { uuidv7 } from 'uuidv7';

/** UUIDv7 keys: time-ordered (good for B-tree inserts) without an auto-increment hot spot (TiDB). */
export const newId = (): string => uuidv7();
/** Pass `id: newId()` to `em.create` when other rows must point at the new one before the flush. */
export const idProperty = () => p.string().length(36).primary().onCreate(() => newId());
export const foreignId = () => p.string().length(36);
export const createdAt = () => p.datetime().onCreate(() => new Date());
/** Money is integer fen in a BIGINT column, read back as a JS number (safe up to 2^53 fen). */
export const fen = () => p.bigint('number');
/** A business date `YYYY-MM-DD` (Asia/Shanghai), stored as text so both databases compare it the same way. */
export const businessDate = () => p.string().length(10);
