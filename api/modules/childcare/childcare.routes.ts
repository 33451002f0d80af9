import { applicationRoutes } from './applications.routes';
import { bookingRoutes } from './bookings.routes';
import { dayRoutes } from './days.routes';
import { feeRoutes } from './fees.routes';
import { setupRoutes } from './setup.routes';

/** Childcare's routes: applications, offers and the queue; classes and priority rules; the days; 临时托 bookings; fees and statements. */
export const childcareRoutes = [...applicationRoutes, ...setupRoutes, ...dayRoutes, ...bookingRoutes, ...feeRoutes];
