import { DeadlockException, EntityManager, LockWaitTimeoutException } from '@mikro-orm/core';
import { keeperFor } from '../../idempotency';

/**
 * Runs `work` in one transaction, retrying it (a few times, from the start) when MySQL or
 * MariaDB picks it as a deadlock victim or a lock wait times out. Every lock is taken
 * inside `work` in the same order (order → member → funding accounts → set meal), so a
 * retry is rare; it is still the database's documented answer to one.
 */
export async function retryingDeadlocks<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional(work);
    } catch (err) {
      const retriable = err instanceof DeadlockException || err instanceof LockWaitTimeoutException;
      if (!retriable || attempt >= attempts) throw err;
    }
  }
}

/** retryingDeadlocks, keeping the answer under the request's Idempotency-Key (if any) in the same transaction. */
export function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const keeper = keeperFor(em);
  return retryingDeadlocks(em, async (tx) => {
    const answer = await work(tx);
    await keeper?.keep(tx, answer);
    return answer;
  });
}
