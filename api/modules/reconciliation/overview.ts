import type { EntityManager } from '@mikro-orm/core';
import { marks, selectRows } from '../../db';
import { notFound } from '../../errors';
import type { Reach } from '../../http/scope';
import { Department } from '../costsharing/department.entity';
import { ContributionRule, FundingAccount } from '../costsharing/cost-model.entity';
import { Party } from '../costsharing/party.entity';
import { IReconClaim, ReconClaim } from './reconciliation.entity';

/** The sites a reach names, as SQL (a department reaches every site: no filter). */
function sitesFilter(reach: Reach, column: string): { sql: string; params: string[] } {
  if (reach.sites === 'all') return { sql: '', params: [] };
  if (!reach.sites.length) return { sql: ' and 1 = 0', params: [] };
  return { sql: ` and ${column} in (${marks(reach.sites)})`, params: [...reach.sites] };
}

export interface ProgrammeBudget {
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  programmeCode: string;
  /** The programme's name as its subsidy rules label it (the code when no rule names it). */
  programmeName: string;
  programmeNameEn: string;
  /** The year's budgets of the programme at the sites in reach, added up. */
  limitFen: number;
  /** What the programme's per-unit subsidies gave in the year (units not cancelled). */
  usedFen: number;
  /** The same, month by month (January to December). */
  months: { month: string; usedFen: number }[];
}

export interface LocalName {
  zh: string;
  en: string;
}

/**
 * Each department programme's name, by `departmentId|programmeCode`: the label of the
 * department's per-unit subsidy rules (the code lives in their settings), the earliest rule's.
 */
export async function programmeNames(tx: EntityManager, departmentIds: readonly string[]): Promise<Map<string, LocalName>> {
  if (!departmentIds.length) return new Map();
  const parties = await tx.find(Party, { departmentId: { $in: [...departmentIds] } });
  const departmentOfParty = new Map(parties.map((p) => [p.id, p.departmentId!]));
  const subsidies = await tx.find(ContributionRule, { mechanism: 'tier_subsidy', partyId: { $in: [...departmentOfParty.keys()] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const names = new Map<string, LocalName>();
  for (const r of subsidies) {
    const key = `${departmentOfParty.get(r.partyId)}|${String(r.settings.programmeCode)}`;
    if (!names.has(key)) names.set(key, { zh: r.labelZh, en: r.labelEn });
  }
  return names;
}

/**
 * Each programme's budget for a year beside what its subsidies used, month by month, from the
 * served units' shares (what the quotes gave the department to pay), at the sites in reach: a
 * department sees its own programmes at every site.
 */
export async function budgetOfYear(tx: EntityManager, reach: Reach, year: number): Promise<ProgrammeBudget[]> {
  const sites = sitesFilter(reach, '`s`.`site_id`');
  const department = reach.departmentId === null ? { sql: '', params: [] } : { sql: ' and `p`.`department_id` = ?', params: [reach.departmentId] };
  const used = await selectRows<{ department_id: string; programme_code: string; month: string; fen: unknown }>(
    tx,
    `select \`p\`.\`department_id\`, \`s\`.\`programme_code\`, substr(\`s\`.\`served_date\`, 1, 7) as \`month\`, sum(\`s\`.\`amount_fen\`) as \`fen\`
     from \`served_unit_share\` \`s\` join \`party\` \`p\` on \`p\`.\`id\` = \`s\`.\`party_id\`
     where \`s\`.\`party_kind\` = 'department' and \`s\`.\`source\` = 'tier_subsidy' and \`s\`.\`programme_code\` is not null and \`s\`.\`voided\` = ?
     and \`s\`.\`served_date\` >= ? and \`s\`.\`served_date\` <= ?${sites.sql}${department.sql}
     group by \`p\`.\`department_id\`, \`s\`.\`programme_code\`, substr(\`s\`.\`served_date\`, 1, 7)`,
    [false, `${year}-01-01`, `${year}-12-31`, ...sites.params, ...department.params],
  );
  const programmes = [...new Map(used.map((u) => [`${u.department_id}|${u.programme_code}`, { departmentId: u.department_id, programmeCode: u.programme_code }])).values()];
  if (!programmes.length) return [];
  const accounts = await tx.find(FundingAccount, {
    account: { $in: [...new Set(programmes.map((p) => p.programmeCode))] },
    year,
    ...(reach.sites === 'all' ? {} : { siteId: { $in: [...reach.sites] } }),
  });
  const departments = await tx.find(Department, { id: { $in: [...new Set(programmes.map((p) => p.departmentId))] } });
  const nameOf = await programmeNames(tx, [...new Set(programmes.map((p) => p.departmentId))]);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return programmes
    .map((p) => {
      const d = departments.find((x) => x.id === p.departmentId)!;
      const own = used.filter((u) => u.department_id === p.departmentId && u.programme_code === p.programmeCode);
      const byMonth = months.map((month) => ({ month, usedFen: Number(own.find((u) => u.month === month)?.fen ?? 0) }));
      return {
        departmentId: p.departmentId,
        departmentName: d.name,
        departmentNameEn: d.nameEn,
        programmeCode: p.programmeCode,
        programmeName: nameOf.get(`${p.departmentId}|${p.programmeCode}`)?.zh ?? p.programmeCode,
        programmeNameEn: nameOf.get(`${p.departmentId}|${p.programmeCode}`)?.en ?? p.programmeCode,
        limitFen: accounts.filter((a) => a.account === p.programmeCode).reduce((s, a) => s + a.limitFen, 0),
        usedFen: byMonth.reduce((s, m) => s + m.usedFen, 0),
        months: byMonth,
      };
    })
    .sort((a, b) => (a.departmentName === b.departmentName ? (a.programmeCode < b.programmeCode ? -1 : 1) : a.departmentName < b.departmentName ? -1 : 1));
}

/**
 * A department's sent claims of a month at the sites in reach (every site for the department
 * itself): what its department-month statement lists. 404 when the department is another's,
 * or has sent nothing that month.
 */
export async function departmentMonthClaims(tx: EntityManager, reach: Reach, departmentId: string, month: string, siteId?: string): Promise<IReconClaim[]> {
  if (reach.departmentId !== null && reach.departmentId !== departmentId) throw notFound('Department');
  if (siteId !== undefined && reach.sites !== 'all' && !reach.sites.includes(siteId)) throw notFound('Site');
  const claims = await tx.find(
    ReconClaim,
    {
      departmentId,
      period: month,
      status: { $ne: 'draft' },
      ...(siteId !== undefined ? { siteId } : reach.sites === 'all' ? {} : { siteId: { $in: [...reach.sites] } }),
    },
    { orderBy: { siteId: 'asc', programmeCode: 'asc' } },
  );
  if (!claims.length) throw notFound('Statement');
  return claims;
}
