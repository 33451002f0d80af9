import { assertSiteAccess, siteScope } from '../../auth/auth-user';
import { notFound } from '../../errors';
import { idParam, route } from '../../http/route';
import { z } from '../../openapi';
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
    tag: 'sites',
    summary: 'Sites the caller may see',
    response: z.array(siteSchema),
    handler: async ({ em, user }) => {
      const scope = siteScope(user);
      const sites = await em.find(Site, scope === 'all' ? {} : { id: { $in: scope } }, { orderBy: { code: 'asc' } });
      return sites.map(toSite);
    },
  }),
  route({
    method: 'get',
    path: '/sites/:siteId',
    action: 'sites.read',
    tag: 'sites',
    summary: 'One site',
    params: idParam('siteId'),
    response: siteSchema,
    handler: async ({ em, user, params }) => {
      assertSiteAccess(user, params.siteId);
      const site = await em.findOne(Site, { id: params.siteId });
      if (!site) throw notFound('Site');
      return toSite(site);
    },
  }),
];
