import type { EntityManager } from '@mikro-orm/core';
import Decimal from 'decimal.js';
import {
  accountOf,
  agreedFenOf,
  CostModelVersion as CostModel,
  fullUnitCost,
  serviceLine as serviceLineOf,
  validateCostModelVersion,
  versionInForce,
  yearOf,
} from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { newId } from '../../entity-helpers';
import { conflict, ruleBroken } from '../../errors';
import { ContributionRule, CostModelVersion, ICostModelVersion, IContributionRule } from './cost-model.entity';
import { openFundingAccounts, readFundingAccounts } from './funding-accounts';
import { accountCodesOf, partiesById, readLineRules, termsOf, toCostModel } from './line-rules';
import { Party } from './party.entity';
import { noCostModel, priceServedUnits } from './served-units';
import { ServedUnit, ServedUnitShare } from './served-unit.entity';

// ── Admin use cases: cost models, contribution rules, previews, reports ─────────────────

export function describeCostModel(row: ICostModelVersion) {
  const m = toCostModel(row);
  return {
    id: m.id,
    siteId: m.siteId,
    serviceLine: m.serviceLine,
    effectiveFrom: m.effectiveFrom,
    unit: m.unit,
    componentsFen: m.componentsFen,
    fullCostFen: fullUnitCost(m),
    marginBand: m.marginBand,
    priceStepFen: m.priceStepFen,
    minPriceFen: m.minPriceFen,
    priceRounding: m.priceRounding ?? 'half-up',
  };
}

async function sitePartyOfKind(em: EntityManager, siteId: string, kind: 'operator' | 'resident') {
  const party = await em.findOne(Party, { siteId, kind }, { orderBy: { createdAt: 'asc' } });
  if (!party) throw ruleBroken(`The site has no ${kind} party`, [{ field: 'siteId', message: `has no ${kind} party` }]);
  return party.id;
}

type Numbers = Pick<CostModel, 'componentsFen' | 'marginBand' | 'priceStepFen' | 'minPriceFen' | 'priceRounding'>;

export async function createCostModel(em: EntityManager, input: Numbers & { siteId: string; serviceLine: string; effectiveFrom: BusinessDate }) {
  const line = serviceLineOf(input.serviceLine)!;
  const [operatorPartyId, residentPartyId] = [await sitePartyOfKind(em, input.siteId, 'operator'), await sitePartyOfKind(em, input.siteId, 'resident')];
  const model: CostModel = { id: newId(), ...input, unit: line.unit, operatorPartyId, residentPartyId };
  validateCostModelVersion(model);
  if (await em.count(CostModelVersion, { siteId: input.siteId, serviceLine: input.serviceLine, effectiveFrom: input.effectiveFrom })) {
    throw conflict(`A version of ${input.serviceLine} already takes effect on ${input.effectiveFrom}; versions are never edited, choose another date`);
  }
  const c = model.componentsFen;
  const row = em.create(CostModelVersion, {
    id: model.id,
    siteId: model.siteId,
    serviceLine: model.serviceLine,
    effectiveFrom: model.effectiveFrom,
    unit: model.unit,
    materialsFen: c.materials,
    labourFen: c.labour,
    utilitiesFen: c.utilities,
    consumablesFen: c.consumables,
    spaceFen: c.space,
    depreciationFen: c.depreciation,
    overheadFen: c.overhead,
    marginFloor: String(model.marginBand.floor),
    marginTarget: String(model.marginBand.target),
    marginCap: String(model.marginBand.cap),
    priceStepFen: model.priceStepFen,
    minPriceFen: model.minPriceFen,
    priceRounding: model.priceRounding ?? 'half-up',
    operatorPartyId,
    residentPartyId,
  });
  await em.flush();
  return describeCostModel(row);
}

/** A version no unit was served under may be withdrawn; one that priced a served unit is history. */
export async function deleteCostModel(em: EntityManager, row: ICostModelVersion) {
  if (await em.count(ServedUnit, { costModelVersionId: row.id })) {
    throw ruleBroken('Units were served under this version; add a new version instead of deleting it');
  }
  await em.nativeDelete(CostModelVersion, { id: row.id });
}

/** Removes a contribution rule (served units keep the quote they were served at). */
export async function deleteContribution(em: EntityManager, rule: IContributionRule): Promise<void> {
  await em.nativeDelete(ContributionRule, { id: rule.id });
}

/**
 * Quotes every tier of a line on a date, each on the funding accounts as they stand; with a
 * draft, the unsaved numbers stand in for the version in force. Like a served unit, a tier that
 * would draw on an account the date's year has not opened is refused (422 naming it).
 */
export async function previewQuotes(em: EntityManager, input: { siteId: string; serviceLine: string; date: BusinessDate; tiers?: string[]; draft?: Numbers }) {
  const line = await readLineRules(em, input.siteId, input.serviceLine, input.date);
  const inForce = versionInForce(line.versions, input.date);
  if (!inForce) throw noCostModel(input.serviceLine, input.date);
  const versions = input.draft ? [{ ...inForce, ...input.draft, id: `${inForce.id}+draft` }] : line.versions;
  if (input.draft) validateCostModelVersion(versions[0]);
  const accounts = await readFundingAccounts(em, input.siteId, [yearOf(input.date)], accountCodesOf(line));
  const tiers = input.tiers ?? [...(serviceLineOf(input.serviceLine)?.tiers ?? [])];
  return tiers.map((tier) => priceServedUnits({ ...line, versions }, accounts, { units: [{ tier, date: input.date }] }).quotes[0]);
}

export async function describeContributions(em: EntityManager, rules: IContributionRule[]) {
  const parties = new Map((await em.find(Party, { id: { $in: rules.map((r) => r.partyId) } })).map((p) => [p.id, p]));
  return rules.map((r) => ({
    id: r.id,
    siteId: r.siteId,
    serviceLine: r.serviceLine,
    partyId: r.partyId,
    partyKind: parties.get(r.partyId)!.kind,
    partyName: parties.get(r.partyId)!.name,
    mechanism: r.mechanism,
    label: { zh: r.labelZh, en: r.labelEn },
    effectiveFrom: r.effectiveFrom ?? null,
    effectiveTo: r.effectiveTo ?? null,
    // With the mechanism inside, a rule read back can be written back as it is.
    settings: { mechanism: r.mechanism, ...r.settings },
  }));
}

type Settings = { mechanism: IContributionRule['mechanism'] } & Record<string, unknown>;

/**
 * Creates or replaces a rule. A programme budget, a charity pool's or a grant's annual amount is
 * kept on the rule (each year's account opens with it) and sets `year`'s funding account.
 */
export async function writeContribution(
  em: EntityManager,
  rule: IContributionRule | null,
  input: { siteId: string; serviceLine: string; partyId: string; label: { zh: string; en: string }; effectiveFrom?: string | null; effectiveTo?: string | null; settings: Settings },
  year: number,
) {
  const party = await em.findOne(Party, { id: input.partyId, $or: [{ siteId: input.siteId }, { siteId: null }] });
  if (!party) throw ruleBroken('No such party at this site', [{ field: 'partyId', message: 'is not a party of this site' }]);
  if (party.kind === 'operator' || party.kind === 'resident') {
    throw ruleBroken('The operator shares through its margin and residents through their price', [{ field: 'partyId', message: `a ${party.kind} party cannot own a contribution` }]);
  }
  const { mechanism, ...settings } = input.settings;
  const fields = {
    siteId: input.siteId,
    serviceLine: input.serviceLine,
    partyId: input.partyId,
    mechanism,
    labelZh: input.label.zh,
    labelEn: input.label.en,
    effectiveFrom: input.effectiveFrom ?? null,
    effectiveTo: input.effectiveTo ?? null,
    settings,
  };
  const row = await em.transactional(async (tx) => {
    const saved = rule ? Object.assign(rule, fields) : tx.create(ContributionRule, { id: newId(), ...fields });
    await tx.flush();
    const terms = termsOf(saved, (await partiesById(tx, [saved.partyId])).get(saved.partyId)!);
    const code = accountOf(terms);
    const limitFen = agreedFenOf(terms);
    if (code && limitFen !== undefined) await openFundingAccounts(tx, input.siteId, [{ account: code, year, limitFen }], { setLimit: true });
    return saved;
  });
  return (await describeContributions(em, [row]))[0];
}

const monthRange = (month: string) => ({ $gte: `${month}-01`, $lte: `${month}-31` });

/** Margin by service line for a month, from the snapshots of what was really served. */
export async function marginReport(em: EntityManager, siteId: string, month: string) {
  const units = await em.find(ServedUnit, { siteId, voided: false, servedDate: monthRange(month) }, { fields: ['serviceLine', 'quantity', 'fullCostFen', 'residentPaysFen', 'marginFen', 'costModelVersionId'] });
  const lines = new Map<string, { units: number; fullCostFen: number; residentPaysFen: number; marginFen: number; versionId: string }>();
  for (const u of units) {
    const l = lines.get(u.serviceLine) ?? { units: 0, fullCostFen: 0, residentPaysFen: 0, marginFen: 0, versionId: u.costModelVersionId };
    l.units += u.quantity;
    l.fullCostFen += u.fullCostFen * u.quantity;
    l.residentPaysFen += u.residentPaysFen * u.quantity;
    l.marginFen += u.marginFen * u.quantity;
    lines.set(u.serviceLine, l);
  }
  const versions = new Map((await em.find(CostModelVersion, { id: { $in: [...lines.values()].map((l) => l.versionId) } })).map((v) => [v.id, toCostModel(v)]));
  const shares = await em.find(ServedUnitShare, { siteId, voided: false, servedDate: monthRange(month) }, { fields: ['partyKind', 'amountFen'] });
  const byPartyKind: Record<string, number> = {};
  for (const s of shares) byPartyKind[s.partyKind] = (byPartyKind[s.partyKind] ?? 0) + s.amountFen;
  return {
    month,
    lines: [...lines.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([serviceLine, l]) => ({
        serviceLine,
        units: l.units,
        fullCostFen: l.fullCostFen,
        residentPaysFen: l.residentPaysFen,
        marginFen: l.marginFen,
        marginRate: l.fullCostFen ? new Decimal(l.marginFen).dividedBy(l.fullCostFen).toFixed(4) : null,
        band: versions.get(l.versionId)?.marginBand ?? null,
      })),
    byPartyKind,
  };
}
