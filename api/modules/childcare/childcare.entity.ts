import { defineEntity, InferEntity } from '@mikro-orm/core';
import { CLASS_KINDS, type FeeRefund, HALVES, type ClassChoice } from '../../../domain/childcare';
import type { ApplicationEvent, FactValue, RuleSet } from '../../../domain/waitlist';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/** The modes that hold a place; 临时托 is booked by the day and never applies through the waitlist. */
export const WAITLISTED_MODES = ['full_day', 'half_day', 'hourly'] as const;
export const APPLICATION_STATUSES = ['draft', 'submitted', 'offered', 'enrolled', 'withdrawn', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'lapsed'] as const;

/** A priority fact as the family claimed it; staff verify it, and only then does it score. */
export interface StoredFact {
  value: FactValue;
  verified: boolean;
  evidence: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
}

/** A site's childcare policy; a site without a row runs on CHILDCARE_DEFAULTS. */
export const ChildcareSettings = defineEntity({
  name: 'ChildcareSettings',
  tableName: 'childcare_settings',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId().unique(),
    /** Working days a family has to answer an offer, not counting the day it is made. */
    offerDeadlineWorkingDays: p.integer(),
    /** Absence rules (domain/childcare AbsenceRules); null: the default. */
    refundMealsPerAbsentDay: p.boolean().nullable(),
    sickMonthFree: p.boolean().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: foreignId().nullable(),
  }),
});
export type IChildcareSettings = InferEntity<typeof ChildcareSettings>;

/** A class room: its kind fixes the age band (the site's class settings), its size the places. */
export const ChildcareClass = defineEntity({
  name: 'ChildcareClass',
  tableName: 'childcare_class',
  indexes: [{ properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    kind: p.enum([...CLASS_KINDS]),
    name: p.string().length(50),
    nameEn: p.string().length(100).nullable(),
    size: p.integer(),
    /** Children one carer may look after (3 is 1:3); at most the kind's standard. */
    childrenPerCarer: p.integer(),
    createdAt: createdAt(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IChildcareClass = InferEntity<typeof ChildcareClass>;

/**
 * A family's application for one child. The 居民身份证号 is stored whole, as the canteen stores
 * it, and answered masked; the birth date comes from it. `version` counts its changes.
 */
export const ChildcareApplication = defineEntity({
  name: 'ChildcareApplication',
  tableName: 'childcare_application',
  indexes: [{ properties: ['siteId', 'status'] }, { properties: ['householdId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    childName: p.string().length(50),
    idNumber: p.string().length(18),
    birthDate: businessDate(),
    startDate: businessDate(),
    mode: p.enum([...WAITLISTED_MODES]),
    half: p.enum([...HALVES]).nullable(),
    choices: p.json<ClassChoice[]>(),
    /** 服从调剂: any class that takes the child's age, after its choices. */
    anyClass: p.boolean(),
    /** Siblings applying together, "together or not at all": offered places all at once or none. */
    siblingGroupId: foreignId().nullable(),
    facts: p.json<Record<string, StoredFact>>(),
    /** Declines, lapses: what rules count and what keeps a place from being offered again. */
    events: p.json<ApplicationEvent[]>(),
    status: p.enum([...APPLICATION_STATUSES]),
    /** When it was submitted: the queue's tie-break after class and points. */
    appliedAt: p.datetime().nullable(),
    version: p.integer(),
    createdBy: foreignId(),
    createdAt: createdAt(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IChildcareApplication = InferEntity<typeof ChildcareApplication>;

/** Each change of an application's status, with who (null: the system, e.g. an offer lapsing) and when. */
export const ChildcareStatusChange = defineEntity({
  name: 'ChildcareStatusChange',
  tableName: 'childcare_application_status_change',
  properties: (p) => ({
    id: idProperty(),
    applicationId: foreignId().index(),
    siteId: foreignId(),
    fromStatus: p.string().length(16).nullable(),
    toStatus: p.string().length(16),
    changedBy: foreignId().nullable(),
    changedAt: p.datetime(),
    reason: p.string().length(200).nullable(),
  }),
});
export type IChildcareStatusChange = InferEntity<typeof ChildcareStatusChange>;

/** One version of a site's priority rules (domain/waitlist RuleSet, validated when stored and when read). */
export const ChildcareRuleSet = defineEntity({
  name: 'ChildcareRuleSet',
  tableName: 'childcare_rule_set',
  uniques: [{ properties: ['siteId', 'version'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    version: p.integer(),
    effectiveFrom: businessDate(),
    rules: p.json<Pick<RuleSet, 'defaultClass' | 'rules'>>(),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IChildcareRuleSet = InferEntity<typeof ChildcareRuleSet>;

/** A place offered to an application; while open it holds the place until its deadline's day ends. */
export const ChildcareOffer = defineEntity({
  name: 'ChildcareOffer',
  tableName: 'childcare_offer',
  indexes: [{ properties: ['siteId', 'status'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    applicationId: foreignId().index(),
    classId: foreignId(),
    /** The waitlist place: the class, or a half beside a half-day child (`<classId>:afternoon`). */
    placeId: p.string().length(80),
    offeredOn: businessDate(),
    deadline: businessDate(),
    holidaysKnown: p.boolean(),
    status: p.enum([...OFFER_STATUSES]),
    ruleSetVersion: p.integer(),
    position: p.integer(),
    answeredAt: p.datetime().nullable(),
    answeredBy: foreignId().nullable(),
    createdAt: createdAt(),
  }),
});
export type IChildcareOffer = InferEntity<typeof ChildcareOffer>;

/** A child in a class from a date; `toDate` (exclusive) is set when it leaves. */
export const ChildcareEnrolment = defineEntity({
  name: 'ChildcareEnrolment',
  tableName: 'childcare_enrolment',
  indexes: [{ properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    applicationId: foreignId().unique(),
    classId: foreignId().index(),
    mode: p.enum([...WAITLISTED_MODES]),
    half: p.enum([...HALVES]).nullable(),
    fromDate: businessDate(),
    toDate: businessDate().nullable(),
    createdAt: createdAt(),
  }),
});
export type IChildcareEnrolment = InferEntity<typeof ChildcareEnrolment>;

/**
 * A billed slot-month: one per enrolment and month (unique, so billing a month again charges
 * nothing more). Its served unit keeps the quote snapshot; the charge is the quote's price less
 * the refunds of the site's absence rules.
 */
export const ChildcareFee = defineEntity({
  name: 'ChildcareFee',
  tableName: 'childcare_fee',
  uniques: [{ properties: ['enrolmentId', 'month'] }],
  indexes: [{ properties: ['siteId', 'month'] }, { properties: ['householdId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    enrolmentId: foreignId(),
    applicationId: foreignId(),
    /** `YYYY-MM`. */
    month: p.string().length(7),
    serviceLine: p.string().length(64),
    tier: p.string().length(32),
    servedUnitId: foreignId(),
    residentPaysFen: fen(),
    mealsFen: fen(),
    enrolledDays: p.integer(),
    absentDays: p.integer(),
    refunds: p.json<FeeRefund[]>(),
    chargedFen: fen(),
    billedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IChildcareFee = InferEntity<typeof ChildcareFee>;
