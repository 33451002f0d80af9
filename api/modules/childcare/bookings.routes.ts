import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { ChildcareBooking } from './bookings.entity';
import { booking, bookingCreate, bookingsQuery, freeDay, freeQuery } from './bookings.schemas';
import { bookDays, cancelBooking, checkInBooking, freePlaces, listBookings } from './bookings.service';

const tag = 'childcare';
const bookingParam = idParam('bookingId');
/** A booked day: its household alone, and the staff of its site. */
const ofBooking = scope.record<{ bookingId: string }, unknown, unknown>(ChildcareBooking, 'Booking', ({ params }) => params.bookingId);

export const bookingRoutes = [
  route({
    method: 'get',
    path: '/childcare/bookings/free',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: '临时托: the places free on each day the centre opens from `from` to `to` (at most 31 days), per class and for the site',
    query: freeQuery,
    response: z.array(freeDay),
    handler: async ({ em, query }) => freePlaces(em, query.siteId, query.from, query.to),
  }),
  route({
    method: 'get',
    path: '/childcare/bookings',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: '临时托 days booked: a parent’s household’s from today on, or staff’s view of the site’s on a day (today unless given)',
    query: bookingsQuery,
    response: z.array(booking),
    handler: async ({ em, user, query, scope, app }) => listBookings(em, user, scope.where(em, ChildcareBooking), query.date, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/bookings',
    action: 'childcare.book',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'Book a child for 临时托 days from free places, all or none (409 naming each day with none free): a parent its own child, staff for a family',
    body: bookingCreate,
    response: z.array(booking),
    status: 201,
    handler: async ({ em, user, body, app }) => bookDays(em, user, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/bookings/:bookingId/cancel',
    action: 'childcare.book',
    scope: ofBooking,
    idempotent: true,
    tag,
    summary: 'Cancel a booked day before the child comes; the place is free again at once (cancelling again changes nothing)',
    params: bookingParam,
    response: booking,
    handler: async ({ em, user, params, scope, app }) => cancelBooking(em, user, scope.siteId!, params.bookingId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/bookings/:bookingId/check-in',
    action: 'childcare.days.write',
    scope: ofBooking,
    idempotent: true,
    tag,
    summary: '入园 on a booked day (today): the day is billed now as one served unit on the 临时托 line; 409 when already in',
    params: bookingParam,
    response: booking,
    handler: async ({ em, user, params, scope, app }) => checkInBooking(em, user, scope.siteId!, params.bookingId, app.clock.now()),
  }),
];
