import { businessDateOf } from '../../../domain/shared/time';
import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import {
  calendarDay,
  calendarQuery,
  closedDay,
  closedDayCreate,
  dateField,
  menu,
  plan,
  planCopy,
  planCreate,
  planReplace,
  setMeal,
  setMealUpdate,
  settings,
  settingsWrite,
  siteIdField,
} from './canteen.schemas';
import { addClosedDay, calendar, describeSettings, removeClosedDay, writeSettings } from './calendar.service';
import { CanteenClosedDay } from './calendar.entity';
import { CanteenPlan, CanteenSetMeal } from './plan.entity';
import { copyPreviousWeek, createPlan, getPlan, menuFor, planForWeek, publishPlan, replaceSetMeals, updateSetMeal } from './plans.service';

const tag = 'canteen';
const planParam = idParam('planId');
const ofPlan = scope.record<{ planId: string }, unknown, unknown>(CanteenPlan, 'Plan', ({ params }) => params.planId);

export const planRoutes = [
  route({
    method: 'get',
    path: '/canteen/settings',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'A site’s canteen policy (portions at the tier price, weekend and holiday service, default overdraft) and its closing days',
    query: z.object({ siteId: siteIdField }),
    response: settings,
    handler: async ({ em, query }) => {
      return describeSettings(em, query.siteId);
    },
  }),
  route({
    method: 'put',
    path: '/canteen/settings',
    action: 'canteen.settings.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Set a site’s canteen policy',
    body: settingsWrite,
    response: settings,
    handler: async ({ em, user, body }) => {
      const { siteId, ...values } = body;
      return writeSettings(em, user, siteId, values);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/closed-days',
    action: 'canteen.settings.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Close the canteen on a day (409 while orders stand for it)',
    body: closedDayCreate,
    response: closedDay,
    status: 201,
    handler: async ({ em, user, body }) => {
      return addClosedDay(em, user, body);
    },
  }),
  route({
    method: 'delete',
    path: '/canteen/closed-days/:closedDayId',
    action: 'canteen.settings.write',
    scope: scope.record<{ closedDayId: string }, unknown, unknown>(CanteenClosedDay, 'Closing day', ({ params }) => params.closedDayId),
    tag,
    summary: 'Reopen a closed day',
    params: idParam('closedDayId'),
    response: null,
    handler: async ({ em, params }) => removeClosedDay(em, params.closedDayId),
  }),
  route({
    method: 'get',
    path: '/canteen/calendar',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Service calendar: each day’s kind (workday, weekend, statutory holiday, 调休), closing and whether meals are served',
    query: calendarQuery,
    response: z.array(calendarDay),
    handler: async ({ em, query }) => {
      return calendar(em, query.siteId, query.from, query.to);
    },
  }),
  route({
    method: 'get',
    path: '/canteen/plans',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'The meal plan of the week containing `weekStart`',
    query: z.object({ siteId: siteIdField, weekStart: dateField }),
    response: plan,
    handler: async ({ em, query }) => {
      return planForWeek(em, query.siteId, query.weekStart);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/plans',
    action: 'canteen.plans.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Create a week’s meal plan (a draft) with its set meals',
    body: planCreate,
    response: plan,
    status: 201,
    handler: async ({ em, body }) => {
      return createPlan(em, body);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/plans/copy-previous',
    action: 'canteen.plans.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Create a week’s plan (a draft) as a copy of the week before; days the canteen does not serve are skipped and listed',
    body: planCopy,
    response: plan,
    status: 201,
    handler: async ({ em, body }) => {
      return copyPreviousWeek(em, body.siteId, body.weekStart);
    },
  }),
  route({
    method: 'get',
    path: '/canteen/plans/:planId',
    action: 'canteen.view',
    scope: ofPlan,
    tag,
    summary: 'One meal plan with its set meals',
    params: planParam,
    response: plan,
    handler: async ({ em, params }) => getPlan(em, params.planId),
  }),
  route({
    method: 'put',
    path: '/canteen/plans/:planId',
    action: 'canteen.plans.write',
    scope: ofPlan,
    transaction: true,
    tag,
    summary: 'Replace a draft plan’s set meals (409 once published)',
    params: planParam,
    body: planReplace,
    response: plan,
    handler: async ({ em, params, body }) => replaceSetMeals(em, params.planId, body.setMeals),
  }),
  route({
    method: 'post',
    path: '/canteen/plans/:planId/publish',
    action: 'canteen.plans.write',
    scope: ofPlan,
    transaction: true,
    tag,
    summary: 'Publish a plan: its set meals can be ordered from now on',
    params: planParam,
    response: plan,
    handler: async ({ em, user, params, app }) => publishPlan(em, user, params.planId, app.clock.now().toJSDate()),
  }),
  route({
    method: 'patch',
    path: '/canteen/set-meals/:setMealId',
    action: 'canteen.plans.write',
    scope: scope.record<{ setMealId: string }, unknown, unknown>(CanteenSetMeal, 'Set meal', ({ params }) => params.setMealId),
    transaction: true,
    tag,
    summary: 'Change one set meal (name, dishes, nutrition tags, portion limit — not below what is ordered)',
    params: idParam('setMealId'),
    body: setMealUpdate,
    response: setMeal,
    handler: async ({ em, params, body }) => updateSetMeal(em, params.setMealId, body),
  }),
  route({
    method: 'get',
    path: '/canteen/menu',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'What can be ordered on a date: published set meals by meal, portions left, and each channel’s cut-off',
    query: z.object({ siteId: siteIdField, date: dateField.optional() }),
    response: menu,
    handler: async ({ em, query, app }) => {
      const now = app.clock.now();
      return menuFor(em, query.siteId, query.date ?? businessDateOf(now), now);
    },
  }),
];
