import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity';

/** The audit actions of a login attempt: its subject is the user whose name was tried, when one has it. */
export const LOGIN_SUCCEEDED = 'auth.login';
export const LOGIN_FAILED = 'auth.login_failed';

export interface AuditEvent {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  siteId?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Appends one audit entry. There is deliberately no update or delete: the log is append-only.
 * Pass the transaction's `em` to record the event atomically with what it describes.
 */
export async function audit(em: EntityManager, event: AuditEvent): Promise<void> {
  em.create(AuditEntry, { ...event, subjectId: event.subjectId ?? null, siteId: event.siteId ?? null, detail: event.detail ?? null });
  await em.flush();
}
