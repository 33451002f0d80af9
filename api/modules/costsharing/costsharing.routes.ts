import { SERVICE_LINES, SERVICES, TIER_LABELS } from '../../../domain/costsharing';
import { BUSINESS_ZONE } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { ContributionRule, CostModelVersion } from './cost-model.entity';
import {
  contribution,
  contributionCreate,
  contributionWrite,
  costModel,
  costModelCreate,
  fundingAccount,
  fundingRollover,
  fundingYear,
  marginReport,
  quoteRequest,
  quoteSchema,
  serviceLineField,
  yearField,
} from './costsharing.schemas';
import {
  createCostModel,
  deleteContribution,
  deleteCostModel,
  describeContributions,
  describeCostModel,
  marginReport as buildMarginReport,
  previewQuotes,
  writeContribution,
} from './costsharing.service';
import { Department } from './department.entity';
import { readFundingAccounts } from './funding-accounts';
import { describeFundingYear, openFundingYear } from './funding-year';
import { Party, PARTY_KINDS } from './party.entity';

const department = z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string() }).openapi('Department');
const party = z
  .object({ id: z.string(), kind: z.enum(PARTY_KINDS), name: z.string(), nameEn: z.string(), siteId: z.string().nullable(), departmentId: z.string().nullable() })
  .openapi('Party');
const siteQuery = z.object({ siteId: z.string().min(1) });
const quotesAnswer = z.object({ quotes: z.array(quoteSchema) });
const costModelParam = idParam('costModelId');
const costModelScope = scope.record<{ costModelId: string }, unknown, unknown>(CostModelVersion, 'Cost model version', ({ params }) => params.costModelId);
const contributionParam = idParam('contributionId');
const ruleScope = scope.record<{ contributionId: string }, unknown, unknown>(ContributionRule, 'Contribution rule', ({ params }) => params.contributionId);
const siteYear = siteQuery.extend({ year: yearField });

/** A department reads only the rules whose party is itself. */
async function departmentPartyIds(em: Parameters<typeof describeContributions>[0], user: AuthUser): Promise<string[] | null> {
  if (user.role !== 'department') return null;
  return (await em.find(Party, { departmentId: user.departmentId })).map((p) => p.id);
}

export const costsharingRoutes = [
  route({
    method: 'get',
    path: '/costsharing/departments',
    action: 'costsharing.parties.read',
    scope: scope.reach,
    tag: 'costsharing',
    summary: 'Government departments that fund programmes',
    response: z.array(department),
    handler: async ({ em }) => (await em.find(Department, {}, { orderBy: { code: 'asc' } })).map(({ id, code, name, nameEn }) => ({ id, code, name, nameEn })),
  }),
  route({
    method: 'get',
    path: '/costsharing/parties',
    action: 'costsharing.parties.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'The six cost-sharing parties of a site (departments are shared by all sites)',
    query: siteQuery,
    response: z.array(party),
    handler: async ({ em, query }) => {
      const rows = await em.find(Party, { $or: [{ siteId: query.siteId }, { siteId: null }] }, { orderBy: { kind: 'asc', name: 'asc' } });
      return rows.map((p) => ({ id: p.id, kind: p.kind, name: p.name, nameEn: p.nameEn, siteId: p.siteId ?? null, departmentId: p.departmentId ?? null }));
    },
  }),
  route({
    method: 'get',
    path: '/costsharing/service-lines',
    action: 'costsharing.view',
    scope: scope.reach,
    tag: 'costsharing',
    summary: 'Service lines that can be priced, with their eligibility tiers',
    response: z.array(
      z.object({ code: serviceLineField, service: z.enum(SERVICES), unit: z.string(), label: z.object({ zh: z.string(), en: z.string() }), tiers: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })) }),
    ),
    handler: async () => SERVICE_LINES.map((l) => ({ ...l, tiers: l.tiers.map((code) => ({ code, ...(TIER_LABELS[code] ?? { zh: code, en: code }) })) })),
  }),
  route({
    method: 'get',
    path: '/costsharing/cost-models',
    action: 'costsharing.models.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'Cost model versions of a site, newest first per line',
    query: siteQuery.extend({ serviceLine: serviceLineField.optional() }),
    response: z.array(costModel),
    handler: async ({ em, query }) => {
      const rows = await em.find(
        CostModelVersion,
        { siteId: query.siteId, ...(query.serviceLine ? { serviceLine: query.serviceLine } : {}) },
        { orderBy: { serviceLine: 'asc', effectiveFrom: 'desc' } },
      );
      return rows.map(describeCostModel);
    },
  }),
  route({
    method: 'post',
    path: '/costsharing/cost-models',
    action: 'costsharing.models.write',
    scope: scope.bodySite,
    transaction: true,
    tag: 'costsharing',
    summary: 'Add a cost model version taking effect on a date (versions are never edited)',
    body: costModelCreate,
    response: costModel,
    status: 201,
    handler: async ({ em, body }) => createCostModel(em, body),
  }),
  route({
    method: 'delete',
    path: '/costsharing/cost-models/:costModelId',
    action: 'costsharing.models.write',
    scope: costModelScope,
    transaction: true,
    tag: 'costsharing',
    summary: 'Withdraw a version under which nothing was served',
    params: costModelParam,
    response: null,
    handler: async ({ em, params }) => deleteCostModel(em, await em.findOneOrFail(CostModelVersion, { id: params.costModelId })),
  }),
  route({
    method: 'get',
    path: '/costsharing/contributions',
    action: 'costsharing.rules.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'Contribution rules of a site (a department sees the rules that name it)',
    query: siteQuery.extend({ serviceLine: serviceLineField.optional() }),
    response: z.array(contribution),
    handler: async ({ em, user, query }) => {
      const own = await departmentPartyIds(em, user);
      const rows = await em.find(
        ContributionRule,
        { siteId: query.siteId, ...(query.serviceLine ? { serviceLine: query.serviceLine } : {}), ...(own ? { partyId: { $in: own } } : {}) },
        { orderBy: { serviceLine: 'asc', createdAt: 'asc', id: 'asc' } },
      );
      return describeContributions(em, rows);
    },
  }),
  route({
    method: 'post',
    path: '/costsharing/contributions',
    action: 'costsharing.rules.write',
    scope: scope.bodySite,
    transaction: true,
    tag: 'costsharing',
    summary: 'Add a contribution rule owned by a party',
    body: contributionCreate,
    response: contribution,
    status: 201,
    handler: async ({ em, body, app }) => writeContribution(em, null, body, app.clock.now().setZone(BUSINESS_ZONE).year),
  }),
  route({
    method: 'put',
    path: '/costsharing/contributions/:contributionId',
    action: 'costsharing.rules.write',
    scope: ruleScope,
    transaction: true,
    tag: 'costsharing',
    summary: 'Change a contribution rule (served units keep the quote they were served at)',
    params: contributionParam,
    body: contributionWrite,
    response: contribution,
    handler: async ({ em, params, body, app }) => {
      const rule = await em.findOneOrFail(ContributionRule, { id: params.contributionId });
      return writeContribution(em, rule, { ...body, siteId: rule.siteId }, app.clock.now().setZone(BUSINESS_ZONE).year);
    },
  }),
  route({
    method: 'delete',
    path: '/costsharing/contributions/:contributionId',
    action: 'costsharing.rules.write',
    scope: ruleScope,
    transaction: true,
    tag: 'costsharing',
    summary: 'Remove a contribution rule',
    params: contributionParam,
    response: null,
    handler: async ({ em, params }) => deleteContribution(em, await em.findOneOrFail(ContributionRule, { id: params.contributionId })),
  }),
  route({
    method: 'post',
    path: '/costsharing/quotes',
    action: 'costsharing.quote',
    scope: scope.bodySite,
    tag: 'costsharing',
    summary: 'Quote a service line for each tier on a date, optionally with unsaved cost-model numbers (live preview)',
    body: quoteRequest,
    response: quotesAnswer,
    // Typed by the schema, so the engine's Quote cannot hold what the document does not say.
    handler: async ({ em, body }): Promise<z.infer<typeof quotesAnswer>> => {
      return { quotes: (await previewQuotes(em, body)).map((q) => ({ ...q })) };
    },
  }),
  route({
    method: 'get',
    path: '/costsharing/funding-accounts',
    action: 'costsharing.models.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'Programme budgets, charity pools and grants of a site for a year: limit, drawn, left',
    query: siteYear,
    response: z.array(fundingAccount),
    handler: async ({ em, query }) => {
      const rows = await readFundingAccounts(em, query.siteId, [query.year], 'all');
      return rows
        .sort((a, b) => a.account.localeCompare(b.account))
        .map((a) => ({ account: a.account, year: a.year, limitFen: a.limitFen, drawnFen: a.drawnFen, leftFen: a.limitFen - a.drawnFen, units: a.units }));
    },
  }),
  route({
    method: 'get',
    path: '/costsharing/funding-accounts/rollover',
    action: 'costsharing.models.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'The funding accounts a year needs, from the agreements in force in it: each open (limit, drawn, left) or missing',
    query: siteYear,
    response: fundingYear,
    handler: async ({ em, query }) => describeFundingYear(em, query.siteId, query.year),
  }),
  route({
    method: 'post',
    path: '/costsharing/funding-accounts/rollover',
    action: 'costsharing.rules.write',
    scope: scope.bodySite,
    transaction: true,
    tag: 'costsharing',
    summary: "Open a year's missing funding accounts from the agreements in force in it (accounts already open are left as they are)",
    body: siteYear,
    response: fundingRollover,
    handler: async ({ em, body }) => openFundingYear(em, body.siteId, body.year),
  }),
  route({
    method: 'get',
    path: '/costsharing/margin-report',
    action: 'costsharing.report.read',
    scope: scope.querySite,
    tag: 'costsharing',
    summary: 'Operator margin by service line for a month, from the snapshots of served units',
    query: siteQuery.extend({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') }),
    response: marginReport,
    handler: async ({ em, query }) => {
      return buildMarginReport(em, query.siteId, query.month);
    },
  }),
];
