import { defineEntity, InferEntity } from '@mikro-orm/core';
import { ABSENCE_REASONS, type Finding } from '../../../domain/childcare/days';
import { businessDate, foreignId, idProperty } from '../../entity-helpers';

export const DAY_CHANGES = ['health_check', 'check_in', 'check_out', 'absence', 'absence_cancelled'] as const;
export type DayChange = (typeof DAY_CHANGES)[number];

/** One change of a child's day, with what the fields it changed said before (null: first time). */
export interface DayHistoryEntry {
  what: DayChange;
  by: string;
  at: string;
  was: Record<string, unknown> | null;
}

/**
 * An enrolled child's day: the 晨检, the times in and out, or an absence. One row per enrolment
 * and date; a correction the same day rewrites the fields and keeps the change in `history`.
 * The household is copied from the enrolment so a parent reaches its own child's days alone.
 */
export const ChildcareDay = defineEntity({
  name: 'ChildcareDay',
  tableName: 'childcare_day',
  uniques: [{ properties: ['enrolmentId', 'date'] }],
  indexes: [{ properties: ['siteId', 'date'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    enrolmentId: foreignId(),
    classId: foreignId(),
    date: businessDate(),
    /** Tenths of a degree: 365 is 36.5 °C. */
    temperatureTenths: p.integer().nullable(),
    findings: p.json<Finding[]>().nullable(),
    admitted: p.boolean().nullable(),
    checkNote: p.string().length(200).nullable(),
    checkedBy: foreignId().nullable(),
    checkedAt: p.datetime().nullable(),
    checkInAt: p.datetime().nullable(),
    checkInBy: foreignId().nullable(),
    checkOutAt: p.datetime().nullable(),
    checkOutBy: foreignId().nullable(),
    absenceReason: p.enum([...ABSENCE_REASONS]).nullable(),
    absenceNote: p.string().length(200).nullable(),
    /** A parent may cancel only the absences its household marked. */
    absenceMarkedBy: p.enum(['staff', 'parent'] as const).nullable(),
    absenceBy: foreignId().nullable(),
    absenceAt: p.datetime().nullable(),
    history: p.json<DayHistoryEntry[]>(),
    version: p.integer(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IChildcareDay = InferEntity<typeof ChildcareDay>;

/** The carers on duty in a class on a day, by name: their count is what the ratio check reads. */
export const ChildcareDuty = defineEntity({
  name: 'ChildcareDuty',
  tableName: 'childcare_duty',
  uniques: [{ properties: ['classId', 'date'] }],
  indexes: [{ properties: ['siteId', 'date'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    classId: foreignId(),
    date: businessDate(),
    carers: p.json<string[]>(),
    updatedBy: foreignId(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IChildcareDuty = InferEntity<typeof ChildcareDuty>;
