import { defineEntity, InferEntity } from '@mikro-orm/core';
import { type CollectionRecord, COLLECTOR_LEVELS, type Weekday } from '../../../domain/afterschool';
import type { ApplicationEvent } from '../../../domain/waitlist';
import type { StoredFact } from '../childcare/childcare.entity';
import { businessDate, createdAt, foreignId, idProperty } from '../../entity-helpers';

export const ENROLMENT_STATUSES = ['waiting', 'enrolled', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ATTENDANCE_STATES = ['checked_in', 'checked_out', 'absent'] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;

/** A site's staff-ratio rule and door times; a site without a row runs on the defaults (Shenzhen's ratio, 30 and 15 minutes). */
export const AfterSchoolSettings = defineEntity({
  name: 'AfterSchoolSettings',
  tableName: 'afterschool_settings',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId().unique(),
    ratioBaseChildren: p.integer(),
    ratioBaseStaff: p.integer(),
    ratioChildrenPerExtraStaff: p.integer(),
    checkInWithinMinutes: p.integer(),
    escalateAfterMinutes: p.integer(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: foreignId().nullable(),
  }),
});
export type IAfterSchoolSettings = InferEntity<typeof AfterSchoolSettings>;

/** A school term or a holiday camp, with the site's own word on 调休 days and its closing days. */
export const AfterSchoolPeriod = defineEntity({
  name: 'AfterSchoolPeriod',
  tableName: 'afterschool_period',
  indexes: [{ properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    kind: p.enum(['term', 'camp'] as const),
    name: p.string().length(50),
    fromDate: businessDate(),
    toDate: businessDate(),
    /** 调休 working day → the weekday whose timetable it keeps ("按周五上班"). */
    makeupFollows: p.json<Record<string, Weekday>>(),
    closedDates: p.json<string[]>(),
    createdAt: createdAt(),
  }),
});
export type IAfterSchoolPeriod = InferEntity<typeof AfterSchoolPeriod>;

/** A group of a term: its room, places per weekday, ages (and grades) and its weekly pattern. */
export const AfterSchoolGroup = defineEntity({
  name: 'AfterSchoolGroup',
  tableName: 'afterschool_group',
  indexes: [{ properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    periodId: foreignId().index(),
    name: p.string().length(50),
    room: p.string().length(50),
    /** Children per weekday. */
    capacity: p.integer(),
    minAge: p.integer(),
    maxAge: p.integer(),
    gradeFrom: p.integer().nullable(),
    gradeTo: p.integer().nullable(),
    weekdays: p.json<Weekday[]>(),
    startTime: p.string().length(5),
    endTime: p.string().length(5),
    createdAt: createdAt(),
  }),
});
export type IAfterSchoolGroup = InferEntity<typeof AfterSchoolGroup>;

/** One dated session of a group; `patternDate` is where the pattern put it, kept when it moves. */
export const AfterSchoolSession = defineEntity({
  name: 'AfterSchoolSession',
  tableName: 'afterschool_session',
  uniques: [{ properties: ['groupId', 'patternDate'] }],
  indexes: [{ properties: ['siteId', 'date'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    groupId: foreignId(),
    periodId: foreignId(),
    patternDate: businessDate(),
    date: businessDate(),
    startTime: p.string().length(5),
    endTime: p.string().length(5),
    cancelled: p.boolean(),
    /** Why it was cancelled or moved, as staff told the families. */
    note: p.string().length(200).nullable(),
  }),
});
export type IAfterSchoolSession = InferEntity<typeof AfterSchoolSession>;

/** A child of a household. The 居民身份证号 is stored whole and answered masked; the birth date comes from it. */
export const AfterSchoolChild = defineEntity({
  name: 'AfterSchoolChild',
  tableName: 'afterschool_child',
  uniques: [{ properties: ['siteId', 'idNumber'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId().index(),
    name: p.string().length(50),
    idNumber: p.string().length(18),
    birthDate: businessDate(),
    school: p.string().length(100),
    grade: p.integer(),
    medicalNotes: p.string().length(500).nullable(),
    /** Weekdays (by the calendar date) the child may go home alone. */
    leaveAloneOn: p.json<Weekday[]>(),
    /** The 低保 fact as the family claimed it (null: not claimed); only staff verification prices the 低保 tier. */
    dibao: p.json<StoredFact>().nullable(),
    createdAt: createdAt(),
  }),
});
export type IAfterSchoolChild = InferEntity<typeof AfterSchoolChild>;

/** Someone on a child's collection list, with the level that decides at the door. */
export const AfterSchoolCollector = defineEntity({
  name: 'AfterSchoolCollector',
  tableName: 'afterschool_collector',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    childId: foreignId().index(),
    name: p.string().length(50),
    relation: p.string().length(30),
    phone: p.string().length(20),
    idLast4: p.string().length(4),
    level: p.enum([...COLLECTOR_LEVELS]),
  }),
});
export type IAfterSchoolCollector = InferEntity<typeof AfterSchoolCollector>;

/** A parent's permission for someone not on the list to collect on one day, within a window. */
export const AfterSchoolDelegation = defineEntity({
  name: 'AfterSchoolDelegation',
  tableName: 'afterschool_delegation',
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    childId: foreignId().index(),
    name: p.string().length(50),
    phone: p.string().length(20),
    idLast4: p.string().length(4),
    date: businessDate(),
    fromTime: p.string().length(5),
    untilTime: p.string().length(5),
    createdBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IAfterSchoolDelegation = InferEntity<typeof AfterSchoolDelegation>;

/**
 * A child's place on one weekday of a group in a term, and its waitlist entry while that
 * weekday is full: waiting → enrolled (the engine's offer is taken at once) → withdrawn.
 */
export const AfterSchoolEnrolment = defineEntity({
  name: 'AfterSchoolEnrolment',
  tableName: 'afterschool_enrolment',
  indexes: [{ properties: ['siteId', 'status'] }, { properties: ['groupId', 'weekday', 'status'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    childId: foreignId().index(),
    groupId: foreignId(),
    periodId: foreignId(),
    weekday: p.integer(),
    startDate: businessDate(),
    status: p.enum([...ENROLMENT_STATUSES]),
    /** The queue's tie-break. */
    appliedAt: p.datetime(),
    enrolledAt: p.datetime().nullable(),
    events: p.json<ApplicationEvent[]>(),
    createdBy: foreignId(),
  }),
});
export type IAfterSchoolEnrolment = InferEntity<typeof AfterSchoolEnrolment>;

/** A child at one session: in (when, by whom), out (when, by whom, and mayCollect's record), or absent. */
export const AfterSchoolAttendance = defineEntity({
  name: 'AfterSchoolAttendance',
  tableName: 'afterschool_attendance',
  uniques: [{ properties: ['sessionId', 'childId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    sessionId: foreignId(),
    childId: foreignId(),
    state: p.enum([...ATTENDANCE_STATES]),
    checkedInAt: p.datetime().nullable(),
    checkedInBy: foreignId().nullable(),
    checkedOutAt: p.datetime().nullable(),
    checkedOutBy: foreignId().nullable(),
    collection: p.json<CollectionRecord>().nullable(),
  }),
});
export type IAfterSchoolAttendance = InferEntity<typeof AfterSchoolAttendance>;

/** A check-out the rules refused: who tried, why, and the staff member at the door. Append-only. */
export const AfterSchoolRefusal = defineEntity({
  name: 'AfterSchoolRefusal',
  tableName: 'afterschool_refusal',
  indexes: [{ properties: ['siteId', 'at'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    sessionId: foreignId(),
    childId: foreignId(),
    claimantName: p.string().length(50).nullable(),
    claimantIdLast4: p.string().length(4).nullable(),
    alone: p.boolean(),
    reason: p.string().length(40),
    supervisorId: foreignId().nullable(),
    recordedBy: foreignId(),
    at: p.datetime(),
  }),
});
export type IAfterSchoolRefusal = InferEntity<typeof AfterSchoolRefusal>;

/** Who works which session. */
export const AfterSchoolRoster = defineEntity({
  name: 'AfterSchoolRoster',
  tableName: 'afterschool_roster',
  uniques: [{ properties: ['sessionId', 'staffId'] }],
  indexes: [{ properties: ['siteId'] }],
  properties: () => ({
    id: idProperty(),
    siteId: foreignId(),
    sessionId: foreignId(),
    staffId: foreignId(),
  }),
});
export type IAfterSchoolRoster = InferEntity<typeof AfterSchoolRoster>;

/** A message to a family, written in the transaction that caused it and sent afterwards by the channel's sender. */
export const AfterSchoolNotification = defineEntity({
  name: 'AfterSchoolNotification',
  tableName: 'afterschool_notification',
  indexes: [{ properties: ['status'] }, { properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    kind: p.string().length(32),
    subject: p.string().length(200),
    body: p.string().length(1000),
    channel: p.string().length(16),
    status: p.enum([...NOTIFICATION_STATUSES]),
    attempts: p.integer(),
    createdAt: createdAt(),
    sentAt: p.datetime().nullable(),
  }),
});
export type IAfterSchoolNotification = InferEntity<typeof AfterSchoolNotification>;
