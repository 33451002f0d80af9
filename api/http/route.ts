import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { RequestContext } from '@mikro-orm/core';
import type { Request, Response, Router } from 'express';
import { z, ZodType } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { Action, mayDo, PERMISSIONS } from '../auth/permissions';
import type { Role } from '../auth/roles';
import type { AppContext } from '../context';
import { badRequest, fieldErrorsOf, forbidden, unauthorized } from '../errors';
import { Answer, AnswerKeeper, keeperOf } from '../idempotency';
import { retryingDeadlocks } from '../transaction';
import { checkScope, noScope, RequestInput, Scope, ScopeSpec } from './scope';
import { refuseNul } from './nul';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> extends RequestInput<P, Q, B> {
  user: AuthUser;
  /** The request's entity manager; for a route with `transaction`, the transaction's. */
  em: EntityManager;
  scope: Scope;
  app: AppContext;
  req: Request;
  res: Response;
}

/** Takes tickets that arrive together in one transaction (see api/desk.ts). */
export interface TicketTaker<T, R> {
  take(app: AppContext, em: EntityManager, ticket: T, keeper: AnswerKeeper | undefined): Promise<R>;
}

/**
 * One declaration per route: who may call it, where its records belong, what it accepts and
 * returns, and how it writes. The same spec mounts the Express handler, authorizes the caller,
 * checks the scope, validates the request and documents the route in OpenAPI.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: Method;
  /** Under /api/v1, Express style (`/canteen/orders/:orderId`). */
  path: string;
  /** `public` routes need no login (login itself, the CSRF token). */
  action: Action | 'public';
  /** Where the records it reads or writes belong; checked before the handler (404 outside it). Public routes have none. */
  scope?: ScopeSpec<P, Q, B>;
  summary: string;
  tag: string;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** null: 204 No Content. */
  response: ZodType<R> | null;
  status?: 200 | 201;
  /** The handler runs in one transaction the route opens, retried from the start on a deadlock. */
  transaction?: boolean;
  /**
   * Accepts an Idempotency-Key (DESIGN.md §4): a replay returns the first answer and does
   * nothing again. The route keeps the handler's answer in the handler's own transaction, so
   * an idempotent route is always a `transaction` (or a desk's) route.
   */
  idempotent?: boolean;
  /** The handler writes the response itself (files, exports); `response` documents JSON only. */
  raw?: { contentType: string };
  handler(ctx: RouteContext<P, Q, B>): Promise<R>;
  /** Set by deskRoute: the desk that takes the handler's work, together with what arrives at the same moment. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  desk?: { taker: TicketTaker<any, R>; ticket(ctx: RouteContext<P, Q, B>): unknown };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

type Declared<P, Q, B, R> = Omit<RouteSpec<P, Q, B, R>, 'desk'> & ({ action: 'public' } | { scope: ScopeSpec<P, Q, B> });

export function route<P = undefined, Q = undefined, B = undefined, R = unknown>(spec: Declared<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

/**
 * A route whose work a desk takes (api/desk.ts): the handler only says what is asked, as a
 * ticket; the desk takes it in one transaction with the tickets that arrive at the same moment
 * and keeps each one's answer under its Idempotency-Key there.
 */
export function deskRoute<P, Q, B, T, R>(
  spec: Omit<Declared<P, Q, B, R>, 'handler' | 'transaction'> & { scope: ScopeSpec<P, Q, B>; taker: TicketTaker<T, R>; ticket(ctx: RouteContext<P, Q, B>): NoInfer<T> },
): RouteSpec<P, Q, B, R> {
  const { taker, ticket, ...rest } = spec;
  return {
    ...rest,
    desk: { taker, ticket },
    handler: () => Promise.reject(new Error(`${spec.method} ${spec.path} is taken by its desk`)),
  };
}

export function rolesFor(spec: AnyRoute): readonly Role[] | 'public' {
  return spec.action === 'public' ? 'public' : PERMISSIONS[spec.action];
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(`Invalid ${where}`, fieldErrorsOf(result.error, where === 'body' ? [] : [where]));
  return result.data;
}

/** Authorization and scope come before validation, so a caller who may not call a route learns nothing about its input. */
function authorize(spec: AnyRoute, req: Request): AuthUser {
  if (spec.action === 'public') return req.user as AuthUser;
  const user = req.user as AuthUser | undefined;
  if (!user) throw unauthorized();
  if (!mayDo(user.role, spec.action)) throw forbidden(`Your role may not ${spec.action}`);
  return user;
}

/** The handler's answer, in the transaction the route declares, kept under the request's Idempotency-Key. */
function work(spec: AnyRoute, ctx: RouteContext<unknown, unknown, unknown>, keeper: AnswerKeeper | undefined): Promise<unknown> {
  if (spec.desk) return spec.desk.taker.take(ctx.app, ctx.em, spec.desk.ticket(ctx), keeper);
  if (!spec.transaction && !spec.idempotent) return spec.handler(ctx);
  return retryingDeadlocks(ctx.em, async (tx) => {
    const body = await spec.handler({ ...ctx, em: tx });
    // Here and nowhere else: a handler cannot forget to keep its answer.
    await keeper?.keep(tx, body);
    return body;
  });
}

async function answer(spec: AnyRoute, ctx: RouteContext<unknown, unknown, unknown>, status: number): Promise<Answer> {
  const keeper = spec.idempotent ? keeperOf(ctx.req, ctx.user.id, status) : undefined;
  try {
    return { status, body: await work(spec, ctx, keeper), replayed: false };
  } catch (err) {
    // The key may be taken: by a duplicate of this request that committed first (its insert of
    // the key fails here and rolls this work back), or by an earlier attempt whose work makes
    // this one fail (the portion it took, the money it charged). Then its answer is the answer.
    const kept = keeper ? await keeper.kept(ctx.app.orm.em.fork()) : null;
    if (kept) return kept;
    throw err;
  }
}

/** The first place where two JSON values differ, as a path, for a failure that says where to look. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return path;
}

/** Under test, every answer must be what the OpenAPI document says it is: nothing missing, nothing more. */
function assertDocumented(spec: AnyRoute, body: unknown): void {
  if (!spec.response) return;
  const sent = JSON.parse(JSON.stringify(body ?? null));
  const result = spec.response.safeParse(sent);
  if (!result.success) throw new Error(`${spec.method} ${spec.path} answered against its response schema: ${result.error.message}`);
  const differs = firstDifference(JSON.parse(JSON.stringify(result.data)), sent);
  if (differs) throw new Error(`${spec.method} ${spec.path} answered what its response schema does not document, at ${differs}`);
}

export function mountRoute(router: Router, app: AppContext, spec: AnyRoute): void {
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const user = authorize(spec, req);
    // No text of ours holds a NUL: refused before anything (the scope's lookup included) reaches SQL.
    refuseNul(req.params, 'params');
    refuseNul(req.query, 'query');
    refuseNul(req.body, 'body');
    const em = RequestContext.getEntityManager() ?? app.orm.em.fork();
    const scope = spec.action === 'public' ? noScope : await checkScope(em, user, spec.scope!, { params: req.params, query: req.query, body: req.body ?? {} });
    const input = { params: parse(spec.params, req.params, 'params'), query: parse(spec.query, req.query, 'query'), body: parse(spec.body, req.body, 'body') };
    // Validation refuses a request that names no site or record where its scope looks.
    if (!scope) throw new Error(`${spec.method} ${spec.path} validated a request that names nothing its scope can check`);
    const status = spec.response === null ? 204 : (spec.status ?? 200);
    const outcome = await answer(spec, { ...input, user, em, scope, app, req, res }, status);
    if (spec.raw) return;
    if (app.config.checkAnswers) assertDocumented(spec, outcome.body);
    if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
    if (outcome.status === 204) res.status(204).end();
    else res.status(outcome.status).json(outcome.body);
  });
}

export const idParam = <N extends string>(name: N) => z.object({ [name]: z.string().min(1).max(64) } as Record<N, z.ZodString>);
