import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badRequest, conflict, HttpProblem } from './errors';
import type { RouteContext } from './http/route';
import { IdempotencyRecord } from './idempotency.entity';

interface Outcome {
  status: number;
  body: unknown;
}

const KEY_PATTERN = /^[\w.:-]{1,128}$/;

/**
 * Runs a creating request at most once per (user, Idempotency-Key). The key row is claimed
 * first (a unique constraint decides races), the first response is stored, and a replay
 * returns it unchanged. A failed first attempt releases the key so the client may retry.
 */
export async function withIdempotency(ctx: RouteContext<unknown, unknown, unknown>, run: () => Promise<Outcome>): Promise<Outcome> {
  const key = ctx.req.get('Idempotency-Key');
  if (key === undefined) return run();
  if (!KEY_PATTERN.test(key)) {
    throw badRequest('Invalid Idempotency-Key', [{ field: 'header.Idempotency-Key', message: 'must be 1–128 letters, digits, or . _ : -' }]);
  }
  const requestHash = createHash('sha256')
    .update(`${ctx.req.method} ${ctx.req.baseUrl}${ctx.req.path}\n${JSON.stringify(ctx.req.body ?? null)}`)
    .digest('hex');
  const em = ctx.app.orm.em.fork();
  const userId = ctx.user.id;

  const existing = await em.findOne(IdempotencyRecord, { userId, key });
  if (existing) return replay(existing, requestHash, ctx);

  const claim = em.create(IdempotencyRecord, { userId, key, requestHash, statusCode: null, responseBody: null });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const winner = await em.fork().findOneOrFail(IdempotencyRecord, { userId, key });
      return replay(winner, requestHash, ctx);
    }
    throw err;
  }

  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (err) {
    await em.nativeDelete(IdempotencyRecord, { id: claim.id });
    throw err;
  }
  await em.nativeUpdate(IdempotencyRecord, { id: claim.id }, { statusCode: outcome.status, responseBody: JSON.stringify(outcome.body ?? null) });
  return outcome;
}

function replay(record: { requestHash: string; statusCode?: number | null; responseBody?: string | null }, requestHash: string, ctx: RouteContext<unknown, unknown, unknown>): Outcome {
  if (record.requestHash !== requestHash) {
    throw new HttpProblem(422, 'idempotency-mismatch', 'Idempotency-Key reused', 'This Idempotency-Key was used for a different request', [
      { field: 'header.Idempotency-Key', message: 'already used with a different request body' },
    ]);
  }
  if (record.statusCode == null) throw conflict('A request with this Idempotency-Key is still in progress; retry shortly');
  ctx.res.set('Idempotent-Replayed', 'true');
  return { status: record.statusCode, body: JSON.parse(record.responseBody ?? 'null') };
}
