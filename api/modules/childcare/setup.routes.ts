import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { siteIdField } from '../canteen/canteen.schemas';
import { ChildcareClass } from './childcare.entity';
import { describeBoard } from './board.service';
import { board, boardQuery, childcareClass, classCreate, classUpdate, ruleSet, ruleSetCreate, settings, settingsWrite } from './childcare.schemas';
import { lapseOffers } from './waitlist.service';
import { createClass, createRuleSet, describeSettings, listClasses, listRuleSets, updateClass, writeSettings } from './setup.service';

const tag = 'childcare';

export const setupRoutes = [
  route({
    method: 'get',
    path: '/childcare/settings',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: 'A site’s childcare policy: working days a family has to answer an offer (3 unless set)',
    query: z.object({ siteId: siteIdField }),
    response: settings,
    handler: async ({ em, query }) => describeSettings(em, query.siteId),
  }),
  route({
    method: 'put',
    path: '/childcare/settings',
    action: 'childcare.settings.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Set a site’s childcare policy (offers already made keep their deadlines)',
    body: settingsWrite,
    response: settings,
    handler: async ({ em, user, body }) => {
      const { siteId, ...values } = body;
      return writeSettings(em, user, siteId, values);
    },
  }),
  route({
    method: 'get',
    path: '/childcare/classes',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: 'The site’s classes with their age bands, sizes, places taken and offers open',
    query: z.object({ siteId: siteIdField }),
    response: z.array(childcareClass),
    handler: async ({ em, query, app }) => listClasses(em, query.siteId, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/childcare/board',
    action: 'childcare.manage',
    scope: scope.querySite,
    transaction: true,
    tag,
    summary: 'The class board ahead: the next in line for each class by today’s queue, and the classes month by month as children age into the next band or out of the centre, with warnings (lapsed offers are passed on first)',
    query: boardQuery,
    response: board,
    handler: async ({ em, query, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, query.siteId, now);
      return describeBoard(em, query.siteId, query.months, now);
    },
  }),
  route({
    method: 'post',
    path: '/childcare/classes',
    action: 'childcare.manage',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Open a class (size and ratio within the national standard); its places are offered at once',
    body: classCreate,
    response: childcareClass,
    status: 201,
    handler: async ({ em, body, app }) => createClass(em, body, app.clock.now()),
  }),
  route({
    method: 'patch',
    path: '/childcare/classes/:classId',
    action: 'childcare.manage',
    scope: scope.record<{ classId: string }, unknown, unknown>(ChildcareClass, 'Class', ({ params }) => params.classId),
    transaction: true,
    tag,
    summary: 'Change a class: a larger size offers the new places at once; never smaller than the places taken and offered (409)',
    params: idParam('classId'),
    body: classUpdate,
    response: childcareClass,
    handler: async ({ em, params, body, scope, app }) => updateClass(em, scope.siteId!, params.classId, body, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/childcare/rule-sets',
    action: 'childcare.view',
    scope: scope.querySite,
    tag,
    summary: 'The site’s priority rules, every version (version 1, until the site stores its own: first come, first served), and which is in force today',
    query: z.object({ siteId: siteIdField }),
    response: z.array(ruleSet),
    handler: async ({ em, query, app }) => listRuleSets(em, query.siteId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/rule-sets',
    action: 'childcare.manage',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Store the next version of the site’s rules, from today or later (422 names each problem by its path)',
    body: ruleSetCreate,
    response: z.array(ruleSet),
    status: 201,
    handler: async ({ em, user, body, app }) => createRuleSet(em, user, body, app.clock.now()),
  }),
];
