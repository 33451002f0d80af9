import type { PassportStatic } from 'passport';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes, TokenIssuer } from './auth/auth.routes';
import type { AnyRoute } from './http/route';
import { afterschoolRoutes } from './modules/afterschool/afterschool.routes';
import { canteenRoutes } from './modules/canteen/canteen.routes';
import { carehomeRoutes } from './modules/carehome/carehome.routes';
import { carehomeBillingRoutes } from './modules/carehome/billing.routes';
import { childcareRoutes } from './modules/childcare/childcare.routes';
import { costsharingRoutes } from './modules/costsharing/costsharing.routes';
import { reconciliationRoutes } from './modules/reconciliation/reconciliation.routes';
import { reconciliationOverviewRoutes } from './modules/reconciliation/overview.routes';
import { sitesRoutes } from './modules/sites/sites.routes';

/** Every route of /api/v1, in one list: mounted, validated, authorized and documented from it. */
export function allRoutes(passport: PassportStatic, issueToken: TokenIssuer): AnyRoute[] {
  return [...authRoutes(passport, issueToken), ...sitesRoutes, ...auditRoutes, ...costsharingRoutes, ...canteenRoutes, ...childcareRoutes, ...carehomeRoutes, ...carehomeBillingRoutes, ...afterschoolRoutes, ...reconciliationRoutes, ...reconciliationOverviewRoutes];
}
