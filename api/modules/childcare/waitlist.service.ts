import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  bookedAhead,
  type ChildcareApplication as WaitingChild,
  type ChildcareClass as ClassOfSite,
  type Enrolment,
  fitsClass,
  placesOf,
  STANDARD_CLASSES,
  startOn,
} from '../../../domain/childcare';
import { type BusinessDate, businessDateOf } from '../../../domain/shared/time';
import { lapsedOffers, type OfferHold, rank, type Ranking, type RuleSet, runOfferCycle, type SiblingGroup } from '../../../domain/waitlist';
import { ruleSetHistory } from '../../waitlist/rule-sets';
import {
  type ApplicationStatus,
  ChildcareApplication,
  ChildcareClass,
  ChildcareEnrolment,
  ChildcareOffer,
  ChildcareRuleSet,
  ChildcareSettings,
  ChildcareStatusChange,
  type IChildcareApplication,
  type IChildcareClass,
  type IChildcareEnrolment,
  type IChildcareOffer,
} from './childcare.entity';
import { ChildcareBooking } from './bookings.entity';
import { lockClassesOf } from './childcare.queries';

export const CHILDCARE_DEFAULTS = { offerDeadlineWorkingDays: 3 };

/** The rules a site ranks by until it stores its own (version 1): application time alone. */
export const FIRST_COME_FIRST_SERVED: RuleSet = { version: 1, effectiveFrom: '2000-01-01', defaultClass: 1, rules: [] };

/** Statuses of an application in the queue; an offered one keeps its entry while its offer holds a place. */
export const WAITING: ApplicationStatus[] = ['submitted', 'offered'];

export async function deadlineWorkingDays(em: EntityManager, siteId: string): Promise<number> {
  const row = await em.findOne(ChildcareSettings, { siteId });
  return row?.offerDeadlineWorkingDays ?? CHILDCARE_DEFAULTS.offerDeadlineWorkingDays;
}

export function setStatus(em: EntityManager, app: IChildcareApplication, to: ApplicationStatus, by: string | null, at: Date, reason: string | null = null): void {
  em.create(ChildcareStatusChange, { applicationId: app.id, siteId: app.siteId, fromStatus: app.status, toStatus: to, changedBy: by, changedAt: at, reason });
  app.status = to;
  app.version++;
}

/** Every version the site stored, after the first-come-first-served base, validated as history. */
export async function ruleSetsOf(em: EntityManager, siteId: string): Promise<RuleSet[]> {
  return ruleSetHistory(FIRST_COME_FIRST_SERVED, await em.find(ChildcareRuleSet, { siteId }, { orderBy: { version: 'asc' } }));
}

/** An application as the engine sees it; a start date already past counts from today, where the child's age is decided. */
function waitingChild(app: IChildcareApplication, today: BusinessDate): WaitingChild & { row: IChildcareApplication } {
  return {
    row: app,
    id: app.id,
    appliedAt: app.appliedAt!.toISOString(),
    facts: app.facts,
    events: app.events,
    birthDate: app.birthDate,
    startDate: startOn(app.startDate, today),
    mode: app.mode,
    ...(app.half ? { half: app.half } : {}),
    choices: app.choices,
    anyClassOrSite: app.anyClass,
  };
}

export type SiteRanking = Ranking<ReturnType<typeof waitingChild>>;

/** The site's queue as of `today`: the one order offers follow and families and staff read. */
export async function rankSite(em: EntityManager, siteId: string, today: BusinessDate): Promise<SiteRanking> {
  const waiting = await em.find(ChildcareApplication, { siteId, status: { $in: WAITING } });
  return rank(
    waiting.map((a) => waitingChild(a, today)),
    await ruleSetsOf(em, siteId),
    today,
  );
}

/**
 * Enrolments holding a place on `today` or later: not those that ended by today, nor those that
 * ended on the day they were to start (withdrawn before the child came).
 */
export async function activeEnrolments(em: EntityManager, siteId: string, today: BusinessDate): Promise<IChildcareEnrolment[]> {
  const rows = await em.find(ChildcareEnrolment, { siteId, $or: [{ toDate: null }, { toDate: { $gt: today } }] });
  return rows.filter((e) => e.toDate == null || e.toDate > e.fromDate);
}

export const classOfSite = (c: IChildcareClass): ClassOfSite => ({ id: c.id, siteId: c.siteId, kind: c.kind, size: c.size });
export const attendanceOf = (e: IChildcareEnrolment): Enrolment =>
  e.mode === 'half_day' ? { classId: e.classId, mode: 'half_day', half: e.half! } : { classId: e.classId, mode: e.mode };
const holdOf = (o: IChildcareOffer): OfferHold => ({ kind: 'offer', placeId: o.placeId, applicationId: o.applicationId, deadline: o.deadline });

/**
 * Open offers whose deadline's day has ended lapse: each records its event on its application
 * (rules may count lapses; that place is not offered to it again), which goes back to waiting.
 */
async function recordLapses(em: EntityManager, siteId: string, now: DateTime): Promise<number> {
  const open = await em.find(ChildcareOffer, { siteId, status: 'open' });
  const lapsed = lapsedOffers(open.map(holdOf), now);
  if (lapsed.length === 0) return 0;
  const apps = await em.find(ChildcareApplication, { id: { $in: lapsed.map((l) => l.offer.applicationId) } });
  for (const { offer, event } of lapsed) {
    open.find((o) => o.applicationId === offer.applicationId)!.status = 'lapsed';
    const app = apps.find((a) => a.id === offer.applicationId)!;
    app.events = [...app.events, event];
    setStatus(em, app, 'submitted', null, now.toJSDate(), `offer lapsed after ${offer.deadline}`);
  }
  await em.flush();
  return lapsed.length;
}

/**
 * The waiting siblings of each group, for the engine to offer together or not at all. A group
 * with a member still a draft is not ready: its waiting members are offered nothing until that
 * one is submitted (or leaves the group), or they would be offered places without it.
 */
async function siblingGroupsOf(em: EntityManager, siteId: string, ranking: SiteRanking): Promise<{ siblingGroups: SiblingGroup[]; notReady: Set<string> }> {
  const byGroup = new Map<string, string[]>();
  for (const e of ranking.entries) {
    const group = e.application.row.siblingGroupId;
    if (group) byGroup.set(group, [...(byGroup.get(group) ?? []), e.application.id]);
  }
  const notReady = new Set<string>();
  if (byGroup.size === 0) return { siblingGroups: [], notReady };
  const drafts = await em.find(ChildcareApplication, { siteId, siblingGroupId: { $in: [...byGroup.keys()] }, status: 'draft' }, { fields: ['siblingGroupId'] });
  for (const d of drafts) for (const id of byGroup.get(d.siblingGroupId!) ?? []) notReady.add(id);
  return { siblingGroups: [...byGroup].map(([id, applicationIds]) => ({ id, applicationIds })), notReady };
}

/**
 * Ranks the queue for today and offers every free place to the first entry that fits it (domain/waitlist
 * runOfferCycle), leaving the places booked 临时托 days keep.
 */
async function offerFreePlaces(em: EntityManager, siteId: string, now: DateTime): Promise<void> {
  const today = businessDateOf(now);
  const classes = await em.find(ChildcareClass, { siteId }, { orderBy: { id: 'asc' } });
  if (classes.length === 0) return;
  const [enrolments, open, ranking, days, booked] = await Promise.all([
    activeEnrolments(em, siteId, today),
    em.find(ChildcareOffer, { siteId, status: 'open' }),
    rankSite(em, siteId, today),
    deadlineWorkingDays(em, siteId),
    em.find(ChildcareBooking, { siteId, status: 'booked', date: { $gte: today } }, { fields: ['classId', 'date'] }),
  ]);
  const { places, limits } = placesOf(STANDARD_CLASSES, classes.map(classOfSite), enrolments.map(attendanceOf), bookedAhead(booked, today));
  const { siblingGroups, notReady } = await siblingGroupsOf(em, siteId, ranking);
  const fits: typeof fitsClass = (a, p) => (notReady.has(a.id) ? null : fitsClass(a, p));
  const { offers } = runOfferCycle({ ranking, places, holds: open.map(holdOf), fits, now, limits, siblingGroups, deadlineWorkingDays: days });
  for (const o of offers) {
    const app = ranking.entries.find((e) => e.application.id === o.applicationId)!.application.row;
    const place = places.find((p) => p.id === o.placeId)!;
    em.create(ChildcareOffer, {
      siteId,
      householdId: app.householdId,
      applicationId: app.id,
      classId: place.classId,
      placeId: o.placeId,
      offeredOn: o.offeredOn,
      deadline: o.deadline,
      holidaysKnown: o.holidaysKnown,
      status: 'open',
      ruleSetVersion: o.ruleSetVersion,
      position: o.position,
      answeredAt: null,
      answeredBy: null,
    });
    setStatus(em, app, 'offered', null, now.toJSDate(), `offered a place until ${o.deadline}`);
  }
  await em.flush();
}

/**
 * A change that can free or need a place, in the route's transaction: the site is locked first,
 * lapsed offers are recorded, the change is made, and the free places are offered at once.
 */
export async function changeSite<T>(em: EntityManager, siteId: string, now: DateTime, change: () => Promise<T>): Promise<T> {
  await lockClassesOf(em, siteId);
  await recordLapses(em, siteId, now);
  const result = await change();
  await em.flush();
  await offerFreePlaces(em, siteId, now);
  return result;
}

/**
 * Lapses the site's offers whose deadline has passed and offers the places they held to the
 * next in line, with no staff action: run by every read of the site's queue and by the schedule
 * (several instances may run it at once: each takes the site's lock in turn). Answers how many lapsed.
 */
export async function lapseOffers(em: EntityManager, siteId: string, now: DateTime): Promise<number> {
  await lockClassesOf(em, siteId);
  const lapsed = await recordLapses(em, siteId, now);
  await offerFreePlaces(em, siteId, now);
  return lapsed;
}
