import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays } from '../../../domain/shared/business-date';
import { hasHolidayData, isWorkingDay } from '../../../domain/shared/calendar';
import { compareEntries, type Hold, lapsedOffers, rank, runOfferCycle, standingOf, validateRuleSet, WaitlistError } from '../../../domain/waitlist';
import { applications, offerWorld, type OfferWorld, ruleSet, TODAY } from './arbitraries';
import { at, type Child, fitsChoice } from './factories';

const RUNS = { numRuns: 2_000 };

function check(ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

describe('ranking properties', () => {
  it('every generated rule set passes validation, as stored JSON', () => {
    fc.assert(
      fc.property(ruleSet, (rules) => {
        validateRuleSet(JSON.parse(JSON.stringify(rules)));
      }),
      RUNS,
    );
  });

  it('the order is total and strict, and the same whatever order the applications come in', () => {
    fc.assert(
      fc.property(ruleSet, applications, fc.infiniteStream(fc.nat()), (rules, apps, noise) => {
        const ranked = rank(apps, [rules], TODAY);
        const shuffled = rank(
          apps
            .map((a) => [a, noise.next().value] as const)
            .sort((x, y) => x[1] - y[1])
            .map(([a]) => a),
          [rules],
          TODAY,
        );
        check(JSON.stringify(shuffled.entries.map((e) => e.application.id)) === JSON.stringify(ranked.entries.map((e) => e.application.id)), 'input order changed the ranking');
        const e = ranked.entries;
        for (let i = 0; i < e.length; i++) {
          for (let j = 0; j < e.length; j++) {
            const c = Math.sign(compareEntries(e[i], e[j]));
            check(c === Math.sign(i - j), 'the comparator agrees with the order for every pair (antisymmetric, total, transitive)', [i, j, c]);
          }
        }
        check(e.length === apps.length, 'every application is ranked once');
      }),
      RUNS,
    );
  });

  it('the order follows policy class first, then points, then time', () => {
    fc.assert(
      fc.property(ruleSet, applications, (rules, apps) => {
        const e = rank(apps, [rules], TODAY).entries;
        for (let i = 1; i < e.length; i++) {
          const [a, b] = [e[i - 1], e[i]];
          const ok = a.policyClass < b.policyClass || (a.policyClass === b.policyClass && (a.points > b.points || (a.points === b.points && a.appliedAtMs <= b.appliedAtMs)));
          check(ok, 'entries out of order', [a.application.id, b.application.id]);
        }
      }),
      RUNS,
    );
  });

  it('positions count the entries that can be offered, 1, 2, 3… in order, and a suspended entry has none', () => {
    fc.assert(
      fc.property(ruleSet, applications, (rules, apps) => {
        const e = rank(apps, [rules], TODAY).entries;
        const positions = e.filter((x) => !x.suspended).map((x) => x.position);
        check(positions.every((p, i) => p === i + 1), 'positions are consecutive', positions);
        check(e.every((x) => (x.position === null) === x.suspended), 'suspended exactly when without position');
        check(e.every((x, i) => x.rank === i + 1), 'ranks are consecutive');
      }),
      RUNS,
    );
  });

  it('a fact that is not verified changes nothing, whatever its value', () => {
    fc.assert(
      fc.property(ruleSet, applications, fc.oneof(fc.boolean(), fc.integer(), fc.string()), (rules, apps, value) => {
        for (const a of apps) {
          const rewritten = Object.fromEntries(Object.entries(a.facts).map(([k, f]) => [k, f.verified ? f : { value, verified: false }]));
          const before = standingOf(rules, a, TODAY);
          const after = standingOf(rules, { ...a, facts: rewritten }, TODAY);
          check(JSON.stringify(before) === JSON.stringify(after), 'an unverified fact scored', a.id);
        }
      }),
      RUNS,
    );
  });
});

/** What the API does on a read or on its schedule: record the lapses, rank again, run the cycle. */
function runWorld(w: OfferWorld, holds: Hold[] = w.holds, apps: Child[] = w.apps) {
  const lapsed = lapsedOffers(holds, at(TODAY));
  const gone = new Set<Hold>(lapsed.map((l) => l.offer));
  const live = holds.filter((h) => !gone.has(h));
  const recorded = apps.map((a) => ({ ...a, events: [...(a.events ?? []), ...lapsed.filter((l) => l.offer.applicationId === a.id).map((l) => l.event)] }));
  const ranking = rank(recorded, [w.rules], TODAY);
  const result = runOfferCycle({ ranking, places: w.places, holds: live, fits: fitsChoice, now: at(TODAY), limits: w.limits, siblingGroups: w.siblingGroups, deadlineWorkingDays: w.deadlineWorkingDays });
  const holding = new Set(live.map((h) => h.applicationId));
  const offeredTo = new Set(result.offers.map((o) => o.applicationId));
  return { ranking, result, lapsed, live, recorded, holding, offeredTo };
}

describe('offer cycle properties', () => {
  it('never exceeds a place or the site total, never holds twice for one application, and offers only what fits', () => {
    fc.assert(
      fc.property(offerWorld, (w) => {
        const { ranking, result, lapsed, live } = runWorld(w);
        check(lapsed.every((l) => l.offer.deadline < TODAY) && live.every((h) => h.kind !== 'offer' || h.deadline >= TODAY), 'exactly the offers past their deadline lapse');
        const after = [...live, ...result.offers];
        for (const p of w.places) {
          const before = live.filter((h) => h.placeId === p.id).length;
          const added = result.offers.filter((o) => o.placeId === p.id).length;
          check(added === 0 || before + added <= p.capacity, 'a place is over capacity', { place: p.id, before, added });
        }
        for (const l of w.limits) check(result.offers.length === 0 || after.length <= l.capacity, 'the site total is exceeded', { after: after.length });
        const holders = after.map((h) => h.applicationId);
        check(new Set(holders).size === holders.length, 'an application holds two places');
        const lapsedNow = new Set(lapsed.map((l) => `${l.offer.applicationId}/${l.offer.placeId}`));
        for (const o of result.offers) {
          const entry = ranking.entries.find((e) => e.application.id === o.applicationId)!;
          check(!entry.suspended && fitsChoice(entry.application, w.places.find((p) => p.id === o.placeId)!) !== null, 'offer to a suspended entry or a place it does not fit', o);
          check(!lapsedNow.has(`${o.applicationId}/${o.placeId}`), 'the place just lapsed was offered again to the same family', o);
        }
      }),
      RUNS,
    );
  });

  it('offers each place to the first entry in rank order that fits it, and leaves no free place someone fits', () => {
    fc.assert(
      fc.property(offerWorld, (w) => {
        const { ranking, result, live, holding, offeredTo } = runWorld(w);
        const grouped = new Set(w.siblingGroups.flatMap((g) => g.applicationIds));
        const eligible = (e: (typeof ranking.entries)[number], placeId: string) =>
          !e.suspended &&
          !holding.has(e.application.id) &&
          !grouped.has(e.application.id) &&
          !(e.application.events ?? []).some((x) => x.placeId === placeId && (x.kind === 'declined' || x.kind === 'lapsed')) &&
          e.application.choices.includes(placeId);
        // A sibling group is offered when the order reaches its first member.
        const reached = (id: string) => {
          const group = w.siblingGroups.find((g) => g.applicationIds.includes(id));
          return ranking.entries.findIndex((e) => (group?.applicationIds ?? [id]).includes(e.application.id));
        };
        for (const o of result.offers) {
          const passed = ranking.entries.slice(0, reached(o.applicationId)).filter((e) => eligible(e, o.placeId) && !offeredTo.has(e.application.id));
          check(passed.length === 0, 'an earlier entry that fits the place was passed over', { offer: o, passed: passed.map((e) => e.application.id) });
        }
        // Room left at the end: places below capacity, within the site total.
        const after = [...live, ...result.offers];
        const siteFull = w.limits.some((l) => after.length >= l.capacity);
        const roomy = w.places.filter((p) => !siteFull && after.filter((h) => h.placeId === p.id).length < p.capacity);
        for (const e of ranking.entries) {
          if (offeredTo.has(e.application.id)) continue;
          const free = roomy.filter((p) => eligible(e, p.id));
          check(free.length === 0, 'a free place was left that a waiting entry fits', { entry: e.application.id, free: free.map((p) => p.id) });
        }
      }),
      RUNS,
    );
  });

  it('offers the siblings of a group all together or none of them', () => {
    fc.assert(
      fc.property(offerWorld, (w) => {
        const { ranking, holding, offeredTo } = runWorld(w);
        for (const g of w.siblingGroups) {
          const waiting = g.applicationIds.filter((id) => !holding.has(id) && ranking.entries.some((e) => e.application.id === id));
          const got = waiting.filter((id) => offeredTo.has(id));
          check(got.length === 0 || got.length === waiting.length, 'a group was split', { group: g.id, waiting, got });
        }
      }),
      RUNS,
    );
  });

  it('running the cycle again with nothing changed offers nothing new', () => {
    fc.assert(
      fc.property(offerWorld, (w) => {
        const first = runWorld(w);
        const again = runWorld(w, [...first.live, ...first.result.offers], first.recorded);
        check(again.result.offers.length === 0 && again.lapsed.length === 0, 'a second run changed something', again.result);
      }),
      RUNS,
    );
  });

  it('refuses to run on an offer that has lapsed and was not recorded', () => {
    fc.assert(
      fc.property(offerWorld, (w) => {
        const stale = w.holds.some((h) => h.kind === 'offer' && h.deadline < TODAY);
        const ranking = rank(w.apps, [w.rules], TODAY);
        let refused = false;
        try {
          runOfferCycle({ ranking, places: w.places, holds: w.holds, fits: fitsChoice, now: at(TODAY), limits: w.limits });
        } catch (e) {
          refused = e instanceof WaitlistError && /lapsed/.test(e.message);
        }
        check(refused === stale, 'a lapsed hold must be refused, and only then', { stale, refused });
      }),
      RUNS,
    );
  });
});

describe('deadline properties', () => {
  const knownDays = fc.integer({ min: 0, max: 725 }).map((d) => addDays('2025-01-01', d));

  it('an offer is due exactly n working days after the offer day, on a working day, 春节 and 调休 counted', () => {
    fc.assert(
      fc.property(knownDays, fc.integer({ min: 1, max: 10 }), (day, n) => {
        const ranking = rank([{ id: 'a', appliedAt: '2024-12-01T00:00:00Z', facts: {}, choices: ['toddler'] }], [{ version: 1, effectiveFrom: '2024-01-01', defaultClass: 0, rules: [] }], day);
        const [offer] = runOfferCycle({ ranking, places: [{ id: 'toddler', capacity: 1 }], holds: [], fits: fitsChoice, now: at(day), deadlineWorkingDays: n }).offers;
        let working = 0;
        for (let d = addDays(day, 1); d <= offer.deadline; d = addDays(d, 1)) if (isWorkingDay(d)) working++;
        check(working === n && isWorkingDay(offer.deadline), 'wrong deadline', { day, n, offer });
        check(offer.holidaysKnown === hasHolidayData(Number(offer.deadline.slice(0, 4))), 'holidaysKnown says whether the deadline year is in the data', offer);
      }),
      RUNS,
    );
  });

  it('an offer made at any minute of a day is due on the same date: the day is Shanghai’s', () => {
    fc.assert(
      fc.property(knownDays, fc.integer({ min: 0, max: 24 * 60 - 1 }), (day, minute) => {
        const now = DateTime.fromISO(`${day}T00:00:00`, { zone: 'Asia/Shanghai' }).plus({ minutes: minute }).toUTC();
        const ranking = rank([{ id: 'a', appliedAt: '2024-12-01T00:00:00Z', facts: {}, choices: ['toddler'] }], [{ version: 1, effectiveFrom: '2024-01-01', defaultClass: 0, rules: [] }], day);
        const [offer] = runOfferCycle({ ranking, places: [{ id: 'toddler', capacity: 1 }], holds: [], fits: fitsChoice, now }).offers;
        check(offer.offeredOn === day, 'offered on another day', { day, minute, offer });
      }),
      RUNS,
    );
  });
});
