import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { siteIdField } from '../canteen/canteen.schemas';
import { AfterSchoolSession } from './afterschool.entity';
import {
  cancelBody,
  group,
  groupCreate,
  groupCreated,
  groupsQuery,
  moveBody,
  notification,
  period,
  periodCreate,
  rangeQuery,
  rosterBody,
  session,
  sessionChanged,
  sessionsQuery,
  settings,
  settingsWrite,
  weekQuery,
} from './afterschool.schemas';
import { sendAttendance, sendWeekRoster } from './exports';
import { listNotifications } from './notifications';
import { attendanceRows, cancelSession, listSessions, moveSessionTo, setRoster, weekRoster } from './sessions.service';
import { createGroup, createPeriod, describeSettings, listGroups, listPeriods, writeSettings } from './setup.service';

const tag = 'afterschool';
const sessionParam = idParam('sessionId');
export const ofSession = scope.record<{ sessionId: string }, unknown, unknown>(AfterSchoolSession, 'Session', ({ params }) => params.sessionId);
const xlsx = { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export const setupRoutes = [
  route({
    method: 'get',
    path: '/afterschool/settings',
    action: 'afterschool.view',
    scope: scope.querySite,
    tag,
    summary: 'A site’s staff-ratio rule (Shenzhen’s unless set: up to 25 children 2 staff, one more per further 20) and door alert times (30 and 15 minutes)',
    query: z.object({ siteId: siteIdField }),
    response: settings,
    handler: async ({ em, query }) => describeSettings(em, query.siteId),
  }),
  route({
    method: 'put',
    path: '/afterschool/settings',
    action: 'afterschool.settings.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Set a site’s staff-ratio rule and door alert times',
    body: settingsWrite,
    response: settings,
    handler: async ({ em, user, body }) => {
      const { siteId, ...values } = body;
      return writeSettings(em, user, siteId, values);
    },
  }),
  route({
    method: 'get',
    path: '/afterschool/periods',
    action: 'afterschool.view',
    scope: scope.querySite,
    tag,
    summary: 'The site’s terms and holiday camps, newest first',
    query: z.object({ siteId: siteIdField }),
    response: z.array(period),
    handler: async ({ em, query }) => listPeriods(em, query.siteId),
  }),
  route({
    method: 'post',
    path: '/afterschool/periods',
    action: 'afterschool.manage',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'Open a term or holiday camp, with the 调休 days’ weekdays and the site’s closing days',
    body: periodCreate,
    response: period,
    status: 201,
    handler: async ({ em, body }) => createPeriod(em, body),
  }),
  route({
    method: 'get',
    path: '/afterschool/groups',
    action: 'afterschool.view',
    scope: scope.querySite,
    tag,
    summary: 'The site’s groups (of a term) with places per weekday: taken, free and waiting, and whether the pattern gives “5+2”',
    query: groupsQuery,
    response: z.array(group),
    handler: async ({ em, query }) => listGroups(em, query.siteId, query.periodId),
  }),
  route({
    method: 'post',
    path: '/afterschool/groups',
    action: 'afterschool.manage',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'Open a group of a term with its weekly pattern: its dated sessions are made at once (no statutory holidays, 调休 working days included)',
    body: groupCreate,
    response: groupCreated,
    status: 201,
    handler: async ({ em, body }) => createGroup(em, body),
  }),
  route({
    method: 'get',
    path: '/afterschool/sessions',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'Sessions of a date range (the roster grid): children expected and present, staff, and the ratio flag with a free staff member as the fix',
    query: sessionsQuery,
    response: z.array(session),
    handler: async ({ em, query, app }) => listSessions(em, query.siteId, query, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/afterschool/sessions/:sessionId/cancel',
    action: 'afterschool.manage',
    scope: ofSession,
    transaction: true,
    tag,
    summary: 'Cancel a session still to come; every family expected is told through the outbox (the answer says how many)',
    params: sessionParam,
    body: cancelBody,
    response: sessionChanged,
    handler: async ({ em, params, body, app }) => cancelSession(em, params.sessionId, body.reason, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/afterschool/sessions/:sessionId/move',
    action: 'afterschool.manage',
    scope: ofSession,
    transaction: true,
    tag,
    summary: 'Move a session still to come to another working day or hours; every family expected is told through the outbox (the answer says how many)',
    params: sessionParam,
    body: moveBody,
    response: sessionChanged,
    handler: async ({ em, params, body, app }) => moveSessionTo(em, params.sessionId, body, app.clock.now()),
  }),
  route({
    method: 'put',
    path: '/afterschool/sessions/:sessionId/roster',
    action: 'afterschool.manage',
    scope: ofSession,
    transaction: true,
    tag,
    summary: 'Set who works a session (the site’s after-school staff); answers its ratio flag',
    params: sessionParam,
    body: rosterBody,
    response: session,
    handler: async ({ em, params, body, app }) => setRoster(em, params.sessionId, body.staffIds, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/afterschool/roster.xlsx',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'The printable weekly roster from a day for 7 days, as XLSX: staff per session and its ratio check',
    query: weekQuery,
    response: z.string().openapi({ format: 'binary' }),
    raw: xlsx,
    handler: async ({ em, query, res, app }) => {
      await sendWeekRoster(res, query.weekStart, await weekRoster(em, query.siteId, query.weekStart, app.clock.now()));
      return '';
    },
  }),
  route({
    method: 'get',
    path: '/afterschool/attendance.xlsx',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'Attendance of a date range (at most 93 days) as XLSX: in, out, by whom, and on what basis each child was handed over',
    query: rangeQuery,
    response: z.string().openapi({ format: 'binary' }),
    raw: xlsx,
    handler: async ({ em, query, res, app }) => {
      await sendAttendance(res, query.from, query.to, await attendanceRows(em, query.siteId, query.from, query.to, app.clock.now()));
      return '';
    },
  }),
  route({
    method: 'get',
    path: '/afterschool/notifications',
    action: 'afterschool.manage',
    scope: scope.querySite,
    tag,
    summary: 'The site’s notification outbox, newest first (the latest 200): what families were told and whether it was sent',
    query: z.object({ siteId: siteIdField }),
    response: z.array(notification),
    handler: async ({ em, query }) => listNotifications(em, query.siteId),
  }),
];
