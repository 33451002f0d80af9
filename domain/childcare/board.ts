import type { Ranking } from '../waitlist';
import type { ChildcareApplication } from './fits';
import { type ClassPlace, fitsClass } from './fits';

/**
 * The class board's next in line: for each class, the first entry of the queue (in the order
 * offers follow) that the class would take on its start date, among the entries not suspended
 * and not already holding an offer. It is who the class's next free place goes to, unless a
 * family ahead chose this class later than one that frees first.
 */
export function nextInLine<A extends ChildcareApplication>(ranking: Ranking<A>, classPlaces: readonly ClassPlace[], holding: ReadonlySet<string>): Map<string, Ranking<A>['entries'][number]> {
  const next = new Map<string, Ranking<A>['entries'][number]>();
  for (const place of classPlaces) {
    if (place.half !== undefined) continue;
    const entry = ranking.entries.find((e) => !e.suspended && !holding.has(e.application.id) && fitsClass(e.application, place) !== null);
    if (entry) next.set(place.classId, entry);
  }
  return next;
}

/**
 * Places a class has free today: its size less the places its children use, its open offers
 * hold and today's 临时托 days take (as the day's free places for booking count them).
 */
export const freePlaces = (c: { size: number; placesUsed: number; openOffers: number; bookedToday: number }): number => Math.max(0, c.size - c.placesUsed - c.openOffers - c.bookedToday);
