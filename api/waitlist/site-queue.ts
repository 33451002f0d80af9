import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { conflict } from '../errors';
import { lockPlacesOf } from './site-lock';

/** What a module's queue supplies: where its places are, how it records lapsed offers and how it offers its free places. */
export interface SiteQueue {
  placesTable: string;
  /** Records the site's offers whose deadline's day has ended; answers how many. */
  recordLapses(em: EntityManager, siteId: string, now: DateTime): Promise<number>;
  /** Ranks the queue for today and offers every free place to the first entry that fits it. */
  offerFreePlaces(em: EntityManager, siteId: string, now: DateTime): Promise<void>;
}

/**
 * A change that can free or need a place, in the route's transaction: the site's places are
 * locked first, lapsed offers are recorded, the change is made, and the free places are offered at once.
 */
export async function changeSiteOf<T>(queue: SiteQueue, em: EntityManager, siteId: string, now: DateTime, change: () => Promise<T>): Promise<T> {
  await lockPlacesOf(em, queue.placesTable, siteId);
  await queue.recordLapses(em, siteId, now);
  const result = await change();
  await em.flush();
  await queue.offerFreePlaces(em, siteId, now);
  return result;
}

/**
 * Lapses the site's overdue offers and offers their places to the next in line, with no staff
 * action: for every read of the queue and for the schedule (several instances take the site's
 * lock in turn). Answers how many lapsed.
 */
export async function lapseOffersOf(queue: SiteQueue, em: EntityManager, siteId: string, now: DateTime): Promise<number> {
  await lockPlacesOf(em, queue.placesTable, siteId);
  const lapsed = await queue.recordLapses(em, siteId, now);
  await queue.offerFreePlaces(em, siteId, now);
  return lapsed;
}

/**
 * An offer must still be open to be answered (409 naming `field` otherwise); answering it the
 * same way again changes nothing (false).
 */
export function answerable(offer: { status: string; deadline: string }, answer: 'accepted' | 'declined', field: string): boolean {
  if (offer.status === answer) return false;
  if (offer.status !== 'open') {
    throw conflict(`The offer is ${offer.status}`, { errors: [{ field, code: `offer_${offer.status}`, params: { deadline: offer.deadline }, message: `is ${offer.status}` }] });
  }
  return true;
}
