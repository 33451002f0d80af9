import { ABSENCE_REASONS, CLASS_KINDS, DAY_STATES, FINDINGS, HALVES, TEMPERATURE_TENTHS } from '../../../domain/childcare';
import { z } from '../../openapi';
import { dateField, siteIdField } from '../canteen/canteen.schemas';
import { WAITLISTED_MODES } from './childcare.entity';
import { DAY_CHANGES } from './days.entity';

const words = z.object({ zh: z.string(), en: z.string() });
const note = z.string().trim().max(200, 'must be at most 200 characters');
const time = z.object({ at: z.string(), time: z.string() });

export const dayParams = z.object({ enrolmentId: z.string().min(1).max(64), date: dateField });
export const dutyParams = z.object({ classId: z.string().min(1).max(64), date: dateField });

export const healthCheckBody = z
  .object({
    /** Tenths of a degree (365 is 36.5 °C); null when it could not be taken. */
    temperatureTenths: z.number().int('must be a whole number of tenths').min(TEMPERATURE_TENTHS.min).max(TEMPERATURE_TENTHS.max).nullable(),
    findings: z.array(z.enum(FINDINGS)).min(1, 'must name at least one finding').max(FINDINGS.length),
    admitted: z.boolean(),
    note: note.nullable().optional(),
  })
  .openapi('ChildcareHealthCheck');

/** A correction gives the time it really was (`08:05`); without one, now. */
export const timeBody = z
  .object({ at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm').optional() })
  .openapi('ChildcareTimeCorrection');

export const absenceBody = z
  .object({ from: dateField, to: dateField.optional(), reason: z.enum(ABSENCE_REASONS), note: note.nullable().optional() })
  .openapi('ChildcareAbsenceMark');

export const dutyBody = z
  .object({ carers: z.array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')).max(20, 'at most 20 carers') })
  .openapi('ChildcareDutyWrite');

export const sheetQuery = z.object({ siteId: siteIdField, date: dateField.optional() });
/** The month to read, this month unless given. */
export const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM').optional() });
export const enrolmentsQuery = z.object({ siteId: siteIdField });

export const childDay = z
  .object({
    enrolmentId: z.string(),
    childName: z.string(),
    mode: z.enum(WAITLISTED_MODES),
    half: z.enum(HALVES).nullable(),
    date: z.string(),
    state: z.enum(DAY_STATES),
    healthCheck: z
      .object({ temperatureTenths: z.number().int().nullable(), findings: z.array(z.enum(FINDINGS)), admitted: z.boolean(), note: z.string().nullable(), by: z.string().nullable(), at: z.string(), time: z.string() })
      .nullable(),
    checkIn: time.nullable(),
    checkOut: time.nullable(),
    absence: z.object({ reason: z.enum(ABSENCE_REASONS), note: z.string().nullable(), markedBy: z.enum(['staff', 'parent']), by: z.string().nullable() }).nullable(),
    /** Every change of the day, with who and when; `corrected` when it rewrote what was recorded. */
    history: z.array(z.object({ what: z.enum(DAY_CHANGES), by: z.string().nullable(), at: z.string(), corrected: z.boolean() })),
    version: z.number().int(),
  })
  .openapi('ChildcareChildDay');

export const classDay = z
  .object({
    classId: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    kind: z.enum(CLASS_KINDS),
    childrenPerCarer: z.number().int(),
    carers: z.array(z.string()),
    /** Children present and those still expected: whom the carers answer for now. */
    childrenCounted: z.number().int(),
    carersNeeded: z.number().int(),
    short: z.number().int(),
    warning: words.nullable(),
    children: z.array(childDay),
  })
  .openapi('ChildcareClassDay');

export const daySheet = z.object({ siteId: z.string(), date: z.string(), open: z.boolean(), classes: z.array(classDay) }).openapi('ChildcareDaySheet');

export const enrolment = z
  .object({
    id: z.string(),
    siteId: z.string(),
    childName: z.string(),
    classId: z.string(),
    className: z.string(),
    classNameEn: z.string().nullable(),
    mode: z.enum(WAITLISTED_MODES),
    half: z.enum(HALVES).nullable(),
    fromDate: z.string(),
    toDate: z.string().nullable(),
  })
  .openapi('ChildcareEnrolment');

export const childMonth = z
  .object({
    enrolmentId: z.string(),
    childName: z.string(),
    month: z.string(),
    days: z.array(childDay),
    attended: z.number().int(),
    absent: z.object({ sick: z.number().int(), leave: z.number().int(), holiday: z.number().int() }),
  })
  .openapi('ChildcareChildMonth');
