import { DeadlockException, EntityManager, LockWaitTimeoutException } from '@mikro-orm/core';
import { keeperFor } from '../../idempotency';

/**
 * Stores the answer under the request's Idempotency-Key in this transaction (a no-op without
 * one). The work may call it itself, e.g. alongside its own writes; otherwise it is called
 * with what the work returns, just before the commit.
 */
export type KeepAnswer<T> = (answer: T) => Promise<void>;

/**
 * Runs `work` in one transaction, retrying it (a few times, from the start) when MySQL or
 * MariaDB picks it as a deadlock victim or a lock wait times out. Every lock is taken
 * inside `work` in the same order (order → member → funding accounts → set meal), so a
 * retry is rare; it is still the database's documented answer to one.
 */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager, keep: KeepAnswer<T>) => Promise<T>, attempts = 4): Promise<T> {
  const keeper = keeperFor(em);
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional(async (tx) => {
        let kept = false;
        const keep: KeepAnswer<T> = async (answer) => {
          kept = true;
          await keeper?.keep(tx, answer);
        };
        const answer = await work(tx, keep);
        if (!kept) await keep(answer);
        return answer;
      });
    } catch (err) {
      const retriable = err instanceof DeadlockException || err instanceof LockWaitTimeoutException;
      if (!retriable || attempt >= attempts) throw err;
    }
  }
}
