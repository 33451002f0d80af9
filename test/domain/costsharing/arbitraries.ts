import fc from 'fast-check';
import type {
  Contribution,
  CostModelVersion,
  Party,
  ProgrammeUsage,
  QuoteSubject,
} from '../../../domain/costsharing';
import { aParty } from './factories';

/** Generators for any input the engine should price: odd costs, odd bands, every mechanism. */

export const TIERS = ['a', 'b', 'c'] as const;
export const PROGRAMMES = ['p1', 'p2', 'p3'] as const;

/** Every kind but the operator, whose share is its margin; two departments, so cuts can be pro rata. */
const CONTRIBUTORS: Party[] = [
  aParty('community'),
  aParty('department', 'party-mca'),
  aParty('department', 'party-dpf'),
  aParty('institution'),
  aParty('social'),
  aParty('resident'),
];

const perMille = (min: number, max: number) => fc.integer({ min, max }).map((n) => n / 1000);
const fen = (max: number) => fc.integer({ min: 0, max });
const contributor = fc.constantFrom(...CONTRIBUTORS);
const label = { zh: '测试', en: 'test' };

const components = (max: number) =>
  fc.record({
    materials: fen(max),
    labour: fen(max),
    utilities: fen(max / 10),
    consumables: fen(max / 10),
    space: fen(max / 4),
    depreciation: fen(max / 10),
    overhead: fen(max / 10),
  });

export const costModel: fc.Arbitrary<CostModelVersion> = fc
  .record({
    // Meal-sized costs, where contributions often exceed C and the clamp and the cap bite,
    // and month-sized ones, where rounding and budgets do.
    components: fc.oneof(
      { arbitrary: components(400), weight: 2 },
      { arbitrary: components(200_000), weight: 1 },
    ),
    floor: perMille(-20, 60),
    targetOverFloor: perMille(0, 60),
    capOverTarget: perMille(0, 60),
    priceStepFen: fc.constantFrom(1, 10, 50, 100, 500, 1000),
    minPriceFen: fc.oneof(fc.constant(0), fen(3000)),
    priceRounding: fc.constantFrom('half-up' as const, 'up' as const, 'down' as const),
  })
  .filter(({ components }) => Object.values(components).some((x) => x > 0))
  .map((g) => {
    const target = Number((g.floor + g.targetOverFloor).toFixed(3));
    return {
      id: 'cm-prop',
      siteId: 'site-prop',
      serviceLine: 'prop.line',
      effectiveFrom: '2026-01-01',
      unit: 'meal' as const,
      componentsFen: g.components,
      marginBand: { floor: g.floor, target, cap: Number((target + g.capOverTarget).toFixed(3)) },
      priceStepFen: g.priceStepFen,
      minPriceFen: g.minPriceFen,
      priceRounding: g.priceRounding,
      operatorPartyId: 'party-operator',
      residentPartyId: 'party-resident',
    };
  });

const tierAmounts = fc.dictionary(fc.constantFrom(...TIERS), fen(3000), { maxKeys: 3 });

const inKindSpace = fc.record({ party: contributor, fraction: perMille(0, 1000) }).map((g) => ({
  mechanism: 'in_kind_space' as const,
  label,
  ...g,
}));

const tierSubsidy = fc
  .record({
    party: contributor,
    programmeCode: fc.constantFrom(...PROGRAMMES),
    amountsByTierFen: tierAmounts,
    perPersonCapFen: fc.option(fc.record({ day: fen(2000), month: fen(20_000) }, { requiredKeys: [] }), { nil: undefined }),
    budgetRemainingFen: fc.option(fen(5000), { nil: undefined }),
  })
  .map((g) => ({ mechanism: 'tier_subsidy' as const, label, ...g }));

const fixedGrant = fc
  .record({
    party: contributor,
    annualFen: fen(10_000_000),
    forecastUnitsPerYear: fc.integer({ min: 1, max: 200_000 }),
    unitsAmortisedSoFar: fc.integer({ min: 0, max: 250_000 }),
  })
  .map((g) => ({ mechanism: 'fixed_grant' as const, label, ...g }));

const charityPool = fc
  .record({
    party: contributor,
    poolCode: fc.constantFrom('pool1', 'pool2'),
    balanceFen: fen(5000),
    tiers: fc.subarray([...TIERS]),
    perUnitMaxFen: fen(3000),
  })
  .map((g) => ({ mechanism: 'charity_pool' as const, label, ...g }));

const volunteerHours = fc
  .record({ party: contributor, hoursPerUnit: fc.integer({ min: 0, max: 400 }).map((n) => n / 100), shadowWagePerHourFen: fen(5000) })
  .map((g) => ({ mechanism: 'volunteer_hours' as const, label, ...g }));

type Unnamed = Omit<Contribution, 'id'>;

export const anyContribution: fc.Arbitrary<Unnamed> = fc.oneof(inKindSpace, tierSubsidy, fixedGrant, charityPool, volunteerHours);

const named = (cs: readonly Unnamed[]): Contribution[] => cs.map((c, i) => ({ ...c, id: `c${i}` }) as Contribution);

export const contributions: fc.Arbitrary<Contribution[]> = fc.array(anyContribution, { maxLength: 8 }).map(named);

const usage: fc.Arbitrary<ProgrammeUsage> = fc.record({ todayFen: fen(2500), thisMonthFen: fen(25_000) }, { requiredKeys: [] });

export const subject: fc.Arbitrary<QuoteSubject> = fc.record({
  tier: fc.constantFrom(...TIERS),
  usageByProgramme: fc.dictionary(fc.constantFrom(...PROGRAMMES), usage, { maxKeys: 3 }),
});

export const pricingInput = fc.record({ version: costModel, contributions, subject });

export { named };
