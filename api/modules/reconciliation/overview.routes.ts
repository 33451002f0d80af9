import { route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { budgetOfYear, departmentMonthClaims } from './overview';
import { budgetQuery, departmentStatementQuery, programmeBudget } from './reconciliation.schemas';
import { departmentMonthStatement, sendStatement } from './statements';

const tag = 'reconciliation';

/** What the department's and the operator's overview pages read beyond single claims: the year's budgets, a department's month in one statement. */
export const reconciliationOverviewRoutes = [
  route({
    method: 'get',
    path: '/reconciliation/budget',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'Each programme’s budget for the year beside what its subsidies used, month by month: a department’s own programmes at every site, the operator’s and community’s sites',
    query: budgetQuery,
    response: z.array(programmeBudget),
    handler: async ({ em, query, scope }) => budgetOfYear(em, scope.reach, query.year),
  }),
  route({
    method: 'get',
    path: '/reconciliation/statements',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'A department’s month in one statement: every claim sent to it for the month, at every site in reach (or one), line by line: XLSX (default), CSV or PDF',
    query: departmentStatementQuery,
    response: z.string().openapi({ format: 'binary' }),
    raw: { contentType: 'application/octet-stream' },
    handler: async ({ em, query, scope, res }) => {
      const claims = await departmentMonthClaims(em, scope.reach, query.departmentId, query.month, query.siteId);
      await sendStatement(res, await departmentMonthStatement(em, claims), query.format ?? 'xlsx');
      return '';
    },
  }),
];
