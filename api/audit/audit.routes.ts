import { route } from '../http/route';
import { scope } from '../http/scope';
import { z } from '../openapi';
import { AuditEntry } from './audit-entry.entity';

const auditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    siteId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

export const auditRoutes = [
  route({
    method: 'get',
    path: '/audit',
    action: 'audit.read',
    scope: scope.reach,
    tag: 'audit',
    summary: 'Audit entries at the caller’s sites, newest first',
    query: z.object({
      siteId: z.string().optional(),
      action: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.array(auditEntry),
    handler: async ({ em, scope, query }) => {
      const rows = await em.find(
        AuditEntry,
        { $and: [scope.where(em, AuditEntry), { ...(query.siteId ? { siteId: query.siteId } : {}), ...(query.action ? { action: query.action } : {}) }] },
        { orderBy: { at: 'desc', id: 'desc' }, limit: query.limit },
      );
      return rows.map((r) => ({ ...r, at: r.at.toISOString(), subjectId: r.subjectId ?? null, actorId: r.actorId ?? null, siteId: r.siteId ?? null, detail: r.detail ?? null }));
    },
  }),
];
