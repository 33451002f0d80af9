import { CLASS_KINDS, MAX_BOOKING_DATES } from '../../../domain/childcare';
import { z } from '../../openapi';
import { dateField, idNumberField, siteIdField } from '../canteen/canteen.schemas';
import { BOOKING_STATUSES } from './bookings.entity';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A child the household applied for (`applicationId`), or one named by name and 身份证号. */
export const bookingCreate = z
  .object({
    siteId: siteIdField,
    dates: z.array(dateField).min(1, 'must name at least one day').max(MAX_BOOKING_DATES, `at most ${MAX_BOOKING_DATES} days at once`),
    applicationId: z.string().min(1).max(64).optional(),
    childName: text(50).optional(),
    idNumber: idNumberField.optional(),
    /** Staff booking for a family name its household; a parent books for its own. */
    householdId: z.string().min(1).max(64).optional(),
  })
  .refine((b) => b.applicationId !== undefined || b.childName !== undefined, { message: 'is needed unless an applicationId is given', path: ['childName'], params: { code: 'required' } })
  .refine((b) => b.applicationId !== undefined || b.idNumber !== undefined, { message: 'is needed unless an applicationId is given', path: ['idNumber'], params: { code: 'required' } })
  .openapi('ChildcareBookingCreate');

export const bookingsQuery = z.object({ siteId: siteIdField, date: dateField.optional() });
export const freeQuery = z.object({ siteId: siteIdField, from: dateField, to: dateField });

export const booking = z
  .object({
    id: z.string(),
    siteId: z.string(),
    householdId: z.string(),
    householdName: z.string(),
    applicationId: z.string().nullable(),
    childName: z.string(),
    /** Masked. */
    idNumber: z.string(),
    birthDate: z.string(),
    classId: z.string(),
    className: z.string(),
    classNameEn: z.string().nullable(),
    date: z.string(),
    status: z.enum(BOOKING_STATUSES),
    /** `HH:mm` the child came in, once it has. */
    checkIn: z.string().nullable(),
    /** Attended and priced as a served unit. */
    billed: z.boolean(),
  })
  .openapi('ChildcareBooking');

export const freeDay = z
  .object({
    date: z.string(),
    siteFree: z.number().int(),
    classes: z.array(z.object({ classId: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.enum(CLASS_KINDS), free: z.number().int() })),
  })
  .openapi('ChildcareFreeDay');
