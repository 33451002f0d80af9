import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Request } from 'express';
import stringify from 'safe-stable-stringify';
import { insertRows, selectRows } from './db';
import { newId } from './entity-helpers';
import { badRequest, conflict } from './errors';
import { IdempotencyRecord, IIdempotencyRecord } from './idempotency.entity';

const KEY_PATTERN = /^[\w.:-]{1,128}$/;

/** An answer to a request: new, or the one kept for its Idempotency-Key and replayed. */
export interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * The keeper of an idempotent request's answer (DESIGN.md §4). The route that does the work
 * stores `record(answer)` in the work's own transaction, so the answer is kept exactly when the
 * work commits; the unique (user, key) decides a race between two requests with one key.
 */
export class AnswerKeeper {
  constructor(
    readonly userId: string,
    readonly key: string,
    private readonly requestHash: string,
    private readonly status: number,
  ) {}

  /** The row that keeps `body` as the answer, for the work's transaction to insert. */
  record(body: unknown): IIdempotencyRecord {
    return { id: newId(), userId: this.userId, key: this.key, requestHash: this.requestHash, statusCode: this.status, responseBody: JSON.stringify(body ?? null), createdAt: new Date() };
  }

  /** Keeps `body` as the answer in the work's transaction `tx`. */
  async keep(tx: EntityManager, body: unknown): Promise<void> {
    await insertRows(tx, IdempotencyRecord, [this.record(body)]);
  }

  /**
   * The answer kept for this key, if a request with it was answered: replayed when it was this
   * same request (the same method, path and body, whatever the order of its JSON keys), a 409
   * when the key was used for another.
   */
  async kept(em: EntityManager): Promise<Answer | null> {
    const [row] = await selectRows<{ request_hash: string; status_code: number; response_body: string }>(
      em,
      'select `request_hash`, `status_code`, `response_body` from `idempotency_record` where `user_id` = ? and `key` = ?',
      [this.userId, this.key],
    );
    if (!row) return null;
    if (row.request_hash !== this.requestHash) {
      throw conflict('This Idempotency-Key was used for a different request', {
        errors: [{ field: 'header.Idempotency-Key', code: 'key_reused', message: 'was already used with a different request' }],
      });
    }
    return { status: Number(row.status_code), body: JSON.parse(row.response_body), replayed: true };
  }
}

/** The keeper for a request that carries an Idempotency-Key (none without one); 400 for a malformed key. */
export function keeperOf(req: Request, userId: string, status: number): AnswerKeeper | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw badRequest('Invalid Idempotency-Key', [{ field: 'header.Idempotency-Key', code: 'format', params: { format: 'idempotency-key' }, message: 'must be 1–128 letters, digits, or . _ : -' }]);
  }
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${stringify(req.body ?? null)}`)
    .digest('hex');
  return new AnswerKeeper(userId, key, requestHash, status);
}
