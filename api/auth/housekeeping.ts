import type { AppContext } from '../context';
import type { ORM } from '../db';
import { pruneRateLimits } from './rate-limit-store';
import { Session } from './session.entity';

/** How often each instance deletes what has expired. */
export const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Deletes expired sessions and login counts whose window has passed; answers how many of each. */
export async function pruneExpired(orm: ORM, now: Date): Promise<{ sessions: number; rateLimits: number }> {
  const sessions = await orm.em.fork().nativeDelete(Session, { expiresAt: { $lte: now } });
  return { sessions, rateLimits: await pruneRateLimits(orm, now) };
}

/**
 * Prunes at start and then every PRUNE_EVERY_MS, without keeping the process alive. Each
 * instance may run it: deleting rows already deleted is harmless. Wall-clock time, as sessions
 * and login limits expire by it. Answers a stop function.
 */
export function schedulePruning({ orm, logger }: AppContext): () => void {
  const run = () =>
    pruneExpired(orm, new Date()).then(
      (pruned) => logger.debug(pruned, 'pruned expired sessions and login counts'),
      (err) => logger.warn({ err }, 'pruning expired sessions and login counts failed'),
    );
  void run();
  const timer = setInterval(() => void run(), PRUNE_EVERY_MS).unref();
  return () => clearInterval(timer);
}
