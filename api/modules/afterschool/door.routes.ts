import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { siteIdField } from '../canteen/canteen.schemas';
import { alert, checkInBody, checkOutBody, refusal, refusalsQuery, sheet } from './afterschool.schemas';
import { checkIn, checkOut, describeSheet, listAlerts, listRefusals, markAbsent } from './sessions.service';
import { ofSession } from './setup.routes';

const tag = 'afterschool';
const sessionParam = idParam('sessionId');

export const doorRoutes = [
  route({
    method: 'get',
    path: '/afterschool/sessions/:sessionId/sheet',
    action: 'afterschool.manage',
    scope: ofSession,
    tag,
    summary: 'A session’s sheet for the door: each child expected, in or out, who may collect it that day, medical notes, and the alerts due now',
    params: sessionParam,
    response: sheet,
    handler: async ({ em, params, app }) => describeSheet(em, params.sessionId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/afterschool/sessions/:sessionId/check-in',
    action: 'afterschool.manage',
    scope: ofSession,
    transaction: true,
    tag,
    summary: 'Check a child of today’s sheet in, with the time and who did it (409 if already in or out)',
    params: sessionParam,
    body: checkInBody,
    response: sheet,
    handler: async ({ em, user, params, body, app }) => checkIn(em, user, params.sessionId, body.childId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/afterschool/sessions/:sessionId/check-out',
    action: 'afterschool.manage',
    scope: ofSession,
    // The service opens the transaction itself: a refusal must be kept (audited) and still be answered as a 422.
    tag,
    summary:
      'Hand a checked-in child over, only to a person allowed that day (always; emergency with another staff member as supervisor; a day delegation within its window) or alone where allowed; a refusal is 422 with its reason and is audited with who tried',
    params: sessionParam,
    body: checkOutBody,
    response: sheet,
    handler: async ({ em, user, params, body, app }) => checkOut(em, user, params.sessionId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/afterschool/sessions/:sessionId/absence',
    action: 'afterschool.manage',
    scope: ofSession,
    transaction: true,
    tag,
    summary: 'Mark a child of today’s sheet absent (expected, or checked in by mistake: the check-in is taken back and its priced session voided, so it is not billed); 409 if already absent or gone home',
    params: sessionParam,
    body: checkInBody,
    response: sheet,
    handler: async ({ em, params, body, app }) => markAbsent(em, params.sessionId, body.childId, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/afterschool/alerts',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'Today’s door alerts across the site: expected and not checked in by the set time; still present after the end, escalated after the set minutes',
    query: z.object({ siteId: siteIdField }),
    response: z.array(alert),
    handler: async ({ em, query, app }) => listAlerts(em, query.siteId, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/afterschool/refusals',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'Refused check-outs (of a day, or the latest 200): who tried, why, and the staff member at the door',
    query: refusalsQuery,
    response: z.array(refusal),
    handler: async ({ em, query }) => listRefusals(em, query.siteId, query.date),
  }),
];
