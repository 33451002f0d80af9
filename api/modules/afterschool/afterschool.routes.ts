import { doorRoutes } from './door.routes';
import { familyRoutes } from './families.routes';
import { setupRoutes } from './setup.routes';

/** After-school care's routes: terms, groups and sessions; children, collectors and enrolments; the door. */
export const afterschoolRoutes = [...setupRoutes, ...familyRoutes, ...doorRoutes];
