import { AuditEntry } from './audit/audit-entry.entity';
import { RateLimitCount } from './auth/rate-limit.entity';
import { Session } from './auth/session.entity';
import { User, UserSite } from './auth/user.entity';
import { IdempotencyRecord } from './idempotency.entity';
import {
  ChildcareApplication,
  ChildcareClass,
  ChildcareEnrolment,
  ChildcareFee,
  ChildcareOffer,
  ChildcareRuleSet,
  ChildcareSettings,
  ChildcareStatusChange,
} from './modules/childcare/childcare.entity';
import { ChildcareDay, ChildcareDuty } from './modules/childcare/days.entity';
import { ChildcareBooking } from './modules/childcare/bookings.entity';
import { carehomeEntities } from './modules/carehome/carehome.entity';
import { carehomeBillingEntities } from './modules/carehome/billing.entity';
import {
  AfterSchoolAttendance,
  AfterSchoolChild,
  AfterSchoolCollector,
  AfterSchoolDelegation,
  AfterSchoolEnrolment,
  AfterSchoolGroup,
  AfterSchoolNotification,
  AfterSchoolPeriod,
  AfterSchoolRefusal,
  AfterSchoolRoster,
  AfterSchoolSession,
  AfterSchoolSettings,
} from './modules/afterschool/afterschool.entity';
import { CanteenClosedDay, CanteenSettings } from './modules/canteen/calendar.entity';
import { JournalEntry, JournalLine } from './modules/canteen/journal.entity';
import { CanteenMember } from './modules/canteen/member.entity';
import { CanteenOrder } from './modules/canteen/order.entity';
import { CanteenPlan, CanteenSetMeal } from './modules/canteen/plan.entity';
import { ContributionRule, CostModelVersion, FundingAccount } from './modules/costsharing/cost-model.entity';
import { Department } from './modules/costsharing/department.entity';
import { Party } from './modules/costsharing/party.entity';
import { ServedUnit, ServedUnitShare } from './modules/costsharing/served-unit.entity';
import {
  ReconAllocation,
  ReconClaim,
  ReconClaimLine,
  ReconFinding,
  ReconJournal,
  ReconPayment,
  ReconPaymentImport,
  ReconPeriod,
  ReconPosting,
} from './modules/reconciliation/reconciliation.entity';
import { Household } from './modules/sites/household.entity';
import { Site } from './modules/sites/site.entity';

/** Every entity the ORM knows; the schema-drift test compares these with what the migrations built. */
export const entities = [
  Site,
  Household,
  Department,
  Party,
  User,
  UserSite,
  Session,
  RateLimitCount,
  AuditEntry,
  IdempotencyRecord,
  CostModelVersion,
  ContributionRule,
  FundingAccount,
  ServedUnit,
  ServedUnitShare,
  CanteenSettings,
  CanteenClosedDay,
  CanteenMember,
  CanteenPlan,
  CanteenSetMeal,
  CanteenOrder,
  JournalEntry,
  JournalLine,
  ChildcareSettings,
  ChildcareClass,
  ChildcareApplication,
  ChildcareStatusChange,
  ChildcareRuleSet,
  ChildcareOffer,
  ChildcareEnrolment,
  ChildcareDay,
  ChildcareDuty,
  ChildcareFee,
  ChildcareBooking,
  ...carehomeEntities,
  ...carehomeBillingEntities,
  AfterSchoolSettings,
  AfterSchoolPeriod,
  AfterSchoolGroup,
  AfterSchoolSession,
  AfterSchoolChild,
  AfterSchoolCollector,
  AfterSchoolDelegation,
  AfterSchoolEnrolment,
  AfterSchoolAttendance,
  AfterSchoolRefusal,
  AfterSchoolRoster,
  AfterSchoolNotification,
  ReconPeriod,
  ReconClaim,
  ReconClaimLine,
  ReconFinding,
  ReconPayment,
  ReconAllocation,
  ReconPaymentImport,
  ReconJournal,
  ReconPosting,
];
