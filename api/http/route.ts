import type { EntityManager } from '@mikro-orm/core';
import { RequestContext } from '@mikro-orm/core';
import type { NextFunction, Request, Response, Router } from 'express';
import { z, ZodType } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { Action, mayDo, PERMISSIONS } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { badRequest, fieldErrorsOf, forbidden, unauthorized } from '../errors';
import type { AppContext } from '../context';
import { withIdempotency } from '../idempotency';
import { refuseNul } from './nul';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> {
  user: AuthUser;
  params: P;
  query: Q;
  body: B;
  em: EntityManager;
  app: AppContext;
  req: Request;
  res: Response;
}

/**
 * One declaration per route: who may call it, what it accepts and returns. The same spec
 * mounts the Express handler, validates the request and documents the route in OpenAPI.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: Method;
  /** Under /api/v1, Express style (`/canteen/orders/:orderId`). */
  path: string;
  /** `public` routes need no login (login itself, the CSRF token). */
  action: Action | 'public';
  summary: string;
  tag: string;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** null: 204 No Content. */
  response: ZodType<R> | null;
  status?: 200 | 201;
  /**
   * Accepts an Idempotency-Key; a replay returns the first response (DESIGN.md §4). The
   * handler must keep its answer in its work's transaction (inTransaction does; so does the order
   * desk) and answer with what that work returned.
   */
  idempotent?: boolean;
  /** The handler writes the response itself (files, exports); `response` documents JSON only. */
  raw?: { contentType: string };
  handler(ctx: RouteContext<P, Q, B>): Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

export function route<P = undefined, Q = undefined, B = undefined, R = unknown>(spec: RouteSpec<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

export function rolesFor(spec: AnyRoute): readonly Role[] | 'public' {
  return spec.action === 'public' ? 'public' : PERMISSIONS[spec.action];
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  refuseNul(value, where);
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(`Invalid ${where}`, fieldErrorsOf(result.error, where === 'body' ? [] : [where]));
  return result.data;
}

/** Authorization comes before validation, so a caller who may not call a route learns nothing about its input. */
function authorize(spec: AnyRoute, req: Request): AuthUser {
  if (spec.action === 'public') return req.user as AuthUser;
  const user = req.user as AuthUser | undefined;
  if (!user) throw unauthorized();
  if (!mayDo(user.role, spec.action)) throw forbidden(`Your role may not ${spec.action}`);
  return user;
}

export function mountRoute(router: Router, app: AppContext, spec: AnyRoute): void {
  router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
    const user = authorize(spec, req);
    const ctx: RouteContext<unknown, unknown, unknown> = {
      user,
      params: parse(spec.params, req.params, 'params'),
      query: parse(spec.query, req.query, 'query'),
      body: parse(spec.body, req.body, 'body'),
      em: RequestContext.getEntityManager() ?? app.orm.em.fork(),
      app,
      req,
      res,
    };
    const status = spec.response === null ? 204 : (spec.status ?? 200);
    const run = async () => ({ status, body: await spec.handler(ctx) });
    const outcome = spec.idempotent ? await withIdempotency(ctx, status, run) : await run();
    if (spec.raw) return;
    if (outcome.status === 204) res.status(204).end();
    else res.status(outcome.status).json(outcome.body);
    void next;
  });
}

export const idParam = (name: string) => z.object({ [name]: z.string().min(1).max(64) });
