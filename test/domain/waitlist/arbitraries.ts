import fc from 'fast-check';
import { addDays } from '../../../domain/shared/business-date';
import type { ApplicationEvent, CapacityLimit, Effect, Fact, Hold, Place, Predicate, Rule, RuleSet, SiblingGroup } from '../../../domain/waitlist';
import type { Child } from './factories';

export const TODAY = '2026-03-02';
const FACTS = ['resident', 'both_parents_working', 'sibling_enrolled', 'dibao', 'tekun', 'disability', 'living_alone', 'children', 'birth_date'];
const EVENTS = ['declined', 'withdrawn', 'lapsed'];
export const PLACE_IDS = ['baby', 'toddler', 'older', 'mixed'];

const factValue: fc.Arbitrary<Fact['value']> = fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.constantFrom('1940-05-01', '1946-03-02', '2024-06-01', 'yes'));

export const predicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
  p: fc.oneof(
    // Within the validator's 6 levels.
    { depthSize: 'small', withCrossShrink: true, maxDepth: 4, depthIdentifier: 'predicate' },
    fc.record({ op: fc.constant('present' as const), fact: fc.constantFrom(...FACTS) }),
    fc.record({ op: fc.constant('equals' as const), fact: fc.constantFrom(...FACTS), value: factValue }),
    fc.record({ op: fc.constant('between' as const), fact: fc.constant('children'), min: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 2, max: 5 }) }),
    fc.record({ op: fc.constant('age' as const), fact: fc.constant('birth_date'), min: fc.constantFrom(1, 80) }),
    fc.record({ op: fc.constant('count' as const), event: fc.constantFrom(...EVENTS), atLeast: fc.integer({ min: 1, max: 3 }), withinDays: fc.constantFrom(30, 182, 365) }),
    fc.record({ op: fc.constant('any' as const), of: fc.array(tie('p'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ op: fc.constant('not' as const), of: tie('p') }),
  ),
})).p;

const effect: fc.Arbitrary<Effect> = fc.oneof(
  fc.record({ points: fc.integer({ min: -10, max: 20 }).filter((n) => n !== 0) }),
  fc.record({ policyClass: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ lowerClassBy: fc.integer({ min: 1, max: 2 }) }),
  fc.constant({ suspend: true as const }),
);

export const ruleSet: fc.Arbitrary<RuleSet> = fc
  .array(fc.record({ when: predicate, effect }), { minLength: 0, maxLength: 10 })
  .map((rules) => ({
    version: 1,
    effectiveFrom: '2026-01-01',
    defaultClass: 2,
    rules: rules.map((r, i): Rule => ({ code: `rule_${i}`, label: { zh: `规则${i}`, en: `Rule ${i}` }, ...r })),
  }));

const event: fc.Arbitrary<ApplicationEvent> = fc.record(
  { kind: fc.constantFrom(...EVENTS), on: fc.integer({ min: -400, max: 0 }).map((d) => addDays(TODAY, d)), placeId: fc.constantFrom(...PLACE_IDS) },
  { requiredKeys: ['kind', 'on'] },
);

/** Few distinct times, so that ties on class, points and time are common and the id decides. */
const child = (id: string): fc.Arbitrary<Child> =>
  fc.record({
    id: fc.constant(id),
    appliedAt: fc.constantFrom('2026-01-05T01:00:00Z', '2026-01-05T09:00:00+08:00', '2026-01-06T01:00:00Z', '2026-02-01T12:30:00.250Z'),
    facts: fc.dictionary(fc.constantFrom(...FACTS), fc.record({ value: factValue, verified: fc.boolean() })),
    events: fc.array(event, { maxLength: 3 }),
    choices: fc.shuffledSubarray(PLACE_IDS, { minLength: 0, maxLength: 3 }),
  });

export const applications: fc.Arbitrary<Child[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-c0-9]{1,3}$/), { minLength: 0, maxLength: 25 })
  .chain((ids) => fc.tuple(...ids.map(child)));

export interface OfferWorld {
  rules: RuleSet;
  apps: Child[];
  places: Place[];
  holds: Hold[];
  limits: CapacityLimit[];
  siblingGroups: SiblingGroup[];
  deadlineWorkingDays: number;
}

/** Places, some held (by queued applications or outsiders, some offers already lapsed), an optional site total, sibling groups. */
export const offerWorld: fc.Arbitrary<OfferWorld> = fc
  .record({
    rules: ruleSet,
    apps: applications,
    capacities: fc.tuple(...PLACE_IDS.map(() => fc.integer({ min: 0, max: 3 }))),
    siteTotal: fc.option(fc.integer({ min: 0, max: 8 })),
    deadlineWorkingDays: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ rules, apps, capacities, siteTotal, deadlineWorkingDays }) => {
    const places = PLACE_IDS.map((id, i) => ({ id, capacity: capacities[i] }));
    const holders = [...apps.map((a) => a.id), 'outsider-1', 'outsider-2', 'outsider-3'];
    const hold = (applicationId: string): fc.Arbitrary<Hold> =>
      fc.oneof(
        fc.record({ kind: fc.constant('enrolment' as const), placeId: fc.constantFrom(...PLACE_IDS), applicationId: fc.constant(applicationId), from: fc.constant('2026-01-01') }),
        fc.record({ kind: fc.constant('offer' as const), placeId: fc.constantFrom(...PLACE_IDS), applicationId: fc.constant(applicationId), deadline: fc.integer({ min: -3, max: 3 }).map((d) => addDays(TODAY, d)) }),
      );
    return fc.record({
      rules: fc.constant(rules),
      apps: fc.constant(apps),
      places: fc.constant(places),
      holds: fc.shuffledSubarray(holders, { maxLength: Math.min(6, holders.length) }).chain((ids) => fc.tuple(...ids.map(hold))),
      limits: fc.constant(siteTotal === null ? [] : [{ id: 'site', capacity: siteTotal, placeIds: PLACE_IDS }]),
      siblingGroups: fc.shuffledSubarray(apps.map((a) => a.id), { maxLength: Math.min(6, apps.length) }).map((ids) => [ids.slice(0, 2), ids.slice(2, 5)].filter((g) => g.length > 1).map((applicationIds, i) => ({ id: `g${i}`, applicationIds }))),
      deadlineWorkingDays: fc.constant(deadlineWorkingDays),
    });
  });
