import { createHash } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { fromDatetime, runStatement, selectRows } from '../db';
import type { ORM } from '../db';

/**
 * express-rate-limit's counts in the `rate_limit` table, so that every app instance on the
 * database counts the same attempts (DESIGN.md §5: rate limits in the database). A window is
 * fixed: it starts with a client's first hit and its count starts afresh once it has passed.
 * Time is the wall clock's, which express-rate-limit also reads (not the app's clock, which
 * tests move).
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs!: number;

  constructor(
    private readonly orm: ORM,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The row of a key: hashed with the limit's prefix, so client text never reaches SQL and the key has one length. */
  private bucket(key: string): string {
    return createHash('sha256').update(`${this.prefix}\n${key}`).digest('hex');
  }

  async increment(key: string): Promise<IncrementResponse> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const knex = em.getKnex();
    const bucket = this.bucket(key);
    const now = new Date();
    const resetsAt = new Date(now.getTime() + this.windowMs);
    // One atomic statement whatever the concurrency: the count goes up, or starts afresh when its
    // window has passed. `hits` is set first: MySQL and MariaDB read columns already assigned
    // in the same statement with their new values, SQLite with their old ones.
    const upsert = knex('rate_limit')
      .insert({ bucket, hits: 1, resets_at: resetsAt })
      .onConflict('bucket')
      .merge({
        hits: knex.raw('case when ?? <= ? then 1 else ?? + 1 end', ['resets_at', now, 'hits']),
        resets_at: knex.raw('case when ?? <= ? then ? else ?? end', ['resets_at', now, resetsAt, 'resets_at']),
      })
      .toSQL();
    await runStatement(em, upsert.sql, [...upsert.bindings]);
    const [row] = await selectRows<{ hits: number; resets_at: unknown }>(em, 'select `hits`, `resets_at` from `rate_limit` where `bucket` = ?', [bucket]);
    return { totalHits: Number(row.hits), resetTime: fromDatetime(row.resets_at) };
  }

  async decrement(key: string): Promise<void> {
    await runStatement(this.orm.em.fork(), 'update `rate_limit` set `hits` = `hits` - 1 where `bucket` = ? and `hits` > 0', [this.bucket(key)]);
  }

  async resetKey(key: string): Promise<void> {
    await runStatement(this.orm.em.fork(), 'delete from `rate_limit` where `bucket` = ?', [this.bucket(key)]);
  }
}

/** Deletes the counts whose window has passed; answers how many. */
export function pruneRateLimits(orm: ORM, now: Date): Promise<number> {
  return runStatement(orm.em.fork(), 'delete from `rate_limit` where `resets_at` <= ?', [now]);
}
