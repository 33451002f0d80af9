import type { EntityManager } from '@mikro-orm/core';
import { Contribution, Party as DomainParty, xingfuliDemoValues, XINGFULI_DEMO_PARTIES } from '../../domain/costsharing';
import { newId } from '../entity-helpers';
import { accountOf } from '../modules/costsharing/costsharing.service';
import { ContributionRule, CostModelVersion, FundingAccount } from '../modules/costsharing/cost-model.entity';
import { Department } from '../modules/costsharing/department.entity';
import { Party } from '../modules/costsharing/party.entity';

/** The mechanism's own settings, as stored in contribution_rule.settings. */
export function settingsOf(c: Contribution): Record<string, unknown> {
  switch (c.mechanism) {
    case 'in_kind_space':
      return { fraction: c.fraction };
    case 'volunteer_hours':
      return { hoursPerUnit: c.hoursPerUnit, shadowWagePerHourFen: c.shadowWagePerHourFen };
    case 'tier_subsidy':
      return { programmeCode: c.programmeCode, amountsByTierFen: c.amountsByTierFen, ...(c.perPersonCapFen ? { perPersonCapFen: c.perPersonCapFen } : {}) };
    case 'fixed_grant':
      return { annualFen: c.annualFen, forecastUnitsPerYear: c.forecastUnitsPerYear };
    case 'charity_pool':
      return { poolCode: c.poolCode, tiers: c.tiers, perUnitMaxFen: c.perUnitMaxFen };
  }
}

/** What a budget, pool or grant starts a year with. */
function accountLimit(c: Contribution): number | null {
  if (c.mechanism === 'tier_subsidy') return c.budgetRemainingFen ?? null;
  if (c.mechanism === 'charity_pool') return c.balanceFen;
  if (c.mechanism === 'fixed_grant') return c.annualFen;
  return null;
}

/**
 * DEMO VALUES: the six parties and the cost models of 幸福里 from domain/costsharing/demo.ts,
 * written as the site's own records (each site sets these for itself): in force from the
 * start of the first of `years`, with funding accounts for each of them.
 */
export async function seedCostSharingDemo(tx: EntityManager, siteId: string, years: readonly number[]): Promise<Map<string, string>> {
  const demo = xingfuliDemoValues(`${years[0]}-01-01`);
  const partyIds = new Map<string, string>();
  for (const p of Object.values(XINGFULI_DEMO_PARTIES) as DomainParty[]) {
    // Departments and their parties serve every site: reuse them when another site made them.
    const existing = p.department ? await tx.findOne(Department, { code: p.department }) : null;
    const existingParty = existing ? await tx.findOne(Party, { departmentId: existing.id }) : null;
    if (existingParty) {
      partyIds.set(p.id, existingParty.id);
      continue;
    }
    const id = newId();
    partyIds.set(p.id, id);
    let departmentId: string | null = null;
    if (p.department) {
      departmentId = newId();
      tx.create(Department, { id: departmentId, code: p.department, name: p.name.zh, nameEn: p.name.en });
    }
    tx.create(Party, { id, kind: p.kind, name: p.name.zh, nameEn: p.name.en, siteId: departmentId ? null : siteId, departmentId });
  }
  const accounts = new Set<string>();
  for (const line of demo.lines) {
    const v = line.version;
    tx.create(CostModelVersion, {
      siteId,
      serviceLine: v.serviceLine,
      effectiveFrom: v.effectiveFrom,
      unit: v.unit,
      ...Object.fromEntries(Object.entries(v.componentsFen).map(([k, fen]) => [`${k}Fen`, fen])),
      marginFloor: String(v.marginBand.floor),
      marginTarget: String(v.marginBand.target),
      marginCap: String(v.marginBand.cap),
      priceStepFen: v.priceStepFen,
      minPriceFen: v.minPriceFen,
      priceRounding: v.priceRounding ?? 'half-up',
      operatorPartyId: partyIds.get(v.operatorPartyId)!,
      residentPartyId: partyIds.get(v.residentPartyId)!,
    } as never);
    for (const c of line.contributions) {
      const rule = tx.create(ContributionRule, {
        id: newId(),
        siteId,
        serviceLine: v.serviceLine,
        partyId: partyIds.get(c.party.id)!,
        mechanism: c.mechanism,
        labelZh: c.label.zh,
        labelEn: c.label.en,
        effectiveFrom: c.effectiveFrom ?? null,
        effectiveTo: c.effectiveTo ?? null,
        settings: settingsOf(c),
      });
      const account = accountOf(rule);
      const limit = accountLimit(c);
      if (account && limit !== null && !accounts.has(account)) {
        accounts.add(account);
        for (const year of years) tx.create(FundingAccount, { siteId, account, year, limitFen: limit, drawnFen: 0, units: 0 });
      }
    }
  }
  return partyIds;
}
