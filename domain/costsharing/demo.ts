import type { Fen } from '../shared/money';
import type { BusinessDate } from '../shared/time';
import type {
  CharityPool,
  Contribution,
  CostComponent,
  CostModelVersion,
  FixedGrant,
  InKindSpace,
  LocalText,
  MarginBand,
  Party,
  ServiceUnit,
  TierSubsidy,
  VolunteerHours,
} from './types';

/*
 * DEMO VALUES for one site, 幸福里 (浏河社区). Every figure here is a value each site sets for
 * itself through its cost models and agreements; none is a rule of the engine. The API
 * seeder reuses the ids, so keep them stable. Budgets and pools are shown as at the start of a
 * year: what is left is what the agreement puts in for the year.
 */

export const XINGFULI_SITE_ID = 'site-xingfuli';

const party = (id: string, kind: Party['kind'], zh: string, en: string, department?: string): Party =>
  department ? { id, kind, name: { zh, en }, department } : { id, kind, name: { zh, en } };

export const XINGFULI_DEMO_PARTIES = {
  community: party('party-community', 'community', '浏河社区居委会', 'Liuhe Community Committee'),
  mca: party('party-mca', 'department', '民政局', 'Civil Affairs Bureau', 'mca'),
  nhc: party('party-nhc', 'department', '卫生健康局', 'Health Commission', 'nhc'),
  edu: party('party-edu', 'department', '教育局', 'Education Bureau', 'edu'),
  dpf: party('party-dpf', 'department', '残疾人联合会', "Disabled Persons' Federation", 'dpf'),
  institution: party('party-institution', 'institution', '辖区共建单位', 'Local partner institution'),
  operator: party('party-operator', 'operator', '幸福里运营方', 'Xingfuli operator'),
  volunteers: party('party-volunteers', 'social', '幸福里志愿者协会', 'Xingfuli Volunteers Association'),
  charity: party('party-charity', 'social', '浏河社区慈善基金', 'Liuhe Community Charity Fund'),
  resident: party('party-resident', 'resident', '小区居民', 'Residents'),
} as const;

const P = XINGFULI_DEMO_PARTIES;
const DEMO_BAND: MarginBand = { floor: 0, target: 0.03, cap: 0.05 };

export const CANTEEN_TIERS = ['member', 'age70', 'age80', 'dibao', 'tekun', 'guest'] as const;
export const CARE_LEVEL_TIERS = ['self_care', 'semi_disabled', 'disabled'] as const;
export const FAMILY_TIERS = ['standard', 'dibao'] as const;

export interface DemoServiceLine {
  serviceLine: string;
  label: LocalText;
  tiers: readonly string[];
  version: CostModelVersion;
  contributions: Contribution[];
}

export interface CostSharingDemo {
  siteId: string;
  siteName: LocalText;
  parties: Party[];
  lines: DemoServiceLine[];
}

type Components = Record<CostComponent, Fen>;

function version(
  serviceLine: string,
  unit: ServiceUnit,
  componentsFen: Components,
  priceStepFen: Fen,
  effectiveFrom: BusinessDate,
): CostModelVersion {
  return {
    id: `cm-xingfuli-${serviceLine.replace(/\./g, '-')}-${effectiveFrom}`,
    siteId: XINGFULI_SITE_ID,
    serviceLine,
    effectiveFrom,
    unit,
    componentsFen,
    marginBand: { ...DEMO_BAND },
    priceStepFen,
    minPriceFen: 0,
    priceRounding: 'half-up',
    operatorPartyId: P.operator.id,
    residentPartyId: P.resident.id,
  };
}

const space = (id: string, owner: Party, label: LocalText, fraction = 1): InKindSpace => ({
  id,
  mechanism: 'in_kind_space',
  party: owner,
  label,
  fraction,
});

const volunteers = (id: string, hoursPerUnit: number, shadowWagePerHourFen: Fen, label: LocalText): VolunteerHours => ({
  id,
  mechanism: 'volunteer_hours',
  party: P.volunteers,
  label,
  hoursPerUnit,
  shadowWagePerHourFen,
});

/**
 * Demo values 幸福里 sets for its cost sharing: canteen breakfast, lunch and dinner, childcare by
 * mode, bed-days by care level and after-school sessions, with the six parties.
 */
export function xingfuliDemoValues(effectiveFrom: BusinessDate = '2026-01-01'): CostSharingDemo {
  const canteenPremises = space('contrib-institution-canteen-premises', P.institution, {
    zh: '食堂闲置用房免租',
    en: 'Rent-free canteen premises',
  });
  const canteenVolunteers = (meal: string, hours: number) =>
    volunteers(`contrib-volunteers-${meal}`, hours, 2500, { zh: '助餐志愿服务', en: 'Meal volunteers' });

  const mcaMeal: TierSubsidy = {
    id: 'contrib-mca-meal',
    mechanism: 'tier_subsidy',
    party: P.mca,
    label: { zh: '老年助餐补贴', en: 'Elderly meal subsidy' },
    programmeCode: 'mca-meal',
    amountsByTierFen: { age70: 200, age80: 300, dibao: 500, tekun: 500 },
    // One subsidised lunch a day.
    perPersonCapFen: { day: 500 },
    annualBudgetFen: 30_000_000,
    budgetRemainingFen: 30_000_000,
  };
  const communityFund: FixedGrant = {
    id: 'contrib-community-canteen-fund',
    mechanism: 'fixed_grant',
    party: P.community,
    label: { zh: '社区公益服务资金（助餐）', en: 'Community public-service fund (meals)' },
    annualFen: 9_600_000,
    // About 400 lunches a day; ¥96,000 over them is 65.75 fen a lunch, allocated to the fen.
    forecastUnitsPerYear: 146_000,
    unitsAmortisedSoFar: 0,
  };
  const tekunMeals: CharityPool = {
    id: 'contrib-charity-tekun-meals',
    mechanism: 'charity_pool',
    party: P.charity,
    label: { zh: '特困老人免费午餐', en: 'Free lunches for elders in extreme poverty' },
    poolCode: 'charity-tekun-lunch',
    annualFen: 2_000_000,
    balanceFen: 2_000_000,
    tiers: ['tekun'],
    perUnitMaxFen: 1500,
  };

  const communityPremises = (id: string, what: LocalText) => space(id, P.community, what);
  // A bed is priced by the day: subsidies pay for served bed-days only, never for a leave day.
  const mcaBed: TierSubsidy = {
    id: 'contrib-mca-bed',
    mechanism: 'tier_subsidy',
    party: P.mca,
    label: { zh: '养老床位运营补贴', en: 'Care bed operating subsidy' },
    programmeCode: 'mca-bed',
    amountsByTierFen: { self_care: 670, semi_disabled: 1_330, disabled: 2_000 },
    annualBudgetFen: 50_000_000,
    budgetRemainingFen: 50_000_000,
  };
  /** 养老服务消费券 for residents assessed 中度失能 or worse: the care levels priced on the 失能 line. */
  const mcaVoucher: TierSubsidy = {
    id: 'contrib-mca-care-voucher',
    mechanism: 'tier_subsidy',
    party: P.mca,
    label: { zh: '养老服务消费券', en: 'Elderly care consumption voucher' },
    programmeCode: 'mca-care-voucher',
    amountsByTierFen: { disabled: 1_000 },
    annualBudgetFen: 10_000_000,
    budgetRemainingFen: 10_000_000,
  };
  const bedVolunteers = volunteers('contrib-volunteers-carehome', 0.1, 2500, { zh: '养老志愿陪护', en: 'Care home volunteers' });
  const bedPremises = communityPremises('contrib-community-carehome-premises', { zh: '养老中心公建用房', en: 'Community-built care home premises' });

  /** A bed line by its name after carehome.bed., priced for one tier (特护 is the 失能 tier on a line of its own). */
  const bedLine = (name: string, tier: (typeof CARE_LEVEL_TIERS)[number], label: LocalText, c: Components): DemoServiceLine => ({
    serviceLine: `carehome.bed.${name}`,
    label,
    tiers: [tier],
    version: version(`carehome.bed.${name}`, 'bed_day', c, 10, effectiveFrom),
    contributions: tier === 'disabled' ? [bedPremises, mcaBed, mcaVoucher, bedVolunteers] : [bedPremises, mcaBed, bedVolunteers],
  });

  const childcarePremises = communityPremises('contrib-community-childcare-premises', { zh: '托育中心社区用房', en: 'Community childcare premises' });
  /** The 卫健 subsidy per enrolled child, one programme (and budget) for every mode. */
  const nhcSlot = (mode: string, amountsByTierFen: Record<string, Fen>): TierSubsidy => ({
    id: mode === 'full_day' ? 'contrib-nhc-childcare-slot' : `contrib-nhc-childcare-slot-${mode.replace('_', '-')}`,
    mechanism: 'tier_subsidy',
    party: P.nhc,
    label: { zh: '普惠托位补贴', en: 'Affordable childcare slot subsidy' },
    programmeCode: 'nhc-childcare-slot',
    amountsByTierFen,
    perPersonCapFen: { month: 120_000 },
    annualBudgetFen: 96_000_000,
    budgetRemainingFen: 96_000_000,
  });
  const childcareLine = (mode: string, label: LocalText, unit: ServiceUnit, c: Components, subsidy: Record<string, Fen> | null): DemoServiceLine => ({
    serviceLine: `childcare.${mode}`,
    label,
    tiers: FAMILY_TIERS,
    version: version(`childcare.${mode}`, unit, c, 100, effectiveFrom),
    contributions: subsidy ? [childcarePremises, nhcSlot(mode, subsidy)] : [childcarePremises],
  });

  const lines: DemoServiceLine[] = [
    {
      serviceLine: 'canteen.breakfast',
      label: { zh: '早餐套餐', en: 'Breakfast set' },
      tiers: CANTEEN_TIERS,
      version: version('canteen.breakfast', 'meal',
        { materials: 260, labour: 110, utilities: 30, consumables: 20, space: 40, depreciation: 20, overhead: 20 }, 50, effectiveFrom),
      contributions: [canteenPremises, canteenVolunteers('breakfast', 0.01)],
    },
    {
      serviceLine: 'canteen.lunch',
      label: { zh: '午餐套餐', en: 'Lunch set' },
      tiers: CANTEEN_TIERS,
      version: version('canteen.lunch', 'meal',
        { materials: 780, labour: 380, utilities: 90, consumables: 50, space: 120, depreciation: 40, overhead: 40 }, 50, effectiveFrom),
      contributions: [canteenPremises, communityFund, canteenVolunteers('lunch', 0.02), mcaMeal, tekunMeals],
    },
    {
      serviceLine: 'canteen.dinner',
      label: { zh: '晚餐套餐', en: 'Dinner set' },
      tiers: CANTEEN_TIERS,
      version: version('canteen.dinner', 'meal',
        { materials: 620, labour: 300, utilities: 80, consumables: 40, space: 100, depreciation: 30, overhead: 30 }, 50, effectiveFrom),
      contributions: [canteenPremises, canteenVolunteers('dinner', 0.02)],
    },
    childcareLine('full_day', { zh: '普惠托育全日托（月）', en: 'Full-day childcare (month)' }, 'slot_month',
      { materials: 40_000, labour: 160_000, utilities: 11_000, consumables: 7_000, space: 40_000, depreciation: 17_000, overhead: 15_000 },
      { standard: 80_000, dibao: 120_000 }),
    // Two half-day children share a place: half its space, half the subsidy of an enrolled child.
    childcareLine('half_day', { zh: '普惠托育半日托（月）', en: 'Half-day childcare (month)' }, 'slot_month',
      { materials: 20_000, labour: 85_000, utilities: 6_000, consumables: 4_000, space: 20_000, depreciation: 9_000, overhead: 8_000 },
      { standard: 40_000, dibao: 60_000 }),
    // Hourly care holds a whole place (nobody can plan a partner around its hours), with fewer meals.
    childcareLine('hourly', { zh: '普惠托育计时托（月）', en: 'Hourly childcare (month)' }, 'slot_month',
      { materials: 12_000, labour: 100_000, utilities: 8_000, consumables: 4_000, space: 40_000, depreciation: 17_000, overhead: 10_000 },
      { standard: 60_000, dibao: 90_000 }),
    // 临时托 is booked by the day and holds no place: no subsidy per enrolled child.
    childcareLine('occasional', { zh: '普惠托育临时托（日）', en: 'Occasional childcare (day)' }, 'slot_day',
      { materials: 2_000, labour: 8_000, utilities: 500, consumables: 300, space: 2_000, depreciation: 800, overhead: 700 },
      null),
    bedLine('self_care', 'self_care', { zh: '自理床位（日）', en: 'Self-care bed (day)' },
      { materials: 2_300, labour: 3_000, utilities: 500, consumables: 270, space: 1_170, depreciation: 400, overhead: 330 }),
    bedLine('semi_disabled', 'semi_disabled', { zh: '半失能床位（日）', en: 'Semi-disabled care bed (day)' },
      { materials: 2_500, labour: 6_000, utilities: 530, consumables: 500, space: 1_170, depreciation: 400, overhead: 400 }),
    bedLine('disabled', 'disabled', { zh: '失能床位（日）', en: 'Disabled care bed (day)' },
      { materials: 2_700, labour: 9_300, utilities: 600, consumables: 830, space: 1_170, depreciation: 470, overhead: 500 }),
    // 特护: round-the-clock nursing (turning, tube feeding) at about one carer to two residents.
    bedLine('special_care', 'disabled', { zh: '特护床位（日）', en: 'Special-care bed (day)' },
      { materials: 2_900, labour: 13_800, utilities: 700, consumables: 1_200, space: 1_170, depreciation: 520, overhead: 600 }),
    {
      serviceLine: 'afterschool.session',
      label: { zh: '课后托管（每次）', en: 'After-school session' },
      tiers: FAMILY_TIERS,
      version: version('afterschool.session', 'session',
        { materials: 300, labour: 1800, utilities: 150, consumables: 100, space: 400, depreciation: 100, overhead: 150 }, 100, effectiveFrom),
      contributions: [
        space('contrib-institution-afterschool-room', P.institution, { zh: '课后托管活动室免租', en: 'Rent-free after-school room' }),
        {
          id: 'contrib-edu-afterschool',
          mechanism: 'tier_subsidy',
          party: P.edu,
          label: { zh: '课后服务补助', en: 'After-school service subsidy' },
          programmeCode: 'edu-afterschool',
          amountsByTierFen: { standard: 1000, dibao: 1500 },
          annualBudgetFen: 20_000_000,
          budgetRemainingFen: 20_000_000,
        },
        volunteers('contrib-volunteers-afterschool', 0.5, 2000, { zh: '大学生志愿辅导', en: 'Student volunteer tutors' }),
        {
          id: 'contrib-charity-dibao-afterschool',
          mechanism: 'charity_pool',
          party: P.charity,
          label: { zh: '低保家庭课后托管助学', en: 'After-school care for dibao families' },
          poolCode: 'charity-dibao-afterschool',
          annualFen: 1_000_000,
          balanceFen: 1_000_000,
          tiers: ['dibao'],
          perUnitMaxFen: 500,
        },
      ],
    },
  ];

  return {
    siteId: XINGFULI_SITE_ID,
    siteName: { zh: '幸福里（浏河社区）', en: 'Xingfuli (Liuhe Community)' },
    parties: Object.values(P),
    lines,
  };
}
