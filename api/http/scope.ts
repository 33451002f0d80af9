import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { Utils } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuthUser } from '../auth/auth-user';
import { notFound } from '../errors';

/**
 * What a caller may reach: the sites they work at (every site for a department), the household
 * of a parent or family login, the department of a department login.
 */
export interface Reach {
  sites: readonly string[] | 'all';
  householdId: string | null;
  departmentId: string | null;
}

export function reachOf(user: AuthUser): Reach {
  switch (user.role) {
    case 'department':
      return { sites: 'all', householdId: null, departmentId: user.departmentId };
    case 'parent':
    case 'family':
      // Their household's site, so they can read what it offers (classes, beds); its records stay the household's.
      return { sites: user.siteIds, householdId: user.householdId, departmentId: null };
    default:
      return { sites: user.siteIds, householdId: null, departmentId: null };
  }
}

/** Whose a record is: its site, and its household or department where it has one. */
export interface Owner {
  siteId: string;
  householdId?: string | null;
  departmentId?: string | null;
}

/**
 * A household's record is its household's alone; a department's record is its department's
 * alone (across every site); anything else belongs to its site.
 */
export function reaches(reach: Reach, owner: Owner): boolean {
  if (reach.householdId !== null && owner.householdId !== undefined) return owner.householdId === reach.householdId;
  if (reach.departmentId !== null && owner.departmentId !== undefined) return owner.departmentId === reach.departmentId;
  return reach.sites === 'all' || reach.sites.includes(owner.siteId);
}

export interface RequestInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * Where the records a route touches belong, declared beside its action and checked before its
 * handler runs. Anything outside the caller's reach answers 404, exactly as a record that does
 * not exist, so a caller learns nothing about other sites or households.
 * - `caller`: the caller's own session (log out, who am I).
 * - `reach`: a list over everything the caller reaches; the handler filters with `scope.where`.
 * - `site`: the site the request names (a list or a new record of that site).
 * - `record`: the record whose id the request names; its site, household or department decide.
 */
export type ScopeSpec<P = unknown, Q = unknown, B = unknown> =
  | { kind: 'caller' }
  | { kind: 'reach' }
  | { kind: 'site'; site: (input: RequestInput<P, Q, B>) => string }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | { kind: 'record'; entity: EntityName<any>; what: string; id: (input: RequestInput<P, Q, B>) => string; owner?: OwnerColumns };

/** Which of a record's properties say whose it is, where they are not named siteId, householdId, departmentId. */
export type OwnerColumns = Partial<Record<keyof Owner, string>>;

export const scope = {
  caller: { kind: 'caller' } as const,
  reach: { kind: 'reach' } as const,
  /** The site named by the query's `siteId` (a list of a site's records). */
  querySite: { kind: 'site', site: ({ query }) => query.siteId } as ScopeSpec<unknown, { siteId: string }, unknown>,
  /** The site named by the body's `siteId` (a new record of a site). */
  bodySite: { kind: 'site', site: ({ body }) => body.siteId } as ScopeSpec<unknown, unknown, { siteId: string }>,
  site: <P, Q, B>(site: (input: RequestInput<P, Q, B>) => string): ScopeSpec<P, Q, B> => ({ kind: 'site', site }),
  record: <P, Q, B>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    entity: EntityName<any>,
    what: string,
    id: (input: RequestInput<P, Q, B>) => string,
    owner?: OwnerColumns,
  ): ScopeSpec<P, Q, B> => ({ kind: 'record', entity, what, id, ...(owner ? { owner } : {}) }),
};

/** The scope a handler works in, resolved before it runs. */
export interface Scope {
  reach: Reach;
  /** The site the request names, or the site of the record it names. */
  siteId: string | null;
  /** The filter for a list of `entity`: the named site (or every site reached), the household, the department. */
  where<T extends object>(em: EntityManager, entity: EntityName<T>): FilterQuery<T>;
}

const OWNER_FIELDS = ['siteId', 'householdId', 'departmentId'] as const;

/** The owner fields an entity has, each with the property that holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function ownerColumnsOf(em: EntityManager, entity: EntityName<any>, named: OwnerColumns = {}): [keyof Owner, string][] {
  const meta = em.getMetadata().get(Utils.className(entity));
  return OWNER_FIELDS.flatMap((f) => {
    const property = named[f] ?? f;
    return meta.properties[property] ? [[f, property] as [keyof Owner, string]] : [];
  });
}

function scopeOf(reach: Reach, siteId: string | null): Scope {
  return {
    reach,
    siteId,
    where(em, entity) {
      const fields = ownerColumnsOf(em, entity).map(([f]) => f);
      const where: Record<string, unknown> = {};
      if (siteId !== null) where.siteId = siteId;
      else if (reach.sites !== 'all' && fields.includes('siteId')) where.siteId = { $in: [...reach.sites] };
      if (reach.householdId !== null && fields.includes('householdId')) where.householdId = reach.householdId;
      if (reach.departmentId !== null && fields.includes('departmentId')) where.departmentId = reach.departmentId;
      return where as FilterQuery<never>;
    },
  };
}

/** The scope of a public route: nothing is reached. */
export const noScope: Scope = scopeOf({ sites: [], householdId: null, departmentId: null }, null);

const named = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Checks a route's scope for a caller, on the request as it came (before validation, so that a
 * caller outside the scope learns nothing of what the route accepts): 404 when the site or the
 * record is out of reach or missing. `null` when the request names no site or record in the
 * shape its scope reads: its validation must then refuse it.
 */
export async function checkScope<P, Q, B>(em: EntityManager, user: AuthUser, spec: ScopeSpec<P, Q, B>, input: RequestInput<P, Q, B>): Promise<Scope | null> {
  const reach = reachOf(user);
  switch (spec.kind) {
    case 'caller':
    case 'reach':
      return scopeOf(reach, null);
    case 'site': {
      const siteId = named(spec.site(input));
      if (siteId === null) return null;
      if (!reaches(reach, { siteId })) throw notFound('Site');
      return scopeOf(reach, siteId);
    }
    case 'record': {
      const id = named(spec.id(input));
      if (id === null) return null;
      const columns = ownerColumnsOf(em, spec.entity, spec.owner);
      // A plain row, not an entity: the handler's own read of the record stays complete and fresh.
      const row = await (em as SqlEntityManager)
        .createQueryBuilder(spec.entity)
        .select([...new Set(columns.map(([, property]) => property))])
        .where({ id })
        .execute<Record<string, string | null> | undefined>('get');
      const owner = row && (Object.fromEntries(columns.map(([f, property]) => [f, row[property]])) as unknown as Owner);
      if (!owner || !reaches(reach, owner)) throw notFound(spec.what);
      return scopeOf(reach, owner.siteId);
    }
  }
}
