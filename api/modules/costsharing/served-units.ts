import type { EntityManager } from '@mikro-orm/core';
import { Drawdown, MissingAccount, priceUnits, ProgrammeUse, Quote, snapshotOf, UnitAsked, UnitRefusal, yearOf } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { fromJson, insertRows, marks, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { FieldError, HttpProblem, ruleBroken } from '../../errors';
import type { IFundingAccount } from './cost-model.entity';
import { readFundingAccounts, saveDrawdowns, Years } from './funding-accounts';
import { accountCodesOf, LineRules, readLineRules } from './line-rules';
import { IServedUnit, IServedUnitShare, ServedUnit, ServedUnitShare } from './served-unit.entity';
import { unitsCancelled } from '../reconciliation/claims.service';

// ── Price and record served units ────────────────────────────────────────────────────
// The one way a service prices what it serves (a meal, a slot-month, a bed-day, a session) and
// keeps it: (1) lock the funding accounts its units draw on, (2) price the units in memory,
// each on what the ones before it drew, (3) write the served units with their quote snapshots
// and share rows, and the accounts' new balances. recordServedUnits does all three; a caller
// that takes many requests in one transaction (the canteen's order desk) runs the steps itself.

export type Service = IServedUnit['service'];

/** Step 1: the funding accounts the lines' units draw on in `years`, locked until the transaction ends. */
export function lockFunding(tx: EntityManager, siteId: string, lines: readonly LineRules[], years: Years): Promise<IFundingAccount[]> {
  return readFundingAccounts(tx, siteId, years, accountCodesOf(...lines), { lock: true });
}

export const noCostModel = (serviceLine: string, date: BusinessDate) =>
  ruleBroken(`No cost model for ${serviceLine} is in force on ${date}`, [
    { field: 'serviceLine', code: 'no_cost_model', params: { serviceLine, date }, message: 'has no cost model in force on that date' },
  ]);

function missingAccountsProblem(missing: MissingAccount[]): HttpProblem {
  const names = missing.map((m) => `${m.label.en} (${m.account}, ${m.party.name.en}) for ${m.year}`).join('; ');
  const errors = missing.map(
    (m): FieldError => ({
      field: `fundingAccount.${m.account}`,
      code: 'no_funding_account',
      // Both languages' names, so a client can say it in either without another request.
      params: { year: m.year, account: m.account, mechanism: m.mechanism, name: m.label.zh, nameEn: m.label.en, party: m.party.name.zh, partyEn: m.party.name.en },
      message: `has no funding account for ${m.year}`,
    }),
  );
  return ruleBroken(`No funding account is open for ${names}: open the year's accounts first`, errors);
}

/** The refusals of a request as one 422: a missing cost model first, else every missing account once. */
function refusalProblem(serviceLine: string, refusals: UnitRefusal[]): HttpProblem {
  const noModel = refusals.find((r) => r.reason === 'no_cost_model');
  if (noModel) return noCostModel(serviceLine, noModel.date);
  const missing = new Map<string, MissingAccount>();
  for (const r of refusals) if (r.reason === 'no_funding_account') for (const m of r.missing) missing.set(`${m.account}|${m.year}`, m);
  return missingAccountsProblem([...missing.values()]);
}

export interface PricedServedUnits {
  quotes: Quote[];
  /** The accounts given, after the units' drawdowns (to be saved by step 3). */
  accounts: IFundingAccount[];
  used: ProgrammeUse[];
}

/**
 * Step 2: prices the units on the accounts read in step 1 (in memory, nothing written). A refused
 * unit refuses them all: 422, naming the service line with no cost model in force, or every
 * programme, pool or grant with no funding account for the unit's year.
 */
export function priceServedUnits(line: LineRules, accounts: readonly IFundingAccount[], asked: { units: readonly UnitAsked[]; used?: readonly ProgrammeUse[] }): PricedServedUnits {
  const priced = priceUnits({ versions: line.versions, contributions: line.contributions, accounts, used: asked.used, units: asked.units });
  const refusals = priced.units.flatMap((u) => (u.refusal ? [u.refusal] : []));
  if (refusals.length) throw refusalProblem(line.serviceLine, refusals);
  return { quotes: priced.units.map((u) => u.quote!), accounts: priced.accounts, used: priced.used };
}

export interface ServedRows {
  unit: IServedUnit;
  shares: IServedUnitShare[];
}

/** Step 3a: a priced unit as rows: the served unit keeping its quote snapshot, and each party's share. */
export function servedRowsOf(q: Quote, served: { service: Service; sourceId: string }, createdAt = new Date()): ServedRows {
  const unit: IServedUnit = {
    id: newId(),
    siteId: q.siteId,
    service: served.service,
    serviceLine: q.serviceLine,
    sourceId: served.sourceId,
    servedDate: q.date,
    personRef: q.subject.personRef,
    tier: q.subject.tier,
    quantity: 1,
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
        amountFen: line.amountFen,
        personRef: unit.personRef,
        quantity: unit.quantity,
        voided: false,
      }),
    );
  return { unit, shares };
}

/** Step 3b: stores served units with their shares, and the accounts' balances after them: one statement per table. */
export async function writeServedUnits(tx: EntityManager, served: readonly ServedRows[], accounts: readonly IFundingAccount[]): Promise<void> {
  await Promise.all([
    insertRows(tx, ServedUnit, served.map((s) => s.unit)),
    insertRows(tx, ServedUnitShare, served.flatMap((s) => s.shares)),
    saveDrawdowns(tx, accounts),
  ]);
}

export interface ServedUnitsRequest {
  siteId: string;
  serviceLine: string;
  service: Service;
  /** The record that serves them (a booking, an enrolment, a stay); voidServedUnits takes them back by it. */
  sourceId: string;
  units: readonly UnitAsked[];
  /** What the units' persons already drew from programmes (their earlier units), for per-person caps. */
  used?: readonly ProgrammeUse[];
}

/**
 * Prices and records served units (a slot-month, a bed-day, a session …) in the caller's
 * transaction: all three steps. Refused units refuse the request (422) and write nothing.
 */
export async function recordServedUnits(tx: EntityManager, request: ServedUnitsRequest, createdAt = new Date()): Promise<{ servedUnitIds: string[]; quotes: Quote[] }> {
  const line = await readLineRules(tx, request.siteId, request.serviceLine);
  const accounts = await lockFunding(tx, request.siteId, [line], [...new Set(request.units.map((u) => yearOf(u.date)))]);
  const priced = priceServedUnits(line, accounts, request);
  const served = priced.quotes.map((q) => servedRowsOf(q, request, createdAt));
  await writeServedUnits(tx, served, priced.accounts);
  return { servedUnitIds: served.map((s) => s.unit.id), quotes: priced.quotes };
}

/** A live served unit of a source (an order, a stay), with what it drew from which year's accounts. */
export interface LiveServedUnit {
  id: string;
  sourceId: string;
  siteId: string;
  year: number;
  quantity: number;
  drawdowns: Drawdown[];
}

/** The live served units of these sources: read it after the lock that guards the sources. */
export async function liveServedUnits(tx: EntityManager, sourceIds: readonly string[]): Promise<LiveServedUnit[]> {
  if (!sourceIds.length) return [];
  const rows = await selectRows<{ id: string; source_id: string; site_id: string; served_date: string; quantity: unknown; quote: unknown }>(
    tx,
    `select \`id\`, \`source_id\`, \`site_id\`, \`served_date\`, \`quantity\`, \`quote\` from \`served_unit\` where \`source_id\` in (${marks(sourceIds)}) and \`voided\` = ? order by \`id\``,
    [...sourceIds, false],
  );
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    siteId: r.site_id,
    year: yearOf(r.served_date),
    quantity: Number(r.quantity),
    drawdowns: fromJson<{ drawdowns: Drawdown[] }>(r.quote).drawdowns,
  }));
}

/** Gives what the units drew back to the accounts (read and locked, in memory): the inverse of pricing them. */
export function giveBack(accounts: readonly IFundingAccount[], units: readonly LiveServedUnit[]): void {
  for (const unit of units) {
    for (const d of unit.drawdowns) {
      const account = accounts.find((a) => a.siteId === unit.siteId && a.account === d.account && a.year === unit.year);
      // Accounts are never deleted; one that is not there was not locked by the caller.
      if (!account) throw new Error(`the ${d.account} ${unit.year} account of ${unit.siteId} was not read to give back to`);
      account.drawnFen -= d.amountFen * unit.quantity;
      account.units -= d.units * unit.quantity;
    }
  }
}

/** The funding accounts the units drew on, as `lockFunding` wants them: by site, the codes and years. */
export function drawnAccounts(units: readonly LiveServedUnit[]): Map<string, { codes: string[]; years: number[] }> {
  const bySite = new Map<string, { codes: Set<string>; years: Set<number> }>();
  for (const u of units) {
    const site = bySite.get(u.siteId) ?? { codes: new Set(), years: new Set() };
    for (const d of u.drawdowns) site.codes.add(d.account);
    if (u.drawdowns.length) site.years.add(u.year);
    bySite.set(u.siteId, site);
  }
  return new Map([...bySite].map(([siteId, s]) => [siteId, { codes: [...s.codes], years: [...s.years] }]));
}

/**
 * Marks served units and their share rows voided: what they served no longer counts, nor claims.
 * Reconciliation sees it first: a unit already claimed gets a refund line in the open month, and
 * a unit of a closed month is left as it was frozen.
 */
export async function markVoided(tx: EntityManager, cancelled: readonly string[], at = new Date()): Promise<void> {
  const unitIds = await unitsCancelled(tx, cancelled, at);
  if (!unitIds.length) return;
  await runStatement(tx, `update \`served_unit\` set \`voided\` = ? where \`id\` in (${marks(unitIds)})`, [true, ...unitIds]);
  await runStatement(tx, `update \`served_unit_share\` set \`voided\` = ? where \`served_unit_id\` in (${marks(unitIds)})`, [true, ...unitIds]);
}

/**
 * Voids the served units of these sources (an ended stay, a withdrawn booking) and gives what
 * they drew back to the accounts of their dates' years, locked in id order as step 1 locks them.
 * Read the sources' own rows locked first: what is live is decided under that lock.
 */
export async function voidServedUnits(tx: EntityManager, sourceIds: readonly string[]): Promise<void> {
  const units = await liveServedUnits(tx, sourceIds);
  if (!units.length) return;
  for (const [siteId, { codes, years }] of drawnAccounts(units)) {
    const accounts = await readFundingAccounts(tx, siteId, years, codes, { lock: true });
    giveBack(accounts, units.filter((u) => u.siteId === siteId));
    await saveDrawdowns(tx, accounts);
  }
  await markVoided(tx, units.map((u) => u.id));
}
