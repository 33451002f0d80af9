import type { BusinessDate } from '../shared/business-date';
import { type ApplicationFacts, type RuleSet, type Standing, standingsOn } from './rules';
import { ruleSetInForce, WaitlistError } from './validate';

/** What the engine needs of a module's application; a module passes its own type, with more fields, through. */
export interface Application extends ApplicationFacts {
  id: string;
  /** When the family applied, an ISO-8601 instant (`2026-03-02T01:30:00Z`). */
  appliedAt: string;
}

export interface RankedEntry<A extends Application = Application> extends Standing {
  application: A;
  appliedAtMs: number;
  /** 1-based place in the whole order, suspended entries included. */
  rank: number;
  /** 1-based place among the entries that can be offered; null while suspended. */
  position: number | null;
}

export interface Ranking<A extends Application = Application> {
  date: BusinessDate;
  ruleSet: { version: number; effectiveFrom: BusinessDate };
  entries: RankedEntry<A>[];
}

type Keyed = Pick<RankedEntry, 'policyClass' | 'points' | 'appliedAtMs' | 'application'>;

/**
 * The one order of a waitlist: policy class (lower first), then points (more first), then
 * application time (earlier first), then id. Ids are unique, so no two entries tie.
 * Ids compare by code unit, not by locale, so the order is the same on every machine.
 */
export function compareEntries(a: Keyed, b: Keyed): number {
  if (a.policyClass !== b.policyClass) return a.policyClass - b.policyClass;
  if (a.points !== b.points) return b.points - a.points;
  if (a.appliedAtMs !== b.appliedAtMs) return a.appliedAtMs - b.appliedAtMs;
  const [x, y] = [a.application.id, b.application.id];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Every application ranked by the rule set in force on `date`, each with the rules that
 * applied. Offers, the family's position and the staff list all read this one result.
 */
export function rank<A extends Application>(applications: readonly A[], ruleSets: readonly RuleSet[], date: BusinessDate): Ranking<A> {
  const ruleSet = ruleSetInForce(ruleSets, date);
  const standingOf = standingsOn(ruleSet, date);
  const seen = new Set<string>();
  const entries: RankedEntry<A>[] = applications.map((application, i) => {
    if (seen.has(application.id)) throw new WaitlistError([{ field: `applications[${i}].id`, message: `${application.id} is in the queue twice` }]);
    seen.add(application.id);
    const appliedAtMs = Date.parse(application.appliedAt);
    if (Number.isNaN(appliedAtMs)) throw new WaitlistError([{ field: `applications[${i}].appliedAt`, message: `${application.appliedAt} is not an ISO-8601 instant` }]);
    const { policyClass, points, suspended, reasons } = standingOf(application);
    return { application, appliedAtMs, policyClass, points, suspended, reasons, rank: 0, position: null };
  });
  entries.sort(compareEntries);
  let position = 0;
  entries.forEach((e, i) => {
    e.rank = i + 1;
    e.position = e.suspended ? null : ++position;
  });
  return { date, ruleSet: { version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom }, entries };
}

/** One family's entry (its position and reasons), or undefined when the application is not in the queue. */
export function entryOf<A extends Application>(ranking: Ranking<A>, applicationId: string): RankedEntry<A> | undefined {
  return ranking.entries.find((e) => e.application.id === applicationId);
}

export interface ViewedEntry<A extends Application> {
  entry: RankedEntry<A>;
  /** 1-based place within the view (e.g. among those who chose this class), in the same order. */
  positionInView: number;
}

/**
 * The staff list with a filter (a policy class, a choice of class or site): the entries
 * keep the order, rank and position of the whole queue, and add their place within the view.
 */
export function viewOf<A extends Application>(ranking: Ranking<A>, keep: (entry: RankedEntry<A>) => boolean): ViewedEntry<A>[] {
  const view: ViewedEntry<A>[] = [];
  for (const entry of ranking.entries) if (keep(entry)) view.push({ entry, positionInView: view.length + 1 });
  return view;
}
