/**
 * Typed client for `/api/v1/afterschool` (api/modules/afterschool/*.routes.ts). The shapes are
 * the OpenAPI document's (web/src/api/types.ts); the refusal words come from domain/afterschool,
 * so the door and the server never disagree about why a hand-over was refused.
 */
import { API_BASE, http } from '@/api/http';
import type { Answer, Body, Query, Schema } from '@/api/types';

export { REFUSAL_WORDS } from '../../../../domain/afterschool/collection';

export type Child = Schema<'AfterSchoolChild'>;
export type ChildCreate = Omit<Schema<'AfterSchoolChildCreate'>, 'siteId'>;
export type ChildUpdate = Schema<'AfterSchoolChildUpdate'>;
export type Collector = Schema<'AfterSchoolCollector'>;
export type CollectorFields = Omit<Collector, 'id'>;
export type CollectorLevel = Collector['level'];
export type Delegation = Schema<'AfterSchoolDelegation'>;
export type DelegationCreate = Schema<'AfterSchoolDelegationCreate'>;
export type Enrolment = Schema<'AfterSchoolEnrolment'>;
export type Group = Schema<'AfterSchoolGroup'>;
export type Period = Schema<'AfterSchoolPeriod'>;
export type Session = Schema<'AfterSchoolSession'>;
export type SessionChanged = Schema<'AfterSchoolSessionChanged'>;
export type SessionMove = Body<'/afterschool/sessions/{sessionId}/move', 'post'>;
export type Notification = Schema<'AfterSchoolNotification'>;
export type Refusal = Schema<'AfterSchoolRefusal'>;
export type Sheet = Schema<'AfterSchoolSheet'>;
export type SheetRow = Schema<'AfterSchoolSheetRow'>;
export type Alert = Schema<'AfterSchoolAlert'>;
export type CheckOut = Schema<'AfterSchoolCheckOut'>;
export type ChildMonth = Schema<'AfterSchoolChildMonth'>;
export type Statement = Schema<'AfterSchoolStatement'>;

export const COLLECTOR_LEVELS: readonly CollectorLevel[] = ['always', 'emergency', 'never'];
export const SCHOOL_DAYS = [1, 2, 3, 4, 5] as const;

const child = (id: string) => `/afterschool/children/${encodeURIComponent(id)}`;
const session = (id: string) => `/afterschool/sessions/${encodeURIComponent(id)}`;

export const afterschoolApi = {
  periods: (siteId: string) => http.get<Answer<'/afterschool/periods', 'get'>>('/afterschool/periods', { query: { siteId } satisfies Query<'/afterschool/periods', 'get'> }),
  groups: (siteId: string, periodId?: string) =>
    http.get<Answer<'/afterschool/groups', 'get'>>('/afterschool/groups', { query: { siteId, periodId } satisfies Query<'/afterschool/groups', 'get'> }),
  /** A parent's own children (the server decides whose), or the site's for staff. */
  children: (siteId: string) => http.get<Answer<'/afterschool/children', 'get'>>('/afterschool/children', { query: { siteId } satisfies Query<'/afterschool/children', 'get'> }),
  createChild: (siteId: string, fields: ChildCreate, idempotencyKey: string) =>
    http.post<Answer<'/afterschool/children', 'post'>>('/afterschool/children', { siteId, ...fields } satisfies Body<'/afterschool/children', 'post'>, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  updateChild: (id: string, fields: ChildUpdate) => http.patch<Answer<'/afterschool/children/{childId}', 'patch'>>(child(id), fields),
  verifyDibao: (id: string, evidence: string) => http.post<Answer<'/afterschool/children/{childId}/dibao/verify', 'post'>>(`${child(id)}/dibao/verify`, { evidence }),
  setCollectors: (id: string, collectors: CollectorFields[]) =>
    http.put<Answer<'/afterschool/children/{childId}/collectors', 'put'>>(`${child(id)}/collectors`, { collectors } satisfies Body<'/afterschool/children/{childId}/collectors', 'put'>),
  addDelegation: (id: string, body: DelegationCreate, idempotencyKey: string) =>
    http.post<Answer<'/afterschool/children/{childId}/delegations', 'post'>>(`${child(id)}/delegations`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  removeDelegation: (id: string) => http.delete<Answer<'/afterschool/delegations/{delegationId}', 'delete'>>(`/afterschool/delegations/${encodeURIComponent(id)}`),
  enrol: (id: string, body: Body<'/afterschool/children/{childId}/enrolments', 'post'>, idempotencyKey: string) =>
    http.post<Answer<'/afterschool/children/{childId}/enrolments', 'post'>>(`${child(id)}/enrolments`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  withdraw: (enrolmentId: string) =>
    http.post<Answer<'/afterschool/enrolments/{enrolmentId}/withdraw', 'post'>>(`/afterschool/enrolments/${encodeURIComponent(enrolmentId)}/withdraw`),
  childMonth: (id: string, month: string) =>
    http.get<Answer<'/afterschool/children/{childId}/attendance', 'get'>>(`${child(id)}/attendance`, { query: { month } satisfies Query<'/afterschool/children/{childId}/attendance', 'get'> }),
  /** A month's statements: the parent's household's (the server decides whose), or every family's for staff. */
  statements: (siteId: string, month: string) =>
    http.get<Answer<'/afterschool/statements', 'get'>>('/afterschool/statements', { query: { siteId, month } satisfies Query<'/afterschool/statements', 'get'> }),
  // ── Staff ──
  sessions: (siteId: string, from: string, to: string, groupId?: string) =>
    http.get<Answer<'/afterschool/sessions', 'get'>>('/afterschool/sessions', { query: { siteId, from, to, groupId } satisfies Query<'/afterschool/sessions', 'get'> }),
  /** Each answers with how many families the outbox will tell. */
  cancelSession: (sessionId: string, reason: string) =>
    http.post<Answer<'/afterschool/sessions/{sessionId}/cancel', 'post'>>(`${session(sessionId)}/cancel`, { reason } satisfies Body<'/afterschool/sessions/{sessionId}/cancel', 'post'>),
  moveSession: (sessionId: string, body: SessionMove) => http.post<Answer<'/afterschool/sessions/{sessionId}/move', 'post'>>(`${session(sessionId)}/move`, body),
  notifications: (siteId: string) =>
    http.get<Answer<'/afterschool/notifications', 'get'>>('/afterschool/notifications', { query: { siteId } satisfies Query<'/afterschool/notifications', 'get'> }),
  refusals: (siteId: string, date?: string) =>
    http.get<Answer<'/afterschool/refusals', 'get'>>('/afterschool/refusals', { query: { siteId, date } satisfies Query<'/afterschool/refusals', 'get'> }),
  setRoster: (sessionId: string, staffIds: string[]) =>
    http.put<Answer<'/afterschool/sessions/{sessionId}/roster', 'put'>>(`${session(sessionId)}/roster`, { staffIds } satisfies Body<'/afterschool/sessions/{sessionId}/roster', 'put'>),
  sheet: (sessionId: string) => http.get<Answer<'/afterschool/sessions/{sessionId}/sheet', 'get'>>(`${session(sessionId)}/sheet`),
  checkIn: (sessionId: string, childId: string) =>
    http.post<Answer<'/afterschool/sessions/{sessionId}/check-in', 'post'>>(`${session(sessionId)}/check-in`, { childId } satisfies Body<'/afterschool/sessions/{sessionId}/check-in', 'post'>),
  /** Expected, or checked in by mistake: the session is then not billed. */
  markAbsent: (sessionId: string, childId: string) =>
    http.post<Answer<'/afterschool/sessions/{sessionId}/absence', 'post'>>(`${session(sessionId)}/absence`, { childId } satisfies Body<'/afterschool/sessions/{sessionId}/absence', 'post'>),
  checkOut: (sessionId: string, body: CheckOut) => http.post<Answer<'/afterschool/sessions/{sessionId}/check-out', 'post'>>(`${session(sessionId)}/check-out`, body),
  alerts: (siteId: string) => http.get<Answer<'/afterschool/alerts', 'get'>>('/afterschool/alerts', { query: { siteId } satisfies Query<'/afterschool/alerts', 'get'> }),
  /** Downloads go through the browser (the session cookie goes with them). */
  attendanceXlsxUrl: (siteId: string, from: string, to: string) => `${API_BASE}/afterschool/attendance.xlsx?${new URLSearchParams({ siteId, from, to })}`,
  rosterXlsxUrl: (siteId: string, weekStart: string) => `${API_BASE}/afterschool/roster.xlsx?${new URLSearchParams({ siteId, weekStart })}`,
};
