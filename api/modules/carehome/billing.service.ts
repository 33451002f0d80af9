import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  bedDaysOf,
  bedTierOf,
  careLevelByCode,
  careLevelName,
  type CareHomeSettings,
  leaveDayCharge,
  type LeaveSpell,
  monthDays,
  settingsOn,
} from '../../../domain/carehome';
import { type Quote, yearOf } from '../../../domain/costsharing';
import { depositApplied, familyBilled, familyPaid, type LedgerPosting } from '../../../domain/reconciliation';
import { addDays } from '../../../domain/shared/business-date';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { conflict, ruleBroken } from '../../errors';
import { lockPlacesOf } from '../../waitlist/site-lock';
import { type LineRules, readLinesRules } from '../costsharing/line-rules';
import { lockFunding, priceServedUnits, type ServedRows, servedRowsOf, writeServedUnits } from '../costsharing/served-units';
import { postToLedger } from '../reconciliation/ledger';
import { Household } from '../sites/household.entity';
import { type BilledBedDay, type BillSplit, CarehomeBill, CarehomeDepositUse, CarehomePayment, type ICarehomeBill, type PAYMENT_METHODS } from './billing.entity';
import { CarehomeApplication, CarehomeLeave, CarehomeResidence, type ICarehomeLeave, type ICarehomeResidence } from './carehome.entity';
import { termsIn } from './contracts';
import { settingsVersionsOf } from './queue.service';

const PLACES = 'carehome_bed';
const monthOf = (date: string) => date.slice(0, 7);
/** A care level of the settings (a site keeps every level in use: rules.service). */
const levelOf = (careLevel: string, settings: CareHomeSettings) => {
  const level = careLevelByCode(careLevel, settings);
  if (!level) throw ruleBroken(`The site's settings have no care level ${careLevel}`, [{ field: 'careLevel', code: 'unknown_care_level', message: `${careLevel} is not a care level of the site` }]);
  return level;
};
/** The line a level's bed-days are priced on (its own, as the settings name it) and the subsidy tier they are quoted for. */
const serviceLineOf = (careLevel: string, settings: CareHomeSettings) => levelOf(careLevel, settings).serviceLine;
const bedTier = (careLevel: string, settings: CareHomeSettings) => bedTierOf(levelOf(careLevel, settings));

/** A leave record as the domain's spell: the last day away is the day before the return; a leave still open runs to `until`. */
export const spellOf = (l: ICarehomeLeave, until: string): LeaveSpell => ({ from: l.fromDate, to: l.returnedOn ? addDays(l.returnedOn, -1) : until });

const RESIDENT_SHARE = { party: { zh: '家属', en: 'Family' }, what: { zh: '家属自付', en: 'Paid by the family' } };
const OPERATOR_SHARE = { zh: '运营方微利', en: 'Operator margin' };

/**
 * The parts of the served bed-days' quotes summed by who pays and what for, in the words of the
 * line's rules: what the others pay less the operator's margin is the full cost.
 */
function splitOf(quotes: readonly Quote[], line: LineRules): BillSplit[] {
  const parts = new Map<string, BillSplit>();
  for (const q of quotes) {
    for (const s of q.shares.lines) {
      const key = s.contributionId ?? s.source;
      const rule = s.contributionId ? line.contributions.find((c) => c.id === s.contributionId) : undefined;
      const named =
        rule !== undefined
          ? { party: rule.party.name, what: rule.label }
          : s.source === 'resident_payment'
            ? RESIDENT_SHARE
            : { party: { zh: '运营方', en: 'Operator' }, what: OPERATOR_SHARE };
      const part = parts.get(key) ?? { partyKind: s.partyKind, ...named, amountFen: 0 };
      // The operator's share of the cost is −margin; the bill names it as the margin it earns, so it shows as what it is.
      part.amountFen += s.source === 'operator_margin' ? -s.amountFen : s.amountFen;
      parts.set(key, part);
    }
  }
  return [...parts.values()].filter((p) => p.amountFen !== 0);
}

/**
 * Bills an ended month for every residence of the site in it, through `billMonth`. Under the
 * site's bed lock, a residence already billed for the month (by an earlier run or at its
 * discharge) is left as it is, so billing again (or twice at once) charges nothing more. A
 * refused price refuses the whole month (422).
 */
export async function runBills(em: EntityManager, user: AuthUser, siteId: string, month: string, now: DateTime) {
  const today = businessDateOf(now);
  if (month >= monthOf(today)) {
    throw ruleBroken(`${month} has not ended`, [{ field: 'month', code: 'month_not_ended', params: { month }, message: 'has not ended yet: a month is billed once its bed-days are all known' }]);
  }
  await lockPlacesOf(em, PLACES, siteId);
  const { first, last } = monthDays(month);
  const residences = await em.find(CarehomeResidence, { siteId, admittedOn: { $lte: last }, $or: [{ dischargedOn: null }, { dischargedOn: { $gt: first } }] }, { orderBy: { id: 'asc' } });
  const billedNow = await billMonth(em, user, siteId, month, residences, now);
  const bills = await em.find(CarehomeBill, { siteId, month });
  return {
    siteId,
    month,
    billedNow: billedNow.length,
    residents: bills.length,
    servedDays: bills.reduce((s, b) => s + b.servedDays, 0),
    leaveDays: bills.reduce((s, b) => s + b.leaveDays, 0),
    chargedFen: bills.reduce((s, b) => s + b.chargedFen, 0),
    departmentFen: bills.reduce((s, b) => s + b.departmentFen, 0),
  };
}

/**
 * Bills the month for each given residence not billed for it yet (one bill per residence and
 * month): its served bed-days priced on the bed line of its care level (one served unit per
 * served bed-day, keeping its quote: 民政's bed subsidy, the consumption voucher where the level
 * takes it, the family's share), its leave days charged by the leave rules and never served.
 * The caller holds the site's bed lock. Returns the bills made now.
 */
export async function billMonth(em: EntityManager, user: AuthUser, siteId: string, month: string, residences: readonly ICarehomeResidence[], now: DateTime): Promise<ICarehomeBill[]> {
  const { first, last } = monthDays(month);
  const billed = new Set((await em.find(CarehomeBill, { siteId, month }, { fields: ['residenceId'] })).map((b) => b.residenceId));
  const toBill = residences.filter((r) => !billed.has(r.id));
  const bills: ICarehomeBill[] = [];
  if (toBill.length > 0) {
    const [leaves, versions] = await Promise.all([em.find(CarehomeLeave, { residenceId: { $in: toBill.map((r) => r.id) } }), settingsVersionsOf(em, siteId)]);
    // A bed-day's leave tier and reduced care follow the settings in force that day; the month's bed line, those of its first
    // day in residence (the month's first, or the admission day the contract was quoted on).
    const settingsOf = (date: string) => settingsOn(versions, date);
    const monthSettings = (r: ICarehomeResidence) => settingsOf(r.admittedOn > first ? r.admittedOn : first);
    // Each month is billed on the contract's terms in force on its first day, so a month billed after an amendment keeps its own.
    const terms = await termsIn(em, toBill, month);
    const careLevelOf = (r: ICarehomeResidence) => terms.get(r.id)!.careLevel;
    const lines = await readLinesRules(em, siteId, [...new Set(toBill.map((r) => serviceLineOf(careLevelOf(r), monthSettings(r))))]);
    let accounts = await lockFunding(em, siteId, lines, [yearOf(first)]);
    const served: ServedRows[] = [];
    const postings: LedgerPosting[] = [];
    for (const line of lines) {
      for (const r of toBill.filter((x) => serviceLineOf(careLevelOf(x), monthSettings(x)) === line.serviceLine)) {
        const tier = bedTier(careLevelOf(r), monthSettings(r));
        const spells = leaves.filter((l) => l.residenceId === r.id).map((l) => spellOf(l, last));
        const { days, reviewFlags } = bedDaysOf(month, { from: r.admittedOn, to: r.dischargedOn ?? null }, spells, (date) => settingsOf(date).leave);
        const unit = (date: string) => ({ tier, date, personRef: r.applicationId });
        const servedDays = days.filter((d) => d.kind === 'served');
        const priced = priceServedUnits(line, accounts, { units: servedDays.map((d) => unit(d.date)) });
        accounts = priced.accounts;
        // A leave day is priced as if served, to know the family's price that day, and draws nothing: its accounts are dropped.
        const leaveDays = days.flatMap((d) => (d.kind === 'leave' ? [d] : []));
        const leaveQuotes = leaveDays.length ? priceServedUnits(line, accounts, { units: leaveDays.map((d) => unit(d.date)) }).quotes : [];
        const billId = newId();
        const rows = priced.quotes.map((q) => servedRowsOf(q, { service: 'carehome', sourceId: billId }, now.toJSDate()));
        served.push(...rows);
        const billedDays: BilledBedDay[] = days.map((d) => {
          if (d.kind === 'served') {
            const i = servedDays.indexOf(d);
            return { date: d.date, kind: 'served', servedUnitId: rows[i].unit.id, familyFen: priced.quotes[i].resident.paysFen };
          }
          const q = leaveQuotes[leaveDays.indexOf(d)];
          const charge = leaveDayCharge(d.tier, { familyFen: q.resident.paysFen, mealsFen: q.cost.componentsFen.materials, careFen: q.cost.componentsFen.labour }, settingsOf(d.date).reducedCareShare);
          return { date: d.date, kind: 'leave', tier: d.tier, absenceDays: d.absenceDays, familyFen: q.resident.paysFen, ...charge };
        });
        const sum = (f: (d: BilledBedDay) => number, kind: BilledBedDay['kind']) => billedDays.filter((d) => d.kind === kind).reduce((s, d) => s + f(d), 0);
        const servedFamilyFen = sum((d) => d.familyFen, 'served');
        const leaveChargedFen = sum((d) => (d.kind === 'leave' ? d.chargedFen : 0), 'leave');
        const bill = em.create(CarehomeBill, {
          id: billId,
          siteId,
          householdId: r.householdId,
          residenceId: r.id,
          applicationId: r.applicationId,
          month,
          careLevel: careLevelOf(r),
          serviceLine: line.serviceLine,
          tier,
          servedDays: servedDays.length,
          leaveDays: leaveDays.length,
          servedFamilyFen,
          leaveChargedFen,
          chargedFen: servedFamilyFen + leaveChargedFen,
          departmentFen: priced.quotes.reduce((s, q) => s + q.shares.byKind.department, 0),
          fullCostFen: priced.quotes.reduce((s, q) => s + q.cost.totalFen, 0),
          split: splitOf(priced.quotes, line),
          days: billedDays,
          reviewFlags,
          billedBy: user.id,
        });
        bills.push(bill);
        postings.push(familyBilled(bill.id, r, bill.chargedFen));
      }
    }
    await writeServedUnits(em, served, accounts);
    await em.flush();
    await postToLedger(em, siteId, postings, user.id, now);
  }
  return bills;
}

/** Each residence's account: billed, paid, settled from the deposit, what is still owed, and the deposit held. */
export async function accountsOf(em: EntityManager, residences: readonly ICarehomeResidence[]) {
  const ids = residences.map((r) => r.id);
  const [bills, payments, uses] = await Promise.all([
    em.find(CarehomeBill, { residenceId: { $in: ids } }, { fields: ['residenceId', 'chargedFen', 'month'] }),
    em.find(CarehomePayment, { residenceId: { $in: ids } }, { fields: ['residenceId', 'amountFen'] }),
    em.find(CarehomeDepositUse, { residenceId: { $in: ids } }, { fields: ['residenceId', 'amountFen'] }),
  ]);
  const total = (rows: readonly { residenceId: string }[], id: string, fen: (row: never) => number) => rows.filter((x) => x.residenceId === id).reduce((s, x) => s + fen(x as never), 0);
  return new Map(
    residences.map((r) => {
      const billedFen = total(bills, r.id, (b: { chargedFen: number }) => b.chargedFen);
      const paidFen = total(payments, r.id, (p: { amountFen: number }) => p.amountFen);
      const depositUsedFen = total(uses, r.id, (u: { amountFen: number }) => u.amountFen);
      const returnedFen = r.settlement?.depositReturnedFen ?? 0;
      const months = bills.filter((b) => b.residenceId === r.id).map((b) => b.month);
      return [
        r.id,
        {
          billedFen,
          paidFen,
          depositUsedFen,
          arrearsFen: billedFen - paidFen - depositUsedFen,
          depositFen: r.depositFen,
          depositHeldFen: r.depositFen - depositUsedFen - returnedFen,
          lastBilledMonth: months.length ? months.sort().at(-1)! : null,
        },
      ];
    }),
  );
}

/** The arrears list: every residence of the site (or the caller's household's) with its account and care level today, most owed first. */
export async function listAccounts(em: EntityManager, siteId: string, where: object, now: DateTime) {
  const today = businessDateOf(now);
  const residences = await em.find(CarehomeResidence, { ...where, siteId }, { orderBy: { id: 'asc' } });
  const [accounts, apps, households, versions, terms] = await Promise.all([
    accountsOf(em, residences),
    em.find(CarehomeApplication, { id: { $in: residences.map((r) => r.applicationId) } }, { fields: ['name'] }),
    em.find(Household, { id: { $in: [...new Set(residences.map((r) => r.householdId))] } }),
    settingsVersionsOf(em, siteId),
    termsIn(em, residences, monthOf(today)),
  ]);
  return residences
    .map((r) => ({
      residenceId: r.id,
      name: apps.find((a) => a.id === r.applicationId)!.name,
      householdId: r.householdId,
      householdName: households.find((h) => h.id === r.householdId)!.name,
      careLevel: terms.get(r.id)!.careLevel,
      careLevelName: careLevelName(terms.get(r.id)!.careLevel, settingsOn(versions, today)),
      dischargedOn: r.dischargedOn ?? null,
      ...accounts.get(r.id)!,
    }))
    .sort((a, b) => b.arrearsFen - a.arrearsFen || a.residenceId.localeCompare(b.residenceId));
}

/**
 * Monthly statements, one per family and month (newest first): each relative's bill with its
 * bed-days (served and on leave, with the leave tiers), who pays which part of the served days in
 * names, the family's charge, and the relative's account (arrears and deposit) as it stands.
 * `where` is the caller's scope (a family: its household alone).
 */
export async function listStatements(em: EntityManager, siteId: string, where: object, month: string | undefined) {
  const bills = await em.find(CarehomeBill, { ...where, siteId, ...(month ? { month } : {}) }, { orderBy: { month: 'desc', householdId: 'asc', id: 'asc' } });
  if (bills.length === 0) return [];
  const residences = await em.find(CarehomeResidence, { id: { $in: [...new Set(bills.map((b) => b.residenceId))] } });
  const [accounts, apps, households, versions] = await Promise.all([
    accountsOf(em, residences),
    em.find(CarehomeApplication, { id: { $in: residences.map((r) => r.applicationId) } }, { fields: ['name'] }),
    em.find(Household, { id: { $in: [...new Set(bills.map((b) => b.householdId))] } }),
    settingsVersionsOf(em, siteId),
  ]);
  const lineOf = (b: ICarehomeBill) => ({
    billId: b.id,
    residenceId: b.residenceId,
    name: apps.find((a) => a.id === b.applicationId)!.name,
    careLevel: b.careLevel,
    careLevelName: careLevelName(b.careLevel, settingsOn(versions, `${b.month}-01`)),
    servedDays: b.servedDays,
    leaveDays: b.leaveDays,
    fullCostFen: b.fullCostFen,
    departmentFen: b.departmentFen,
    split: b.split,
    servedFamilyFen: b.servedFamilyFen,
    leaveChargedFen: b.leaveChargedFen,
    chargedFen: b.chargedFen,
    leave: b.days.flatMap((d) => (d.kind === 'leave' ? [{ date: d.date, tier: d.tier, absenceDays: d.absenceDays, familyFen: d.familyFen, mealRefundFen: d.mealRefundFen, careReductionFen: d.careReductionFen, chargedFen: d.chargedFen }] : [])),
    reviewFlags: b.reviewFlags,
    account: accounts.get(b.residenceId)!,
  });
  const statements = new Map<string, { householdId: string; householdName: string; month: string; lines: ReturnType<typeof lineOf>[]; totalFen: number }>();
  for (const b of bills) {
    const key = `${b.month}|${b.householdId}`;
    const statement = statements.get(key) ?? { householdId: b.householdId, householdName: households.find((h) => h.id === b.householdId)!.name, month: b.month, lines: [], totalFen: 0 };
    statement.lines.push(lineOf(b));
    statement.totalFen += b.chargedFen;
    statements.set(key, statement);
  }
  return [...statements.values()];
}

/** A residence, under the site's bed lock that billing holds, so no write about it races a bill. */
export async function residenceAt(em: EntityManager, siteId: string, residenceId: string) {
  await lockPlacesOf(em, PLACES, siteId);
  return em.findOneOrFail(CarehomeResidence, { id: residenceId });
}

async function accountRow(em: EntityManager, residenceId: string, now: DateTime) {
  const rows = await listAccounts(em, (await em.findOneOrFail(CarehomeResidence, { id: residenceId })).siteId, { id: residenceId }, now);
  return rows[0];
}

/** A family's payment towards the resident's bills, on a day from the admission to today. */
export async function recordPayment(
  em: EntityManager,
  user: AuthUser,
  siteId: string,
  residenceId: string,
  body: { amountFen: number; paidOn: string; method: (typeof PAYMENT_METHODS)[number]; note?: string | null },
  now: DateTime,
) {
  if (body.paidOn > businessDateOf(now)) throw ruleBroken('A payment is recorded when it is made', [{ field: 'paidOn', code: 'future', message: 'must not be after today' }]);
  const r = await residenceAt(em, siteId, residenceId);
  if (body.paidOn < r.admittedOn) throw ruleBroken('A payment comes after the admission', [{ field: 'paidOn', code: 'before_admission', message: `must not be before ${r.admittedOn}` }]);
  const payment = em.create(CarehomePayment, { id: newId(), siteId, householdId: r.householdId, residenceId: r.id, amountFen: body.amountFen, paidOn: body.paidOn, method: body.method, note: body.note ?? null, recordedBy: user.id });
  await em.flush();
  await postToLedger(em, siteId, [familyPaid(payment.id, r, body.amountFen)], user.id, now, body.paidOn);
  return accountRow(em, r.id, now);
}

/**
 * Settles arrears from the deposit held, by a recorded decision with its reason: never more than
 * is owed, nor more than the deposit holds.
 */
export async function useDeposit(em: EntityManager, user: AuthUser, siteId: string, residenceId: string, body: { amountFen: number; reason: string }, now: DateTime) {
  const r = await residenceAt(em, siteId, residenceId);
  if (r.dischargedOn) throw conflict('The resident has been discharged', { errors: [{ field: 'residenceId', code: 'discharged', message: `was discharged on ${r.dischargedOn}; the deposit was settled then` }] });
  const account = (await accountsOf(em, [r])).get(r.id)!;
  if (body.amountFen > account.arrearsFen) {
    throw ruleBroken('The deposit settles arrears only', [{ field: 'amountFen', code: 'over_arrears', params: { arrearsFen: account.arrearsFen }, message: `must not be more than the arrears (${account.arrearsFen} fen)` }]);
  }
  if (body.amountFen > account.depositHeldFen) {
    throw ruleBroken('The deposit does not hold that much', [{ field: 'amountFen', code: 'over_deposit', params: { depositHeldFen: account.depositHeldFen }, message: `must not be more than the deposit held (${account.depositHeldFen} fen)` }]);
  }
  const today = businessDateOf(now);
  const use = em.create(CarehomeDepositUse, { id: newId(), siteId, householdId: r.householdId, residenceId: r.id, amountFen: body.amountFen, reason: body.reason, decidedOn: today, decidedBy: user.id });
  await em.flush();
  await postToLedger(em, siteId, [depositApplied(use.id, r, body.amountFen)], user.id, now);
  return accountRow(em, r.id, now);
}
