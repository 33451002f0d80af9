/**
 * The API's shapes as the web's clients use them, read from web/src/api/schema.d.ts, which
 * `npm run api:types` generates from the OpenAPI document: a client names a route or a schema,
 * and never restates what the route takes or answers.
 */
import type { components, paths } from './schema';

/** A named schema of the document, e.g. `Schema<'CanteenMember'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** A path under /api/v1 as the clients write it, e.g. `/canteen/members/{memberId}`. */
export type ApiPath = keyof paths extends infer P ? (P extends `/api/v1${infer Rest}` ? Rest : never) : never;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Route<P extends ApiPath> = paths[Extract<`/api/v1${P}`, keyof paths>];
/** The methods the document has for a path, so a type never names a route that does not exist. */
export type MethodOf<P extends ApiPath> = { [M in Method]-?: [NonNullable<Route<P>[M]>] extends [never] ? never : M }[Method];
type Operation<P extends ApiPath, M extends MethodOf<P>> = NonNullable<Route<P>[M]>;

type Content<R> = R extends { content: { 'application/json': infer J } } ? J : R extends { content: { [type: string]: infer C } } ? C : void;
type Success<O> = O extends { responses: infer R } ? R[Extract<keyof R, 200 | 201 | 204>] : never;

/** What a route answers on success (`void` for a 204). */
export type Answer<P extends ApiPath, M extends MethodOf<P>> = Content<Success<Operation<P, M>>>;

/** The JSON body a route takes. */
export type Body<P extends ApiPath, M extends MethodOf<P>> =
  NonNullable<Operation<P, M>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

/**
 * A route's query as a client writes it: a query string has no null, and http.ts sends a
 * boolean as the `"true"`/`"false"` the route reads.
 */
type Written<Q> = {
  [K in keyof Q]: [Exclude<Q[K], undefined | null>] extends ['true' | 'false'] ? boolean | Extract<Q[K], undefined> : Exclude<Q[K], null>;
};
export type Query<P extends ApiPath, M extends MethodOf<P>> = Written<NonNullable<Operation<P, M>['parameters']['query']>>;
