import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  careLevelByCode,
  careLevelFor,
  careLevelName,
  CareHomeError,
  type CareHomeSettings,
  eligibilityFor,
  gradeName,
  reassessmentDueOn,
  scoreAssessment,
  settingsOn,
  tierFor,
  validateAssessment,
} from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';
import type { AssessedGrade } from '../../../domain/shared/categories';
import { ageOn, maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { conflict, notFound, ruleBroken } from '../../errors';
import { asRuleBroken, claimedFacts, standingIn, withFactVerified } from '../../waitlist/standing';
import {
  type ApplicationStatus,
  CarehomeApplication,
  CarehomeAssessment,
  CarehomeBed,
  CarehomeBedStay,
  CarehomeLeave,
  CarehomeOffer,
  CarehomeResidence,
  CarehomeStatusChange,
  type ICarehomeApplication,
  type ICarehomeAssessment,
  type ICarehomeResidence,
} from './carehome.entity';
import type { ApplicationCreate } from './carehome.schemas';
import { describeOffers } from './offers.service';
import { amendmentsOf, termsOf } from './contracts';
import { quotesToShow } from './prices';
import { assessmentsOf, changeSite, moveBedTo, rankSite, settingsOnDate, settingsVersionsOf, type SiteRanking, setStatus, standingOf } from './queue.service';

/** A care home takes people of 60 and over (老年人, 《老年人权益保障法》). */
export const MIN_AGE = 60;

/** Statuses from which nothing more happens to an application. */
const CLOSED: ApplicationStatus[] = ['discharged', 'withdrawn'];

/** An assessment in the words of the site's settings in force on the day it was made. */
export function describeAssessment(a: ICarehomeAssessment, settings: CareHomeSettings) {
  const grade = a.finalGrade as AssessedGrade;
  const level = careLevelByCode(a.careLevel, settings) ?? careLevelFor(grade, settings);
  return {
    id: a.id,
    assessedOn: a.assessedOn,
    validUntil: a.validUntil,
    scores: a.scores,
    partScores: a.partScores,
    total: a.total,
    preliminaryGrade: a.preliminaryGrade,
    finalGrade: a.finalGrade,
    finalGradeName: gradeName(grade),
    adjustments: a.adjustments,
    careLevel: a.careLevel,
    careLevelName: { zh: level.zh, en: level.en },
    consumptionVoucher: eligibilityFor(grade, settings).consumptionVoucher,
    assessedBy: a.assessedBy,
  };
}

function summaryOf(
  app: ICarehomeApplication,
  history: readonly ICarehomeAssessment[],
  ranking: SiteRanking,
  settings: CareHomeSettings,
  offer: Awaited<ReturnType<typeof describeOffers>>[number] | undefined,
) {
  const standing = standingOf(history, ranking.date, settings);
  return {
    id: app.id,
    siteId: app.siteId,
    householdId: app.householdId,
    name: app.name,
    idNumber: maskIdNumber(app.idNumber),
    birthDate: app.birthDate,
    age: ageOn(app.birthDate, ranking.date),
    sex: app.sex,
    contactName: app.contactName,
    contactPhone: app.contactPhone,
    desiredDate: app.desiredDate,
    needs: app.needs ?? null,
    requiredFeatures: app.requiredFeatures,
    facts: app.facts,
    events: app.events,
    status: app.status,
    appliedAt: app.appliedAt.toISOString(),
    careLevel: 'careLevel' in standing ? standing.careLevel : null,
    careLevelName: 'careLevel' in standing ? careLevelName(standing.careLevel, settings) : null,
    assessmentDue: standing.assessment ? null : standing.reason,
    standing: standingIn(ranking, app.id),
    offer: offer ?? null,
  };
}

/** The applications with their standing in today's queue and their latest offer. */
async function summaries(em: EntityManager, siteId: string, apps: ICarehomeApplication[], now: DateTime) {
  const ranking = await rankSite(em, siteId, businessDateOf(now));
  const ids = apps.map((a) => a.id);
  const [offers, histories, settings] = await Promise.all([
    em.find(CarehomeOffer, { applicationId: { $in: ids } }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
    assessmentsOf(em, ids),
    settingsOnDate(em, siteId, ranking.date),
  ]);
  const described = await describeOffers(em, offers);
  return apps.map((a) => summaryOf(a, histories.get(a.id) ?? [], ranking, settings, described.find((o) => o.applicationId === a.id)));
}

/** The applications in the caller's scope, in the queue's order (then the rest as they were made). */
export async function listApplications(em: EntityManager, siteId: string, where: object, status: ApplicationStatus | undefined, now: DateTime) {
  const found = await em.find(CarehomeApplication, { ...where, ...(status ? { status } : {}) }, { orderBy: { appliedAt: 'asc', id: 'asc' } });
  const listed = await summaries(em, siteId, found, now);
  const order = (s: (typeof listed)[number]) => s.standing?.rank ?? Number.MAX_SAFE_INTEGER;
  return listed.sort((a, b) => order(a) - order(b));
}

/** A residence with its beds over time and its leaves (each with the billing tier its length gives so far). */
export async function describeResidence(em: EntityManager, r: ICarehomeResidence, now: DateTime) {
  const today = businessDateOf(now);
  const [stays, leaves, versions, amendments] = await Promise.all([
    em.find(CarehomeBedStay, { residenceId: r.id }, { orderBy: { fromDate: 'asc', createdAt: 'asc', id: 'asc' } }),
    em.find(CarehomeLeave, { residenceId: r.id }, { orderBy: { fromDate: 'asc', id: 'asc' } }),
    settingsVersionsOf(em, r.siteId),
    amendmentsOf(em, [r.id]).then((m) => m.get(r.id) ?? []),
  ]);
  const settings = settingsOn(versions, today);
  const terms = termsOf(r, amendments, today.slice(0, 7));
  const level = careLevelByCode(terms.careLevel, settings);
  const [beds, [priceNow]] = await Promise.all([
    em.find(CarehomeBed, { id: { $in: [r.bedId, ...stays.map((s) => s.bedId)] } }),
    r.dischargedOn || !level ? [null] : quotesToShow(em, r.siteId, [level], today),
  ]);
  const codeOf = (id: string) => beds.find((b) => b.id === id)!.code;
  return {
    id: r.id,
    applicationId: r.applicationId,
    bedId: r.bedId,
    bedCode: codeOf(r.bedId),
    admittedOn: r.admittedOn,
    careLevel: terms.careLevel,
    careLevelName: careLevelName(terms.careLevel, settings),
    monthlyPriceFen: terms.monthlyPriceFen,
    priceNow: priceNow ?? null,
    depositFen: r.depositFen,
    admissionTerms: { careLevel: r.careLevel, careLevelName: careLevelName(r.careLevel, settingsOn(versions, r.admittedOn)), monthlyPriceFen: r.monthlyPriceFen },
    amendments: amendments.map((a) => ({
      id: a.id,
      fromMonth: a.fromMonth,
      careLevel: a.careLevel,
      careLevelName: careLevelName(a.careLevel, settingsOn(versions, `${a.fromMonth}-01`)),
      monthlyPriceFen: a.monthlyPriceFen,
      reason: a.reason,
      by: a.createdBy,
      at: a.createdAt.toISOString(),
    })),
    dischargedOn: r.dischargedOn ?? null,
    dischargeReason: r.dischargeReason ?? null,
    settlement: r.settlement ?? null,
    beds: stays.map((s) => ({ bedId: s.bedId, bedCode: codeOf(s.bedId), fromDate: s.fromDate, toDate: s.toDate ?? null, reason: s.reason ?? null })),
    leaves: leaves.map((l) => {
      // Days away up to the first day back: the return, or while away the expected one (or tomorrow, once overdue).
      const tomorrow = addDays(today, 1);
      const back = l.returnedOn ?? (l.expectedBack > tomorrow ? l.expectedBack : tomorrow);
      const days = Math.round((Date.parse(back) - Date.parse(l.fromDate)) / 86_400_000);
      return { id: l.id, kind: l.kind, fromDate: l.fromDate, expectedBack: l.expectedBack, returnedOn: l.returnedOn ?? null, reason: l.reason, days, tier: tierFor(days, settings.leave) };
    }),
  };
}

export async function describeApplication(em: EntityManager, applicationId: string, now: DateTime) {
  const app = await em.findOneOrFail(CarehomeApplication, { id: applicationId });
  const [summary] = await summaries(em, app.siteId, [app], now);
  const [history, assessments, residence, versions] = await Promise.all([
    em.find(CarehomeStatusChange, { applicationId }, { orderBy: { changedAt: 'asc', id: 'asc' } }),
    em.find(CarehomeAssessment, { applicationId }, { orderBy: { assessedOn: 'asc', createdAt: 'asc', id: 'asc' } }),
    em.findOne(CarehomeResidence, { applicationId }),
    settingsVersionsOf(em, app.siteId),
  ]);
  return {
    ...summary,
    assessments: assessments.map((a) => describeAssessment(a, settingsOn(versions, a.assessedOn))),
    residence: residence ? await describeResidence(em, residence, now) : null,
    history: history.map((h) => ({ from: h.fromStatus ?? null, to: h.toStatus, by: h.changedBy ?? null, at: h.changedAt.toISOString(), reason: h.reason ?? null })),
  };
}

/**
 * A family applies for its relative: birth date and sex come from the 居民身份证号, the person
 * must be 60 or over on the desired date, and has one live application per site. It joins the
 * queue at once; voluntary withdrawals of the person's earlier applications at the site come with
 * it, so the rule that suspends after two in a year sees them.
 */
export async function createApplication(em: EntityManager, user: AuthUser, body: ApplicationCreate, now: DateTime) {
  if (user.householdId === null) throw notFound('Household');
  const parsed = parseIdNumber(body.idNumber);
  if (!parsed.ok) throw new Error('idNumber was validated by the schema');
  const { number, birthDate, sex } = parsed.id;
  if (ageOn(birthDate, body.desiredDate) < MIN_AGE) {
    throw ruleBroken(`The care home takes people of ${MIN_AGE} and over`, [{ field: 'idNumber', code: 'too_young', params: { minAge: MIN_AGE }, message: `must be of a person ${MIN_AGE} or over on the desired date` }]);
  }
  const id = newId();
  await changeSite(em, body.siteId, now, async () => {
    const earlier = await em.find(CarehomeApplication, { siteId: body.siteId, idNumber: number });
    if (earlier.some((a) => !CLOSED.includes(a.status))) {
      throw conflict('This person already has an application at this site', { errors: [{ field: 'idNumber', code: 'already_applied', message: 'already has an application at this site' }] });
    }
    const app = em.create(CarehomeApplication, {
      id,
      siteId: body.siteId,
      householdId: user.householdId!,
      name: body.name,
      idNumber: number,
      birthDate,
      sex,
      contactName: body.contactName,
      contactPhone: body.contactPhone,
      desiredDate: body.desiredDate,
      needs: body.needs ?? null,
      requiredFeatures: body.requiredFeatures,
      facts: {
        ...claimedFacts(Object.fromEntries(Object.entries(body.categories).map(([c, f]) => [c, { value: true, evidence: f!.evidence }]))),
        // Read from the ID number itself, so there is nothing for staff to check.
        birth_date: { value: birthDate, verified: true, evidence: '居民身份证号', verifiedBy: null, verifiedAt: now.toISO() },
      },
      events: earlier.flatMap((a) => a.events.filter((e) => e.kind === 'withdrawn')),
      status: 'waiting',
      appliedAt: now.toJSDate(),
      version: 0,
      createdBy: user.id,
    });
    em.create(CarehomeStatusChange, { applicationId: app.id, siteId: app.siteId, fromStatus: null, toStatus: 'waiting', changedBy: user.id, changedAt: now.toJSDate(), reason: null });
  });
  return describeApplication(em, id, now);
}

const stillOpen = (app: ICarehomeApplication, doing: string, closed: readonly ApplicationStatus[] = CLOSED) => {
  if (closed.includes(app.status)) {
    throw conflict(`The application is ${app.status}; it cannot be ${doing}`, { errors: [{ field: 'status', code: 'application_closed', params: { status: app.status }, message: `is ${app.status}` }] });
  }
};

/** A voluntary withdrawal from the queue (an open offer is given back, its bed offered at once); a resident leaves by discharge. Again changes nothing. */
export async function withdrawApplication(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, reason: string | undefined, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(CarehomeApplication, { id: applicationId });
    if (app.status === 'withdrawn') return;
    stillOpen(app, 'withdrawn', ['admitted', 'discharged']);
    const offer = await em.findOne(CarehomeOffer, { applicationId, status: 'open' });
    if (offer) {
      Object.assign(offer, { status: 'declined', answeredAt: now.toJSDate(), answeredBy: user.id });
      moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: offer.bedId }), 'available', user.id, now.toJSDate(), 'offer given back by a withdrawal');
    }
    app.events = [...app.events, { kind: 'withdrawn', on: businessDateOf(now) }];
    setStatus(em, app, 'withdrawn', user.id, now.toJSDate(), reason ?? null);
  });
  return describeApplication(em, applicationId, now);
}

/** Staff verify (or take back) a category the family claimed; only verified ones count, so the queue moves. */
export async function verifyFact(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, fact: string, verified: boolean, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(CarehomeApplication, { id: applicationId });
    stillOpen(app, 'changed');
    const facts = withFactVerified(app.facts, fact, verified, user, now.toISO()!);
    if (facts === null) return;
    app.facts = facts;
    app.version++;
  });
  return describeApplication(em, applicationId, now);
}

/**
 * Staff record an assessment: the domain checks every item, scores the parts and the total and
 * gives the grade with the standard's adjustments; the grade gives the care level. A new one
 * replaces the standing one (history kept), so the queue may move: a bed may now fit.
 */
export async function assess(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, body: { assessedOn?: string }, now: DateTime) {
  const today = businessDateOf(now);
  const assessedOn = body.assessedOn ?? today;
  if (assessedOn > today) throw ruleBroken('An assessment cannot be dated in the future', [{ field: 'assessedOn', code: 'future', message: 'must not be after today' }]);
  let input;
  try {
    input = validateAssessment(body);
  } catch (err) {
    if (err instanceof CareHomeError) throw asRuleBroken('The assessment is incomplete or out of range', err.problems);
    throw err;
  }
  const result = scoreAssessment(input);
  const settings = await settingsOnDate(em, siteId, assessedOn);
  let id = '';
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(CarehomeApplication, { id: applicationId });
    stillOpen(app, 'assessed');
    const created = em.create(CarehomeAssessment, {
      id: newId(),
      siteId,
      householdId: app.householdId,
      applicationId,
      assessedOn,
      validUntil: reassessmentDueOn(assessedOn, settings),
      scores: input.scores,
      comatose: input.comatose,
      dementiaOrMentalDisorder: input.dementiaOrMentalDisorder,
      riskEvents: input.riskEventsLast30Days,
      partScores: result.partScores,
      total: result.total,
      preliminaryGrade: result.preliminaryGrade,
      finalGrade: result.finalGrade,
      adjustments: result.adjustments,
      careLevel: careLevelFor(result.finalGrade, settings).code,
      assessedBy: user.id,
    });
    id = created.id;
    app.version++;
  });
  return describeAssessment(await em.findOneOrFail(CarehomeAssessment, { id }), settings);
}
