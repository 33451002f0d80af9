import { MEALS, TIERS } from '../../../domain/canteen';
import { businessDateOf } from '../../../domain/shared/time';
import { deskRoute, idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { cancelInput, dateField, order, orderInput, orderList, orderListQuery, orderQuote, siteIdField } from './canteen.schemas';
import { orderDesk, previewOrder } from './order-desk';
import { CanteenOrder } from './order.entity';
import { getOrder, listOrders } from './orders.service';
import { dayCloseReport, deliveryReport, kitchenReport } from './reports.service';

const tag = 'canteen';
const orderParam = idParam('orderId');
const ofOrder = scope.record<{ orderId: string }, unknown, unknown>(CanteenOrder, 'Order', ({ params }) => params.orderId);
const reportQuery = z.object({ siteId: siteIdField, date: dateField.optional() });

const channels = z.object({ dine_in: z.number().int(), pickup: z.number().int(), delivery: z.number().int() });
const kitchen = z
  .object({
    siteId: z.string(),
    date: z.string(),
    counts: z.array(z.object({ meal: z.enum(MEALS), setMealId: z.string(), setMealName: z.string(), portions: z.number().int(), byChannel: channels })),
  })
  .openapi('CanteenKitchenCounts');
const delivery = z
  .object({
    siteId: z.string(),
    date: z.string(),
    runs: z.array(
      z.object({
        meal: z.enum(MEALS),
        buildings: z.array(
          z.object({
            building: z.string().nullable(),
            portions: z.number().int(),
            stops: z.array(z.object({ memberName: z.string(), room: z.string().nullable(), setMealName: z.string(), quantity: z.number().int(), dietaryNotes: z.string().nullable() })),
          }),
        ),
      }),
    ),
  })
  .openapi('CanteenDeliveryList');
const payments = z.object({ wallet: channels, cash: channels, external: channels });
const dayClose = z
  .object({
    siteId: z.string(),
    date: z.string(),
    staff: z.array(
      z.object({
        staffId: z.string(),
        staffName: z.string().nullable(),
        takings: payments,
        totals: z.object({ wallet: z.number().int(), cash: z.number().int(), external: z.number().int() }),
        subsidiesByTier: z.partialRecord(z.enum(TIERS), z.object({ portions: z.number().int(), subsidyFen: z.number().int() })),
        walletTopUpsFen: z.number().int(),
        walletRefundsFen: z.number().int(),
        cashDrawerFen: z.number().int(),
      }),
    ),
  })
  .openapi('CanteenDayClose');

export const orderRoutes = [
  route({
    method: 'post',
    path: '/canteen/orders/quote',
    action: 'canteen.orders.write',
    scope: scope.bodySite,
    tag,
    summary: 'The price an order would have now (tier, lines, subsidy), without taking it',
    body: orderInput,
    response: orderQuote,
    handler: async ({ em, body, app }) => {
      return previewOrder(em, body, app.clock.now());
    },
  }),
  deskRoute({
    method: 'post',
    path: '/canteen/orders',
    action: 'canteen.orders.write',
    scope: scope.bodySite,
    tag,
    summary: 'Take an order for a member (tier price) or a guest and charge it; send an Idempotency-Key',
    body: orderInput,
    response: order,
    status: 201,
    idempotent: true,
    taker: orderDesk,
    ticket: ({ body, user, app }) => ({ kind: 'take' as const, user, input: body, now: app.clock.now() }),
  }),
  route({
    method: 'get',
    path: '/canteen/orders',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Orders of a site, newest first, by meal date, meal, member or status',
    query: orderListQuery,
    response: orderList,
    handler: async ({ em, query }) => {
      return listOrders(em, query);
    },
  }),
  route({
    method: 'get',
    path: '/canteen/orders/:orderId',
    action: 'canteen.view',
    scope: ofOrder,
    tag,
    summary: 'One order with its price lines',
    params: orderParam,
    response: order,
    handler: async ({ em, params }) => getOrder(em, params.orderId),
  }),
  deskRoute({
    method: 'post',
    path: '/canteen/orders/:orderId/cancel',
    action: 'canteen.orders.write',
    scope: ofOrder,
    tag,
    summary: 'Cancel before the cut-off: refund to where it was paid from, give the portion and the subsidy back',
    params: orderParam,
    body: cancelInput,
    response: order,
    taker: orderDesk,
    ticket: ({ user, params, body, app }) => ({ kind: 'cancel' as const, user, orderId: params.orderId, reason: body.reason ?? null, now: app.clock.now() }),
  }),
  deskRoute({
    method: 'post',
    path: '/canteen/orders/:orderId/serve',
    action: 'canteen.orders.write',
    scope: ofOrder,
    tag,
    summary: 'Mark an order served (from its meal day on)',
    params: orderParam,
    response: order,
    taker: orderDesk,
    ticket: ({ user, params, app }) => ({ kind: 'close' as const, user, orderId: params.orderId, outcome: 'served' as const, now: app.clock.now() }),
  }),
  deskRoute({
    method: 'post',
    path: '/canteen/orders/:orderId/no-show',
    action: 'canteen.orders.write',
    scope: ofOrder,
    tag,
    summary: 'Mark a no-show: the payment stays (the portion was cooked), the subsidy goes back to the budget',
    params: orderParam,
    response: order,
    taker: orderDesk,
    ticket: ({ user, params, app }) => ({ kind: 'close' as const, user, orderId: params.orderId, outcome: 'no_show' as const, now: app.clock.now() }),
  }),
  route({
    method: 'get',
    path: '/canteen/reports/kitchen',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Kitchen counts: portions per meal and set meal, split by channel',
    query: reportQuery,
    response: kitchen,
    handler: async ({ em, query, app }) => {
      return kitchenReport(em, query.siteId, query.date ?? businessDateOf(app.clock.now()));
    },
  }),
  route({
    method: 'get',
    path: '/canteen/reports/delivery',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Delivery runs by meal and building, each stop with its dietary notes',
    query: reportQuery.extend({ meal: z.enum(MEALS).optional() }),
    response: delivery,
    handler: async ({ em, query, app }) => {
      return deliveryReport(em, query.siteId, query.date ?? businessDateOf(app.clock.now()), query.meal);
    },
  }),
  route({
    method: 'get',
    path: '/canteen/reports/day-close',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Day close per staff member: takings by payment and channel, subsidies by tier, wallet top-ups and the cash drawer',
    query: reportQuery,
    response: dayClose,
    handler: async ({ em, query, app }) => {
      return dayCloseReport(em, query.siteId, query.date ?? businessDateOf(app.clock.now()));
    },
  }),
];
