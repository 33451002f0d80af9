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
  const versions = await em.find(CostModelVersion, { siteId, serviceLine, ...(upTo ? { effectiveFrom: { $lte: upTo } } : {}) });
  const rules = await em.find(ContributionRule, { siteId, serviceLine }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return { siteId, serviceLine, versions: versions.map(toCostModel), contributions: await termsOfRules(em, rules) };
}

/** The funding accounts (budgets, pools, grants) the lines' rules draw on. */
export const accountCodesOf = (...lines: LineRules[]): string[] => [...new Set(lines.flatMap((l) => l.contributions.flatMap((c) => accountOf(c) ?? [])))];

// The order path reads a line's rules from memory: the lunch rush prices hundreds of orders a
// minute under rules that change a few times a year. A write through this module forgets the
// site's lines at once; one made by another app instance on the same database is seen within
// RULES_TTL_MS. Budgets, pools and grants are never cached: they are read, locked, in the
// order's own transaction.
const RULES_TTL_MS = 2_000;
const rulesCache = new WeakMap<object, Map<string, { until: number; rules: Promise<LineRules> }>>();

function rulesCacheOf(em: EntityManager): Map<string, { until: number; rules: Promise<LineRules> }> {
  // One cache per ORM instance, so apps on different databases in one process never share.
  let cache = rulesCache.get(em.config);
  if (!cache) rulesCache.set(em.config, (cache = new Map()));
  return cache;
}

/** A line's rules, from memory when read less than RULES_TTL_MS ago. */
export function cachedLineRules(em: EntityManager, siteId: string, serviceLine: string): Promise<LineRules> {
  const cache = rulesCacheOf(em);
  const key = `${siteId}|${serviceLine}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.rules;
  // A fork of its own: the rows stay out of the caller's identity map (and its flush).
  const entry = { until: Date.now() + RULES_TTL_MS, rules: readLineRules(em.fork(), siteId, serviceLine) };
  cache.set(key, entry);
  entry.rules.catch(() => cache.get(key) === entry && cache.delete(key));
  return entry.rules;
}

/** Forgets the cached rules of a site's lines after a write to its cost models or rules. */
export function forgetLineRules(em: EntityManager, siteId: string): void {
  const cache = rulesCacheOf(em);
  for (const key of cache.keys()) if (key.startsWith(`${siteId}|`)) cache.delete(key);
}
