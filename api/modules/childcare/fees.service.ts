import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  ABSENCE_REASONS,
  type Absence,
  DEFAULT_ABSENCE_RULES,
  feeTierOf,
  firstDayOf,
  monthFee,
  monthOf,
  nextMonthStart,
  REFUND_NAMES,
  SERVICE_LINE_OF_MODE,
  SERVICE_MODE_NAMES,
  serviceDaysOf,
  type Month,
} from '../../../domain/childcare';
import { serviceLine as serviceLineOf, yearOf } from '../../../domain/costsharing';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { ruleBroken } from '../../errors';
import { readLinesRules } from '../costsharing/line-rules';
import { Party } from '../costsharing/party.entity';
import { ServedUnit, ServedUnitShare } from '../costsharing/served-unit.entity';
import { lockFunding, priceServedUnits, type ServedRows, servedRowsOf, writeServedUnits } from '../costsharing/served-units';
import { Household } from '../sites/household.entity';
import { ChildcareApplication, ChildcareClass, ChildcareEnrolment, ChildcareFee, ChildcareSettings, type IChildcareFee } from './childcare.entity';
import { absentDaysOf } from './attendance.queries';
import { ChildcareBooking, type IChildcareBooking } from './bookings.entity';
import { lockClassesOf } from './childcare.queries';

/** The absences marked for a site's children in a month, by enrolment id, as the fee rule takes them. */
async function absencesOf(em: EntityManager, siteId: string, month: Month): Promise<Map<string, Absence[]>> {
  const children = await absentDaysOf(em, siteId, month);
  return new Map(children.map((c) => [c.enrolmentId, ABSENCE_REASONS.flatMap((reason) => c.days[reason].map((date) => ({ date, reason })))]));
}

/** The site's absence rules: its own where it set them, the defaults otherwise. */
export async function absenceRulesOf(em: EntityManager, siteId: string) {
  const row = await em.findOne(ChildcareSettings, { siteId });
  return {
    refundMealsPerAbsentDay: row?.refundMealsPerAbsentDay ?? DEFAULT_ABSENCE_RULES.refundMealsPerAbsentDay,
    sickMonthFree: row?.sickMonthFree ?? DEFAULT_ABSENCE_RULES.sickMonthFree,
  };
}

/**
 * Bills a month for the site: each child enrolled on a service day of the month gets one
 * slot-month, priced by the cost-sharing engine on the service line of its mode at its family's
 * tier (its served unit keeps the quote), and charged the quote's price less the absence rules'
 * refunds. Under the site's lock, a child already billed for the month is left as it is, so
 * billing again (or twice at once) charges nothing more. A refused price refuses the whole
 * month (422): nothing is billed half.
 */
export async function billMonth(em: EntityManager, user: AuthUser, siteId: string, month: Month, now: DateTime) {
  const today = businessDateOf(now);
  if (month > monthOf(today)) {
    throw ruleBroken(`${month} has not started`, [{ field: 'month', code: 'month_not_started', params: { month }, message: 'has not started yet' }]);
  }
  await lockClassesOf(em, siteId);
  const first = firstDayOf(month);
  const serviceDays = serviceDaysOf(month);
  const enrolments = (await em.find(ChildcareEnrolment, { siteId, fromDate: { $lt: nextMonthStart(month) }, $or: [{ toDate: null }, { toDate: { $gt: first } }] }, { orderBy: { id: 'asc' } })).filter(
    (e) => e.toDate == null || e.toDate > e.fromDate,
  );
  const billed = new Set((await em.find(ChildcareFee, { siteId, month }, { fields: ['enrolmentId'] })).map((f) => f.enrolmentId));
  const [apps, rules, absences] = await Promise.all([
    em.find(ChildcareApplication, { id: { $in: enrolments.map((e) => e.applicationId) } }),
    absenceRulesOf(em, siteId),
    absencesOf(em, siteId, month),
  ]);
  const toBill = enrolments.filter((e) => !billed.has(e.id) && serviceDays.some((d) => d >= e.fromDate && (e.toDate == null || d < e.toDate)));
  if (toBill.length > 0) {
    const lineCodes = [...new Set(toBill.map((e) => SERVICE_LINE_OF_MODE[e.mode]))];
    const lines = await readLinesRules(em, siteId, lineCodes);
    let accounts = await lockFunding(em, siteId, lines, [yearOf(first)]);
    const served: ServedRows[] = [];
    for (const line of lines) {
      const ofLine = toBill.filter((e) => SERVICE_LINE_OF_MODE[e.mode] === line.serviceLine);
      const appOf = (applicationId: string) => apps.find((a) => a.id === applicationId)!;
      // One line's units draw on the accounts as the lines before left them (one 卫健 budget for every mode).
      const priced = priceServedUnits(line, accounts, { units: ofLine.map((e) => ({ tier: feeTierOf(appOf(e.applicationId).facts), date: first, personRef: e.applicationId })) });
      accounts = priced.accounts;
      priced.quotes.forEach((q, i) => {
        const e = ofLine[i];
        const feeId = newId();
        served.push(servedRowsOf(q, { service: 'childcare', sourceId: feeId }, now.toJSDate()));
        const fee = monthFee({
          serviceDays,
          enrolled: { from: e.fromDate, to: e.toDate ?? null },
          residentPaysFen: q.resident.paysFen,
          mealsFen: q.cost.componentsFen.materials,
          absences: absences.get(e.id) ?? [],
          rules,
        });
        em.create(ChildcareFee, {
          id: feeId,
          siteId,
          householdId: e.householdId,
          enrolmentId: e.id,
          applicationId: e.applicationId,
          month,
          serviceLine: line.serviceLine,
          tier: q.subject.tier,
          servedUnitId: served[served.length - 1].unit.id,
          residentPaysFen: q.resident.paysFen,
          mealsFen: q.cost.componentsFen.materials,
          enrolledDays: fee.enrolledDays,
          absentDays: fee.absentDays,
          refunds: fee.refunds,
          chargedFen: fee.chargedFen,
          billedBy: user.id,
        });
      });
    }
    await writeServedUnits(em, served, accounts);
    await em.flush();
  }
  const fees = await em.find(ChildcareFee, { siteId, month });
  return {
    siteId,
    month,
    billedNow: toBill.length,
    children: fees.length,
    chargedFen: fees.reduce((s, f) => s + f.chargedFen, 0),
  };
}

/**
 * Monthly statements, one per family and month: each child's slot-month with its full cost,
 * what departments pay for it, the family's price by the quote, the refunds and the charge;
 * and each 临时托 day a child of the family came (a booking checked in: its served unit is
 * what the family pays for it). A day booked and not come, or cancelled, is not on it.
 * `feesWhere` and `bookingsWhere` are the caller's scope (a parent: their household alone).
 */
export async function listStatements(em: EntityManager, siteId: string, feesWhere: object, bookingsWhere: object, month: Month | undefined) {
  const [fees, bookings] = await Promise.all([
    em.find(ChildcareFee, { ...feesWhere, siteId, ...(month ? { month } : {}) }, { orderBy: { month: 'desc', householdId: 'asc', id: 'asc' } }),
    em.find(
      ChildcareBooking,
      { ...bookingsWhere, siteId, status: 'booked', servedUnitId: { $ne: null }, ...(month ? { date: { $gte: firstDayOf(month), $lt: nextMonthStart(month) } } : {}) },
      { orderBy: { date: 'asc', childName: 'asc', id: 'asc' } },
    ),
  ]);
  if (fees.length === 0 && bookings.length === 0) return [];
  const servedUnitIds = [...fees.map((f) => f.servedUnitId), ...bookings.map((b) => b.servedUnitId!)];
  const [apps, enrolments, households, shares, units] = await Promise.all([
    em.find(ChildcareApplication, { id: { $in: [...new Set(fees.map((f) => f.applicationId))] } }, { fields: ['childName'] }),
    em.find(ChildcareEnrolment, { id: { $in: fees.map((f) => f.enrolmentId) } }),
    em.find(Household, { id: { $in: [...new Set([...fees, ...bookings].map((f) => f.householdId))] } }),
    em.find(ServedUnitShare, { servedUnitId: { $in: servedUnitIds }, partyKind: 'department' }),
    em.find(ServedUnit, { id: { $in: bookings.map((b) => b.servedUnitId!) } }),
  ]);
  const [classes, parties] = await Promise.all([
    em.find(ChildcareClass, { id: { $in: [...new Set([...enrolments.map((e) => e.classId), ...bookings.map((b) => b.classId)])] } }, { fields: ['name', 'nameEn'] }),
    em.find(Party, { id: { $in: [...new Set(shares.map((s) => s.partyId))] } }),
  ]);
  const classNameOf = (classId: string) => {
    const klass = classes.find((c) => c.id === classId)!;
    return { zh: klass.name, en: klass.nameEn ?? klass.name };
  };
  const departmentsOf = (servedUnitId: string) =>
    shares
      .filter((s) => s.servedUnitId === servedUnitId)
      .map((s) => {
        const party = parties.find((p) => p.id === s.partyId)!;
        return { party: { zh: party.name, en: party.nameEn }, programmeCode: s.programmeCode ?? null, amountFen: s.amountFen };
      });
  const lineOf = (f: IChildcareFee) => {
    const enrolment = enrolments.find((e) => e.id === f.enrolmentId)!;
    return {
      feeId: f.id,
      childName: apps.find((a) => a.id === f.applicationId)!.childName,
      className: classNameOf(enrolment.classId),
      mode: enrolment.mode,
      modeName: SERVICE_MODE_NAMES[enrolment.mode],
      serviceLine: f.serviceLine,
      serviceLineName: serviceLineOf(f.serviceLine)!.label,
      tier: f.tier,
      enrolledDays: f.enrolledDays,
      absentDays: f.absentDays,
      departments: departmentsOf(f.servedUnitId),
      residentPaysFen: f.residentPaysFen,
      refunds: f.refunds.map((r) => ({ kind: r.kind, days: r.kind === 'meals' ? r.days : null, fen: r.fen, label: REFUND_NAMES[r.kind] })),
      chargedFen: f.chargedFen,
    };
  };
  const dayOf = (b: IChildcareBooking) => {
    const unit = units.find((u) => u.id === b.servedUnitId)!;
    return {
      bookingId: b.id,
      date: b.date,
      childName: b.childName,
      className: classNameOf(b.classId),
      tier: unit.tier,
      fullCostFen: unit.fullCostFen,
      departments: departmentsOf(unit.id),
      /** What the family pays for the day, by the quote kept at check-in. */
      residentPaysFen: unit.residentPaysFen,
    };
  };
  type Statement = { householdId: string; householdName: string; month: string; lines: ReturnType<typeof lineOf>[]; days: ReturnType<typeof dayOf>[]; totalFen: number };
  const statements = new Map<string, Statement>();
  const statementOf = (householdId: string, ofMonth: string) => {
    const key = `${ofMonth}|${householdId}`;
    const statement = statements.get(key) ?? { householdId, householdName: households.find((h) => h.id === householdId)!.name, month: ofMonth, lines: [], days: [], totalFen: 0 };
    statements.set(key, statement);
    return statement;
  };
  for (const f of fees) {
    const line = lineOf(f);
    const statement = statementOf(f.householdId, f.month);
    statement.lines.push(line);
    statement.totalFen += line.chargedFen;
  }
  for (const b of bookings) {
    const day = dayOf(b);
    const statement = statementOf(b.householdId, monthOf(b.date));
    statement.days.push(day);
    statement.totalFen += day.residentPaysFen;
  }
  return [...statements.values()].sort((a, b) => (a.month !== b.month ? (a.month < b.month ? 1 : -1) : a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0));
}
