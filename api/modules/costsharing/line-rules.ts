import type { EntityManager } from '@mikro-orm/core';
import { accountOf, ContributionTerms, CostModelVersion as CostModel, Party as DomainParty } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { ContributionRule, CostModelVersion, ICostModelVersion, IContributionRule } from './cost-model.entity';
import { Department } from './department.entity';
import { Party } from './party.entity';

export function toCostModel(row: ICostModelVersion): CostModel {
  return {
    id: row.id,
    siteId: row.siteId,
    serviceLine: row.serviceLine,
    effectiveFrom: row.effectiveFrom,
    unit: row.unit,
    componentsFen: {
      materials: row.materialsFen,
      labour: row.labourFen,
      utilities: row.utilitiesFen,
      consumables: row.consumablesFen,
      space: row.spaceFen,
      depreciation: row.depreciationFen,
      overhead: row.overheadFen,
    },
    marginBand: { floor: Number(row.marginFloor), target: Number(row.marginTarget), cap: Number(row.marginCap) },
    priceStepFen: row.priceStepFen,
    minPriceFen: row.minPriceFen,
    priceRounding: row.priceRounding,
    operatorPartyId: row.operatorPartyId,
    residentPartyId: row.residentPartyId,
  };
}

export async function partiesById(em: EntityManager, ids: string[]): Promise<Map<string, DomainParty>> {
  const parties = await em.find(Party, { id: { $in: ids } });
  const departments = await em.find(Department, { id: { $in: parties.flatMap((p) => (p.departmentId ? [p.departmentId] : [])) } });
  const codeOf = new Map(departments.map((d) => [d.id, d.code]));
  return new Map(
    parties.map((p) => [
      p.id,
      { id: p.id, kind: p.kind, name: { zh: p.name, en: p.nameEn }, ...(p.departmentId ? { department: codeOf.get(p.departmentId) } : {}) },
    ]),
  );
}

/** A rule row as the engine's terms: the contribution as agreed, its balances left to the funding accounts. */
export function termsOf(rule: IContributionRule, party: DomainParty): ContributionTerms {
  const s = rule.settings as Record<string, never>;
  const base = {
    id: rule.id,
    party,
    label: { zh: rule.labelZh, en: rule.labelEn },
    ...(rule.effectiveFrom ? { effectiveFrom: rule.effectiveFrom } : {}),
    ...(rule.effectiveTo ? { effectiveTo: rule.effectiveTo } : {}),
  };
  const agreed = (field: 'annualBudgetFen' | 'annualFen') => (s[field] === undefined ? {} : { [field]: s[field] });
  switch (rule.mechanism) {
    case 'in_kind_space':
      return { ...base, mechanism: 'in_kind_space', fraction: s.fraction };
    case 'volunteer_hours':
      return { ...base, mechanism: 'volunteer_hours', hoursPerUnit: s.hoursPerUnit, shadowWagePerHourFen: s.shadowWagePerHourFen };
    case 'tier_subsidy':
      return {
        ...base,
        mechanism: 'tier_subsidy',
        programmeCode: s.programmeCode,
        amountsByTierFen: s.amountsByTierFen,
        ...(s.perPersonCapFen ? { perPersonCapFen: s.perPersonCapFen } : {}),
        ...agreed('annualBudgetFen'),
      };
    case 'fixed_grant':
      return { ...base, mechanism: 'fixed_grant', annualFen: s.annualFen, forecastUnitsPerYear: s.forecastUnitsPerYear };
    case 'charity_pool':
      return { ...base, mechanism: 'charity_pool', poolCode: s.poolCode, tiers: s.tiers, perUnitMaxFen: s.perUnitMaxFen, ...agreed('annualFen') };
  }
}

/** Rule rows with their parties, as terms. */
export async function termsOfRules(em: EntityManager, rules: IContributionRule[]): Promise<ContributionTerms[]> {
  const parties = await partiesById(em, rules.map((r) => r.partyId));
  return rules.map((r) => termsOf(r, parties.get(r.partyId)!));
}

/** What prices a service line apart from its funding accounts: its cost model versions and its contributions as agreed. */
export interface LineRules {
  siteId: string;
  serviceLine: string;
  versions: CostModel[];
  contributions: ContributionTerms[];
}

export async function readLineRules(em: EntityManager, siteId: string, serviceLine: string, upTo?: BusinessDate): Promise<LineRules> {
  const [line] = await readLinesRules(em, siteId, [serviceLine], upTo);
  return line;
}

/** Several lines of a site at once (a canteen's three meals): the same reads as for one. */
export async function readLinesRules(em: EntityManager, siteId: string, serviceLines: readonly string[], upTo?: BusinessDate): Promise<LineRules[]> {
  const lines = { $in: [...serviceLines] };
  const versions = await em.find(CostModelVersion, { siteId, serviceLine: lines, ...(upTo ? { effectiveFrom: { $lte: upTo } } : {}) });
  const rules = await em.find(ContributionRule, { siteId, serviceLine: lines }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const terms = await termsOfRules(em, rules);
  return serviceLines.map((serviceLine) => ({
    siteId,
    serviceLine,
    versions: versions.filter((v) => v.serviceLine === serviceLine).map(toCostModel),
    contributions: terms.filter((_, i) => rules[i].serviceLine === serviceLine),
  }));
}

/** The funding accounts (budgets, pools, grants) the lines' rules draw on. */
export const accountCodesOf = (...lines: LineRules[]): string[] => [...new Set(lines.flatMap((l) => l.contributions.flatMap((c) => accountOf(c) ?? [])))];
