import { defineEntity, InferEntity } from '@mikro-orm/core';
import { businessDate, createdAt, foreignId, idProperty } from '../../entity-helpers';

export const BOOKING_STATUSES = ['booked', 'cancelled'] as const;

/**
 * A 临时托 day: one child in one class on one date, taken from what was free that day. The
 * child is named here (an occasional child need not have applied); `applicationId` when the
 * family booked a child it applied for. Checking in is what the day is billed on: the served
 * unit is written then. A cancelled day keeps its row, and who cancelled it.
 */
export const ChildcareBooking = defineEntity({
  name: 'ChildcareBooking',
  tableName: 'childcare_booking',
  indexes: [{ properties: ['siteId', 'date'] }, { properties: ['householdId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    classId: foreignId(),
    date: businessDate(),
    applicationId: foreignId().nullable(),
    childName: p.string().length(50),
    idNumber: p.string().length(18),
    birthDate: businessDate(),
    status: p.enum([...BOOKING_STATUSES]),
    bookedBy: foreignId(),
    createdAt: createdAt(),
    cancelledBy: foreignId().nullable(),
    cancelledAt: p.datetime().nullable(),
    checkInAt: p.datetime().nullable(),
    checkInBy: foreignId().nullable(),
    servedUnitId: foreignId().nullable(),
  }),
});
export type IChildcareBooking = InferEntity<typeof ChildcareBooking>;
