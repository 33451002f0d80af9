import { defineEntity, InferEntity } from '@mikro-orm/core';
import { type Adjustment, type AssessmentPart, BED_STATES, type CareHomeSettings, type ChecklistItem, DISCHARGE_REASONS, LEAVE_KINDS, type Settlement } from '../../../domain/carehome';
import type { ApplicationEvent, RuleSet } from '../../../domain/waitlist';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';
import type { StoredFact } from '../../waitlist/standing';

export const ROOM_TYPES = ['single', 'double', 'triple', 'quad'] as const;
export const ROOM_SEXES = ['men', 'women', 'mixed'] as const;
export const SEXES = ['male', 'female'] as const;
/** An application waits, is offered a bed, is admitted (a resident), then discharged; or it is withdrawn. */
export const APPLICATION_STATUSES = ['waiting', 'offered', 'admitted', 'discharged', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'lapsed'] as const;

export type { StoredFact };

/** A site's care-home policy; a site without a row runs on CAREHOME_DEFAULTS. */
export const CarehomeSettings = defineEntity({
  name: 'CarehomeSettings',
  tableName: 'carehome_settings',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId().unique(),
    /** Working days a family has to answer an offer, not counting the day it is made. */
    offerDeadlineWorkingDays: p.integer(),
    /** The most a deposit may be, in months of the contract's price; null: the default (domain/carehome). */
    depositCapMonths: p.integer().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: foreignId().nullable(),
  }),
});

/** A room on a floor: its sex and type; its beds carry the features and care levels. */
export const CarehomeRoom = defineEntity({
  name: 'CarehomeRoom',
  tableName: 'carehome_room',
  uniques: [{ properties: ['siteId', 'code'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    floor: p.integer(),
    code: p.string().length(16),
    roomType: p.enum([...ROOM_TYPES]),
    sex: p.enum([...ROOM_SEXES]),
    createdAt: createdAt(),
  }),
});
export type ICarehomeRoom = InferEntity<typeof CarehomeRoom>;

/** A bed and its state (domain/carehome beds: empty is not available). */
export const CarehomeBed = defineEntity({
  name: 'CarehomeBed',
  tableName: 'carehome_bed',
  uniques: [{ properties: ['siteId', 'code'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    roomId: foreignId().index(),
    code: p.string().length(16),
    features: p.json<string[]>(),
    careLevels: p.json<string[]>(),
    state: p.enum([...BED_STATES]),
    stateSince: p.datetime(),
    stateReason: p.string().length(200).nullable(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeBed = InferEntity<typeof CarehomeBed>;

/** Each move of a bed's state, with who (null: the system, an offer made or lapsing) and when. */
export const CarehomeBedStateChange = defineEntity({
  name: 'CarehomeBedStateChange',
  tableName: 'carehome_bed_state_change',
  properties: (p) => ({
    id: idProperty(),
    bedId: foreignId().index(),
    siteId: foreignId(),
    fromState: p.string().length(16),
    toState: p.string().length(16),
    changedBy: foreignId().nullable(),
    changedAt: p.datetime(),
    reason: p.string().length(200).nullable(),
  }),
});

/**
 * A family's application for a bed for an elderly relative, who stays on it as a resident. The
 * 居民身份证号 is stored whole and answered masked; birth date and sex come from it.
 */
export const CarehomeApplication = defineEntity({
  name: 'CarehomeApplication',
  tableName: 'carehome_application',
  indexes: [{ properties: ['siteId', 'status'] }, { properties: ['householdId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    name: p.string().length(50),
    idNumber: p.string().length(18),
    birthDate: businessDate(),
    sex: p.enum([...SEXES]),
    contactName: p.string().length(50),
    contactPhone: p.string().length(20),
    desiredDate: businessDate(),
    needs: p.string().length(500).nullable(),
    requiredFeatures: p.json<string[]>(),
    /** Categories claimed with their evidence (特困, 低保…), and the birth date from the ID number. */
    facts: p.json<Record<string, StoredFact>>(),
    events: p.json<ApplicationEvent[]>(),
    status: p.enum([...APPLICATION_STATUSES]),
    appliedAt: p.datetime(),
    version: p.integer(),
    createdBy: foreignId(),
    createdAt: createdAt(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type ICarehomeApplication = InferEntity<typeof CarehomeApplication>;

export const CarehomeStatusChange = defineEntity({
  name: 'CarehomeStatusChange',
  tableName: 'carehome_status_change',
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

/** One ability assessment (GB/T 42195-2022) as scored by domain/carehome; the history is every row. */
export const CarehomeAssessment = defineEntity({
  name: 'CarehomeAssessment',
  tableName: 'carehome_assessment',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    applicationId: foreignId().index(),
    assessedOn: businessDate(),
    /** The first day it no longer stands on schedule. */
    validUntil: businessDate(),
    scores: p.json<Record<string, number>>(),
    comatose: p.boolean(),
    dementiaOrMentalDisorder: p.boolean(),
    riskEvents: p.integer(),
    partScores: p.json<Record<AssessmentPart, number>>(),
    total: p.integer(),
    preliminaryGrade: p.string().length(16),
    finalGrade: p.string().length(16),
    adjustments: p.json<Adjustment[]>(),
    careLevel: p.string().length(32),
    assessedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeAssessment = InferEntity<typeof CarehomeAssessment>;

/** A bed offered to an application; while open it holds the bed until its deadline's day ends. */
export const CarehomeOffer = defineEntity({
  name: 'CarehomeOffer',
  tableName: 'carehome_offer',
  indexes: [{ properties: ['siteId', 'status'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    applicationId: foreignId().index(),
    bedId: foreignId(),
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
export type ICarehomeOffer = InferEntity<typeof CarehomeOffer>;

/**
 * A resident's stay with its contract as admitted (care level, monthly price, deposit; later
 * terms are carehome_contract_amendment's) and, at the end, its discharge and settlement.
 */
export const CarehomeResidence = defineEntity({
  name: 'CarehomeResidence',
  tableName: 'carehome_residence',
  indexes: [{ properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    applicationId: foreignId().unique(),
    /** The bed now (or last) slept in; carehome_bed_stay keeps every one. */
    bedId: foreignId().index(),
    admittedOn: businessDate(),
    careLevel: p.string().length(32),
    monthlyPriceFen: fen(),
    depositFen: fen(),
    dischargedOn: businessDate().nullable(),
    dischargeReason: p.enum([...DISCHARGE_REASONS]).nullable(),
    checklist: p.json<Record<ChecklistItem, boolean>>().nullable(),
    settlement: p.json<Settlement>().nullable(),
    dischargedBy: foreignId().nullable(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeResidence = InferEntity<typeof CarehomeResidence>;

/** A change of a resident's care level and monthly price from a month's first day (domain/carehome contract); every one is kept. */
export const CarehomeContractAmendment = defineEntity({
  name: 'CarehomeContractAmendment',
  tableName: 'carehome_contract_amendment',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    residenceId: foreignId().index(),
    fromMonth: p.string().length(7),
    careLevel: p.string().length(32),
    monthlyPriceFen: fen(),
    reason: p.string().length(200),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeContractAmendment = InferEntity<typeof CarehomeContractAmendment>;

/** A resident in a bed from a date; `toDate` (exclusive) is set on a transfer or a discharge. */
export const CarehomeBedStay = defineEntity({
  name: 'CarehomeBedStay',
  tableName: 'carehome_bed_stay',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    residenceId: foreignId().index(),
    bedId: foreignId(),
    fromDate: businessDate(),
    toDate: businessDate().nullable(),
    reason: p.string().length(200).nullable(),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});

/** 请假 or 住院: the resident is away, the bed kept; `returnedOn` is the first day back. */
export const CarehomeLeave = defineEntity({
  name: 'CarehomeLeave',
  tableName: 'carehome_leave',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    residenceId: foreignId().index(),
    kind: p.enum([...LEAVE_KINDS]).default('leave'),
    fromDate: businessDate(),
    expectedBack: businessDate(),
    returnedOn: businessDate().nullable(),
    reason: p.string().length(200),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeLeave = InferEntity<typeof CarehomeLeave>;

/**
 * One version of a site's order of admission (domain/waitlist RuleSet; 特困 first in every version)
 * and of its care-home settings from the same date (null: the version before's stand).
 */
export const CarehomeRuleSet = defineEntity({
  name: 'CarehomeRuleSet',
  tableName: 'carehome_rule_set',
  uniques: [{ properties: ['siteId', 'version'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    version: p.integer(),
    effectiveFrom: businessDate(),
    rules: p.json<Pick<RuleSet, 'defaultClass' | 'rules'>>(),
    settings: p.json<CareHomeSettings>().nullable(),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});

export const carehomeEntities = [
  CarehomeRuleSet,
  CarehomeSettings,
  CarehomeRoom,
  CarehomeBed,
  CarehomeBedStateChange,
  CarehomeApplication,
  CarehomeStatusChange,
  CarehomeAssessment,
  CarehomeOffer,
  CarehomeResidence,
  CarehomeContractAmendment,
  CarehomeBedStay,
  CarehomeLeave,
];
