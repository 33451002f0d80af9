import { businessDateOf } from '../../../domain/shared/time';
import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { answerDispute, buildClaims, checkList, closeMonth, reviewClaim, submitClaim } from './claims.service';
import { allocatePayment, importPayments, recordPayment, receivables } from './payments.service';
import { ledgerEntries, ledgerOfSite } from './ledger-view';
import { IReconPayment, ReconClaim, ReconClaimLine, ReconPayment, ReconPeriod } from './reconciliation.entity';
import {
  allocateBody,
  answerBody,
  buildOutcome,
  checkInfo,
  claim,
  claimLine,
  claimLines as claimLinesSchema,
  claimsQuery,
  compareBody,
  comparison,
  importBody,
  importOutcome,
  ledger,
  ledgerEntries as ledgerEntriesSchema,
  ledgerEntriesQuery,
  ledgerQuery,
  linesQuery,
  payment,
  paymentBody,
  paymentsQuery,
  period,
  receivable,
  receivablesQuery,
  reviewBody,
  siteMonth,
  statementQuery,
  submitBody,
} from './reconciliation.schemas';
import { claimLines, claimOrFail, claimStatement, compareClaim, describeClaims, sendStatement } from './statements';

const tag = 'reconciliation';
const claimScope = scope.record<{ claimId: string }, unknown, unknown>(ReconClaim, 'Claim', ({ params }) => params.claimId);

const toPayment = (p: IReconPayment) => ({
  id: p.id,
  departmentId: p.departmentId,
  siteId: p.siteId,
  paidOn: p.paidOn,
  amountFen: p.amountFen,
  allocatedFen: p.allocatedFen,
  reference: p.reference,
  payerAccount: p.payerAccount ?? null,
  imported: p.importId != null,
});

export const reconciliationRoutes = [
  route({
    method: 'get',
    path: '/reconciliation/checks',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'The checks every claim passes before it leaves',
    response: z.array(checkInfo),
    handler: async () => checkList(),
  }),
  route({
    method: 'post',
    path: '/reconciliation/claims/build',
    action: 'reconciliation.prepare',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Build (again) the site’s draft claims for a month from its served units, with every live check; claims already sent are left as sent',
    body: siteMonth,
    response: buildOutcome,
    handler: async ({ em, body, app }) => buildClaims(em, { siteIds: [body.siteId], month: body.month }, app.clock.now().toJSDate()),
  }),
  route({
    method: 'get',
    path: '/reconciliation/claims',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'Claims in reach: a department’s own programmes at every site, the operator’s and community’s sites',
    query: claimsQuery,
    response: z.array(claim),
    handler: async ({ em, query, scope }) => {
      const claims = await em.find(
        ReconClaim,
        { ...(scope.where(em, ReconClaim) as object), ...(query.siteId ? { siteId: query.siteId } : {}), ...(query.month ? { period: query.month } : {}), ...(query.status ? { status: query.status } : {}) },
        { orderBy: { period: 'desc', siteId: 'asc', programmeCode: 'asc' }, limit: 500 },
      );
      // A department sees its claims only once they are sent.
      return describeClaims(em, scope.reach.departmentId ? claims.filter((c) => c.status !== 'draft') : claims);
    },
  }),
  route({
    method: 'get',
    path: '/reconciliation/claims/:claimId',
    action: 'reconciliation.view',
    scope: claimScope,
    tag,
    summary: 'One claim with its totals, checks found and what is paid',
    params: idParam('claimId'),
    response: claim,
    handler: async ({ em, params }) => (await describeClaims(em, [await claimOrFail(em, params.claimId)]))[0],
  }),
  route({
    method: 'get',
    path: '/reconciliation/claims/:claimId/lines',
    action: 'reconciliation.view',
    scope: claimScope,
    tag,
    summary: 'A claim’s lines with the person, the findings and the review, filtered by status, kind, check, service line, person, name or date',
    params: idParam('claimId'),
    query: linesQuery,
    response: claimLinesSchema,
    handler: async ({ em, params, query }) => claimLines(em, await claimOrFail(em, params.claimId), { limit: 100, ...query }),
  }),
  route({
    method: 'post',
    path: '/reconciliation/claims/:claimId/submit',
    action: 'reconciliation.prepare',
    scope: claimScope,
    transaction: true,
    tag,
    summary: 'Send a draft claim to its department once its month is over: 422 while a check finds an error or a warning has no reason',
    params: idParam('claimId'),
    body: submitBody,
    response: claim,
    handler: async ({ em, params, body, user, app }) => {
      const c = await submitClaim(em, user, params.claimId, body.reasons ?? [], app.clock.now());
      return (await describeClaims(em, [c]))[0];
    },
  }),
  route({
    method: 'post',
    path: '/reconciliation/claims/:claimId/review',
    action: 'reconciliation.review',
    scope: claimScope,
    transaction: true,
    tag,
    summary: 'The department approves lines, or disputes them with a reason',
    params: idParam('claimId'),
    body: reviewBody,
    response: claim,
    handler: async ({ em, params, body, app }) => {
      const c = await reviewClaim(em, params.claimId, body, app.clock.now());
      return (await describeClaims(em, [c]))[0];
    },
  }),
  route({
    method: 'post',
    path: '/reconciliation/lines/:lineId/answer',
    action: 'reconciliation.prepare',
    scope: scope.record<{ lineId: string }, unknown, unknown>(ReconClaimLine, 'Line', ({ params }) => params.lineId),
    transaction: true,
    tag,
    summary: 'Answer a disputed line: void it, or adjust it to an amount; the refund and correction land in the open month, linked to it',
    params: idParam('lineId'),
    body: answerBody,
    response: z.array(claimLine.pick({ id: true, kind: true, amountFen: true, correctsLineId: true, correctsPeriod: true }).extend({ claimId: z.string() })),
    handler: async ({ em, params, body, app }) =>
      (await answerDispute(em, params.lineId, body, app.clock.now())).map((l) => ({
        id: l.id,
        claimId: l.claimId,
        kind: l.kind,
        amountFen: l.amountFen,
        correctsLineId: l.correctsLineId ?? null,
        correctsPeriod: l.correctsPeriod ?? null,
      })),
  }),
  route({
    method: 'get',
    path: '/reconciliation/claims/:claimId/statement',
    action: 'reconciliation.view',
    scope: claimScope,
    tag,
    summary: 'The claim’s statement with its lines: XLSX (default), CSV or PDF',
    params: idParam('claimId'),
    query: statementQuery,
    response: z.string().openapi({ format: 'binary' }),
    raw: { contentType: 'application/octet-stream' },
    handler: async ({ em, params, query, res }) => {
      await sendStatement(res, await claimStatement(em, await claimOrFail(em, params.claimId)), query.format ?? 'xlsx');
      return '';
    },
  }),
  route({
    method: 'post',
    path: '/reconciliation/claims/:claimId/compare',
    action: 'reconciliation.view',
    scope: claimScope,
    tag,
    summary: 'Compare the claim with the department’s own list (CSV or XLSX, by ID number): match, difference by field, only in the claim, only in their list',
    params: idParam('claimId'),
    body: compareBody,
    response: z.array(comparison),
    handler: async ({ em, params, body }) => compareClaim(em, await claimOrFail(em, params.claimId), body),
  }),
  route({
    method: 'get',
    path: '/reconciliation/periods',
    action: 'reconciliation.view',
    scope: scope.querySite,
    tag,
    summary: 'The site’s closed months (a month not listed is open)',
    query: z.object({ siteId: z.string().min(1).max(64) }),
    response: z.array(period),
    handler: async ({ em, query }) =>
      (await em.find(ReconPeriod, { siteId: query.siteId }, { orderBy: { month: 'desc' } })).map((p) => ({
        siteId: p.siteId,
        month: p.month,
        state: p.state,
        closedAt: p.closedAt?.toISOString() ?? null,
      })),
  }),
  route({
    method: 'post',
    path: '/reconciliation/periods/close',
    action: 'reconciliation.prepare',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Close (freeze) a site’s month, in order: every claim sent, every unit claimed; later changes to it land as refunds and corrections in the open month',
    body: siteMonth,
    response: period,
    status: 201,
    handler: async ({ em, body, user, app }) => {
      const p = await closeMonth(em, user, body.siteId, body.month, app.clock.now());
      return { siteId: p.siteId, month: p.month, state: p.state, closedAt: p.closedAt?.toISOString() ?? null };
    },
  }),
  route({
    method: 'post',
    path: '/reconciliation/payments',
    action: 'reconciliation.payments.write',
    scope: scope.bodySite,
    transaction: true,
    idempotent: true,
    tag,
    summary: 'Record a department’s payment for a site’s claims, allocated oldest claim first unless told to leave it on account',
    body: paymentBody,
    response: payment,
    status: 201,
    handler: async ({ em, body, user, scope, app }) => toPayment(await recordPayment(em, user, scope.reach, body, app.clock.now())),
  }),
  route({
    method: 'post',
    path: '/reconciliation/payments/import',
    action: 'reconciliation.payments.write',
    scope: scope.bodySite,
    transaction: true,
    idempotent: true,
    tag,
    summary: 'Import a finance file (CSV or XLSX): all rows or none (422 by row); the same file or row again changes nothing',
    body: importBody,
    response: importOutcome,
    handler: async ({ em, body, user, scope, app }) => importPayments(em, user, scope.reach, body, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/reconciliation/payments',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'Payments in reach, newest first',
    query: paymentsQuery,
    response: z.array(payment),
    handler: async ({ em, query, scope }) =>
      (
        await em.find(
          ReconPayment,
          { ...(scope.where(em, ReconPayment) as object), ...(query.siteId ? { siteId: query.siteId } : {}), ...(query.departmentId ? { departmentId: query.departmentId } : {}) },
          { orderBy: { paidOn: 'desc', id: 'desc' }, limit: 500 },
        )
      ).map(toPayment),
  }),
  route({
    method: 'post',
    path: '/reconciliation/payments/:paymentId/allocations',
    action: 'reconciliation.payments.write',
    scope: scope.record<{ paymentId: string }, unknown, unknown>(ReconPayment, 'Payment', ({ params }) => params.paymentId),
    transaction: true,
    idempotent: true,
    tag,
    summary: 'Allocate a payment’s money on account to its department’s claims at the site: by hand, or oldest first',
    params: idParam('paymentId'),
    body: allocateBody,
    response: payment,
    handler: async ({ em, params, body, user, app }) => toPayment(await allocatePayment(em, user, params.paymentId, body, app.clock.now())),
  }),
  route({
    method: 'get',
    path: '/reconciliation/receivables',
    action: 'reconciliation.view',
    scope: scope.reach,
    tag,
    summary: 'What each department still owes, by days since submission (0–30, 31–60, 61–90, over 90)',
    query: receivablesQuery,
    response: z.array(receivable),
    handler: async ({ em, query, scope, app }) =>
      receivables(em, { ...(scope.where(em, ReconClaim) as object), ...(query.siteId ? { siteId: query.siteId } : {}) }, query.asOf ?? businessDateOf(app.clock.now())),
  }),
  route({
    method: 'get',
    path: '/reconciliation/ledger',
    action: 'reconciliation.ledger.read',
    scope: scope.querySite,
    tag,
    summary: 'The site’s reconciliation ledger: each account, named, with its debits, credits and balance; debits always equal credits',
    query: ledgerQuery,
    response: ledger,
    handler: async ({ em, query }) => ledgerOfSite(em, query.siteId),
  }),
  route({
    method: 'get',
    path: '/reconciliation/ledger/entries',
    action: 'reconciliation.ledger.read',
    scope: scope.querySite,
    tag,
    summary: 'A page of one account’s entries at the site, newest first (`limit` of them, 500 at most, after `offset`), of a month when asked, each with the claim, payment or bill it came from; with how many there are in all and whether more follow',
    query: ledgerEntriesQuery,
    response: ledgerEntriesSchema,
    handler: async ({ em, query }) => ledgerEntries(em, query.siteId, query.account, query),
  }),
];
