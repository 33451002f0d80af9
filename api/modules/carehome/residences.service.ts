import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { bedFits, CareHomeError, type ChecklistItem, depositCapFen, DISCHARGE_CHECKLIST, type DischargeReason, type LeaveKind, settleDischarge } from '../../../domain/carehome';
import { depositApplied, depositReceived, depositReturned } from '../../../domain/reconciliation';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { conflict, ruleBroken } from '../../errors';
import { asRuleBroken } from '../../waitlist/standing';
import { postToLedger } from '../reconciliation/ledger';
import { accountsOf, billMonth, residenceAt } from './billing.service';
import { CarehomeBill, CarehomeDepositUse } from './billing.entity';
import { describeResidence } from './applications.service';
import { CarehomeApplication, CarehomeBed, CarehomeBedStay, CarehomeContractAmendment, CarehomeLeave, CarehomeResidence, CarehomeRoom, type ICarehomeResidence } from './carehome.entity';
import { termsIn } from './contracts';
import { quoteLevel } from './prices';
import { bedOf, changeSite, depositCapMonths, moveBedTo, setStatus, settingsOnDate } from './queue.service';

const living = (r: ICarehomeResidence) => {
  if (r.dischargedOn) throw conflict('The resident has been discharged', { errors: [{ field: 'residenceId', code: 'discharged', message: `was discharged on ${r.dischargedOn}` }] });
};

async function openLeave(em: EntityManager, residenceId: string) {
  return em.findOne(CarehomeLeave, { residenceId, returnedOn: null });
}

async function describeOne(em: EntityManager, residenceId: string, now: DateTime) {
  return describeResidence(em, await em.findOneOrFail(CarehomeResidence, { id: residenceId }), now);
}

/**
 * A resident moves to another bed from today: the bed must be available at the same site and fit
 * them (room's sex, care level, features), the old one is cleaned; the history keeps both stays.
 */
export async function transfer(em: EntityManager, user: AuthUser, siteId: string, residenceId: string, body: { bedId: string; reason: string }, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const r = await em.findOneOrFail(CarehomeResidence, { id: residenceId });
    living(r);
    if (await openLeave(em, r.id)) throw conflict('The resident is on leave', { errors: [{ field: 'residenceId', code: 'on_leave', message: 'is on leave; record the return first' }] });
    const target = await em.findOne(CarehomeBed, { id: body.bedId, siteId });
    if (!target) throw ruleBroken('No such bed at this site', [{ field: 'bedId', code: 'unknown_bed', message: 'is not a bed of this site' }]);
    if (target.state !== 'available') throw conflict(`The bed is ${target.state}`, { errors: [{ field: 'bedId', code: 'bed_not_available', params: { state: target.state }, message: `is ${target.state}` }] });
    const app = await em.findOneOrFail(CarehomeApplication, { id: r.applicationId });
    const rooms = await em.find(CarehomeRoom, { siteId });
    const { careLevel } = (await termsIn(em, [r], businessDateOf(now).slice(0, 7))).get(r.id)!;
    if (bedFits({ id: app.id, appliedAt: '', facts: {}, sex: app.sex, careLevel, requiredFeatures: app.requiredFeatures }, bedOf(target, rooms)) === null) {
      throw ruleBroken('The bed does not fit the resident', [{ field: 'bedId', code: 'bed_does_not_fit', message: 'does not take the resident’s sex, care level or needed features' }]);
    }
    const today = businessDateOf(now);
    const at = now.toJSDate();
    const stay = await em.findOneOrFail(CarehomeBedStay, { residenceId: r.id, toDate: null });
    stay.toDate = today;
    em.create(CarehomeBedStay, { siteId, residenceId: r.id, bedId: target.id, fromDate: today, toDate: null, reason: body.reason, createdBy: user.id });
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: r.bedId }), 'cleaning', user.id, at, `${app.name} moved to ${target.code}`);
    moveBedTo(em, target, 'held', user.id, at, `transfer of ${app.name}`);
    moveBedTo(em, target, 'occupied', user.id, at, `${app.name} moved in: ${body.reason}`);
    r.bedId = target.id;
  });
  return describeOne(em, residenceId, now);
}

/** 请假 or 住院 from a day that has come: the bed is kept (on leave) and never offered; one absence at a time. */
export async function startLeave(
  em: EntityManager,
  user: AuthUser,
  siteId: string,
  residenceId: string,
  body: { kind: LeaveKind; fromDate: string; expectedBack: string; reason: string },
  now: DateTime,
) {
  const today = businessDateOf(now);
  if (body.fromDate > today) throw ruleBroken('A leave is recorded on the day it starts', [{ field: 'fromDate', code: 'future', message: 'must not be after today' }]);
  if (body.expectedBack <= body.fromDate) throw ruleBroken('The return comes after the first day away', [{ field: 'expectedBack', code: 'before_start', message: 'must be after fromDate' }]);
  await changeSite(em, siteId, now, async () => {
    const r = await em.findOneOrFail(CarehomeResidence, { id: residenceId });
    living(r);
    if (body.fromDate < r.admittedOn) throw ruleBroken('A leave starts after the admission', [{ field: 'fromDate', code: 'before_admission', message: `must not be before ${r.admittedOn}` }]);
    if (await openLeave(em, r.id)) throw conflict('The resident is already on leave', { errors: [{ field: 'residenceId', code: 'on_leave', message: 'is already on leave' }] });
    em.create(CarehomeLeave, { siteId, householdId: r.householdId, residenceId: r.id, kind: body.kind, fromDate: body.fromDate, expectedBack: body.expectedBack, returnedOn: null, reason: body.reason, createdBy: user.id });
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: r.bedId }), 'on_leave', user.id, now.toJSDate(), body.reason);
  });
  return describeOne(em, residenceId, now);
}

/** The resident is back (the date is the first day back): the bed is occupied again. */
export async function endLeave(em: EntityManager, user: AuthUser, siteId: string, residenceId: string, date: string, now: DateTime) {
  if (date > businessDateOf(now)) throw ruleBroken('A return is recorded when it happens', [{ field: 'date', code: 'future', message: 'must not be after today' }]);
  await changeSite(em, siteId, now, async () => {
    const r = await em.findOneOrFail(CarehomeResidence, { id: residenceId });
    living(r);
    const leave = await openLeave(em, r.id);
    if (!leave) throw conflict('The resident is not on leave', { errors: [{ field: 'residenceId', code: 'not_on_leave', message: 'is not on leave' }] });
    if (date <= leave.fromDate) throw ruleBroken('The return comes after the first day away', [{ field: 'date', code: 'before_start', message: `must be after ${leave.fromDate}` }]);
    leave.returnedOn = date;
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: r.bedId }), 'occupied', user.id, now.toJSDate(), 'back from leave');
  });
  return describeOne(em, residenceId, now);
}

/**
 * Discharge (moved, hospital, deceased): every checklist item done first, then the final part
 * month and the deposit are settled (arrears from the deposit held only as decided, the decision
 * recorded; the rest returned, both posted to the ledger), the bed goes to cleaning and a leave
 * still open ends on the day.
 */
export async function discharge(
  em: EntityManager,
  user: AuthUser,
  siteId: string,
  residenceId: string,
  body: { date: string; reason: DischargeReason; checklist: Record<ChecklistItem, boolean>; arrearsFromDepositFen: number },
  now: DateTime,
) {
  if (body.date > businessDateOf(now)) throw ruleBroken('A discharge is recorded when it happens', [{ field: 'date', code: 'future', message: 'must not be after today' }]);
  const undone = DISCHARGE_CHECKLIST.filter((c) => !body.checklist[c]);
  if (undone.length > 0) throw ruleBroken('The checklist is not done', undone.map((c) => ({ field: `checklist.${c}`, code: 'not_done', message: 'must be done before the bed is freed' })));
  await changeSite(em, siteId, now, async () => {
    const r = await em.findOneOrFail(CarehomeResidence, { id: residenceId });
    living(r);
    if (body.date < r.admittedOn) throw ruleBroken('A discharge comes after the admission', [{ field: 'date', code: 'before_admission', message: `must not be before ${r.admittedOn}` }]);
    const leave = await openLeave(em, r.id);
    if (leave) leave.returnedOn = body.date > leave.fromDate ? body.date : leave.fromDate;
    const stay = await em.findOneOrFail(CarehomeBedStay, { residenceId: r.id, toDate: null });
    stay.toDate = body.date;
    Object.assign(r, { dischargedOn: body.date, dischargeReason: body.reason, checklist: body.checklist, dischargedBy: user.id });
    await em.flush();
    // The discharge month is billed here, as any month is (one bill per residence and month): a later run of the month leaves it be.
    const month = body.date.slice(0, 7);
    const [final] = body.date > `${month}-01` ? await billMonth(em, user, siteId, month, [r], now) : [];
    const billed = final ?? (await em.findOne(CarehomeBill, { residenceId: r.id, month }));
    const account = (await accountsOf(em, [r])).get(r.id)!;
    const finalMonthFen = billed?.chargedFen ?? 0;
    let settlement;
    try {
      settlement = settleDischarge({ daysBilled: billed ? billed.servedDays + billed.leaveDays : 0, finalMonthFen, arrearsFen: account.arrearsFen - finalMonthFen, depositFen: account.depositHeldFen, arrearsFromDepositFen: body.arrearsFromDepositFen });
    } catch (err) {
      if (err instanceof CareHomeError) throw asRuleBroken('The discharge cannot be settled', err.problems);
      throw err;
    }
    r.settlement = settlement;
    const app = await em.findOneOrFail(CarehomeApplication, { id: r.applicationId });
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: r.bedId }), 'cleaning', user.id, now.toJSDate(), `${app.name} discharged (${body.reason})`);
    setStatus(em, app, 'discharged', user.id, now.toJSDate(), body.reason);
    const today = businessDateOf(now);
    const use = settlement.arrearsFromDepositFen > 0
      ? em.create(CarehomeDepositUse, { siteId, householdId: r.householdId, residenceId: r.id, amountFen: settlement.arrearsFromDepositFen, reason: `出院结算 discharge settlement (${body.reason})`, decidedOn: today, decidedBy: user.id })
      : null;
    await em.flush();
    await postToLedger(em, siteId, [...(use ? [depositApplied(use.id, r, use.amountFen)] : []), depositReturned(r, settlement.depositReturnedFen)], user.id, now);
  });
  return describeOne(em, residenceId, now);
}

/**
 * The contract amended from a month: a care level of the settings in force on its first day, its
 * monthly price that level's quote on that day (never typed: the price is the cost model's).
 * Decided practice: a change of care level and price takes
 * effect from a month's first day (护理等级变更次月生效 is the common rule; a month stays on one
 * service line), never for a month already billed for the resident (its bill stands), nor from a
 * first day before the admission (the admission's month keeps its terms); a discharged resident's
 * contract has ended.
 */
export async function amendContract(
  em: EntityManager,
  user: AuthUser,
  siteId: string,
  residenceId: string,
  body: { fromMonth: string; careLevel: string; reason: string },
  now: DateTime,
) {
  const r = await residenceAt(em, siteId, residenceId);
  living(r);
  const first = `${body.fromMonth}-01`;
  if (first < r.admittedOn) {
    throw ruleBroken('An amendment starts after the admission', [{ field: 'fromMonth', code: 'before_admission', params: { admittedOn: r.admittedOn }, message: `must not be before the admission (${r.admittedOn})` }]);
  }
  const lastBilled = await em.findOne(CarehomeBill, { residenceId: r.id }, { orderBy: { month: 'desc' }, fields: ['month'] });
  if (lastBilled && body.fromMonth <= lastBilled.month) {
    throw conflict(`${lastBilled.month} is billed`, { errors: [{ field: 'fromMonth', code: 'month_billed', params: { lastBilledMonth: lastBilled.month }, message: `must be after ${lastBilled.month}, the last month billed` }] });
  }
  const quoted = await quoteLevel(em, siteId, await settingsOnDate(em, siteId, first), body.careLevel, first);
  em.create(CarehomeContractAmendment, { siteId, residenceId: r.id, fromMonth: body.fromMonth, careLevel: quoted.careLevel, monthlyPriceFen: quoted.monthFen, reason: body.reason, createdBy: user.id });
  await em.flush();
  return describeOne(em, r.id, now);
}

/**
 * The deposit held changed by agreement with the family: a top-up (the family pays the
 * difference in) or a partial refund (paid back), posted to the ledger as the admission's deposit
 * and the discharge's refund are. Decided practice: what is asked is the deposit to hold from
 * now, within the site's cap of months of the contract's price in force this month; what was
 * already settled from the deposit for arrears stays settled. A discharged resident's deposit
 * has been settled (409).
 */
export async function changeDeposit(em: EntityManager, user: AuthUser, siteId: string, residenceId: string, body: { depositFen: number; reason: string }, now: DateTime) {
  const r = await residenceAt(em, siteId, residenceId);
  living(r);
  const today = businessDateOf(now);
  const [terms, capMonths, accounts] = await Promise.all([termsIn(em, [r], today.slice(0, 7)), depositCapMonths(em, siteId), accountsOf(em, [r])]);
  const capFen = depositCapFen(terms.get(r.id)!.monthlyPriceFen, capMonths);
  if (body.depositFen > capFen) {
    throw ruleBroken('A deposit is within the site’s cap', [{ field: 'depositFen', code: 'over_cap', params: { capFen, capMonths }, message: `must be at most ${capFen} fen (${capMonths} months of the contract’s price)` }]);
  }
  const change = body.depositFen - accounts.get(r.id)!.depositHeldFen;
  if (change !== 0) {
    r.depositFen += change;
    await em.flush();
    await postToLedger(em, siteId, [change > 0 ? depositReceived(r, change) : depositReturned(r, -change)], user.id, now);
  }
  return describeOne(em, r.id, now);
}
