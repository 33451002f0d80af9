/**
 * Typed client for `/api/v1/carehome` (api/modules/carehome/carehome.routes.ts). The shapes are
 * the OpenAPI document's (web/src/api/types.ts); bed state names come from domain/carehome.
 */
import { http } from '@/api/http';
import type { Answer } from '@/api/types';

export { BED_STATE_NAMES } from '../../../../domain/carehome/beds';
export { DEFAULT_CARE_HOME_SETTINGS } from '../../../../domain/carehome/care-levels';

export type BedBoard = Answer<'/carehome/beds', 'get'>;
export type BoardBed = BedBoard['beds'][number];
export type Application = Answer<'/carehome/applications', 'get'>[number];

const offer = (id: string) => `/carehome/offers/${encodeURIComponent(id)}`;

export const carehomeApi = {
  board: (siteId: string) => http.get<BedBoard>('/carehome/beds', { query: { siteId } }),
  applications: (siteId: string) => http.get<Application[]>('/carehome/applications', { query: { siteId } }),
  /** One key per click: a double press or a retried request answers once. */
  answerOffer: (id: string, answer: 'accept' | 'decline', idempotencyKey: string) =>
    http.post<Answer<'/carehome/offers/{careOfferId}/accept', 'post'>>(`${offer(id)}/${answer}`, answer === 'accept' ? {} : undefined, { headers: { 'Idempotency-Key': idempotencyKey } }),
};
