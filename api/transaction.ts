import { DeadlockException, EntityManager, LockWaitTimeoutException } from '@mikro-orm/core';

/**
 * Runs `work` in one transaction, retrying it (a few times, from the start) when MySQL or
 * MariaDB picks it as a deadlock victim or a lock wait times out, as a Galera cluster does with
 * a certification conflict (reported as a deadlock). Modules take their locks in one documented
 * order, so a retry is rare; it is still the database's documented answer to one.
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
