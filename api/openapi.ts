import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AnyRoute } from './http/route';
import { rolesFor } from './http/route';

extendZodWithOpenApi(z);
export { z };

/**
 * An object with one `value` under every key, like `z.record(z.enum(keys), value)`, which the
 * document would show with every key optional (use `z.partialRecord` where keys may be missing).
 */
export function everyKey<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((key) => [key, value])) as Record<K, V>);
}

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ field: z.string(), code: z.string().optional(), params: z.record(z.string(), z.unknown()).optional(), message: z.string() }))
      .optional(),
  })
  .openapi('Problem');

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

/** The OpenAPI 3.1 document, generated from the very specs that mount and validate the routes. */
export function buildOpenApi(routes: AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  for (const spec of routes) {
    const roles = rolesFor(spec);
    const success = spec.response === null ? 204 : (spec.status ?? 200);
    registry.registerPath({
      method: spec.method,
      path: `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`,
      summary: spec.summary,
      tags: [spec.tag],
      'x-action': spec.action,
      'x-roles': roles,
      'x-scope': spec.scope?.kind ?? 'public',
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.idempotent ? { headers: z.object({ 'Idempotency-Key': z.string().max(128).optional() }) } : {}),
      },
      responses: {
        [success]:
          spec.response === null
            ? { description: 'Done' }
            : { description: 'OK', content: { [spec.raw?.contentType ?? 'application/json']: { schema: spec.response } } },
        400: problemResponse('Invalid request; `errors` names each field'),
        ...(roles === 'public' ? {} : { 401: problemResponse('Not logged in'), 403: problemResponse('Role or scope may not do this, or CSRF token missing') }),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '幸福里 一老一小 API',
      version: '1',
      description: 'Community canteen, childcare, care home and after-school operations with six-party cost sharing. Writes need the `x-csrf-token` header from `GET /api/v1/auth/csrf`.',
    },
    servers: [{ url: '/' }],
  });
}
