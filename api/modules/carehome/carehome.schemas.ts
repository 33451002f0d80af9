import { BED_STATES, CHECKLIST_NAMES, CLAIMABLE_CATEGORIES, DISCHARGE_CHECKLIST, DISCHARGE_REASONS, LEAVE_KINDS, MAX_CARE_LEVELS } from '../../../domain/carehome';
import { ASSESSED_GRADES } from '../../../domain/shared/categories';
import { z } from '../../openapi';
import { dateField, fenField, idNumberField, siteIdField } from '../canteen/canteen.schemas';
import { monthField } from '../childcare/childcare.schemas';
import { ruleSetSchemas } from '../../waitlist/rule-set.schemas';
import { APPLICATION_STATUSES, OFFER_STATUSES, ROOM_SEXES, ROOM_TYPES, SEXES } from './carehome.entity';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const words = z.object({ zh: z.string(), en: z.string() });
const code = (what: string) =>
  z
    .string()
    .refine((v) => /^[a-z][a-z0-9_]{0,31}$/.test(v), { message: `must be a ${what}: lower-case letters, digits and _`, params: { code: 'format' } })
    .openapi({ pattern: '^[a-z][a-z0-9_]{0,31}$' });
const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'must be a phone number (digits, +, -)');


// ── Beds ──────────────────────────────────────────────────────────────────────────────
const bedCreate = z.object({ code: text(16), features: z.array(code('feature')).max(10).default([]), careLevels: z.array(code('care level')).min(1).max(10) });
export const roomCreate = z
  .object({ siteId: siteIdField, floor: z.number().int().min(-2).max(60), code: text(16), roomType: z.enum(ROOM_TYPES), sex: z.enum(ROOM_SEXES), beds: z.array(bedCreate).min(1).max(8) })
  .openapi('CarehomeRoomCreate');

/** Staff move a bed only between these; offers, admissions, leaves and discharges move the others. */
export const STAFF_BED_STATES = ['available', 'cleaning', 'out_of_service'] as const;
export const bedStateWrite = z.object({ state: z.enum(STAFF_BED_STATES), reason: text(200).optional() }).openapi('CarehomeBedStateWrite');

export const bed = z
  .object({
    id: z.string(),
    code: z.string(),
    roomId: z.string(),
    roomCode: z.string(),
    floor: z.number().int(),
    roomType: z.enum(ROOM_TYPES),
    roomSex: z.enum(ROOM_SEXES),
    features: z.array(z.string()),
    careLevels: z.array(z.string()),
    state: z.enum(BED_STATES),
    stateName: words,
    stateSince: z.string(),
    stateReason: z.string().nullable(),
    occupant: z
      .object({ residenceId: z.string(), applicationId: z.string(), name: z.string(), sex: z.enum(SEXES), age: z.number().int(), careLevel: z.string(), careLevelName: words, since: z.string() })
      .nullable(),
    leave: z.object({ id: z.string(), kind: z.enum(LEAVE_KINDS), fromDate: z.string(), expectedBack: z.string(), reason: z.string() }).nullable(),
    hold: z.object({ offerId: z.string(), applicationId: z.string(), name: z.string(), deadline: z.string() }).nullable(),
  })
  .openapi('CarehomeBed');
export const bedBoard = z.object({ siteId: z.string(), date: z.string(), counts: z.record(z.enum(BED_STATES), z.number().int()), beds: z.array(bed) }).openapi('CarehomeBedBoard');

// ── Applications ──────────────────────────────────────────────────────────────────────
export const applicationCreate = z
  .object({
    siteId: siteIdField,
    name: text(50),
    /** 居民身份证号: birth date and sex come from it. */
    idNumber: idNumberField,
    contactName: text(50),
    contactPhone: phone,
    desiredDate: dateField,
    needs: text(500).optional(),
    requiredFeatures: z.array(code('feature')).max(10).default([]),
    /** Categories the family claims, each with the evidence staff will check (证件号, 证明). */
    categories: z.partialRecord(z.enum(CLAIMABLE_CATEGORIES), z.object({ evidence: text(200) })).default({}),
  })
  .openapi('CarehomeApplicationCreate');
export type ApplicationCreate = z.infer<typeof applicationCreate>;

export const applicationsQuery = z.object({ siteId: siteIdField, status: z.enum(APPLICATION_STATUSES).optional() });
export const reasonBody = z.object({ reason: text(200).optional() });
export const factParams = z.object({ careApplicationId: z.string().min(1).max(64), fact: z.enum(CLAIMABLE_CATEGORIES) });

const storedFact = z.object({ value: z.union([z.boolean(), z.number(), z.string()]), verified: z.boolean(), evidence: z.string().nullable(), verifiedBy: z.string().nullable(), verifiedAt: z.string().nullable() });
const standing = z
  .object({
    position: z.number().int().nullable(),
    rank: z.number().int(),
    policyClass: z.number().int(),
    points: z.number(),
    suspended: z.boolean(),
    ruleSetVersion: z.number().int(),
    reasons: z.array(z.object({ rule: z.string(), label: words })),
  })
  .openapi('CarehomeStanding');

export const offer = z
  .object({
    id: z.string(),
    siteId: z.string(),
    applicationId: z.string(),
    name: z.string(),
    bedId: z.string(),
    bedCode: z.string(),
    offeredOn: z.string(),
    deadline: z.string(),
    holidaysKnown: z.boolean(),
    status: z.enum(OFFER_STATUSES),
    ruleSetVersion: z.number().int(),
    position: z.number().int(),
  })
  .openapi('CarehomeOffer');

export const assessmentCreate = z
  .object({
    assessedOn: dateField.optional(),
    /** Item scores by code (domain/carehome ASSESSMENT_ITEMS); checked item by item by the domain. */
    scores: z.record(z.string(), z.number()),
    comatose: z.boolean(),
    dementiaOrMentalDisorder: z.boolean(),
    riskEventsLast30Days: z.number().int().min(0).max(100),
  })
  .openapi('CarehomeAssessmentCreate');
export const assessment = z
  .object({
    id: z.string(),
    assessedOn: z.string(),
    validUntil: z.string(),
    scores: z.record(z.string(), z.number()),
    partScores: z.record(z.string(), z.number()),
    total: z.number().int(),
    preliminaryGrade: z.string(),
    finalGrade: z.string(),
    finalGradeName: words,
    adjustments: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    careLevel: z.string(),
    careLevelName: words,
    consumptionVoucher: z.boolean(),
    assessedBy: z.string(),
  })
  .openapi('CarehomeAssessment');

const leave = z.object({ id: z.string(), kind: z.enum(LEAVE_KINDS), fromDate: z.string(), expectedBack: z.string(), returnedOn: z.string().nullable(), reason: z.string(), days: z.number().int(), tier: z.string() }).openapi('CarehomeLeave');
/** `monthlyPriceFen`: the level's quote when the terms were signed (签约时报价): 30 bed-days at the family's price after subsidies. */
const contractTerms = z.object({ careLevel: z.string(), careLevelName: words, monthlyPriceFen: z.number().int() }).openapi('CarehomeContractTerms');
/**
 * A care level's price on a date: its line's quote of a bed-day for the level's tier, as billing
 * prices it; `refused`: the site cannot price it that day. Not a named component: the residence's
 * nullable use would make every use of a named one nullable.
 */
export const levelQuote = z.object({
  careLevel: z.string(),
  serviceLine: z.string(),
  date: z.string(),
  tier: z.string().optional(),
  familyDayFen: z.number().int().optional(),
  fullDayFen: z.number().int().optional(),
  monthFen: z.number().int().optional(),
  refused: z.string().optional(),
});
const contractAmendment = contractTerms.extend({ id: z.string(), fromMonth: z.string(), reason: z.string(), by: z.string(), at: z.string() }).openapi('CarehomeContractAmendment');
const settlement = z.object({ daysBilled: z.number().int(), finalMonthFen: z.number().int(), arrearsFen: z.number().int(), depositFen: z.number().int(), arrearsFromDepositFen: z.number().int(), depositReturnedFen: z.number().int(), balanceFen: z.number().int() });
export const residence = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    bedId: z.string(),
    bedCode: z.string(),
    admittedOn: z.string(),
    careLevel: z.string(),
    careLevelName: words,
    /** The terms in force today (`admissionTerms` amended from a month on: `amendments`, oldest recorded first): the price quoted at signing. */
    monthlyPriceFen: z.number().int(),
    /** The care level's price in force today, quoted now: what a bed-day is billed at (null once discharged). */
    priceNow: levelQuote.nullable(),
    depositFen: z.number().int(),
    admissionTerms: contractTerms,
    amendments: z.array(contractAmendment),
    dischargedOn: z.string().nullable(),
    dischargeReason: z.enum(DISCHARGE_REASONS).nullable(),
    settlement: settlement.nullable(),
    beds: z.array(z.object({ bedId: z.string(), bedCode: z.string(), fromDate: z.string(), toDate: z.string().nullable(), reason: z.string().nullable() })),
    leaves: z.array(leave),
  })
  .openapi('CarehomeResidence');

export const applicationSummary = z
  .object({
    id: z.string(),
    siteId: z.string(),
    householdId: z.string(),
    name: z.string(),
    /** Masked: `420802********1234`. */
    idNumber: z.string(),
    birthDate: z.string(),
    age: z.number().int(),
    sex: z.enum(SEXES),
    contactName: z.string(),
    contactPhone: z.string(),
    desiredDate: z.string(),
    needs: z.string().nullable(),
    requiredFeatures: z.array(z.string()),
    facts: z.record(z.string(), storedFact),
    events: z.array(z.object({ kind: z.string(), on: z.string(), placeId: z.string().optional() })),
    status: z.enum(APPLICATION_STATUSES),
    appliedAt: z.string(),
    /** The assessment standing today (none: no bed is offered and no admission made). */
    careLevel: z.string().nullable(),
    careLevelName: words.nullable(),
    assessmentDue: z.enum(['none', 'schedule', 'change']).nullable(),
    standing: standing.nullable(),
    offer: offer.nullable(),
  })
  .openapi('CarehomeApplicationSummary');
export const application = applicationSummary
  .extend({
    assessments: z.array(assessment),
    residence: residence.nullable(),
    history: z.array(z.object({ from: z.string().nullable(), to: z.string(), by: z.string().nullable(), at: z.string(), reason: z.string().nullable() })),
  })
  .openapi('CarehomeApplication');

// ── Offers and residences ────────────────────────────────────────────────────────────
export const offersQuery = z.object({ siteId: siteIdField, status: z.enum(OFFER_STATUSES).optional() });
export const acceptBody = z.object({ admissionDate: dateField.optional() }).openapi('CarehomeOfferAccept');
export const transferBody = z.object({ bedId: z.string().min(1).max(64), reason: text(200) }).openapi('CarehomeTransfer');
/** `kind`: 请假 (leave, the default) or 住院 (hospital); both keep the bed and are billed by the same tiers. */
export const leaveCreate = z.object({ kind: z.enum(LEAVE_KINDS).default('leave'), fromDate: dateField, expectedBack: dateField, reason: text(200) }).openapi('CarehomeLeaveCreate');
/**
 * A change of the contract's care level from a month's first day; its monthly price is the
 * level's quote that day, never typed (a body with a price, or any other field, is a 400 naming it).
 */
export const amendmentCreate = z.strictObject({ fromMonth: monthField, careLevel: code('care level'), reason: text(200) }).openapi('CarehomeContractAmendmentCreate');
/** The deposit to hold from now (a top-up or a partial refund of the difference), within the site's cap. */
export const depositChange = z.strictObject({ depositFen: fenField, reason: text(200) }).openapi('CarehomeDepositChange');
export const returnBody = z.object({ date: dateField }).openapi('CarehomeReturn');
export const dischargeBody = z
  .object({
    date: dateField,
    reason: z.enum(DISCHARGE_REASONS),
    /** Each item of the checklist, done or not: every one must be done before the bed is freed. */
    checklist: z.object(Object.fromEntries(DISCHARGE_CHECKLIST.map((c) => [c, z.boolean().describe(CHECKLIST_NAMES[c].zh)])) as Record<(typeof DISCHARGE_CHECKLIST)[number], z.ZodBoolean>),
    /** Arrears the family agreed to settle from the deposit (a recorded decision); 0 returns it whole. */
    arrearsFromDepositFen: fenField.default(0),
  })
  .openapi('CarehomeDischarge');

// ── Settings ──────────────────────────────────────────────────────────────────────────
const settingsFields = { offerDeadlineWorkingDays: z.number().int('must be a whole number').min(1).max(20) };
/** The most a deposit may be, in months of the contract's price (民政 guidance caps it at a few). */
const depositCapMonths = z.number().int('must be a whole number').min(0).max(12);
export const settingsWrite = z.object({ siteId: siteIdField, ...settingsFields, depositCapMonths: depositCapMonths.optional() }).openapi('CarehomeSettingsWrite');
export const settings = z.object({ siteId: z.string(), ...settingsFields, depositCapMonths }).openapi('CarehomeSettings');

// ── Occupancy ─────────────────────────────────────────────────────────────────────────
export const occupancyQuery = z.object({ siteId: siteIdField, from: dateField, to: dateField });
const occupancyMonth = z.object({ month: z.string(), days: z.number().int(), occupiedBedDays: z.number().int(), leaveBedDays: z.number().int(), capacityBedDays: z.number().int() });
export const occupancy = z
  .object({
    siteId: z.string(),
    from: z.string(),
    to: z.string(),
    /** The site's beds now: the capacity each day is measured against. */
    beds: z.number().int(),
    days: z.array(z.object({ date: z.string(), occupied: z.number().int(), onLeave: z.number().int() })),
    months: z.array(occupancyMonth),
  })
  .openapi('CarehomeOccupancy');

// ── Order of admission and the settings versioned with it ────────────────────────────
const days = z.number().int('must be a whole number of days');
/**
 * A site's care levels (each with the grades it cares for and the cost-sharing line that prices
 * it), voucher grades,
 * reassessment months, 请假 tiers and reduced care share; domain/carehome validateCareHomeSettings
 * checks the rest (every grade in exactly one level…) and names each problem by its path.
 */
export const careHomeSettings = z
  .object({
    careLevels: z
      .array(z.object({ code: code('care level'), zh: text(20), en: text(40), grades: z.array(z.enum(ASSESSED_GRADES)).max(5), serviceLine: z.string().max(64) }).openapi('CarehomeCareLevel'))
      .min(1)
      .max(MAX_CARE_LEVELS),
    voucherGrades: z.array(z.enum(ASSESSED_GRADES)).max(5),
    reassessEveryMonths: z.number().int('must be a whole number of months'),
    leave: z.object({ mealRefundFromDays: days, reducedCareFromDays: days, reviewOverDays: days }).openapi('CarehomeLeaveRules'),
    reducedCareShare: z.number(),
  })
  .openapi('CarehomeSettingsVersion');

export const { ruleSetCreate, ruleSet } = ruleSetSchemas('Carehome', {
  create: { settings: careHomeSettings.optional() },
  /** `prices`: each level's quote from the version's first day (today's once in force). */
  answer: { settings: careHomeSettings, prices: z.array(levelQuote) },
});
