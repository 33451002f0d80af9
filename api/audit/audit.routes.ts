import { LOGIN_OUTCOMES } from '../../domain/shared/login-event';
import { ROLES } from '../auth/roles';
import { route } from '../http/route';
import { scope } from '../http/scope';
import { z } from '../openapi';
import { AuditEntry } from './audit-entry.entity';
import { loginEvents } from './login-events';

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

const loginEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    outcome: z.enum(LOGIN_OUTCOMES),
    username: z.string().nullable(),
    userId: z.string().nullable(),
    displayName: z.string().nullable(),
    role: z.enum(ROLES).nullable(),
    ip: z.string().nullable(),
  })
  .openapi('LoginEvent');

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
  route({
    method: 'get',
    path: '/audit/logins',
    action: 'audit.read',
    scope: scope.reach,
    tag: 'audit',
    summary: 'Login attempts, newest first: of users at the caller’s sites, and those no site owns (unknown names, departments)',
    query: z.object({
      outcome: z.enum(LOGIN_OUTCOMES).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.array(loginEvent),
    handler: ({ em, scope, query }) => loginEvents(em, scope.reach.sites, query),
  }),
];
