import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { CarehomeBill } from './billing.entity';
import { accountsQuery, billRunBody, billRunResult, depositUseBody, paymentBody, residentAccount, statement, statementsQuery } from './billing.schemas';
import { listAccounts, listStatements, recordPayment, runBills, useDeposit } from './billing.service';
import { CarehomeResidence } from './carehome.entity';

const tag = 'carehome';
const residenceParam = idParam('residenceId');
const ofResidence = scope.record<{ residenceId: string }, unknown, unknown>(CarehomeResidence, 'Residence', ({ params }) => params.residenceId);

/** The care home's bills: a month's bed-days priced, statements, arrears, payments and deposit decisions. */
export const carehomeBillingRoutes = [
  route({
    method: 'post',
    path: '/carehome/bills/run',
    action: 'carehome.manage',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'Bill an ended month for the site: each resident’s served bed-days priced by care level (民政 subsidy, voucher, the family’s share), leave days by the leave rules; residences already billed for the month are not billed again',
    body: billRunBody,
    response: billRunResult,
    handler: async ({ em, user, body, app }) => runBills(em, user, body.siteId, body.month, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/carehome/statements',
    action: 'carehome.view',
    scope: scope.querySite,
    tag,
    summary: 'Monthly statements, one per family and month (newest first), with leave days, who pays what, and arrears: a family’s own relative’s, or every family’s of the site for staff',
    query: statementsQuery,
    response: z.array(statement),
    handler: async ({ em, query, scope }) => listStatements(em, query.siteId, scope.where(em, CarehomeBill), query.month),
  }),
  route({
    method: 'get',
    path: '/carehome/accounts',
    action: 'carehome.manage',
    scope: scope.querySite,
    tag,
    summary: 'The arrears list: every resident’s account (billed, paid, settled from the deposit, owed, deposit held), most owed first',
    query: accountsQuery,
    response: z.array(residentAccount),
    handler: async ({ em, query, app }) => listAccounts(em, query.siteId, {}, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/payments',
    action: 'carehome.manage',
    scope: ofResidence,
    idempotent: true,
    tag,
    summary: 'Record a family’s payment towards the resident’s bills',
    params: residenceParam,
    body: paymentBody,
    response: residentAccount,
    status: 201,
    handler: async ({ em, user, params, body, scope, app }) => recordPayment(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/deposit-uses',
    action: 'carehome.manage',
    scope: ofResidence,
    idempotent: true,
    tag,
    summary: 'Settle arrears from the deposit held, by a recorded decision with its reason (never more than is owed or held)',
    params: residenceParam,
    body: depositUseBody,
    response: residentAccount,
    status: 201,
    handler: async ({ em, user, params, body, scope, app }) => useDeposit(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
];
