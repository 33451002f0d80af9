import { applicationRoutes } from './applications.routes';
import { setupRoutes } from './setup.routes';

/** Childcare's routes: applications, offers and the queue; classes and priority rules. */
export const childcareRoutes = [...applicationRoutes, ...setupRoutes];
