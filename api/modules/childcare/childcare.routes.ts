import { applicationRoutes } from './applications.routes';
import { dayRoutes } from './days.routes';
import { setupRoutes } from './setup.routes';

/** Childcare's routes: applications, offers and the queue; classes and priority rules; the days. */
export const childcareRoutes = [...applicationRoutes, ...setupRoutes, ...dayRoutes];
