import type { AppContext } from '../../context';
import { retryingDeadlocks } from '../../transaction';
import { sitesWithClasses } from './childcare.queries';
import { lapseOffers } from './waitlist.service';

/** How often each instance looks for lapsed offers; reads find them sooner. */
export const EXPIRE_EVERY_MS = 5 * 60 * 1000;

/**
 * Lapses every site's offers whose deadline has passed and offers their places to the next in
 * line, one site per transaction. Every site with classes is visited, so a place freed by a
 * change that raced another is still offered. Answers how many offers lapsed.
 */
export async function expireOffers({ orm, clock }: Pick<AppContext, 'orm' | 'clock'>): Promise<number> {
  let lapsed = 0;
  for (const siteId of await sitesWithClasses(orm.em.fork())) lapsed += await retryingDeadlocks(orm.em.fork(), (tx) => lapseOffers(tx, siteId, clock.now()));
  return lapsed;
}

/**
 * Runs expireOffers at start and every EXPIRE_EVERY_MS without keeping the process alive. Safe on
 * several instances at once: each takes a site's class locks before touching its offers, so
 * the second finds nothing left to lapse. Answers a stop function.
 */
export function scheduleOfferExpiry(context: AppContext): () => void {
  const run = () =>
    expireOffers(context).then(
      (lapsed) => context.logger.debug({ lapsed }, 'lapsed childcare offers'),
      (err) => context.logger.warn({ err }, 'lapsing childcare offers failed'),
    );
  void run();
  const timer = setInterval(() => void run(), EXPIRE_EVERY_MS).unref();
  return () => clearInterval(timer);
}
