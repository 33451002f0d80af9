/** The six-party pricing engine (DESIGN.md §6): pure functions from plain values to a plain, storable quote. */
export { quote } from './quote';
export { priceUnits } from './units';
export type { UnitAsked, ProgrammeUse, PriceUnitsRequest, PricedUnit, PricedUnits, UnitRefusal, MissingAccount } from './units';
export { accountOf, agreedFenOf, yearAccounts, yearOf } from './funding';
export type { FundingAccount, ContributionTerms, DrawingMechanism, YearAccount } from './funding';
export { snapshotOf } from './snapshot';
export type { QuoteSnapshot } from './snapshot';
export { fullUnitCost, versionInForce, validateCostModelVersion } from './cost-model';
export { grantShareOfUnit } from './mechanisms';
export { CostSharingError } from './errors';
export {
  xingfuliDemoValues,
  XINGFULI_DEMO_PARTIES,
  XINGFULI_SITE_ID,
  CANTEEN_TIERS,
  CARE_LEVEL_TIERS,
  FAMILY_TIERS,
} from './demo';
export type { CostSharingDemo, DemoServiceLine } from './demo';
export { PARTY_KINDS, COST_COMPONENTS, MECHANISMS, QUOTE_FLAGS, SERVICE_UNITS } from './types';
export type {
  PartyKind,
  Party,
  DepartmentCode,
  LocalText,
  CostComponent,
  ServiceUnit,
  CostModelVersion,
  MarginBand,
  Mechanism,
  Contribution,
  InKindSpace,
  TierSubsidy,
  FixedGrant,
  CharityPool,
  VolunteerHours,
  ProgrammeUsage,
  QuoteSubject,
  Quote,
  QuoteFlag,
  QuoteReason,
  ReasonParams,
  ContributionLine,
  ShareLine,
  Drawdown,
  ClosingCandidate,
} from './types';
export { SERVICE_LINES, SERVICES, serviceLine, TIER_LABELS } from './service-lines';
export type { Service, ServiceLine } from './service-lines';
