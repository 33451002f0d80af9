import { notFound } from '../../errors';
import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { Household } from './household.entity';
import { ISite, Site } from './site.entity';

const siteSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    community: z.string(),
    district: z.string(),
    householdCount: z.number().int(),
  })
  .openapi('Site');

const householdSchema = z.object({ id: z.string(), siteId: z.string(), name: z.string() }).openapi('Household');

const toSite = (s: ISite) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  community: s.community,
  district: s.district,
  householdCount: s.householdCount,
});

export const sitesRoutes = [
  route({
    method: 'get',
    path: '/sites',
    action: 'sites.read',
    scope: scope.reach,
    tag: 'sites',
    summary: 'Sites the caller may see',
    response: z.array(siteSchema),
    handler: async ({ em, scope }) => {
      const { sites: reached } = scope.reach;
      const sites = await em.find(Site, reached === 'all' ? {} : { id: { $in: [...reached] } }, { orderBy: { code: 'asc' } });
      return sites.map(toSite);
    },
  }),
  route({
    method: 'get',
    path: '/sites/:siteId',
    action: 'sites.read',
    scope: scope.site<{ siteId: string }, unknown, unknown>(({ params }) => params.siteId),
    tag: 'sites',
    summary: 'One site',
    params: idParam('siteId'),
    response: siteSchema,
    handler: async ({ em, params }) => {
      const site = await em.findOne(Site, { id: params.siteId });
      if (!site) throw notFound('Site');
      return toSite(site);
    },
  }),
  route({
    method: 'get',
    path: '/households/:householdId',
    action: 'households.read',
    // A household's own id says whose it is.
    scope: scope.record<{ householdId: string }, unknown, unknown>(Household, 'Household', ({ params }) => params.householdId, { householdId: 'id' }),
    tag: 'sites',
    summary: 'A household: a parent or family login sees its own, staff the households of their sites',
    params: idParam('householdId'),
    response: householdSchema,
    handler: async ({ em, params }) => {
      const { id, siteId, name } = await em.findOneOrFail(Household, { id: params.householdId });
      return { id, siteId, name };
    },
  }),
];
