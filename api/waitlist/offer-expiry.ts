import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import type { AppContext } from '../context';
import { retryingDeadlocks } from '../transaction';
import { sitesWithPlaces } from './site-lock';

/** How often each instance looks for lapsed offers; reads find them sooner. */
export const EXPIRE_EVERY_MS = 5 * 60 * 1000;

/** A waitlist's expiry: its places table (which sites to visit) and its lapse, which takes the site's lock itself. */
export interface Expiry {
  name: string;
  placesTable: string;
  lapse: (em: EntityManager, siteId: string, now: DateTime) => Promise<number>;
}

/**
 * Lapses every site's offers whose deadline has passed and offers their places to the next in
 * line, one site per transaction. Every site with places is visited, so a place freed by a change
 * that raced another is still offered. Answers how many offers lapsed.
 */
export async function expireOffersOf(expiry: Expiry, { orm, clock }: Pick<AppContext, 'orm' | 'clock'>): Promise<number> {
  let lapsed = 0;
  for (const siteId of await sitesWithPlaces(orm.em.fork(), expiry.placesTable)) lapsed += await retryingDeadlocks(orm.em.fork(), (tx) => expiry.lapse(tx, siteId, clock.now()));
  return lapsed;
}

/**
 * Runs expireOffersOf at start and every EXPIRE_EVERY_MS without keeping the process alive. Safe
 * on several instances at once: each takes a site's lock before touching its offers, so the
 * second finds nothing left to lapse. Answers a stop function.
 */
export function scheduleExpiryOf(expiry: Expiry, context: AppContext): () => void {
  const run = () =>
    expireOffersOf(expiry, context).then(
      (lapsed) => context.logger.debug({ lapsed }, `lapsed ${expiry.name} offers`),
      (err) => context.logger.warn({ err }, `lapsing ${expiry.name} offers failed`),
    );
  void run();
  const timer = setInterval(() => void run(), EXPIRE_EVERY_MS).unref();
  return () => clearInterval(timer);
}
