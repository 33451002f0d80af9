/**
 * Typed client for `/api/v1/childcare` (api/modules/childcare/*.routes.ts). The shapes are the
 * OpenAPI document's (web/src/api/types.ts); the names of class kinds, modes and halves come
 * from domain/childcare, so the pages and the server never disagree about them.
 */
import { http } from '@/api/http';
import type { Answer, Body, Query, Schema } from '@/api/types';

export { CLASS_KINDS, CLASS_KIND_NAMES } from '../../../../domain/childcare/classes';
export { HALVES, HALF_NAMES, SERVICE_MODE_NAMES } from '../../../../domain/childcare/modes';
export { ABSENCE_REASONS, ABSENCE_REASON_NAMES, FEVER_FROM_TENTHS, FINDINGS, FINDING_NAMES } from '../../../../domain/childcare/days';

export type Application = Schema<'ChildcareApplication'>;
export type ListedApplication = Schema<'ChildcareApplicationListed'>;
export type Standing = Schema<'ChildcareStanding'>;
export type Offer = Schema<'ChildcareOffer'>;
export type ChildcareClass = Schema<'ChildcareClass'>;
export type ClassKind = ChildcareClass['kind'];
export type ApplicationStatus = ListedApplication['status'];
export type OfferStatus = Offer['status'];
export type WaitlistedMode = ListedApplication['mode'];
export type ApplicationCreate = Omit<Schema<'ChildcareApplicationCreate'>, 'siteId'>;
export type ApplicationsQuery = Query<'/childcare/applications', 'get'>;
export type ClassFields = Schema<'ChildcareClassUpdate'>;
export type Statement = Schema<'ChildcareStatement'>;
export type Board = Schema<'ChildcareBoard'>;
export type RuleSetVersion = Schema<'ChildcareRuleSet'>;
export type Settings = Schema<'ChildcareSettings'>;

export const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['draft', 'submitted', 'offered', 'enrolled', 'withdrawn', 'rejected'];
export const OFFER_STATUSES: readonly OfferStatus[] = ['open', 'accepted', 'declined', 'lapsed'];
export const WAITLISTED_MODES: readonly WaitlistedMode[] = ['full_day', 'half_day', 'hourly'];
/** Priority facts a family may claim; the site's rule set decides what each is worth once staff verify it. */
export const PRIORITY_FACTS = ['resident', 'both_parents_working', 'sibling_enrolled', 'dibao', 'disability'] as const;

export type DaySheet = Schema<'ChildcareDaySheet'>;
export type ClassDay = Schema<'ChildcareClassDay'>;
export type ChildDay = Schema<'ChildcareChildDay'>;
export type ChildMonth = Schema<'ChildcareChildMonth'>;
export type Enrolment = Schema<'ChildcareEnrolment'>;
export type HealthCheck = Schema<'ChildcareHealthCheck'>;
export type AbsenceMark = Schema<'ChildcareAbsenceMark'>;
export type AbsenceReason = AbsenceMark['reason'];
export type Finding = HealthCheck['findings'][number];
export type Booking = Schema<'ChildcareBooking'>;
export type BookingCreate = Schema<'ChildcareBookingCreate'>;
export type FreeDay = Schema<'ChildcareFreeDay'>;

const application = (id: string) => `/childcare/applications/${encodeURIComponent(id)}`;
const booking = (id: string) => `/childcare/bookings/${encodeURIComponent(id)}`;
const offer = (id: string) => `/childcare/offers/${encodeURIComponent(id)}`;
const day = (enrolmentId: string, date: string) => `/childcare/enrolments/${encodeURIComponent(enrolmentId)}/days/${encodeURIComponent(date)}`;

export const childcareApi = {
  applications: (q: ApplicationsQuery) => http.get<Answer<'/childcare/applications', 'get'>>('/childcare/applications', { query: q }),
  /** A draft for the caller's household; the birth date is read from the 身份证号. */
  apply: (siteId: string, fields: ApplicationCreate, idempotencyKey: string) =>
    http.post<Answer<'/childcare/applications', 'post'>>('/childcare/applications', { siteId, ...fields } satisfies Body<'/childcare/applications', 'post'>, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  submit: (id: string) => http.post<Answer<'/childcare/applications/{applicationId}/submit', 'post'>>(`${application(id)}/submit`),
  withdraw: (id: string, reason?: string) =>
    http.post<Answer<'/childcare/applications/{applicationId}/withdraw', 'post'>>(`${application(id)}/withdraw`, {
      reason,
    } satisfies Body<'/childcare/applications/{applicationId}/withdraw', 'post'>),
  verifyFact: (id: string, fact: string, verified: boolean) =>
    http.post<Answer<'/childcare/applications/{applicationId}/facts/{fact}/verify', 'post'>>(
      `${application(id)}/facts/${encodeURIComponent(fact)}/${verified ? 'verify' : 'unverify'}`,
    ),
  offers: (siteId: string, status?: OfferStatus) =>
    http.get<Answer<'/childcare/offers', 'get'>>('/childcare/offers', { query: { siteId, status } satisfies Query<'/childcare/offers', 'get'> }),
  /** One key per click: a double press or a retried request answers once. */
  answerOffer: (id: string, answer: 'accept' | 'decline', idempotencyKey: string) =>
    http.post<Answer<'/childcare/offers/{offerId}/accept', 'post'>>(`${offer(id)}/${answer}`, undefined, { headers: { 'Idempotency-Key': idempotencyKey } }),
  classes: (siteId: string) => http.get<Answer<'/childcare/classes', 'get'>>('/childcare/classes', { query: { siteId } satisfies Query<'/childcare/classes', 'get'> }),
  createClass: (body: Body<'/childcare/classes', 'post'>) => http.post<Answer<'/childcare/classes', 'post'>>('/childcare/classes', body),
  updateClass: (id: string, fields: ClassFields) =>
    http.patch<Answer<'/childcare/classes/{classId}', 'patch'>>(`/childcare/classes/${encodeURIComponent(id)}`, fields),
  // ── Days ──
  daySheet: (siteId: string, date?: string) => http.get<Answer<'/childcare/days', 'get'>>('/childcare/days', { query: { siteId, date } satisfies Query<'/childcare/days', 'get'> }),
  healthCheck: (enrolmentId: string, date: string, body: HealthCheck) =>
    http.put<Answer<'/childcare/enrolments/{enrolmentId}/days/{date}/health-check', 'put'>>(`${day(enrolmentId, date)}/health-check`, body),
  /** One key per press: a retried request records once. */
  checkInOut: (enrolmentId: string, date: string, which: 'check-in' | 'check-out', idempotencyKey: string, at?: string) =>
    http.post<Answer<'/childcare/enrolments/{enrolmentId}/days/{date}/check-in', 'post'>>(
      `${day(enrolmentId, date)}/${which}`,
      { at } satisfies Body<'/childcare/enrolments/{enrolmentId}/days/{date}/check-in', 'post'>,
      { headers: { 'Idempotency-Key': idempotencyKey } },
    ),
  setDuty: (classId: string, date: string, carers: string[]) =>
    http.put<Answer<'/childcare/classes/{classId}/days/{date}/duty', 'put'>>(`/childcare/classes/${encodeURIComponent(classId)}/days/${encodeURIComponent(date)}/duty`, {
      carers,
    } satisfies Body<'/childcare/classes/{classId}/days/{date}/duty', 'put'>),
  enrolments: (siteId: string) => http.get<Answer<'/childcare/enrolments', 'get'>>('/childcare/enrolments', { query: { siteId } satisfies Query<'/childcare/enrolments', 'get'> }),
  childMonth: (enrolmentId: string, month: string) =>
    http.get<Answer<'/childcare/enrolments/{enrolmentId}/days', 'get'>>(`/childcare/enrolments/${encodeURIComponent(enrolmentId)}/days`, { query: { month } }),
  markAbsence: (enrolmentId: string, body: AbsenceMark, idempotencyKey: string) =>
    http.post<Answer<'/childcare/enrolments/{enrolmentId}/absences', 'post'>>(`/childcare/enrolments/${encodeURIComponent(enrolmentId)}/absences`, body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  cancelAbsence: (enrolmentId: string, date: string) => http.delete<Answer<'/childcare/enrolments/{enrolmentId}/days/{date}/absence', 'delete'>>(`${day(enrolmentId, date)}/absence`),
  /** Links the household's applications as siblings offered places together; an empty list unlinks this one. */
  linkSiblings: (id: string, applicationIds: string[]) =>
    http.post<Answer<'/childcare/applications/{applicationId}/siblings', 'post'>>(`${application(id)}/siblings`, {
      applicationIds,
    } satisfies Body<'/childcare/applications/{applicationId}/siblings', 'post'>),
  // ── 临时托 ──
  freePlaces: (siteId: string, from: string, to: string) =>
    http.get<Answer<'/childcare/bookings/free', 'get'>>('/childcare/bookings/free', { query: { siteId, from, to } satisfies Query<'/childcare/bookings/free', 'get'> }),
  /** A parent's household's days from today on; staff's the site's on a day. */
  bookings: (siteId: string, date?: string) => http.get<Answer<'/childcare/bookings', 'get'>>('/childcare/bookings', { query: { siteId, date } satisfies Query<'/childcare/bookings', 'get'> }),
  /** One key per attempt: a double press or a retried request books once. */
  book: (body: BookingCreate, idempotencyKey: string) =>
    http.post<Answer<'/childcare/bookings', 'post'>>('/childcare/bookings', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  cancelBooking: (id: string, idempotencyKey: string) =>
    http.post<Answer<'/childcare/bookings/{bookingId}/cancel', 'post'>>(`${booking(id)}/cancel`, undefined, { headers: { 'Idempotency-Key': idempotencyKey } }),
  checkInBooking: (id: string, idempotencyKey: string) =>
    http.post<Answer<'/childcare/bookings/{bookingId}/check-in', 'post'>>(`${booking(id)}/check-in`, undefined, { headers: { 'Idempotency-Key': idempotencyKey } }),
  board: (siteId: string) => http.get<Answer<'/childcare/board', 'get'>>('/childcare/board', { query: { siteId } satisfies Query<'/childcare/board', 'get'> }),
  /** A parent's household's statements, or every family's of the site for staff; newest month first. */
  statements: (siteId: string, month?: string) =>
    http.get<Answer<'/childcare/statements', 'get'>>('/childcare/statements', { query: { siteId, month } satisfies Query<'/childcare/statements', 'get'> }),
  /** Billing a month again bills only children not billed yet; the key makes a retried click answer once. */
  billMonth: (siteId: string, month: string, idempotencyKey: string) =>
    http.post<Answer<'/childcare/fees/bill', 'post'>>('/childcare/fees/bill', { siteId, month } satisfies Body<'/childcare/fees/bill', 'post'>, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  ruleSets: (siteId: string) => http.get<Answer<'/childcare/rule-sets', 'get'>>('/childcare/rule-sets', { query: { siteId } satisfies Query<'/childcare/rule-sets', 'get'> }),
  createRuleSet: (body: Body<'/childcare/rule-sets', 'post'>) => http.post<Answer<'/childcare/rule-sets', 'post'>>('/childcare/rule-sets', body),
  settings: (siteId: string) => http.get<Answer<'/childcare/settings', 'get'>>('/childcare/settings', { query: { siteId } satisfies Query<'/childcare/settings', 'get'> }),
  writeSettings: (body: Body<'/childcare/settings', 'put'>) => http.put<Answer<'/childcare/settings', 'put'>>('/childcare/settings', body),
};
