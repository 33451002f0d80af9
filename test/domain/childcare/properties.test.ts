import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  AGE_KINDS,
  ageInMonths,
  ageKindOn,
  belongsOn,
  type ChildcareApplication,
  type ChildcareClass,
  CLASS_KINDS,
  dateAtMonths,
  type EnrolledChild,
  type Enrolment,
  fitsClass,
  placesOf,
  placesUsed,
  projectClasses,
  STANDARD_CLASSES,
} from '../../../domain/childcare';
import { addDays } from '../../../domain/shared/business-date';
import { rank, runOfferCycle, type RuleSet } from '../../../domain/waitlist';
import { CENTRE, klass, SITE } from './factories';

const RUNS = { numRuns: 1_000 };
const TODAY = '2026-03-02';
const RULES: RuleSet = { version: 1, effectiveFrom: '2026-01-01', defaultClass: 1, rules: [] };

function check(ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

/** Dates from 2020 to 2030, month ends and 02-29 included. */
const date = fc.integer({ min: 0, max: 4000 }).map((d) => addDays('2020-01-01', d));
const birthDate = fc.integer({ min: 0, max: 1400 }).map((d) => addDays('2022-06-01', d));
const attendance = fc.oneof(
  fc.constant({ mode: 'full_day' as const }),
  fc.constant({ mode: 'hourly' as const }),
  fc.constantFrom('morning' as const, 'afternoon' as const).map((half) => ({ mode: 'half_day' as const, half })),
);

describe('childcare properties', () => {
  it('a child is in exactly one age class on any date from 6 to 36 months, and in none outside', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 0, max: 1500 }), (born, days) => {
        const on = addDays(born, days);
        const months = ageInMonths(born, on);
        const classes = AGE_KINDS.filter((k) => belongsOn(STANDARD_CLASSES, k, born, on));
        const inCentre = months >= 6 && months < 36;
        check(classes.length === (inCentre ? 1 : 0), 'age classes', { born, on, months, classes });
        check(ageKindOn(STANDARD_CLASSES, born, on) === (inCentre ? classes[0] : null), 'ageKindOn disagrees', { born, on });
      }),
      RUNS,
    );
  });

  it('age in months never falls as days pass, and each age starts on dateAtMonths', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 48 }), (born, n) => {
        const first = dateAtMonths(born, n);
        check(ageInMonths(born, first) === n, 'not n months on dateAtMonths', { born, n, first });
        check(ageInMonths(born, addDays(first, -1)) === n - 1, 'already n months the day before', { born, n, first });
      }),
      RUNS,
    );
  });

  it('the places a class uses are never more than its enrolments and never fewer than half', () => {
    fc.assert(
      fc.property(fc.array(attendance, { maxLength: 40 }), (enrolments) => {
        const used = placesUsed(enrolments);
        check(used <= enrolments.length && used >= Math.ceil(enrolments.length / 2), 'places used', { used, n: enrolments.length });
      }),
      RUNS,
    );
  });

  const application = (id: string): fc.Arbitrary<ChildcareApplication> =>
    fc.record({
      id: fc.constant(id),
      appliedAt: fc.integer({ min: 0, max: 5 }).map((m) => `2026-01-05T02:0${m}:00Z`),
      facts: fc.constant({}),
      birthDate,
      startDate: fc.integer({ min: 0, max: 200 }).map((d) => addDays(TODAY, d)),
      choices: fc.array(fc.record({ siteId: fc.constantFrom(SITE, 'other'), kind: fc.constantFrom(...CLASS_KINDS) }, { requiredKeys: [] }), { maxLength: 3 }),
      anyClassOrSite: fc.boolean(),
    }).chain((app) => attendance.map((a) => ({ ...app, ...a }))).filter((a) => a.startDate >= a.birthDate);

  it('fits agrees with the class’s band on the start date', () => {
    const { places } = placesOf(STANDARD_CLASSES, CENTRE, []);
    fc.assert(
      fc.property(application('a'), (app) => {
        for (const place of places) {
          const fit = fitsClass(app, place);
          const inBand = belongsOn(STANDARD_CLASSES, place.kind, app.birthDate, app.startDate);
          if (fit !== null) check(inBand, 'fits a class outside its band', { app, place: place.id });
          if (app.anyClassOrSite && place.half === undefined) check((fit !== null) === inBand, '服从调剂 but not offered a class of its age', { app, place: place.id });
        }
      }),
      RUNS,
    );
  });

  it('offers made on placesOf never take a class beyond its size or the site beyond its total', () => {
    const classes: ChildcareClass[] = [klass('i', 'infant', 3), klass('t', 'toddler', 4), klass('o', 'older', 5), klass('m', 'mixed', 3)];
    const world = fc.record({
      enrolments: fc.array(fc.tuple(fc.constantFrom('i', 't', 'o', 'm'), attendance), { maxLength: 12 }).map((es) => es.map(([classId, a]): Enrolment => ({ classId, ...a }))),
      apps: fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { maxLength: 25 }).chain((ids) => fc.tuple(...ids.map((n) => application(`a${n}`)))),
      siteTotal: fc.integer({ min: 1, max: 15 }),
    });
    fc.assert(
      fc.property(world, ({ enrolments, apps, siteTotal }) => {
        const settings = { ...STANDARD_CLASSES, siteTotal };
        const { places, limits } = placesOf(settings, classes, enrolments);
        const { offers } = runOfferCycle({ ranking: rank(apps, [RULES], TODAY), places, holds: [], fits: fitsClass, now: DateTime.fromISO(`${TODAY}T10:00:00+08:00`), limits });
        const byId = new Map(apps.map((a) => [a.id, a]));
        const after: Enrolment[] = [...enrolments, ...offers.map((o) => ({ ...byId.get(o.applicationId)!, classId: o.placeId.split(':')[0] }) as Enrolment)];
        for (const c of classes) {
          const [before, now] = [placesUsed(enrolments.filter((e) => e.classId === c.id)), placesUsed(after.filter((e) => e.classId === c.id))];
          check(now === before || now <= c.size, 'class over its size', { c, before, now });
        }
        const used = (es: Enrolment[]) => classes.reduce((n, c) => n + placesUsed(es.filter((e) => e.classId === c.id)), 0);
        check(used(after) === used(enrolments) || used(after) <= siteTotal, 'site over its total', { before: used(enrolments), after: used(after), siteTotal });
      }),
      { numRuns: 300 },
    );
  });

  it('the projection never loses or duplicates a child', () => {
    const children = fc
      .uniqueArray(fc.integer({ min: 0, max: 999 }), { maxLength: 40 })
      .chain((ids) =>
        fc.tuple(
          ...ids.map((n) =>
            fc.record({ classId: fc.constantFrom(...CENTRE.map((c) => c.id)), birthDate, a: attendance, leaveDate: fc.option(date, { nil: undefined }) }).map(
              ({ a, leaveDate, ...rest }): EnrolledChild => ({ childId: `c${n}`, ...rest, ...a, ...(leaveDate === undefined ? {} : { leaveDate }) }),
            ),
          ),
        ),
      );
    fc.assert(
      fc.property(children, fc.integer({ min: 1, max: 24 }), (kids, months) => {
        const projected = projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children: kids, today: TODAY, months });
        check(projected.length === months, 'months');
        for (const m of projected) {
          const ids = [...m.classes.flatMap((c) => c.childIds), ...m.left.map((l) => l.childId)].sort();
          check(JSON.stringify(ids) === JSON.stringify(kids.map((k) => k.childId).sort()), 'lost or duplicated a child', { month: m.month });
        }
      }),
      { numRuns: 300 },
    );
  });
});
