import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { insertRows, selectRows } from './db';
import { newId } from './entity-helpers';
import { badRequest, HttpProblem } from './errors';
import type { RouteContext } from './http/route';
import { IdempotencyRecord, IIdempotencyRecord } from './idempotency.entity';

interface Outcome {
  status: number;
  body: unknown;
}

const KEY_PATTERN = /^[\w.:-]{1,128}$/;

/**
 * Stores an idempotent request's answer under its Idempotency-Key inside the transaction that
 * does the request's work, so the answer is kept exactly when the work is committed.
 */
export class AnswerKeeper {
  private keptBody: unknown;
  private kept = false;

  constructor(
    readonly userId: string,
    readonly key: string,
    private readonly requestHash: string,
    private readonly status: number,
  ) {}

  /**
   * The record of `body` as the answer, for the caller to insert in the work's transaction.
   * Asked again only when a retry runs the work anew (the first transaction rolled back).
   */
  record(body: unknown): IIdempotencyRecord {
    this.kept = true;
    this.keptBody = body;
    return { id: newId(), userId: this.userId, key: this.key, requestHash: this.requestHash, statusCode: this.status, responseBody: JSON.stringify(body ?? null), createdAt: new Date() };
  }

  /** Stores `body` as the answer in the work's transaction. */
  async keep(tx: EntityManager, body: unknown): Promise<void> {
    // The unique (user, key) decides a race: a second transaction with the key fails here and rolls back.
    await insertRows(tx, IdempotencyRecord, [this.record(body)]);
  }

  /** Whether the answer kept is the one the route sends. */
  keeps(body: unknown): boolean {
    return this.kept && this.keptBody === body;
  }
}

// Keyed by the request's entity manager: the one a route hands its service, which hands it to
// inTransaction or the order desk.
const keepers = new WeakMap<EntityManager, AnswerKeeper>();

/** The keeper of the request `em` serves, when that request carries an Idempotency-Key. */
export const keeperFor = (em: EntityManager): AnswerKeeper | undefined => keepers.get(em);

/**
 * Runs a creating request at most once per (user, Idempotency-Key). The handler does its
 * work in one transaction (inTransaction, or an order desk batch), which also stores the
 * answer under the key: the unique (user, key) decides a race, a retry after a commit gets the
 * first answer back unchanged, and a failed attempt leaves the key free for a real retry.
 */
export async function withIdempotency(ctx: RouteContext<unknown, unknown, unknown>, status: number, run: () => Promise<Outcome>): Promise<Outcome> {
  const key = ctx.req.get('Idempotency-Key');
  if (key === undefined) return run();
  if (!KEY_PATTERN.test(key)) {
    throw badRequest('Invalid Idempotency-Key', [{ field: 'header.Idempotency-Key', message: 'must be 1–128 letters, digits, or . _ : -' }]);
  }
  const requestHash = createHash('sha256')
    .update(`${ctx.req.method} ${ctx.req.baseUrl}${ctx.req.path}\n${JSON.stringify(ctx.req.body ?? null)}`)
    .digest('hex');
  const keeper = new AnswerKeeper(ctx.user.id, key, requestHash, status);
  keepers.set(ctx.em, keeper);
  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (err) {
    // The key may be taken: by this very request's duplicate insert, or by an earlier attempt
    // whose work makes this one fail (the portion it took, the money it charged).
    const earlier = await answered(ctx, key);
    if (earlier) return replay(earlier, requestHash, ctx);
    throw err;
  } finally {
    keepers.delete(ctx.em);
  }
  if (!keeper.keeps(outcome.body)) {
    throw new Error(`${ctx.req.method} ${ctx.req.baseUrl}${ctx.req.path} is idempotent: its handler must keep its answer in its work's transaction (inTransaction) and answer with what the work returned`);
  }
  return outcome;
}

interface Answered {
  requestHash: string;
  statusCode: number;
  responseBody: string;
}

async function answered(ctx: RouteContext<unknown, unknown, unknown>, key: string): Promise<Answered | null> {
  const [row] = await selectRows<{ request_hash: string; status_code: number; response_body: string }>(
    ctx.app.orm.em.fork(),
    'select `request_hash`, `status_code`, `response_body` from `idempotency_record` where `user_id` = ? and `key` = ?',
    [ctx.user.id, key],
  );
  return row ? { requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body } : null;
}

function replay(record: Answered, requestHash: string, ctx: RouteContext<unknown, unknown, unknown>): Outcome {
  if (record.requestHash !== requestHash) {
    throw new HttpProblem(422, 'idempotency-mismatch', 'Idempotency-Key reused', 'This Idempotency-Key was used for a different request', [
      { field: 'header.Idempotency-Key', message: 'already used with a different request body' },
    ]);
  }
  ctx.res.set('Idempotent-Replayed', 'true');
  return { status: Number(record.statusCode), body: JSON.parse(record.responseBody) };
}
