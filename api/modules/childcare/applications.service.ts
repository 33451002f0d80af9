import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { ageKindOn, applicationProblems, belongsOn, CENTRE_FROM_MONTHS, CENTRE_TO_MONTHS, type ClassKind, STANDARD_CLASSES, startOn } from '../../../domain/childcare';
import { maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import { businessDateOf } from '../../../domain/shared/time';
import { entryOf, viewOf } from '../../../domain/waitlist';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { badRequest, conflict, notFound, ruleBroken } from '../../errors';
import {
  type ApplicationStatus,
  ChildcareApplication,
  ChildcareEnrolment,
  ChildcareOffer,
  ChildcareStatusChange,
  type IChildcareApplication,
  type IChildcareOffer,
} from './childcare.entity';
import type { ApplicationCreate } from './childcare.schemas';
import { describeOffers } from './offers.service';
import { changeSite, rankSite, type SiteRanking, setStatus } from './waitlist.service';

/** Statuses from which nothing more happens to an application. */
const CLOSED: ApplicationStatus[] = ['enrolled', 'withdrawn', 'rejected'];

function summaryOf(app: IChildcareApplication, ranking: SiteRanking, offer: Awaited<ReturnType<typeof describeOffers>>[number] | undefined) {
  const entry = entryOf(ranking, app.id);
  return {
    id: app.id,
    siteId: app.siteId,
    householdId: app.householdId,
    childName: app.childName,
    idNumber: maskIdNumber(app.idNumber),
    birthDate: app.birthDate,
    startDate: app.startDate,
    mode: app.mode,
    half: app.half ?? null,
    choices: app.choices,
    anyClass: app.anyClass,
    siblingGroupId: app.siblingGroupId ?? null,
    facts: app.facts,
    events: app.events,
    status: app.status,
    appliedAt: app.appliedAt?.toISOString() ?? null,
    version: app.version,
    standing: entry
      ? {
          position: entry.position,
          rank: entry.rank,
          policyClass: entry.policyClass,
          points: entry.points,
          suspended: entry.suspended,
          ruleSetVersion: ranking.ruleSet.version,
          reasons: entry.reasons.map((r) => ({ rule: r.rule, label: r.label })),
        }
      : null,
    offer: offer ?? null,
  };
}

/** The applications with their standing in today's queue and their latest offer. */
async function summaries(em: EntityManager, siteId: string, apps: IChildcareApplication[], now: DateTime) {
  const ranking = await rankSite(em, siteId, businessDateOf(now));
  const offers = await em.find(ChildcareOffer, { applicationId: { $in: apps.map((a) => a.id) } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const described = await describeOffers(em, offers);
  return { ranking, listed: apps.map((a) => summaryOf(a, ranking, described.find((o) => o.applicationId === a.id))) };
}

export interface ApplicationFilters {
  status?: ApplicationStatus;
  /** Children of an age for this kind of class on their start date (today, if that has passed). */
  kind?: ClassKind;
}

/**
 * The applications in the caller's scope, in the queue's order (then the rest as they were
 * made). With a filter, each waiting one also has its place within the view (domain viewOf), in
 * the same order as the whole queue.
 */
export async function listApplications(em: EntityManager, siteId: string, where: object, filters: ApplicationFilters, now: DateTime) {
  const today = businessDateOf(now);
  const { kind } = filters;
  const ofKind = (a: Pick<IChildcareApplication, 'birthDate' | 'startDate'>) => kind === undefined || belongsOn(STANDARD_CLASSES, kind, a.birthDate, startOn(a.startDate, today));
  const found = await em.find(ChildcareApplication, { ...where, ...(filters.status ? { status: filters.status } : {}) }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const { ranking, listed } = await summaries(em, siteId, found.filter(ofKind), now);
  const inView = new Map(viewOf(ranking, (e) => ofKind(e.application)).map((v) => [v.entry.application.id, v.positionInView]));
  const order = (s: (typeof listed)[number]) => s.standing?.rank ?? Number.MAX_SAFE_INTEGER;
  return listed.sort((a, b) => order(a) - order(b)).map((s) => ({ ...s, positionInView: inView.get(s.id) ?? null }));
}

export async function describeApplication(em: EntityManager, applicationId: string, now: DateTime) {
  const app = await em.findOneOrFail(ChildcareApplication, { id: applicationId });
  const {
    listed: [summary],
  } = await summaries(em, app.siteId, [app], now);
  const history = await em.find(ChildcareStatusChange, { applicationId }, { orderBy: { changedAt: 'asc', id: 'asc' } });
  return {
    ...summary,
    history: history.map((h) => ({ from: h.fromStatus ?? null, to: h.toStatus, by: h.changedBy ?? null, at: h.changedAt.toISOString(), reason: h.reason ?? null })),
  };
}

/**
 * A draft for the parent's household. The birth date comes from the 居民身份证号; the child
 * must be of an age the centre takes on its start date. One live application per child and site.
 */
export async function createApplication(em: EntityManager, user: AuthUser, body: ApplicationCreate, now: DateTime) {
  if (user.householdId === null) throw notFound('Household');
  const parsed = parseIdNumber(body.idNumber);
  if (!parsed.ok) throw new Error('idNumber was validated by the schema');
  const birthDate = parsed.id.birthDate;
  const problems = applicationProblems({ birthDate, startDate: body.startDate, mode: body.mode, half: body.half, choices: body.choices });
  if (problems.length > 0) throw badRequest('Invalid application', problems.map((p) => ({ field: p.field, message: p.message })));
  if (ageKindOn(STANDARD_CLASSES, birthDate, body.startDate) === null) {
    throw ruleBroken(`The centre takes children from ${CENTRE_FROM_MONTHS} to ${CENTRE_TO_MONTHS} months old on their start date`, [
      { field: 'startDate', code: 'age_out_of_range', params: { fromMonths: CENTRE_FROM_MONTHS, toMonths: CENTRE_TO_MONTHS }, message: 'the child is not of an age the centre takes on this date' },
    ]);
  }
  const live = await em.findOne(ChildcareApplication, { siteId: body.siteId, idNumber: parsed.id.number, status: { $nin: ['withdrawn', 'rejected'] } }, { fields: ['householdId'] });
  if (live) {
    // The family's own application is named so it can go to it; another household's is not even hinted at.
    const own = live.householdId === user.householdId;
    throw conflict('This child already has an application at this site', {
      errors: [{ field: 'idNumber', code: 'already_applied', ...(own ? { params: { applicationId: live.id } } : {}), message: 'already has an application at this site' }],
    });
  }
  const app = em.create(ChildcareApplication, {
    id: newId(),
    siteId: body.siteId,
    householdId: user.householdId,
    childName: body.childName,
    idNumber: parsed.id.number,
    birthDate,
    startDate: body.startDate,
    mode: body.mode,
    half: body.half ?? null,
    choices: body.choices,
    anyClass: body.anyClass,
    facts: Object.fromEntries(Object.entries(body.facts).map(([name, f]) => [name, { value: f.value, verified: false, evidence: f.evidence ?? null, verifiedBy: null, verifiedAt: null }])),
    events: [],
    status: 'draft',
    appliedAt: null,
    version: 0,
    createdBy: user.id,
  });
  em.create(ChildcareStatusChange, { applicationId: app.id, siteId: app.siteId, fromStatus: null, toStatus: 'draft', changedBy: user.id, changedAt: now.toJSDate(), reason: null });
  await em.flush();
  return describeApplication(em, app.id, now);
}

const stillOpen = (app: IChildcareApplication, doing: string) => {
  if (CLOSED.includes(app.status)) {
    throw conflict(`The application is ${app.status}; it cannot be ${doing}`, { errors: [{ field: 'status', code: 'application_closed', params: { status: app.status }, message: `is ${app.status}` }] });
  }
};

/** Joins the queue (from today's ranking on, by the time of submitting); submitting again changes nothing. */
export async function submitApplication(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(ChildcareApplication, { id: applicationId });
    stillOpen(app, 'submitted');
    if (app.status !== 'draft') return;
    app.appliedAt = now.toJSDate();
    setStatus(em, app, 'submitted', user.id, now.toJSDate());
  });
  return describeApplication(em, applicationId, now);
}

/**
 * Leaves the queue, or the class: an open offer is given back and an enrolment ends today, so
 * the place goes to the next in line at once. Withdrawing again changes nothing.
 */
export async function withdrawApplication(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, reason: string | undefined, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(ChildcareApplication, { id: applicationId });
    if (app.status === 'withdrawn') return;
    // An enrolled child may leave too: only a rejected application is closed to withdrawing.
    if (app.status === 'rejected') stillOpen(app, 'withdrawn');
    const today = businessDateOf(now);
    const offer: IChildcareOffer | null = await em.findOne(ChildcareOffer, { applicationId, status: 'open' });
    if (offer) Object.assign(offer, { status: 'declined', answeredAt: now.toJSDate(), answeredBy: user.id });
    const enrolment = await em.findOne(ChildcareEnrolment, { applicationId, toDate: null });
    // The place is free from today; a child who had not started yet never held it.
    if (enrolment) enrolment.toDate = enrolment.fromDate > today ? enrolment.fromDate : today;
    app.events = [...app.events, { kind: 'withdrawn', on: today }];
    setStatus(em, app, 'withdrawn', user.id, now.toJSDate(), reason ?? null);
  });
  return describeApplication(em, applicationId, now);
}

/** Staff verify (or take back) a fact the family claimed; only verified facts score, so the queue moves. */
export async function verifyFact(em: EntityManager, user: AuthUser, siteId: string, applicationId: string, fact: string, verified: boolean, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(ChildcareApplication, { id: applicationId });
    stillOpen(app, 'changed');
    const claimed = Object.hasOwn(app.facts, fact) ? app.facts[fact] : undefined;
    if (!claimed) throw ruleBroken(`The family did not claim ${fact}`, [{ field: 'fact', code: 'fact_not_claimed', message: `${fact} is not among the claimed facts` }]);
    if (claimed.verified === verified) return;
    app.facts = { ...app.facts, [fact]: { ...claimed, verified, verifiedBy: verified ? user.id : null, verifiedAt: verified ? now.toISO() : null } };
    app.version++;
  });
  return describeApplication(em, applicationId, now);
}

/**
 * Links the household's applications as siblings applying together, "together or not at all":
 * the offer cycle offers them places all at once or none, and not before each has been
 * submitted. Linking to applications already in a group joins that group; an empty list takes
 * this application out of its group. Another household's application is a 404, as anywhere.
 */
export async function linkSiblings(em: EntityManager, siteId: string, applicationId: string, withIds: readonly string[], now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const app = await em.findOneOrFail(ChildcareApplication, { id: applicationId });
    stillOpen(app, 'linked');
    if (withIds.length === 0) {
      app.siblingGroupId = null;
      app.version++;
      return;
    }
    const others = await em.find(ChildcareApplication, { id: { $in: [...withIds] }, householdId: app.householdId, siteId });
    withIds.forEach((id, i) => {
      if (id === app.id) throw badRequest('An application cannot be its own sibling', [{ field: `applicationIds[${i}]`, code: 'self', message: 'is this application' }]);
      const other = others.find((o) => o.id === id);
      if (!other) throw notFound('Application');
      if (CLOSED.includes(other.status)) {
        throw conflict(`The application is ${other.status}`, { errors: [{ field: `applicationIds[${i}]`, code: 'application_closed', params: { status: other.status }, message: `is ${other.status}` }] });
      }
    });
    const groups = [app, ...others].map((a) => a.siblingGroupId).filter((g): g is string => g != null);
    const groupId = groups[0] ?? newId();
    const members = groups.length ? await em.find(ChildcareApplication, { siblingGroupId: { $in: groups } }) : [];
    for (const a of new Set([app, ...others, ...members])) {
      if (a.siblingGroupId === groupId) continue;
      a.siblingGroupId = groupId;
      a.version++;
    }
  });
  return describeApplication(em, applicationId, now);
}
