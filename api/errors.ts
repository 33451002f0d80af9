import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { CostSharingError } from '../domain/costsharing/errors';
import { fieldCodeOf } from './http/field-errors';

/** `message` is English for people; `code` and `params` are for clients to word it themselves (see http/field-errors.ts). */
export interface FieldError {
  field: string;
  code?: string;
  params?: Record<string, unknown>;
  message: string;
}

/** A typed failure that maps to one problem+json answer (RFC 9457). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(400, 'validation', 'Invalid request', detail, errors);
export const unauthorized = (detail = 'Please log in') => new HttpProblem(401, 'unauthorized', 'Not logged in', detail);
export const forbidden = (detail = 'You may not do this') => new HttpProblem(403, 'forbidden', 'Forbidden', detail);
export const notFound = (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} not found`);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(409, 'conflict', 'Conflict', detail, undefined, extra);
/** A domain rule said no (a closed period, a cut-off passed): the request was understood but refused. */
export const ruleBroken = (detail: string, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(422, 'rule', 'Rule not satisfied', detail, errors, extra);

export function fieldErrorsOf(error: ZodError, prefix: string[] = []): FieldError[] {
  return error.issues.map((i) => ({ field: [...prefix, ...i.path.map(String)].join('.') || '(body)', ...fieldCodeOf(i), message: i.message }));
}

/** The standard members come last, so an extra named like one of them can never change the answer's type or status. */
export function problemBody(p: HttpProblem) {
  return {
    ...(p.extra ?? {}),
    type: `/problems/${p.slug}`,
    title: p.title,
    status: p.status,
    detail: p.message,
    ...(p.errors ? { errors: p.errors } : {}),
  };
}

export function sendProblem(res: Parameters<ErrorRequestHandler>[2], p: HttpProblem): void {
  res.status(p.status).type('application/problem+json').json(problemBody(p));
}

/** The one error middleware: typed errors become problem+json; anything else is a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(res, err);
    if (err?.code === 'EBADCSRFTOKEN') {
      return sendProblem(res, new HttpProblem(403, 'csrf', 'CSRF token missing or wrong', 'Send the token from GET /api/v1/auth/csrf as x-csrf-token'));
    }
    // The engine refuses input no quote can be made from, naming the field.
    if (err instanceof CostSharingError) return sendProblem(res, ruleBroken(err.message, [{ field: err.field, message: err.message }]));
    if (err instanceof ZodError) return sendProblem(res, badRequest('Invalid request', fieldErrorsOf(err)));
    // The router could not percent-decode a path parameter (`%ZZ`, an overlong or a surrogate UTF-8 sequence).
    if (err?.status === 400 && err instanceof URIError) {
      return sendProblem(res, badRequest('The path is not validly percent-encoded', [{ field: '(path)', code: 'format', params: { format: 'uri' }, message: err.message }]));
    }
    // body-parser's own errors (malformed JSON, too large) carry a status and `expose`.
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && err.expose) {
      return sendProblem(res, new HttpProblem(err.status, 'bad-body', 'Invalid request body', err.message, [{ field: '(body)', message: err.message }]));
    }
    logger.error({ err, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong; it has been logged'));
  };
}
