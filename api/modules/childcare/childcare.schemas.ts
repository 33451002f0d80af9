import { CLASS_KINDS, HALVES, isMonth, MAX_CHOICES, STANDARD_CLASSES } from '../../../domain/childcare';
import { z } from '../../openapi';
import { dateField, idNumberField, siteIdField } from '../canteen/canteen.schemas';
import { ruleSetSchemas } from '../../waitlist/rule-set.schemas';
import { APPLICATION_STATUSES, OFFER_STATUSES, WAITLISTED_MODES } from './childcare.entity';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const words = z.object({ zh: z.string(), en: z.string() });

/** A fact's name as rules refer to it: `resident`, `dibao`, `both_parents_working`. */
export const factName = z
  .string()
  .refine((v) => /^[a-z][a-z0-9_]{0,31}$/.test(v), { message: 'must be a fact name: lower-case letters, digits and _', params: { code: 'format' } })
  .openapi({ pattern: '^[a-z][a-z0-9_]{0,31}$' });
const factValue = z.union([z.boolean(), z.number().finite(), z.string().max(100)]);

// ── Applications ──────────────────────────────────────────────────────────────────────
const choice = z.object({ siteId: siteIdField.optional(), kind: z.enum(CLASS_KINDS).optional() });

export const applicationCreate = z
  .object({
    siteId: siteIdField,
    childName: text(50),
    /** 居民身份证号; the birth date is taken from it. */
    idNumber: idNumberField,
    startDate: dateField,
    mode: z.enum(WAITLISTED_MODES),
    half: z.enum(HALVES).optional(),
    choices: z.array(choice).max(MAX_CHOICES, `at most ${MAX_CHOICES}`).default([]),
    anyClass: z.boolean().default(false),
    /** Priority facts the family claims, with their evidence; staff verify each one. */
    facts: z
      .record(factName, z.object({ value: factValue, evidence: text(200).optional() }))
      .refine((f) => Object.keys(f).length <= 20, { message: 'at most 20 facts', params: { code: 'too_many', max: 20 } })
      .default({}),
  })
  .refine((b) => (b.mode === 'half_day') === (b.half !== undefined), { message: 'is needed for half-day care, and only then', path: ['half'], params: { code: 'required' } })
  .openapi('ChildcareApplicationCreate');
export type ApplicationCreate = z.infer<typeof applicationCreate>;

export const applicationsQuery = z.object({ siteId: siteIdField, status: z.enum(APPLICATION_STATUSES).optional(), kind: z.enum(CLASS_KINDS).optional() });

export const siblingsBody = z
  .object({
    /** The household's other applications to be offered places together with this one; empty takes it out of its group. */
    applicationIds: z.array(z.string().min(1).max(64)).max(4, 'at most 4'),
  })
  .refine((b) => new Set(b.applicationIds).size === b.applicationIds.length, { message: 'must not repeat an application', path: ['applicationIds'], params: { code: 'duplicate' } })
  .openapi('ChildcareSiblings');

export const reasonBody = z.object({ reason: text(200).optional() });

export const storedFact = z.object({ value: factValue, verified: z.boolean(), evidence: z.string().nullable(), verifiedBy: z.string().nullable(), verifiedAt: z.string().nullable() });
const event = z.object({ kind: z.string(), on: z.string(), placeId: z.string().optional() });

/** Where the child stands in the queue, by the rules in force today, and why. */
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
  .openapi('ChildcareStanding');

export const offer = z
  .object({
    id: z.string(),
    siteId: z.string(),
    applicationId: z.string(),
    childName: z.string(),
    classId: z.string(),
    className: z.string(),
    placeId: z.string(),
    offeredOn: z.string(),
    deadline: z.string(),
    holidaysKnown: z.boolean(),
    status: z.enum(OFFER_STATUSES),
    ruleSetVersion: z.number().int(),
    position: z.number().int(),
  })
  .openapi('ChildcareOffer');

export const applicationSummary = z
  .object({
    id: z.string(),
    siteId: z.string(),
    householdId: z.string(),
    childName: z.string(),
    /** Masked: `110101********1234`. */
    idNumber: z.string(),
    birthDate: z.string(),
    startDate: z.string(),
    mode: z.enum(WAITLISTED_MODES),
    half: z.enum(HALVES).nullable(),
    choices: z.array(choice),
    anyClass: z.boolean(),
    /** Siblings applying together share it: offered places all at once or none. */
    siblingGroupId: z.string().nullable(),
    facts: z.record(z.string(), storedFact),
    events: z.array(event),
    status: z.enum(APPLICATION_STATUSES),
    appliedAt: z.string().nullable(),
    version: z.number().int(),
    standing: z.union([standing, z.null()]),
    offer: z.union([offer, z.null()]),
  })
  .openapi('ChildcareApplicationSummary');

/** In a list: also the place within the filtered view, in the whole queue's order. */
export const applicationListed = applicationSummary.extend({ positionInView: z.number().int().nullable() }).openapi('ChildcareApplicationListed');

export const application = applicationSummary
  .extend({
    history: z.array(z.object({ from: z.string().nullable(), to: z.string(), by: z.string().nullable(), at: z.string(), reason: z.string().nullable() })),
  })
  .openapi('ChildcareApplication');

export const factParams = z.object({ applicationId: z.string().min(1).max(64), fact: factName });

// ── Offers ────────────────────────────────────────────────────────────────────────────
export const offersQuery = z.object({ siteId: siteIdField, status: z.enum(OFFER_STATUSES).optional() });

// ── Classes ───────────────────────────────────────────────────────────────────────────
const maxRatio = Math.max(...Object.values(STANDARD_CLASSES.kinds).map((k) => k.childrenPerCarer));
const classFields = {
  name: text(50),
  nameEn: text(100).nullable().optional(),
  size: z.number().int('must be a whole number').min(1).max(STANDARD_CLASSES.siteTotal),
  /** Children per carer; at most the kind's standard (checked with the kind). */
  childrenPerCarer: z.number().int('must be a whole number').min(1).max(maxRatio).optional(),
};
export const classCreate = z.object({ siteId: siteIdField, kind: z.enum(CLASS_KINDS), ...classFields }).openapi('ChildcareClassCreate');
export const classUpdate = z
  .object(classFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', params: { code: 'no_change' } })
  .openapi('ChildcareClassUpdate');
export const childcareClass = z
  .object({
    id: z.string(),
    siteId: z.string(),
    kind: z.enum(CLASS_KINDS),
    kindName: words,
    name: z.string(),
    nameEn: z.string().nullable(),
    size: z.number().int(),
    childrenPerCarer: z.number().int(),
    fromMonths: z.number().int(),
    toMonths: z.number().int(),
    /** Places its enrolments use (two half-day children on opposite halves use one). */
    placesUsed: z.number().int(),
    openOffers: z.number().int(),
    /** 临时托 days booked in it for today (cancelled ones not). */
    bookedToday: z.number().int(),
    /** Places free today: its size less the places used, held by open offers and booked for today. */
    freePlaces: z.number().int(),
  })
  .openapi('ChildcareClass');

// ── The class board ───────────────────────────────────────────────────────────────────
export const boardQuery = z.object({ siteId: siteIdField, months: z.coerce.number().int('must be a whole number').min(1).max(24).default(12) });
export const board = z
  .object({
    /** Per class, who its next free place goes to by the queue today. */
    nextInLine: z.array(z.object({ classId: z.string(), applicationId: z.string(), childName: z.string(), position: z.number().int().nullable() })),
    /** The first day of each month ahead, as children age into the next band or out of the centre. */
    months: z.array(
      z.object({
        month: z.string(),
        classes: z.array(z.object({ classId: z.string(), placesUsed: z.number().int(), size: z.number().int() })),
        /** Children gone from the centre by this month. */
        left: z.number().int(),
        warnings: z.array(
          z.object({
            code: z.enum(['over_size', 'under_used', 'next_class_full', 'no_class_for_age']),
            classId: z.string(),
            childName: z.string().nullable(),
            /** The class kind the child's age needs that month, where there is one. */
            neededKind: z.enum(CLASS_KINDS).nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('ChildcareBoard');

// ── Rule sets ─────────────────────────────────────────────────────────────────────────
export const { ruleSetCreate, ruleSet } = ruleSetSchemas('Childcare');

// ── Settings ──────────────────────────────────────────────────────────────────────────
const settingsFields = {
  /** Working days to answer an offer, not counting the day it is made (春节 and 调休 counted). */
  offerDeadlineWorkingDays: z.number().int('must be a whole number').min(1).max(20),
};
/** Absence rules for fees; left out, a rule keeps what the site has (the default until set). */
const absenceRuleFields = {
  /** The month's meals, spread over its service days, are refunded for each day a child was not there. */
  refundMealsPerAbsentDay: z.boolean(),
  /** A child off sick on every service day of a month pays nothing for it. */
  sickMonthFree: z.boolean(),
};
export const settingsWrite = z
  .object({ siteId: siteIdField, ...settingsFields, refundMealsPerAbsentDay: absenceRuleFields.refundMealsPerAbsentDay.optional(), sickMonthFree: absenceRuleFields.sickMonthFree.optional() })
  .openapi('ChildcareSettingsWrite');
export const settings = z.object({ siteId: z.string(), ...settingsFields, ...absenceRuleFields }).openapi('ChildcareSettings');

// ── Fees ──────────────────────────────────────────────────────────────────────────────
export const monthField = z
  .string()
  .refine(isMonth, { message: 'must be a month YYYY-MM', params: { code: 'format' } })
  .openapi({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-12' });
export const billBody = z.object({ siteId: siteIdField, month: monthField }).openapi('ChildcareBillMonth');
export const billResult = z
  .object({
    siteId: z.string(),
    month: z.string(),
    /** Children billed by this request; 0 when the month was billed already. */
    billedNow: z.number().int(),
    /** Children billed for the month in all. */
    children: z.number().int(),
    chargedFen: z.number().int(),
    /** False while attendance is not kept: every child counted as present every service day. */
  })
  .openapi('ChildcareBillResult');
/** What a department pays for a served slot-month or day. */
const departmentShare = z.object({ party: words, programmeCode: z.string().nullable(), amountFen: z.number().int() });
export const statementsQuery = z.object({ siteId: siteIdField, month: monthField.optional() });
export const statement = z
  .object({
    householdId: z.string(),
    householdName: z.string(),
    month: z.string(),
    lines: z.array(
      z.object({
        feeId: z.string(),
        childName: z.string(),
        className: words,
        mode: z.enum(WAITLISTED_MODES),
        modeName: words,
        serviceLine: z.string(),
        serviceLineName: words,
        tier: z.string(),
        enrolledDays: z.number().int(),
        absentDays: z.number().int(),
        /** What departments pay for the slot-month (the 卫健 subsidy per enrolled child). */
        departments: z.array(departmentShare),
        /** The family's price by the quote, before refunds. */
        residentPaysFen: z.number().int(),
        refunds: z.array(z.object({ kind: z.enum(['meals', 'sick_month']), days: z.number().int().nullable(), fen: z.number().int(), label: words })),
        chargedFen: z.number().int(),
      }),
    ),
    /** The 临时托 days a child of the family came that month (booked and checked in), oldest first. */
    days: z.array(
      z.object({
        bookingId: z.string(),
        date: z.string(),
        childName: z.string(),
        className: words,
        tier: z.string(),
        fullCostFen: z.number().int(),
        departments: z.array(departmentShare),
        /** What the family pays for the day, by the quote kept at check-in. */
        residentPaysFen: z.number().int(),
      }),
    ),
    /** The month's charges and the days' prices. */
    totalFen: z.number().int(),
  })
  .openapi('ChildcareStatement');
