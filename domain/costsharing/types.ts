import type { Fen, StepRounding } from '../shared/money';
import type { BusinessDate } from '../shared/time';

/** The six parties of 六方参与 (DESIGN.md §1). */
export type PartyKind = 'community' | 'department' | 'institution' | 'operator' | 'social' | 'resident';

export const PARTY_KINDS: readonly PartyKind[] = ['community', 'department', 'institution', 'operator', 'social', 'resident'];

/** Departments are open-ended (each city names its own), so the code is a string; these are the usual ones. */
export type DepartmentCode = 'mca' | 'nhc' | 'edu' | 'dpf' | (string & {});

/** Text shown to people in both languages of the app, zh-CN first. */
export interface LocalText {
  zh: string;
  en: string;
}

export interface Party {
  id: string;
  kind: PartyKind;
  name: LocalText;
  /** Only for kind 'department': one party per department (民政 mca, 卫健 nhc, 教育 edu, 残联 dpf …). */
  department?: DepartmentCode;
}

export type CostComponent =
  | 'materials'
  | 'labour'
  | 'utilities'
  | 'consumables'
  | 'space'
  | 'depreciation'
  | 'overhead';

/** In the order a cost breakdown is read out. */
export const COST_COMPONENTS: readonly CostComponent[] = [
  'materials',
  'labour',
  'utilities',
  'consumables',
  'space',
  'depreciation',
  'overhead',
];

export const SERVICE_UNITS = ['meal', 'slot_month', 'slot_day', 'bed_month', 'bed_day', 'session'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];

/** Fractions of the full unit cost C, e.g. { floor: 0, target: 0.03, cap: 0.05 }. */
export interface MarginBand {
  floor: number;
  target: number;
  cap: number;
}

/**
 * One version of a site's cost model for one service line. Versions are immutable: a new
 * one is added with a later `effectiveFrom`, so quotes made under an old one stay true.
 */
export interface CostModelVersion {
  id: string;
  siteId: string;
  /** e.g. 'canteen.lunch', 'childcare.full_day', 'carehome.bed.disabled'. */
  serviceLine: string;
  /** First business date (Asia/Shanghai) this version applies to, from midnight. */
  effectiveFrom: BusinessDate;
  unit: ServiceUnit;
  /** Cost per unit by component; the full unit cost C is their sum. */
  componentsFen: Readonly<Record<CostComponent, Fen>>;
  marginBand: MarginBand;
  /** e.g. 50 fen for canteen cash handling, 100 fen for monthly fees. */
  priceStepFen: Fen;
  minPriceFen: Fen;
  /** Half-up unless the line says otherwise (DESIGN.md §4). */
  priceRounding?: StepRounding;
  /** The parties in the operator's and the residents' seats for this line, for share lines. */
  operatorPartyId: string;
  residentPartyId: string;
}

export const MECHANISMS = ['in_kind_space', 'tier_subsidy', 'fixed_grant', 'charity_pool', 'volunteer_hours'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

interface ContributionBase {
  id: string;
  party: Party;
  label: LocalText;
  /** Optional window (inclusive business dates) outside which the contribution gives nothing. */
  effectiveFrom?: BusinessDate;
  effectiveTo?: BusinessDate;
}

/** Premises free or below market rent (金边银角): offsets a fraction of the space component. */
export interface InKindSpace extends ContributionBase {
  mechanism: 'in_kind_space';
  /** 0..1 of the space component; 1 is rent-free. */
  fraction: number;
}

/** A per-unit subsidy by eligibility tier, claimed from the programme per served unit. */
export interface TierSubsidy extends ContributionBase {
  mechanism: 'tier_subsidy';
  /** e.g. 'mca-meal'; budgets, per-person caps and reconciliation claims are kept per programme. */
  programmeCode: string;
  /** Tiers not listed are not eligible. */
  amountsByTierFen: Readonly<Record<string, Fen>>;
  perPersonCapFen?: { day?: Fen; month?: Fen };
  /** What is left of the programme's budget; absent means the programme has no budget limit. */
  budgetRemainingFen?: Fen;
  /** The programme's budget agreed for a year: each year's funding account opens with it. */
  annualBudgetFen?: Fen;
}

/** An annual amount spread over the units forecast for the year. */
export interface FixedGrant extends ContributionBase {
  mechanism: 'fixed_grant';
  annualFen: Fen;
  forecastUnitsPerYear: number;
  /** Units of this grant year already quoted against the grant; the API keeps the count. */
  unitsAmortisedSoFar: number;
}

/** A pool that pays (part of) the resident's price on their behalf, for earmarked tiers. */
export interface CharityPool extends ContributionBase {
  mechanism: 'charity_pool';
  poolCode: string;
  balanceFen: Fen;
  tiers: readonly string[];
  perUnitMaxFen: Fen;
  /** What the pool puts in for a year: each year's funding account opens with it. */
  annualFen?: Fen;
}

/** Volunteer time valued at a shadow wage; it stands in for paid labour and never more. */
export interface VolunteerHours extends ContributionBase {
  mechanism: 'volunteer_hours';
  hoursPerUnit: number;
  shadowWagePerHourFen: Fen;
}

export type Contribution = InKindSpace | TierSubsidy | FixedGrant | CharityPool | VolunteerHours;

/** What the person has already drawn from a programme, so per-person caps can be applied. */
export interface ProgrammeUsage {
  todayFen?: Fen;
  thisMonthFen?: Fen;
}

export interface QuoteSubject {
  /** Eligibility tier chosen by the calling service, e.g. 'age80', 'semi_disabled'. */
  tier: string;
  /** Opaque reference to the person (member id …) kept in the snapshot; never an identity number. */
  personRef?: string;
  usageByProgramme?: Readonly<Record<string, ProgrammeUsage>>;
}

export const QUOTE_FLAGS = [
  'personCapReached',
  'budgetPartial',
  'budgetExhausted',
  'grantExhausted',
  'spaceOffsetCapped',
  'volunteerCapped',
  'poolPartial',
  'poolExhausted',
  'minimumPriceApplied',
  'subsidyReducedAtCap',
  'aboveCap',
  'belowFloor',
] as const;
export type QuoteFlag = (typeof QUOTE_FLAGS)[number];

export type ReasonParams = Record<string, string | number>;

export interface QuoteReason {
  code: string;
  zh: string;
  en: string;
  params: ReasonParams;
}

export interface ContributionLine {
  contributionId: string;
  mechanism: Mechanism;
  partyId: string;
  partyKind: PartyKind;
  /** What this contribution gives for the unit, after every limit and any cut at the cap. */
  amountFen: Fen;
  /** Before the cut at the margin cap (equals amountFen unless subsidyReducedAtCap). */
  beforeCapFen: Fen;
  reducedAtCapFen: Fen;
  /** The cost component it offsets in kind, if any. */
  offsets: CostComponent | null;
  programmeCode: string | null;
  poolCode: string | null;
}

export interface ShareLine {
  partyId: string;
  partyKind: PartyKind;
  /** Null for the resident's and the operator's lines. */
  contributionId: string | null;
  source: Mechanism | 'resident_payment' | 'operator_margin';
  amountFen: Fen;
}

export interface Drawdown {
  contributionId: string;
  mechanism: 'tier_subsidy' | 'fixed_grant' | 'charity_pool';
  partyId: string;
  /** programmeCode, poolCode, or the contribution id for a grant. */
  account: string;
  amountFen: Fen;
  /** For a grant: the unit counter the API advances (1), even when this unit's share rounds to 0 fen. */
  units: number;
}

export interface ClosingCandidate {
  partyId: string;
  partyKind: PartyKind;
  contributionId: string | null;
  /** How much more it could give per unit; null when this quote sees no limit. */
  headroomFen: Fen | null;
  why: 'budgetHeadroom' | 'spaceNotOffset' | 'labourNotOffset' | 'poolCouldPayPriceRise' | 'priceRounding';
}

export interface Quote {
  costModelVersionId: string;
  siteId: string;
  serviceLine: string;
  unit: ServiceUnit;
  date: BusinessDate;
  subject: { tier: string; personRef: string | null };
  cost: { totalFen: Fen; componentsFen: Record<CostComponent, Fen> };
  contributions: ContributionLine[];
  shares: {
    lines: ShareLine[];
    byKind: Record<PartyKind, Fen>;
    byParty: Record<string, Fen>;
  };
  resident: {
    /** The price of the unit to this resident, before charity pays any of it. */
    priceFen: Fen;
    paidByCharityFen: Fen;
    /** What the resident pays out of pocket. */
    paysFen: Fen;
    /** C − contributions + target margin, exactly, as a decimal string of fen. */
    unroundedFen: string;
    /** The unrounded price on the line's step, before the minimum price is applied. */
    roundedFen: Fen;
    priceStepFen: Fen;
    minPriceFen: Fen;
    rounding: StepRounding;
    minimumApplied: boolean;
  };
  margin: {
    fen: Fen;
    /** margin / C as a decimal string. */
    rate: string;
    band: MarginBand;
    floorFen: Fen;
    targetFen: Fen;
    capFen: Fen;
    /** Department subsidy withheld so the margin stays at the cap. */
    capReductionFen: Fen;
    /** Margin still above the cap when department subsidy could not absorb it. */
    aboveCapFen: Fen;
    /** Per unit, how far the margin is under the floor. */
    shortfallFen: Fen;
    couldClose: ClosingCandidate[];
  };
  drawdowns: Drawdown[];
  flags: QuoteFlag[];
  reasons: QuoteReason[];
}
