import type { EntityManager } from '@mikro-orm/core';
import { Contribution, Party as DomainParty, xingfuliDemoValues, XINGFULI_DEMO_PARTIES } from '../../domain/costsharing';
import { newId } from '../entity-helpers';
import { ContributionRule, CostModelVersion } from '../modules/costsharing/cost-model.entity';
import { Department } from '../modules/costsharing/department.entity';
import { openFundingYear } from '../modules/costsharing/funding-year';
import { Party } from '../modules/costsharing/party.entity';

/** The mechanism's own settings with its agreed annual amount, as stored in contribution_rule.settings. */
export function settingsOf(c: Contribution): Record<string, unknown> {
  switch (c.mechanism) {
    case 'in_kind_space':
      return { fraction: c.fraction };
    case 'volunteer_hours':
      return { hoursPerUnit: c.hoursPerUnit, shadowWagePerHourFen: c.shadowWagePerHourFen };
    case 'tier_subsidy':
      return { programmeCode: c.programmeCode, amountsByTierFen: c.amountsByTierFen, ...(c.perPersonCapFen ? { perPersonCapFen: c.perPersonCapFen } : {}), annualBudgetFen: c.annualBudgetFen };
    case 'fixed_grant':
      return { annualFen: c.annualFen, forecastUnitsPerYear: c.forecastUnitsPerYear };
    case 'charity_pool':
      return { poolCode: c.poolCode, tiers: c.tiers, perUnitMaxFen: c.perUnitMaxFen, annualFen: c.annualFen };
  }
}

/**
 * DEMO VALUES: the six parties and the cost models of 幸福里 from domain/costsharing/demo.ts,
 * written as the site's own records (each site sets these for itself), with the funding
 * accounts of `years` opened from its agreements (the first year is when the models start).
 */
export async function seedCostSharingDemo(tx: EntityManager, siteId: string, years: readonly number[]): Promise<Map<string, string>> {
  const demo = xingfuliDemoValues(`${years[0]}-01-01`);
  const partyIds = new Map<string, string>();
  for (const p of Object.values<DomainParty>(XINGFULI_DEMO_PARTIES)) {
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
      tx.create(ContributionRule, {
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
    }
  }
  await tx.flush();
  for (const year of years) await openFundingYear(tx, siteId, year);
  return partyIds;
}
