import type {
  CharityPool,
  CostModelVersion,
  FixedGrant,
  InKindSpace,
  Party,
  PartyKind,
  TierSubsidy,
  VolunteerHours,
} from '../../../domain/costsharing';

/** Small factories so each story builds only the records it talks about. */

export function aParty(kind: PartyKind, id = `party-${kind}`): Party {
  return { id, kind, name: { zh: `${kind}方`, en: `the ${kind}` } };
}

export const mca = aParty('department', 'party-mca');
export const dpf = aParty('department', 'party-dpf');
export const community = aParty('community');
export const institution = aParty('institution');
export const charity = aParty('social', 'party-charity');
export const volunteerSociety = aParty('social', 'party-volunteers');

/** A lunch: C = ¥15.00, band 0/3/5 %, step ¥0.50, minimum ¥0. */
export function aLunchModel(overrides: Partial<CostModelVersion> = {}): CostModelVersion {
  return {
    id: 'cm-lunch-v1',
    siteId: 'site-test',
    serviceLine: 'canteen.lunch',
    effectiveFrom: '2026-01-01',
    unit: 'meal',
    componentsFen: { materials: 780, labour: 380, utilities: 90, consumables: 50, space: 120, depreciation: 40, overhead: 40 },
    marginBand: { floor: 0, target: 0.03, cap: 0.05 },
    priceStepFen: 50,
    minPriceFen: 0,
    operatorPartyId: 'party-operator',
    residentPartyId: 'party-resident',
    ...overrides,
  };
}

export function aSpaceOffset(overrides: Partial<InKindSpace> = {}): InKindSpace {
  return {
    id: 'space',
    mechanism: 'in_kind_space',
    party: institution,
    label: { zh: '闲置用房', en: 'Idle premises' },
    fraction: 1,
    ...overrides,
  };
}

export function aTierSubsidy(overrides: Partial<TierSubsidy> = {}): TierSubsidy {
  return {
    id: 'mca-meal',
    mechanism: 'tier_subsidy',
    party: mca,
    label: { zh: '助餐补贴', en: 'Meal subsidy' },
    programmeCode: 'mca-meal',
    amountsByTierFen: { age70: 200, age80: 300, dibao: 500, tekun: 500 },
    ...overrides,
  };
}

export function aFixedGrant(overrides: Partial<FixedGrant> = {}): FixedGrant {
  return {
    id: 'community-fund',
    mechanism: 'fixed_grant',
    party: community,
    label: { zh: '社区资金', en: 'Community fund' },
    annualFen: 100,
    forecastUnitsPerYear: 3,
    unitsAmortisedSoFar: 0,
    ...overrides,
  };
}

export function aCharityPool(overrides: Partial<CharityPool> = {}): CharityPool {
  return {
    id: 'tekun-meals',
    mechanism: 'charity_pool',
    party: charity,
    label: { zh: '特困免费午餐', en: 'Free lunches' },
    poolCode: 'charity-tekun',
    balanceFen: 100_000,
    tiers: ['tekun'],
    perUnitMaxFen: 1500,
    ...overrides,
  };
}

export function aVolunteerOffset(overrides: Partial<VolunteerHours> = {}): VolunteerHours {
  return {
    id: 'volunteers',
    mechanism: 'volunteer_hours',
    party: volunteerSociety,
    label: { zh: '志愿服务', en: 'Volunteers' },
    hoursPerUnit: 0.02,
    shadowWagePerHourFen: 2500,
    ...overrides,
  };
}
