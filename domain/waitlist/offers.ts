import type { DateTime } from 'luxon';
import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import { addWorkingDays, hasHolidayData } from '../shared/calendar';
import { businessDateOf } from '../shared/time';
import type { Application, RankedEntry, Ranking } from './ranking';
import type { ApplicationEvent } from './rules';
import { WaitlistError } from './validate';

/**
 * A unit of capacity with the module's attributes: a childcare class (age band, size) or a
 * care-home bed (sex, care levels, features, capacity 1). Only places that can take someone
 * belong here: a bed being cleaned or out of service is no place to offer.
 */
export interface Place {
  id: string;
  capacity: number;
}

/** A cap over several places, e.g. the centre's 100 children across its classes. */
export interface CapacityLimit {
  id: string;
  capacity: number;
  placeIds: readonly string[];
}

/** A place offered with a deadline (the last day to answer); it holds the place until then. */
export interface OfferHold {
  kind: 'offer';
  placeId: string;
  applicationId: string;
  deadline: BusinessDate;
}

export interface EnrolmentHold {
  kind: 'enrolment';
  placeId: string;
  applicationId: string;
  from: BusinessDate;
}

/** What holds a unit of a place: a live offer or an enrolment (an admission, for a bed). */
export type Hold = OfferHold | EnrolmentHold;

export interface Offer extends OfferHold {
  offeredOn: BusinessDate;
  ruleSetVersion: number;
  /** The entry's position when offered, for the family's letter and the audit. */
  position: number;
  /**
   * False when the deadline runs into a year whose holidays the calendar does not know yet
   * (the State Council announces a year in the autumn before): staff should check the date.
   */
  holidaysKnown: boolean;
}

/**
 * Whether an application fits a place, and how much the family wants it: null when it does
 * not fit, otherwise its choice order (0 for the first choice). A family that accepts any
 * class or site (服从调剂) fits all of its choices; an earlier choice is offered first.
 */
export type Fits<A extends Application, P extends Place> = (application: A, place: P) => number | null;

/** Siblings whose family asked for "together or not at all": offered all at once, or none. */
export interface SiblingGroup {
  id: string;
  applicationIds: readonly string[];
}

/** Events that keep an application from being offered the same place again. */
export const PASSED_OVER: readonly string[] = ['declined', 'lapsed'];

export interface OfferCycleInput<A extends Application, P extends Place> {
  ranking: Ranking<A>;
  places: readonly P[];
  holds: readonly Hold[];
  fits: Fits<A, P>;
  now: DateTime;
  limits?: readonly CapacityLimit[];
  siblingGroups?: readonly SiblingGroup[];
  /** Working days to answer, not counting the day of the offer (a site setting). */
  deadlineWorkingDays?: number;
}

export interface LapsedOffer {
  offer: OfferHold;
  /** To record on the application: it counts for rules, and that place is not offered to it again. */
  event: ApplicationEvent;
}

export interface OfferCycleResult {
  offers: Offer[];
  /** Sibling groups reached in the order but not offered, because not all could be placed together. */
  groupsNotPlaced: string[];
}

export const DEFAULT_DEADLINE_WORKING_DAYS = 3;

/**
 * Offers whose deadline day has ended by `now` (Asia/Shanghai), for the schedule and for every
 * read. The caller records each event on its application (a lapse may count for a rule), drops
 * the offers from the holds and ranks again before the offer cycle, which refuses lapsed holds.
 */
export function lapsedOffers(holds: readonly Hold[], now: DateTime): LapsedOffer[] {
  const today = businessDateOf(now);
  return holds
    .filter((h): h is OfferHold => h.kind === 'offer' && h.deadline < today)
    .map((offer) => ({ offer, event: { kind: 'lapsed', on: offer.deadline, placeId: offer.placeId } }));
}

function checkInput(ranking: Ranking, places: readonly Place[], holds: readonly Hold[], today: BusinessDate): void {
  // Ages and counting windows move with the date, so yesterday's order is not today's.
  if (ranking.date !== today) throw new WaitlistError([{ field: 'ranking.date', message: `the queue was ranked for ${ranking.date}, not for today ${today}` }]);
  const ids = new Set<string>();
  places.forEach((p, i) => {
    if (ids.has(p.id)) throw new WaitlistError([{ field: `places[${i}].id`, message: `${p.id} is given twice` }]);
    if (!Number.isSafeInteger(p.capacity) || p.capacity < 0) throw new WaitlistError([{ field: `places[${i}].capacity`, message: 'must be a whole number ≥ 0' }]);
    ids.add(p.id);
  });
  const holding = new Set<string>();
  holds.forEach((h, i) => {
    if (h.kind === 'offer' && h.deadline < today) {
      throw new WaitlistError([{ field: `holds[${i}].deadline`, message: `the offer to ${h.applicationId} lapsed after ${h.deadline}: record lapsedOffers() first` }]);
    }
    if (!ids.has(h.placeId)) throw new WaitlistError([{ field: `holds[${i}].placeId`, message: `${h.placeId} is not one of the places` }]);
    if (holding.has(h.applicationId)) throw new WaitlistError([{ field: `holds[${i}].applicationId`, message: `${h.applicationId} already holds a place` }]);
    holding.add(h.applicationId);
  });
}

/** Free units per place and per limit, kept as offers are made. */
class Capacity<P extends Place> {
  private readonly freeByPlace = new Map<string, number>();
  private readonly freeByLimit = new Map<string, number>();
  private readonly limitsOf = new Map<string, string[]>();
  /** Places with a free unit, in the order given: the only ones worth asking `fits` about. */
  open: P[];

  constructor(places: readonly P[], holds: readonly Hold[], limits: readonly CapacityLimit[]) {
    for (const p of places) this.freeByPlace.set(p.id, p.capacity);
    for (const l of limits) {
      this.freeByLimit.set(l.id, l.capacity);
      for (const id of l.placeIds) this.limitsOf.set(id, [...(this.limitsOf.get(id) ?? []), l.id]);
    }
    for (const h of holds) this.take(h.placeId, -1);
    this.open = places.filter((p) => this.hasRoom(p.id));
  }

  hasRoom(placeId: string): boolean {
    return this.freeByPlace.get(placeId)! > 0 && (this.limitsOf.get(placeId) ?? []).every((l) => this.freeByLimit.get(l)! > 0);
  }

  /** `by` is −1 to take a unit, +1 to give it back (when a sibling group cannot all be placed). */
  take(placeId: string, by: number): void {
    this.freeByPlace.set(placeId, this.freeByPlace.get(placeId)! + by);
    for (const l of this.limitsOf.get(placeId) ?? []) this.freeByLimit.set(l, this.freeByLimit.get(l)! + by);
  }

  refresh(): void {
    this.open = this.open.filter((p) => this.hasRoom(p.id));
  }
}

/**
 * The offer cycle: the entries are taken in the ranking's order and each one not holding a
 * place is offered the place it prefers among the free ones it fits, until no place is free.
 * Running it again on its own result offers nothing more. A suspended entry is offered
 * nothing, and an entry that declined or let lapse an offer of a place is not offered that
 * place again.
 */
export function runOfferCycle<A extends Application, P extends Place>(input: OfferCycleInput<A, P>): OfferCycleResult {
  const { ranking, places, fits, now } = input;
  const today = businessDateOf(now);
  checkInput(ranking, places, input.holds, today);
  const capacity = new Capacity(places, input.holds, input.limits ?? []);
  const holding = new Set(input.holds.map((h) => h.applicationId));
  const passedOver = (entry: RankedEntry<A>, place: P) => (entry.application.events ?? []).some((e) => e.placeId === place.id && PASSED_OVER.includes(e.kind));
  /** The free places the entry fits, its preferred first (then in the order of `places`). */
  const choices = (entry: RankedEntry<A>): P[] => {
    const fitting: { place: P; choice: number }[] = [];
    for (const place of capacity.open) {
      if (!capacity.hasRoom(place.id) || passedOver(entry, place)) continue;
      const choice = fits(entry.application, place);
      if (choice !== null) fitting.push({ place, choice });
    }
    return fitting.sort((a, b) => a.choice - b.choice).map((c) => c.place);
  };

  const deadline = addWorkingDays(today, input.deadlineWorkingDays ?? DEFAULT_DEADLINE_WORKING_DAYS);
  const holidaysKnown = yearsBetween(today, deadline).every(hasHolidayData);
  const offer = (entry: RankedEntry<A>, place: P): Offer => ({
    kind: 'offer',
    placeId: place.id,
    applicationId: entry.application.id,
    deadline,
    offeredOn: today,
    ruleSetVersion: ranking.ruleSet.version,
    position: entry.position!,
    holidaysKnown,
  });

  const groupOf = new Map<string, SiblingGroup>();
  for (const g of input.siblingGroups ?? []) for (const id of g.applicationIds) groupOf.set(id, g);
  const groupsReached = new Set<string>();
  const groupsNotPlaced: string[] = [];
  const offers: Offer[] = [];

  for (const entry of ranking.entries) {
    if (capacity.open.length === 0) break;
    if (entry.suspended || holding.has(entry.application.id)) continue;
    const group = groupOf.get(entry.application.id);
    if (group === undefined) {
      const best = choices(entry)[0];
      if (best === undefined) continue;
      capacity.take(best.id, -1);
      capacity.refresh();
      offers.push(offer(entry, best));
      continue;
    }
    if (groupsReached.has(group.id)) continue;
    groupsReached.add(group.id);
    const members = ranking.entries.filter((e) => group.applicationIds.includes(e.application.id) && !holding.has(e.application.id));
    const placed = members.some((m) => m.suspended) ? null : placeTogether(members, choices, capacity);
    if (placed === null) groupsNotPlaced.push(group.id);
    else placed.forEach((place, i) => offers.push(offer(members[i], place)));
    capacity.refresh();
  }
  return { offers, groupsNotPlaced };
}

/**
 * Places for every member at once, each member's earlier choices tried first (in rank
 * order), backtracking when a later sibling would be left out. Groups are a few children,
 * so the search stays small. Leaves the units taken when it succeeds, and none when it fails.
 */
function placeTogether<A extends Application, P extends Place>(
  members: readonly RankedEntry<A>[],
  choices: (entry: RankedEntry<A>) => P[],
  capacity: Capacity<P>,
): P[] | null {
  if (members.length === 0) return [];
  const [first, ...rest] = members;
  for (const place of choices(first)) {
    capacity.take(place.id, -1);
    const others = placeTogether(rest, choices, capacity);
    if (others !== null) return [place, ...others];
    capacity.take(place.id, +1);
  }
  return null;
}

function yearsBetween(from: BusinessDate, to: BusinessDate): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

function offerOf(holds: readonly Hold[], applicationId: string): OfferHold {
  const offer = holds.find((h): h is OfferHold => h.kind === 'offer' && h.applicationId === applicationId);
  if (offer === undefined) throw new WaitlistError([{ field: 'applicationId', message: `${applicationId} has no open offer` }]);
  return offer;
}

/**
 * The family accepts before the deadline's day ends: the offer becomes an enrolment (an
 * admission, for a bed) from `startDate`, holding the same place.
 */
export function acceptOffer(holds: readonly Hold[], applicationId: string, startDate: BusinessDate, now: DateTime): Hold[] {
  const offer = offerOf(holds, applicationId);
  if (offer.deadline < businessDateOf(now)) throw new WaitlistError([{ field: 'applicationId', message: `the offer lapsed after ${offer.deadline}` }]);
  if (!isBusinessDate(startDate)) throw new WaitlistError([{ field: 'startDate', message: 'must be a YYYY-MM-DD date' }]);
  const enrolment: EnrolmentHold = { kind: 'enrolment', placeId: offer.placeId, applicationId, from: startDate };
  return holds.map((h) => (h === offer ? enrolment : h));
}

/** The family declines: the place is free for the next cycle, and the event keeps the family from being offered it again. */
export function declineOffer(holds: readonly Hold[], applicationId: string, now: DateTime): { holds: Hold[]; event: ApplicationEvent } {
  const offer = offerOf(holds, applicationId);
  return { holds: holds.filter((h) => h !== offer), event: { kind: 'declined', on: businessDateOf(now), placeId: offer.placeId } };
}
