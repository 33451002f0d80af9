/**
 * The one way the web app talks to the API: same origin, cookies, JSON in and out.
 *
 * - Errors come back as `application/problem+json`; they are thrown as {@link ApiError}.
 * - Every non-GET request carries `x-csrf-token`. The token is fetched once from
 *   `GET /api/v1/auth/csrf` and cached; a 403 whose problem `type` ends with `/csrf`
 *   refetches it once and retries the request.
 * - A 401 calls the registered unauthorized handler (the router sends the user to /login),
 *   unless the caller opts out (login and the boot-time `/auth/me` expect 401s).
 */

import type { Answer, Schema } from './types';

export const API_BASE = '/api/v1';

/** `message` is the server's English; `code` and `params` let the app say it (see composables/useServerText.ts). */
export type ProblemFieldError = NonNullable<Schema<'Problem'>['errors']>[number];

/** The document's Problem, loosened: the client makes its own too, for an answer that never came or was not JSON. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
}

/** `status` 0 means the request never got an HTTP answer (offline, server down, aborted). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** The message for one form field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * An Idempotency-Key for one attempt of a creating request: unguessable and unique;
 * getRandomValues also works where randomUUID does not (plain http on a LAN).
 */
export function newIdempotencyKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface RequestOptions {
  /** Query string parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Extra headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
  /** Do not call the unauthorized handler on 401 (the caller handles it). */
  skipAuthRedirect?: boolean;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
let csrfRequest: Promise<string> | null = null;
let unauthorizedHandler: ((error: ApiError) => void) | null = null;

/** Register what happens on a 401 (set once by the app at start-up). */
export function onUnauthorized(handler: (error: ApiError) => void): void {
  unauthorizedHandler = handler;
}

/** Replace the cached CSRF token (login regenerates the session and returns a new one). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function fetchCsrfToken(): Promise<string> {
  if (!csrfRequest) {
    csrfRequest = send<Answer<'/auth/csrf', 'get'>>('GET', '/auth/csrf', undefined, { skipAuthRedirect: true })
      .then((body) => {
        csrfToken = body.csrfToken;
        return body.csrfToken;
      })
      .finally(() => {
        csrfRequest = null;
      });
  }
  return csrfRequest;
}

async function getCsrfToken(): Promise<string> {
  return csrfToken ?? fetchCsrfToken();
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/api/') ? path : `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.includes('application/json') || type.includes('+json');
}

async function toProblem(response: Response): Promise<Problem> {
  if (isJson(response)) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return {
        ...body,
        type: body.type ?? 'about:blank',
        title: body.title ?? response.statusText,
        status: body.status ?? response.status,
      };
    } catch {
      // fall through to a generic problem
    }
  }
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

function isCsrfProblem(problem: Problem): boolean {
  return problem.status === 403 && problem.type.endsWith('/csrf');
}

async function send<T>(method: Method, path: string, body: unknown, options: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await getCsrfToken();

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    const aborted = cause instanceof DOMException && cause.name === 'AbortError';
    throw new ApiError({
      type: aborted ? 'about:blank#aborted' : 'about:blank#network',
      title: aborted ? 'Request aborted' : 'Network error',
      status: 0,
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }

  if (response.ok) {
    if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
    if (!isJson(response)) return (await response.text()) as T;
    return (await response.json()) as T;
  }

  const problem = await toProblem(response);
  if (isCsrfProblem(problem) && !retried && method !== 'GET') {
    csrfToken = null;
    await fetchCsrfToken();
    return send<T>(method, path, body, options, true);
  }
  const error = new ApiError(problem);
  if (problem.status === 401 && !options.skipAuthRedirect) {
    // The session is gone, and its CSRF token with it.
    csrfToken = null;
    unauthorizedHandler?.(error);
  }
  throw error;
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => send<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => send<T>('DELETE', path, undefined, options),
};
