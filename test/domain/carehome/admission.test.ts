import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type Bed, type BedApplication, bedFits, BED_STATES, contractFor, DEFAULT_ADMISSION_RULES, offerPlaces, settleDischarge } from '../../../domain/carehome';
import { rank, runOfferCycle, validateRuleSet } from '../../../domain/waitlist';

const CATEGORY_FACTS = ['tekun', 'dibao', 'low_income', 'disability', 'living_alone', 'veteran'] as const;

/** An applicant with any mix of claimed and verified categories, any age and any application time. */
const applicant = fc
  .record({
    n: fc.integer({ min: 0, max: 9999 }),
    minutes: fc.integer({ min: 0, max: 100_000 }),
    birth: fc.constantFrom('1930-01-01', '1944-06-30', '1946-03-02', '1960-12-31'),
    categories: fc.dictionary(fc.constantFrom(...CATEGORY_FACTS), fc.boolean(), { maxKeys: 6 }),
    sex: fc.constantFrom('male' as const, 'female' as const),
    careLevel: fc.constantFrom('independent', 'assisted', 'nursing', 'special'),
    features: fc.subarray(['oxygen', 'accessible_bathroom']),
  })
  .map(
    (a): BedApplication => ({
      id: `app-${a.n}`,
      appliedAt: DateTime.fromISO('2026-01-05T02:00:00Z').plus({ minutes: a.minutes }).toISO()!,
      facts: { birth_date: { value: a.birth, verified: true }, ...Object.fromEntries(Object.entries(a.categories).map(([c, verified]) => [c, { value: true, verified }])) },
      events: [],
      sex: a.sex,
      careLevel: a.careLevel,
      requiredFeatures: a.features,
    }),
  );
const applicants = fc.uniqueArray(applicant, { selector: (a) => a.id, maxLength: 30 });
const bed = fc.record({
  n: fc.integer({ min: 0, max: 99 }),
  state: fc.constantFrom(...BED_STATES),
  roomSex: fc.constantFrom('men' as const, 'women' as const, 'mixed' as const),
  careLevels: fc.subarray(['independent', 'assisted', 'nursing', 'special'], { minLength: 1 }),
  features: fc.subarray(['oxygen', 'accessible_bathroom']),
});
const beds = fc.uniqueArray(bed, { selector: (b) => b.n, maxLength: 12 }).map((bs) => bs.map(({ n, ...b }): Bed => ({ id: `bed-${n}`, capacity: 1, ...b })));

const verifiedTekun = (a: BedApplication) => a.facts.tekun?.verified === true;

describe('the order of admission', () => {
  it('the default rules are a valid rule set', () => {
    expect(validateRuleSet(JSON.parse(JSON.stringify(DEFAULT_ADMISSION_RULES)))).toEqual(DEFAULT_ADMISSION_RULES);
  });

  it('property: every verified 特困 person comes before everyone who is not, whatever their points or time; a claim alone changes nothing', () => {
    fc.assert(
      fc.property(applicants, (apps) => {
        const { entries } = rank(apps, [DEFAULT_ADMISSION_RULES], '2026-12-07');
        const lastTekun = entries.map((e) => verifiedTekun(e.application)).lastIndexOf(true);
        const firstOther = entries.findIndex((e) => !verifiedTekun(e.application));
        if (lastTekun >= 0 && firstOther >= 0) expect(lastTekun).toBeLessThan(firstOther);
        for (const e of entries) expect(e.policyClass).toBe(verifiedTekun(e.application) ? 1 : e.application.facts.dibao?.verified ? 2 : 3);
      }),
    );
  });

  it('property: an offer always fits its bed, only available beds are offered, never two holds on one bed nor two beds for one person', () => {
    fc.assert(
      fc.property(applicants, beds, (apps, allBeds) => {
        const ranking = rank(apps, [DEFAULT_ADMISSION_RULES], '2026-12-07');
        const places = offerPlaces(allBeds);
        // As in the service: every held bed is held by its open offer, to someone already answered for.
        const holds = allBeds.filter((b) => b.state === 'held').map((b) => ({ kind: 'offer' as const, placeId: b.id, applicationId: `holder-${b.id}`, deadline: '2026-12-10' }));
        const { offers } = runOfferCycle({ ranking, places, holds, fits: bedFits, now: DateTime.fromISO('2026-12-07T09:00:00+08:00'), deadlineWorkingDays: 5 });
        const bedIds = offers.map((o) => o.placeId);
        expect(new Set(bedIds).size).toBe(bedIds.length);
        expect(new Set(offers.map((o) => o.applicationId)).size).toBe(offers.length);
        for (const o of offers) {
          const b = allBeds.find((x) => x.id === o.placeId)!;
          expect(b.state).toBe('available');
          expect(bedFits(apps.find((a) => a.id === o.applicationId)!, b)).toBe(0);
        }
      }),
    );
  });

  it('the beds given to the offer cycle are the available and the held ones, each of capacity 1', () => {
    const all = BED_STATES.map((state, i): Bed => ({ id: `b${i}`, capacity: 5, state, roomSex: 'mixed', careLevels: ['nursing'], features: [] }));
    expect(offerPlaces(all).map((b) => [b.state, b.capacity])).toEqual([
      ['available', 1],
      ['held', 1],
    ]);
  });
});

describe('contract and discharge', () => {
  it('a contract keeps the level’s quoted monthly price and a deposit of one month of it, never over the cap', () => {
    expect(contractFor({ careLevel: 'nursing', monthlyPriceFen: 348_600 })).toEqual({ careLevel: 'nursing', monthlyPriceFen: 348_600, depositFen: 348_600 });
    expect(contractFor({ careLevel: 'assisted', monthlyPriceFen: 273_000 }, { depositMonths: 6, depositCapMonths: 3 }).depositFen).toBe(819_000);
    expect(contractFor({ careLevel: 'assisted', monthlyPriceFen: 273_000 }, { depositMonths: 2, depositCapMonths: 0 }).depositFen).toBe(0);
  });

  it('property: the balance is the final bill plus arrears less the deposit, and deposit returned plus arrears taken is the deposit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 100 }),
        (daysBilled, finalMonthFen, arrearsFen, depositFen, percent) => {
          const most = Math.min(depositFen, finalMonthFen + arrearsFen);
          const taken = Math.floor((most * percent) / 100);
          const s = settleDischarge({ daysBilled, finalMonthFen, arrearsFen, depositFen, arrearsFromDepositFen: taken });
          expect(s.balanceFen).toBe(finalMonthFen + arrearsFen - depositFen);
          expect(s.depositReturnedFen + s.arrearsFromDepositFen).toBe(depositFen);
          expect(() => settleDischarge({ daysBilled, finalMonthFen, arrearsFen, depositFen, arrearsFromDepositFen: most + 1 })).toThrow('arrearsFromDepositFen');
        },
      ),
    );
  });

  it('a deposit over what is owed is returned in part as decided; taking more than is owed or a negative amount is refused', () => {
    expect(settleDischarge({ daysBilled: 10, finalMonthFen: 80_000, arrearsFen: 20_000, depositFen: 300_000, arrearsFromDepositFen: 100_000 })).toEqual({
      daysBilled: 10, finalMonthFen: 80_000, arrearsFen: 20_000, depositFen: 300_000, arrearsFromDepositFen: 100_000, depositReturnedFen: 200_000, balanceFen: -200_000,
    });
    expect(() => settleDischarge({ daysBilled: 0, finalMonthFen: 0, arrearsFen: 0, depositFen: 300_000, arrearsFromDepositFen: 1 })).toThrow('arrearsFromDepositFen');
    expect(() => settleDischarge({ daysBilled: 0, finalMonthFen: 0, arrearsFen: 0, depositFen: 300_000, arrearsFromDepositFen: -1 })).toThrow('arrearsFromDepositFen');
  });
});
