/**
 * Typed client for `/api/v1/carehome` (api/modules/carehome/carehome.routes.ts). The shapes are
 * the OpenAPI document's (web/src/api/types.ts); bed state names come from domain/carehome.
 */
import { http } from '@/api/http';
import type { Answer, Body, Query } from '@/api/types';

export { BED_STATE_NAMES } from '../../../../domain/carehome/beds';
export { LEAVE_KIND_NAMES, LEAVE_KINDS, type LeaveKind } from '../../../../domain/carehome/leave';
export { BED_FEATURES, CLAIMABLE_CATEGORIES as CLAIMABLE } from '../../../../domain/carehome/vocabulary';

export type BedBoard = Answer<'/carehome/beds', 'get'>;
export type BoardBed = BedBoard['beds'][number];
export type Application = Answer<'/carehome/applications', 'get'>[number];
export type ApplicationDetail = Answer<'/carehome/applications/{careApplicationId}', 'get'>;
export type ApplicationCreate = Body<'/carehome/applications', 'post'>;
export type ApplicationStatus = NonNullable<Query<'/carehome/applications', 'get'>['status']>;
export type AssessmentCreate = Body<'/carehome/applications/{careApplicationId}/assessments', 'post'>;
export type Residence = Answer<'/carehome/residences/{residenceId}/discharge', 'post'>;
export type Discharge = Body<'/carehome/residences/{residenceId}/discharge', 'post'>;
export type Offer = Answer<'/carehome/offers', 'get'>[number];
export type Occupancy = Answer<'/carehome/occupancy', 'get'>;
export type RuleSetVersion = Answer<'/carehome/rule-sets', 'get'>[number];
export type CareHomeSettings = RuleSetVersion['settings'];
/** A care level's price: its line's quote of a bed-day (or why the site cannot price it). */
export type LevelQuote = RuleSetVersion['prices'][number];
export { ASSESSED_GRADE_NAMES, ASSESSED_GRADES } from '../../../../domain/shared/categories';
export { CARE_HOME_BED_LINES } from '../../../../domain/carehome/care-levels';

const offer = (id: string) => `/carehome/offers/${encodeURIComponent(id)}`;
const application = (id: string) => `/carehome/applications/${encodeURIComponent(id)}`;
const residence = (id: string) => `/carehome/residences/${encodeURIComponent(id)}`;

export const carehomeApi = {
  board: (siteId: string) => http.get<BedBoard>('/carehome/beds', { query: { siteId } }),
  setBedState: (id: string, state: Body<'/carehome/beds/{bedId}/state', 'post'>['state'], reason?: string) =>
    http.post<BoardBed>(`/carehome/beds/${encodeURIComponent(id)}/state`, { state, reason }),
  applications: (siteId: string, status?: ApplicationStatus) => http.get<Application[]>('/carehome/applications', { query: { siteId, status } }),
  application: (id: string) => http.get<ApplicationDetail>(application(id)),
  /** The key is kept by the form across a retry, so an ambiguous failure applies once. */
  apply: (body: ApplicationCreate, idempotencyKey: string) => http.post<ApplicationDetail>('/carehome/applications', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  verifyFact: (id: string, fact: string, verify: boolean) => http.post<ApplicationDetail>(`${application(id)}/facts/${encodeURIComponent(fact)}/${verify ? 'verify' : 'unverify'}`),
  assess: (id: string, body: AssessmentCreate) => http.post<Answer<'/carehome/applications/{careApplicationId}/assessments', 'post'>>(`${application(id)}/assessments`, body),
  offers: (siteId: string) => http.get<Offer[]>('/carehome/offers', { query: { siteId } }),
  /** One key per click: a double press or a retried request answers once. */
  answerOffer: (id: string, answer: 'accept' | 'decline', idempotencyKey: string) =>
    http.post<Answer<'/carehome/offers/{careOfferId}/accept', 'post'>>(`${offer(id)}/${answer}`, answer === 'accept' ? {} : undefined, { headers: { 'Idempotency-Key': idempotencyKey } }),
  transfer: (id: string, body: Body<'/carehome/residences/{residenceId}/transfer', 'post'>) => http.post<Residence>(`${residence(id)}/transfer`, body),
  leave: (id: string, body: Body<'/carehome/residences/{residenceId}/leaves', 'post'>) => http.post<Residence>(`${residence(id)}/leaves`, body),
  returnFromLeave: (id: string, date: string) => http.post<Residence>(`${residence(id)}/return`, { date }),
  discharge: (id: string, body: Discharge) => http.post<Residence>(`${residence(id)}/discharge`, body),
  /** The key is kept by the dialog across a retry, so an ambiguous failure amends once. */
  amendContract: (id: string, body: Body<'/carehome/residences/{residenceId}/contract/amendments', 'post'>, idempotencyKey: string) =>
    http.post<Residence>(`${residence(id)}/contract/amendments`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  /** The key is kept by the dialog across a retry, so an ambiguous failure changes the deposit once. */
  changeDeposit: (id: string, body: Body<'/carehome/residences/{residenceId}/contract/deposit', 'post'>, idempotencyKey: string) =>
    http.post<Residence>(`${residence(id)}/contract/deposit`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  /** The site's policy: the offer deadline and the deposit cap in months of the contract's price. */
  settings: (siteId: string) => http.get<Answer<'/carehome/settings', 'get'>>('/carehome/settings', { query: { siteId } }),
  ruleSets: (siteId: string) => http.get<RuleSetVersion[]>('/carehome/rule-sets', { query: { siteId } }),
  createRuleSet: (body: Body<'/carehome/rule-sets', 'post'>) => http.post<RuleSetVersion[]>('/carehome/rule-sets', body),
  occupancy: (siteId: string, from: string, to: string) => http.get<Occupancy>('/carehome/occupancy', { query: { siteId, from, to } }),
};
