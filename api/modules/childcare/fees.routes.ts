import { route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { ChildcareBooking } from './bookings.entity';
import { ChildcareFee } from './childcare.entity';
import { billBody, billResult, statement, statementsQuery } from './childcare.schemas';
import { billMonth, listStatements } from './fees.service';

const tag = 'childcare';

export const feeRoutes = [
  route({
    method: 'post',
    path: '/childcare/fees/bill',
    action: 'childcare.manage',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'Bill a month for the site: one priced slot-month per enrolled child, less the absence rules’ refunds; children already billed for the month are not billed again',
    body: billBody,
    response: billResult,
    handler: async ({ em, user, body, app }) => billMonth(em, user, body.siteId, body.month, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/childcare/statements',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: 'Monthly statements, one per family and month (newest first): slot-months and the 临时托 days a child came; a parent’s household’s, or every family’s of the site for staff',
    query: statementsQuery,
    response: z.array(statement),
    handler: async ({ em, query, scope }) => listStatements(em, query.siteId, scope.where(em, ChildcareFee), scope.where(em, ChildcareBooking), query.month),
  }),
];
