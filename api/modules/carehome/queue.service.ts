import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  type Bed,
  type BedApplication,
  bedFits,
  type BedState,
  canMoveBed,
  careLevelFor,
  type CareHomeSettings,
  DEFAULT_ADMISSION_RULES,
  DEFAULT_DEPOSIT_TERMS,
  offerPlaces,
  type SettingsVersion,
  settingsOn,
  standingAssessment,
} from '../../../domain/carehome';
import type { AssessedGrade } from '../../../domain/shared/categories';
import { type BusinessDate, businessDateOf } from '../../../domain/shared/time';
import { lapsedOffers, type OfferHold, rank, type Ranking, type RuleSet, runOfferCycle } from '../../../domain/waitlist';
import { ruleSetHistory } from '../../waitlist/rule-sets';
import { changeSiteOf, lapseOffersOf, type SiteQueue } from '../../waitlist/site-queue';
import {
  type ApplicationStatus,
  CarehomeApplication,
  CarehomeAssessment,
  CarehomeBed,
  CarehomeBedStateChange,
  CarehomeOffer,
  CarehomeRoom,
  CarehomeRuleSet,
  CarehomeSettings,
  CarehomeStatusChange,
  type ICarehomeApplication,
  type ICarehomeAssessment,
  type ICarehomeBed,
  type ICarehomeOffer,
  type ICarehomeRoom,
} from './carehome.entity';

/** Five working days to answer an offer, as common practice gives a family to arrange a move. */
export const CAREHOME_DEFAULTS = { offerDeadlineWorkingDays: 5 };

/** Statuses of an application in the queue; an offered one keeps its entry while its offer holds a bed. */
export const WAITING: ApplicationStatus[] = ['waiting', 'offered'];

/** The most a deposit may be at the site, in months of the contract's price. */
export async function depositCapMonths(em: EntityManager, siteId: string): Promise<number> {
  const row = await em.findOne(CarehomeSettings, { siteId });
  return row?.depositCapMonths ?? DEFAULT_DEPOSIT_TERMS.depositCapMonths;
}

export async function deadlineWorkingDays(em: EntityManager, siteId: string): Promise<number> {
  const row = await em.findOne(CarehomeSettings, { siteId });
  return row?.offerDeadlineWorkingDays ?? CAREHOME_DEFAULTS.offerDeadlineWorkingDays;
}

export function setStatus(em: EntityManager, app: ICarehomeApplication, to: ApplicationStatus, by: string | null, at: Date, reason: string | null = null): void {
  em.create(CarehomeStatusChange, { applicationId: app.id, siteId: app.siteId, fromStatus: app.status, toStatus: to, changedBy: by, changedAt: at, reason });
  app.status = to;
  app.version++;
}

/** Moves a bed by the domain's transitions, recording who and when; a move the domain forbids is a bug of the caller. */
export function moveBedTo(em: EntityManager, bed: ICarehomeBed, to: BedState, by: string | null, at: Date, reason: string | null = null): void {
  if (!canMoveBed(bed.state, to)) throw new Error(`bed ${bed.code} cannot go from ${bed.state} to ${to}`);
  em.create(CarehomeBedStateChange, { bedId: bed.id, siteId: bed.siteId, fromState: bed.state, toState: to, changedBy: by, changedAt: at, reason });
  Object.assign(bed, { state: to, stateSince: at, stateReason: reason });
}

/** Each application's assessments, oldest first. */
export async function assessmentsOf(em: EntityManager, applicationIds: readonly string[]): Promise<Map<string, ICarehomeAssessment[]>> {
  const rows = await em.find(CarehomeAssessment, { applicationId: { $in: [...applicationIds] } }, { orderBy: { assessedOn: 'asc', createdAt: 'asc', id: 'asc' } });
  const byApp = new Map<string, ICarehomeAssessment[]>();
  for (const r of rows) byApp.set(r.applicationId, [...(byApp.get(r.applicationId) ?? []), r]);
  return byApp;
}

/** The site's settings versions, oldest first, each with the date it takes effect (before any: the defaults). */
export async function settingsVersionsOf(em: EntityManager, siteId: string): Promise<SettingsVersion[]> {
  const rows = await em.find(CarehomeRuleSet, { siteId }, { orderBy: { version: 'asc' } });
  return rows.map((r) => ({ effectiveFrom: r.effectiveFrom, settings: r.settings ?? null }));
}

/** The site's care levels, prices and leave rules in force on a date. */
export async function settingsOnDate(em: EntityManager, siteId: string, date: BusinessDate): Promise<CareHomeSettings> {
  return settingsOn(await settingsVersionsOf(em, siteId), date);
}

/**
 * The assessment standing on a date, as the domain decides (latest, not yet due); its care level
 * is the one its grade has in the settings in force that day.
 */
export function standingOf(history: readonly ICarehomeAssessment[], date: BusinessDate, settings: CareHomeSettings) {
  const standing = standingAssessment(
    history.map((a) => ({ ...a, finalGrade: a.finalGrade as AssessedGrade })),
    date,
    [],
    settings,
  );
  return standing.assessment ? { ...standing, careLevel: careLevelFor(standing.assessment.finalGrade, settings).code } : standing;
}

/** An application as the engine sees it: with no assessment standing today it has no care level, so no bed fits it. */
function waitingElder(app: ICarehomeApplication, history: readonly ICarehomeAssessment[], today: BusinessDate, settings: CareHomeSettings): BedApplication & { row: ICarehomeApplication } {
  const standing = standingOf(history, today, settings);
  return {
    row: app,
    id: app.id,
    appliedAt: app.appliedAt.toISOString(),
    facts: app.facts,
    events: app.events,
    sex: app.sex,
    careLevel: 'careLevel' in standing ? standing.careLevel : '',
    requiredFeatures: app.requiredFeatures,
  };
}

/** Every version of the site's order of admission, after the built-in one (version 1, 特困 first). */
export async function ruleSetsOf(em: EntityManager, siteId: string): Promise<RuleSet[]> {
  return ruleSetHistory(DEFAULT_ADMISSION_RULES, await em.find(CarehomeRuleSet, { siteId }, { orderBy: { version: 'asc' } }));
}

export type SiteRanking = Ranking<ReturnType<typeof waitingElder>>;

/** The site's queue as of `today`: the one order offers follow and families and staff read. */
export async function rankSite(em: EntityManager, siteId: string, today: BusinessDate): Promise<SiteRanking> {
  const waiting = await em.find(CarehomeApplication, { siteId, status: { $in: WAITING } });
  const [histories, ruleSets, settings] = await Promise.all([
    assessmentsOf(
      em,
      waiting.map((a) => a.id),
    ),
    ruleSetsOf(em, siteId),
    settingsOnDate(em, siteId, today),
  ]);
  return rank(
    waiting.map((a) => waitingElder(a, histories.get(a.id) ?? [], today, settings)),
    ruleSets,
    today,
  );
}

/** A bed with its room's sex, as the domain's fits and places read it. */
export const bedOf = (b: ICarehomeBed, rooms: readonly ICarehomeRoom[]): Bed & { row: ICarehomeBed } => ({
  row: b,
  id: b.id,
  capacity: 1,
  state: b.state,
  roomSex: rooms.find((r) => r.id === b.roomId)!.sex,
  careLevels: b.careLevels,
  features: b.features,
});

const holdOf = (o: ICarehomeOffer): OfferHold => ({ kind: 'offer', placeId: o.bedId, applicationId: o.applicationId, deadline: o.deadline });

/**
 * Open offers whose deadline's day has ended lapse: each records its event on its application
 * (that bed is not offered to it again), which goes back to waiting, and its bed is free again.
 */
async function recordLapses(em: EntityManager, siteId: string, now: DateTime): Promise<number> {
  const open = await em.find(CarehomeOffer, { siteId, status: 'open' });
  const lapsed = lapsedOffers(open.map(holdOf), now);
  if (lapsed.length === 0) return 0;
  const [apps, beds] = await Promise.all([
    em.find(CarehomeApplication, { id: { $in: lapsed.map((l) => l.offer.applicationId) } }),
    em.find(CarehomeBed, { id: { $in: lapsed.map((l) => l.offer.placeId) } }),
  ]);
  for (const { offer, event } of lapsed) {
    open.find((o) => o.applicationId === offer.applicationId && o.bedId === offer.placeId)!.status = 'lapsed';
    const app = apps.find((a) => a.id === offer.applicationId)!;
    app.events = [...app.events, event];
    setStatus(em, app, 'waiting', null, now.toJSDate(), `offer lapsed after ${offer.deadline}`);
    moveBedTo(em, beds.find((b) => b.id === offer.placeId)!, 'available', null, now.toJSDate(), `offer lapsed after ${offer.deadline}`);
  }
  await em.flush();
  return lapsed.length;
}

/** Ranks the queue for today and offers every available bed to the first entry it fits (domain/waitlist runOfferCycle). */
async function offerFreeBeds(em: EntityManager, siteId: string, now: DateTime): Promise<void> {
  const today = businessDateOf(now);
  const rows = await em.find(CarehomeBed, { siteId }, { orderBy: { code: 'asc', id: 'asc' } });
  // Most changes and reads find no bed to offer: the queue need not be ranked for them.
  if (!rows.some((b) => b.state === 'available')) return;
  const [rooms, open, ranking, days] = await Promise.all([
    em.find(CarehomeRoom, { siteId }),
    em.find(CarehomeOffer, { siteId, status: 'open' }),
    rankSite(em, siteId, today),
    deadlineWorkingDays(em, siteId),
  ]);
  const places = offerPlaces(rows.map((b) => bedOf(b, rooms)));
  const { offers } = runOfferCycle({ ranking, places, holds: open.map(holdOf), fits: bedFits, now, deadlineWorkingDays: days });
  for (const o of offers) {
    const app = ranking.entries.find((e) => e.application.id === o.applicationId)!.application.row;
    const bed = places.find((p) => p.id === o.placeId)!.row;
    em.create(CarehomeOffer, {
      siteId,
      householdId: app.householdId,
      applicationId: app.id,
      bedId: bed.id,
      offeredOn: o.offeredOn,
      deadline: o.deadline,
      holidaysKnown: o.holidaysKnown,
      status: 'open',
      ruleSetVersion: o.ruleSetVersion,
      position: o.position,
      answeredAt: null,
      answeredBy: null,
    });
    setStatus(em, app, 'offered', null, now.toJSDate(), `offered bed ${bed.code} until ${o.deadline}`);
    moveBedTo(em, bed, 'held', null, now.toJSDate(), `offered to ${app.name} until ${o.deadline}`);
  }
  await em.flush();
}

const QUEUE: SiteQueue = { placesTable: 'carehome_bed', recordLapses, offerFreePlaces: offerFreeBeds };

/**
 * A change that can free or need a bed, in the route's transaction: the site's beds are locked
 * first, lapsed offers are recorded (their beds freed), the change is made, and the available
 * beds are offered at once.
 */
export const changeSite = <T>(em: EntityManager, siteId: string, now: DateTime, change: () => Promise<T>): Promise<T> => changeSiteOf(QUEUE, em, siteId, now, change);

/** Lapses the site's overdue offers and offers their beds to the next fitting entry: for every read and the schedule. */
export const lapseOffers = (em: EntityManager, siteId: string, now: DateTime): Promise<number> => lapseOffersOf(QUEUE, em, siteId, now);
