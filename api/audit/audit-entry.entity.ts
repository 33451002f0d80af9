import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, foreignId, idProperty } from '../entity-helpers';

/** Append-only: rows are inserted by `audit()` and never updated or deleted by the app. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  indexes: [{ properties: ['siteId', 'at'] }],
  properties: (p) => ({
    id: idProperty(),
    at: createdAt(),
    actorId: foreignId().nullable(),
    action: p.string().length(64),
    subjectType: p.string().length(64),
    subjectId: p.string().length(64).nullable(),
    siteId: foreignId().nullable(),
    detail: p.json<Record<string, unknown>>().nullable(),
  }),
});
export type IAuditEntry = InferEntity<typeof AuditEntry>;
