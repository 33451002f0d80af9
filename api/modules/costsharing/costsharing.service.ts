import { EntityManager, LockMode } from '@mikro-orm/core';
import Decimal from 'decimal.js';
import {
  Contribution,
  CostModelVersion as CostModel,
  Party as DomainParty,
  Quote,
  QuoteSubject,
  fullUnitCost,
  quote as priceUnit,
  snapshotOf,
  serviceLine as serviceLineOf,
  validateCostModelVersion,
  versionInForce,
} from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { forUpdate, fromBigint, marks, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { conflict, ruleBroken } from '../../errors';
import { ContributionRule, CostModelVersion, FundingAccount, ICostModelVersion, IContributionRule, IFundingAccount } from './cost-model.entity';
import { Department } from './department.entity';
import { Party } from './party.entity';
import { IServedUnit, IServedUnitShare, ServedUnit, ServedUnitShare } from './served-unit.entity';

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

/** The account a rule draws on, if it draws at all (budgets, pools, grants). */
export function accountOf(rule: Pick<IContributionRule, 'id' | 'mechanism' | 'settings'>): string | null {
  switch (rule.mechanism) {
    case 'tier_subsidy':
      return String(rule.settings.programmeCode);
    case 'charity_pool':
      return String(rule.settings.poolCode);
    case 'fixed_grant':
      return rule.id;
    default:
      return null;
  }
}

async function partiesById(em: EntityManager, ids: string[]): Promise<Map<string, DomainParty>> {
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

/** A rule row and its year's account as the engine's Contribution. */
export function toContribution(rule: IContributionRule, party: DomainParty, account: IFundingAccount | undefined): Contribution {
  const s = rule.settings as Record<string, never>;
  const base = {
    id: rule.id,
    party,
    label: { zh: rule.labelZh, en: rule.labelEn },
    ...(rule.effectiveFrom ? { effectiveFrom: rule.effectiveFrom } : {}),
    ...(rule.effectiveTo ? { effectiveTo: rule.effectiveTo } : {}),
  };
  const left = account ? account.limitFen - account.drawnFen : undefined;
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
        ...(left !== undefined ? { budgetRemainingFen: Math.max(0, left) } : {}),
      };
    case 'fixed_grant':
      return { ...base, mechanism: 'fixed_grant', annualFen: s.annualFen, forecastUnitsPerYear: s.forecastUnitsPerYear, unitsAmortisedSoFar: account?.units ?? 0 };
    case 'charity_pool':
      return { ...base, mechanism: 'charity_pool', poolCode: s.poolCode, tiers: s.tiers, perUnitMaxFen: s.perUnitMaxFen, balanceFen: Math.max(0, left ?? 0) };
  }
}

export interface Pricing {
  version: CostModel;
  contributions: Contribution[];
  accounts: IFundingAccount[];
}

/** What prices a service line apart from its budgets' balances: its cost model versions, rules and their parties. */
export interface LineRules {
  siteId: string;
  serviceLine: string;
  versions: CostModel[];
  rules: IContributionRule[];
  parties: Map<string, DomainParty>;
}

async function readLineRules(em: EntityManager, siteId: string, serviceLine: string, upTo?: BusinessDate): Promise<LineRules> {
  const versions = await em.find(CostModelVersion, { siteId, serviceLine, ...(upTo ? { effectiveFrom: { $lte: upTo } } : {}) });
  const rules = await em.find(ContributionRule, { siteId, serviceLine }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const parties = await partiesById(em, rules.map((r) => r.partyId));
  return { siteId, serviceLine, versions: versions.map(toCostModel), rules, parties };
}

/** The accounts (budgets, pools, grants) a line's rules draw on. */
export const accountCodesOf = (rules: LineRules): string[] => rules.rules.flatMap((r) => accountOf(r) ?? []);

/** A line's pricing on a date, with its accounts as read (locked by a caller that will draw on them). */
export function pricingOf(rules: LineRules, date: BusinessDate, accounts: IFundingAccount[]): Pricing {
  const version = versionInForce(rules.versions, date);
  if (!version) {
    throw ruleBroken(`No cost model for ${rules.serviceLine} is in force on ${date}`, [{ field: 'serviceLine', message: 'has no cost model in force on that date' }]);
  }
  const byAccount = new Map(accounts.map((a) => [a.account, a]));
  const contributions = rules.rules.map((r) => {
    const code = accountOf(r);
    return toContribution(r, rules.parties.get(r.partyId)!, code ? byAccount.get(code) : undefined);
  });
  return { version, contributions, accounts };
}

/**
 * The year's accounts for `codes` (with `laterYears`, also those of the years after it). With
 * `lock`, the rows are locked (FOR UPDATE on MySQL/MariaDB, in id order so two transactions
 * never wait on each other in a cycle; SQLite serialises writers) until the caller's
 * transaction ends. Plain rows, out of any identity map: the caller writes its drawdowns back itself.
 */
export async function fundingAccounts(em: EntityManager, siteId: string, year: number, codes: string[], { lock = false, laterYears = false } = {}): Promise<IFundingAccount[]> {
  if (!codes.length) return [];
  const rows = await selectRows<{ id: string; account: string; year: unknown; limit_fen: unknown; drawn_fen: unknown; units: unknown }>(
    em,
    `select \`id\`, \`account\`, \`year\`, \`limit_fen\`, \`drawn_fen\`, \`units\` from \`funding_account\` where \`site_id\` = ? and \`year\` ${laterYears ? '>=' : '='} ? and \`account\` in (${marks(codes)}) order by \`id\`${lock ? forUpdate(em) : ''}`,
    [siteId, year, ...codes],
  );
  return rows.map((r) => ({ id: r.id, siteId, account: r.account, year: Number(r.year), limitFen: fromBigint(r.limit_fen), drawnFen: fromBigint(r.drawn_fen), units: Number(r.units) }));
}

/** Writes back what served units drew on accounts read by fundingAccounts (locked): one statement for all of them. */
export async function saveDrawdowns(em: EntityManager, accounts: IFundingAccount[]): Promise<void> {
  if (!accounts.length) return;
  const cases = accounts.map(() => 'when ? then ?').join(' ');
  await runStatement(
    em,
    `update \`funding_account\` set \`drawn_fen\` = case \`id\` ${cases} end, \`units\` = case \`id\` ${cases} end where \`id\` in (${marks(accounts)})`,
    [...accounts.flatMap((a) => [a.id, a.drawnFen]), ...accounts.flatMap((a) => [a.id, a.units]), ...accounts.map((a) => a.id)],
  );
}

/**
 * Loads what prices a service line on a date: the cost model in force and its contributions
 * with what their budgets, pools and grants have left this year. With `lock`, the account rows
 * are locked until the caller's transaction ends, so concurrent served units cannot overspend them.
 */
export async function loadPricing(em: EntityManager, siteId: string, serviceLine: string, date: BusinessDate, { lock = false } = {}): Promise<Pricing> {
  const rules = await readLineRules(em, siteId, serviceLine, date);
  const codes = accountCodesOf(rules);
  const accounts = codes.length
    ? await em.find(FundingAccount, { siteId, year: Number(date.slice(0, 4)), account: { $in: codes } }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } } : {})
    : [];
  return pricingOf(rules, date, accounts);
}

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

export async function quoteFor(em: EntityManager, siteId: string, serviceLine: string, date: BusinessDate, subject: QuoteSubject): Promise<Quote> {
  const pricing = await loadPricing(em, siteId, serviceLine, date);
  return priceUnit(pricing.version, pricing.contributions, subject, date);
}

type ServedFor = { service: 'canteen' | 'childcare' | 'carehome' | 'afterschool'; sourceId: string; quantity: number };

/**
 * The rows of `quantity` units served at `quote` (the snapshot), with each party's share, and
 * their drawdowns taken from `pricing.accounts` (in memory: the caller writes them back).
 */
export function servedRows(pricing: Pricing, q: Quote, served: ServedFor, createdAt = new Date()): { unit: IServedUnit; shares: IServedUnitShare[] } {
  const unit: IServedUnit = {
    id: newId(),
    siteId: q.siteId,
    service: served.service,
    serviceLine: q.serviceLine,
    sourceId: served.sourceId,
    servedDate: q.date,
    tier: q.subject.tier,
    quantity: served.quantity,
    costModelVersionId: q.costModelVersionId,
    fullCostFen: q.cost.totalFen,
    residentPaysFen: q.resident.paysFen,
    marginFen: q.margin.fen,
    voided: false,
    quote: snapshotOf(q),
    createdAt,
  };
  const programmeOf = new Map(q.contributions.map((c) => [c.contributionId, c.programmeCode]));
  const shares = q.shares.lines
    .filter((line) => line.amountFen !== 0)
    .map(
      (line): IServedUnitShare => ({
        id: newId(),
        servedUnitId: unit.id,
        siteId: q.siteId,
        servedDate: q.date,
        partyId: line.partyId,
        partyKind: line.partyKind,
        source: line.source,
        programmeCode: line.contributionId ? (programmeOf.get(line.contributionId) ?? null) : null,
        amountFen: line.amountFen * served.quantity,
        voided: false,
      }),
    );
  const year = Number(q.date.slice(0, 4));
  for (const d of q.drawdowns) {
    const account = pricing.accounts.find((a) => a.account === d.account && a.year === year);
    if (!account) continue;
    account.drawnFen += d.amountFen * served.quantity;
    account.units += d.units * served.quantity;
  }
  return { unit, shares };
}

/**
 * Records `quantity` units served at `quote` (the snapshot) with each party's share, and
 * draws their budgets, pools and grants. Call inside the transaction that loaded the pricing
 * with `lock: true`.
 */
export function recordServed(em: EntityManager, pricing: Pricing, q: Quote, served: ServedFor): string {
  const { unit, shares } = servedRows(pricing, q, served);
  em.create(ServedUnit, unit);
  for (const share of shares) em.create(ServedUnitShare, share);
  return unit.id;
}

/** Voids the served units of a source (a cancelled order) and gives their drawdowns back. */
export async function voidServed(em: EntityManager, sourceId: string): Promise<void> {
  const units = await em.find(ServedUnit, { sourceId, voided: false });
  for (const unit of units) {
    unit.voided = true;
    await em.nativeUpdate(ServedUnitShare, { servedUnitId: unit.id }, { voided: true });
    const year = Number(unit.servedDate.slice(0, 4));
    for (const d of unit.quote.drawdowns) {
      const account = await em.findOne(FundingAccount, { siteId: unit.siteId, account: d.account, year }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!account) continue;
      account.drawnFen -= d.amountFen * unit.quantity;
      account.units -= d.units * unit.quantity;
    }
  }
}

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
  forgetLineRules(em, input.siteId);
  return describeCostModel(row);
}

/** A version no unit was served under may be withdrawn; one that priced a served unit is history. */
export async function deleteCostModel(em: EntityManager, row: ICostModelVersion) {
  if (await em.count(ServedUnit, { costModelVersionId: row.id })) {
    throw ruleBroken('Units were served under this version; add a new version instead of deleting it');
  }
  await em.nativeDelete(CostModelVersion, { id: row.id });
  forgetLineRules(em, row.siteId);
}

/** Removes a contribution rule (served units keep the quote they were served at). */
export async function deleteContribution(em: EntityManager, rule: IContributionRule): Promise<void> {
  await em.nativeDelete(ContributionRule, { id: rule.id });
  forgetLineRules(em, rule.siteId);
}

/** Quotes every tier of a line on a date; with a draft, the unsaved numbers stand in for the version in force. */
export async function previewQuotes(em: EntityManager, input: { siteId: string; serviceLine: string; date: BusinessDate; tiers?: string[]; draft?: Numbers }) {
  const pricing = await loadPricing(em, input.siteId, input.serviceLine, input.date);
  const version = input.draft ? { ...pricing.version, ...input.draft, id: `${pricing.version.id}+draft` } : pricing.version;
  if (input.draft) validateCostModelVersion(version);
  const tiers = input.tiers ?? [...(serviceLineOf(input.serviceLine)?.tiers ?? [])];
  return tiers.map((tier) => priceUnit(version, pricing.contributions, { tier }, input.date));
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

/** Creates or replaces a rule; a budget, pool balance or grant sets this year's funding account. */
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
  const { mechanism, annualBudgetFen, balanceFen, ...settings } = input.settings;
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
  const row = rule ? Object.assign(rule, fields) : em.create(ContributionRule, { id: newId(), ...fields });
  const code = accountOf(row);
  const limit = mechanism === 'tier_subsidy' ? annualBudgetFen : mechanism === 'charity_pool' ? balanceFen : mechanism === 'fixed_grant' ? settings.annualFen : undefined;
  if (code && typeof limit === 'number') {
    const account = await em.findOne(FundingAccount, { siteId: input.siteId, account: code, year });
    if (account) account.limitFen = limit;
    else em.create(FundingAccount, { siteId: input.siteId, account: code, year, limitFen: limit, drawnFen: 0, units: 0 });
  }
  await em.flush();
  forgetLineRules(em, input.siteId);
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
