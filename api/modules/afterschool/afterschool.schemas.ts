import { AGE_RANGE, COLLECTOR_LEVELS, GRADE_RANGE, isClockTime, REFUSAL_WORDS, type RefusalCode, type Weekday } from '../../../domain/afterschool';
import { z } from '../../openapi';
import { dateField, idNumberField, phoneField, siteIdField } from '../canteen/canteen.schemas';
import { storedFact } from '../childcare/childcare.schemas';
import { ATTENDANCE_STATES, ENROLMENT_STATUSES, NOTIFICATION_STATUSES } from './afterschool.entity';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const words = z.object({ zh: z.string(), en: z.string() });
const id = z.string().min(1).max(64);
export const timeField = z.string().refine(isClockTime, { message: 'must be a time HH:mm', params: { code: 'time' } }).openapi({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
/** 1 is Monday, 5 Friday: after-school care runs on school days. */
const schoolDay = z.number().int('must be a whole number').min(1, 'must be a school day, 1 (Monday) to 5 (Friday)').max(5, 'must be a school day, 1 (Monday) to 5 (Friday)').transform((d) => d as Weekday);
const schoolDays = z
  .array(schoolDay)
  .min(1, 'must name at least one school day')
  .max(5)
  .refine((ds) => new Set(ds).size === ds.length, { message: 'must not repeat a day', params: { code: 'duplicate' } });
const anyWeekday = z.number().int('must be a whole number').min(1).max(7).transform((d) => d as Weekday);
const idLast4 = z
  .string()
  .trim()
  .refine((v) => /^\d{3}[\dXx]$/.test(v), { message: 'must be the last 4 characters of an ID number (digits, or X last)', params: { code: 'id_last4' } })
  .transform((v) => v.toUpperCase());
const age = z.number().int('must be a whole number').min(AGE_RANGE.from).max(AGE_RANGE.to);
const grade = z.number().int('must be a whole number').min(GRADE_RANGE.from).max(GRADE_RANGE.to);

// ── Settings ──────────────────────────────────────────────────────────────────────────
const settingsFields = {
  /** Up to this many children need `ratioBaseStaff` staff… */
  ratioBaseChildren: z.number().int().min(1).max(200),
  ratioBaseStaff: z.number().int().min(1).max(20),
  /** …and each further this many (or part of it) one more. */
  ratioChildrenPerExtraStaff: z.number().int().min(1).max(200),
  /** An expected child not in this many minutes after the start raises an alert. */
  checkInWithinMinutes: z.number().int().min(0).max(240),
  /** Children still present this many minutes after the end go to the site lead. */
  escalateAfterMinutes: z.number().int().min(0).max(240),
};
export const settingsWrite = z.object({ siteId: siteIdField, ...settingsFields }).openapi('AfterSchoolSettingsWrite');
export const settings = z.object({ siteId: z.string(), ...settingsFields }).openapi('AfterSchoolSettings');

// ── Terms, groups, sessions ───────────────────────────────────────────────────────────
export const periodCreate = z
  .object({
    siteId: siteIdField,
    kind: z.enum(['term', 'camp']),
    name: text(50),
    from: dateField,
    to: dateField,
    /** 调休 working days and the weekday each keeps ("2026-10-10": 5 is 按周五上班). */
    makeupFollows: z.record(dateField, schoolDay).default({}),
    closedDates: z.array(dateField).max(100).default([]),
  })
  .refine((b) => b.to >= b.from, { message: 'must not be before the first day', path: ['to'], params: { code: 'range' } })
  .openapi('AfterSchoolPeriodCreate');
export type PeriodCreate = z.infer<typeof periodCreate>;
export const period = z
  .object({ id: z.string(), siteId: z.string(), kind: z.enum(['term', 'camp']), name: z.string(), from: z.string(), to: z.string(), makeupFollows: z.record(z.string(), z.number().int()), closedDates: z.array(z.string()) })
  .openapi('AfterSchoolPeriod');

export const groupCreate = z
  .object({
    siteId: siteIdField,
    periodId: id,
    name: text(50),
    room: text(50),
    /** Children per weekday. */
    capacity: z.number().int('must be a whole number').min(1).max(200),
    minAge: age,
    maxAge: age,
    grades: z.object({ from: grade, to: grade }).refine((g) => g.to >= g.from, { message: 'must not be below the first grade', path: ['to'], params: { code: 'range' } }).optional(),
    weekdays: schoolDays,
    start: timeField,
    end: timeField,
  })
  .refine((b) => b.maxAge >= b.minAge, { message: 'must not be below the minimum age', path: ['maxAge'], params: { code: 'range' } })
  .refine((b) => b.end > b.start, { message: 'must be after the start', path: ['end'], params: { code: 'range' } })
  .openapi('AfterSchoolGroupCreate');
export type GroupCreate = z.infer<typeof groupCreate>;

const weekdayPlaces = z.object({ weekday: z.number().int(), capacity: z.number().int(), enrolled: z.number().int(), free: z.number().int(), waiting: z.number().int() });
export const group = z
  .object({
    id: z.string(),
    siteId: z.string(),
    periodId: z.string(),
    name: z.string(),
    room: z.string(),
    capacity: z.number().int(),
    minAge: z.number().int(),
    maxAge: z.number().int(),
    grades: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
    weekdays: z.array(z.number().int()),
    start: z.string(),
    end: z.string(),
    places: z.array(weekdayPlaces),
    sessions: z.number().int(),
    /** "5+2": five school days, two hours, ending when parents can come; each shortfall in words. */
    fivePlusTwo: z.object({ meets: z.boolean(), shortfalls: z.array(z.object({ code: z.string(), words })) }),
  })
  .openapi('AfterSchoolGroup');
export const groupCreated = group.extend({ holidaysKnown: z.boolean() }).openapi('AfterSchoolGroupCreated');
export const groupsQuery = z.object({ siteId: siteIdField, periodId: id.optional() });

export const sessionsQuery = z
  .object({ siteId: siteIdField, from: dateField, to: dateField, groupId: id.optional() })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', path: ['to'], params: { code: 'range' } });
export const weekQuery = z.object({ siteId: siteIdField, weekStart: dateField });
export const rangeQuery = z
  .object({ siteId: siteIdField, from: dateField, to: dateField })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', path: ['to'], params: { code: 'range' } });

const staffMember = z.object({ id: z.string(), name: z.string() });
export const ratioFlag = z
  .object({ basis: z.enum(['expected', 'present']), children: z.number().int(), needed: z.number().int(), short: z.number().int(), fix: z.array(staffMember), words: words.nullable() })
  .openapi('AfterSchoolRatioFlag');
export const session = z
  .object({
    id: z.string(),
    siteId: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    room: z.string(),
    periodId: z.string(),
    date: z.string(),
    start: z.string(),
    end: z.string(),
    cancelled: z.boolean(),
    movedFrom: z.string().nullable(),
    note: z.string().nullable(),
    expected: z.number().int(),
    present: z.number().int(),
    staff: z.array(staffMember),
    ratio: ratioFlag,
  })
  .openapi('AfterSchoolSession');
/** A cancelled or moved session, with how many families the outbox will tell. */
export const sessionChanged = session.extend({ familiesTold: z.number().int() }).openapi('AfterSchoolSessionChanged');
export const cancelBody = z.object({ reason: text(200) });
export const moveBody = z
  .object({ date: dateField, start: timeField, end: timeField, reason: text(200) })
  .refine((b) => b.end > b.start, { message: 'must be after the start', path: ['end'], params: { code: 'range' } });
export const rosterBody = z.object({ staffIds: z.array(id).max(20).refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat a person', params: { code: 'duplicate' } }) });

// ── Children, collectors, delegations ─────────────────────────────────────────────────
/** The family says it holds 低保, with its evidence (e.g. the certificate number); staff verify it before it prices a session. */
const dibaoClaim = z.object({ evidence: text(200).optional() });
const childFields = {
  school: text(100),
  grade,
  medicalNotes: z.string().trim().max(500).nullable().optional(),
  /** Weekdays (by the calendar date) the child may go home alone. */
  leaveAloneOn: z.array(anyWeekday).max(7).refine((ds) => new Set(ds).size === ds.length, { message: 'must not repeat a day', params: { code: 'duplicate' } }),
};
export const childCreate = z
  .object({
    siteId: siteIdField,
    name: text(50),
    idNumber: idNumberField,
    ...childFields,
    leaveAloneOn: childFields.leaveAloneOn.default([]),
    dibao: dibaoClaim.optional(),
  })
  .openapi('AfterSchoolChildCreate');
export type ChildCreate = z.infer<typeof childCreate>;
export const childUpdate = z
  .object({ ...childFields, dibao: dibaoClaim })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', params: { code: 'no_change' } })
  .openapi('AfterSchoolChildUpdate');
export type ChildUpdate = z.infer<typeof childUpdate>;
/** What staff saw, e.g. the 低保证 number, kept with the verification. */
export const dibaoVerifyBody = z.object({ evidence: text(200) }).openapi('AfterSchoolDibaoVerify');

const collectorFields = { name: text(50), relation: text(30), phone: phoneField, idLast4, level: z.enum(COLLECTOR_LEVELS) };
export const collectorsBody = z.object({ collectors: z.array(z.object(collectorFields)).max(20) }).openapi('AfterSchoolCollectorsWrite');
export const collector = z.object({ id: z.string(), name: z.string(), relation: z.string(), phone: z.string(), idLast4: z.string(), level: z.enum(COLLECTOR_LEVELS) }).openapi('AfterSchoolCollector');

export const delegationCreate = z
  .object({ name: text(50), phone: phoneField, idLast4, date: dateField, from: timeField, until: timeField })
  .refine((b) => b.until > b.from, { message: 'must be after from', path: ['until'], params: { code: 'range' } })
  .openapi('AfterSchoolDelegationCreate');
export const delegation = z
  .object({ id: z.string(), childId: z.string(), name: z.string(), phone: z.string(), idLast4: z.string(), date: z.string(), from: z.string(), until: z.string() })
  .openapi('AfterSchoolDelegation');

export const enrolment = z
  .object({
    id: z.string(),
    childId: z.string(),
    childName: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    periodId: z.string(),
    weekday: z.number().int(),
    startDate: z.string(),
    status: z.enum(ENROLMENT_STATUSES),
    appliedAt: z.string(),
    enrolledAt: z.string().nullable(),
    /** Place in that weekday's queue while waiting (1 is next), first come first served. */
    position: z.number().int().nullable(),
  })
  .openapi('AfterSchoolEnrolment');
export const enrolmentCreate = z
  .object({ groupId: id, weekdays: schoolDays, startDate: dateField.optional() })
  .openapi('AfterSchoolEnrolmentCreate');
export type EnrolmentCreate = z.infer<typeof enrolmentCreate>;

export const child = z
  .object({
    id: z.string(),
    siteId: z.string(),
    householdId: z.string(),
    name: z.string(),
    /** Masked: `110101********1234`. */
    idNumber: z.string(),
    birthDate: z.string(),
    school: z.string(),
    grade: z.number().int(),
    medicalNotes: z.string().nullable(),
    leaveAloneOn: z.array(z.number().int()),
    /** The 低保 fact as claimed and (once staff saw the certificate) verified; null: not claimed. */
    dibao: storedFact.nullable(),
    collectors: z.array(collector),
    delegations: z.array(delegation),
    enrolments: z.array(enrolment),
  })
  .openapi('AfterSchoolChild');

// ── The door ──────────────────────────────────────────────────────────────────────────
export const checkInBody = z.object({ childId: id });
export const claimant = z.discriminatedUnion('kind', [z.object({ kind: z.literal('person'), name: text(50), idLast4 }), z.object({ kind: z.literal('alone') })]);
export const checkOutBody = z.object({ childId: id, claimant, supervisorId: id.optional() }).openapi('AfterSchoolCheckOut');
const collection = z.object({
  basis: z.enum(['always', 'emergency', 'delegation', 'alone']),
  at: z.string(),
  collectorId: z.string().optional(),
  delegationId: z.string().optional(),
  identity: z.object({ name: z.string(), idLast4: z.string() }).optional(),
  supervisorId: z.string().optional(),
});
export const alert = z.object({ kind: z.enum(['not_checked_in', 'still_present', 'still_present_escalated']), childId: z.string(), childName: z.string(), sessionId: z.string(), groupName: z.string(), since: z.string(), words }).openapi('AfterSchoolAlert');
export const sheetRow = z
  .object({
    childId: z.string(),
    name: z.string(),
    grade: z.number().int(),
    medicalNotes: z.string().nullable(),
    /** The 低保 fact, so staff see who claimed it and verify it when the certificate is shown. */
    dibao: storedFact.nullable(),
    state: z.enum(['expected', ...ATTENDANCE_STATES]),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    collection: collection.nullable(),
    /** Who may collect today, as the door sees them. */
    collectors: z.array(collector),
    delegationsToday: z.array(delegation),
    mayLeaveAloneToday: z.boolean(),
  })
  .openapi('AfterSchoolSheetRow');
export const sheet = z.object({ session, rows: z.array(sheetRow), alerts: z.array(alert) }).openapi('AfterSchoolSheet');
export const refusal = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    childId: z.string(),
    childName: z.string(),
    claimantName: z.string().nullable(),
    claimantIdLast4: z.string().nullable(),
    alone: z.boolean(),
    reason: z.enum(Object.keys(REFUSAL_WORDS) as [RefusalCode, ...RefusalCode[]]),
    words,
    supervisorId: z.string().nullable(),
    supervisorName: z.string().nullable(),
    recordedBy: z.string(),
    recordedByName: z.string(),
    groupName: z.string(),
    sessionDate: z.string(),
    at: z.string(),
  })
  .openapi('AfterSchoolRefusal');
export const refusalsQuery = z.object({ siteId: siteIdField, date: dateField.optional() });
export const notification = z
  .object({ id: z.string(), householdId: z.string(), householdName: z.string(), kind: z.string(), subject: z.string(), body: z.string(), channel: z.string(), status: z.enum(NOTIFICATION_STATUSES), createdAt: z.string(), sentAt: z.string().nullable() })
  .openapi('AfterSchoolNotification');

export const monthQuery = z.object({
  month: z
    .string()
    .refine((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m), { message: 'must be a month YYYY-MM', params: { code: 'month' } })
    .openapi({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })
    .optional(),
});
export const childMonth = z
  .object({
    childId: z.string(),
    month: z.string(),
    sessions: z.array(
      z.object({
        date: z.string(),
        groupName: z.string(),
        state: z.enum(ATTENDANCE_STATES),
        checkedInAt: z.string().nullable(),
        checkedOutAt: z.string().nullable(),
        basis: z.enum(['always', 'emergency', 'delegation', 'alone']).nullable(),
        collectedBy: z.string().nullable(),
        /** What the family pays for the session (its quote); null where the site does not price the line. */
        paysFen: z.number().int().nullable(),
      }),
    ),
    totalPaysFen: z.number().int(),
  })
  .openapi('AfterSchoolChildMonth');

export const statementsQuery = z.object({ siteId: siteIdField }).extend(monthQuery.shape);
export const statement = z
  .object({
    householdId: z.string(),
    householdName: z.string(),
    month: z.string(),
    lines: z.array(
      z.object({
        childId: z.string(),
        childName: z.string(),
        /** Sessions attended and billed (a session marked absent is not). */
        sessions: z.number().int(),
        departments: z.array(z.object({ partyId: z.string(), party: words, programmeCode: z.string().nullable(), amountFen: z.number().int() })),
        /** Sessions priced on the 低保 tier (the child's 低保 verified by staff when it attended). */
        dibaoSessions: z.number().int(),
        /** What the charity pool paid towards the 低保 sessions. */
        charityFen: z.number().int(),
        residentPaysFen: z.number().int(),
      }),
    ),
    totalFen: z.number().int(),
  })
  .openapi('AfterSchoolStatement');
