/**
 * Typed client for `/api/v1/canteen`. The shapes are the OpenAPI document's (web/src/api/types.ts);
 * the names of meals, channels, tiers and dietary notes come from domain/canteen, so the
 * counter and the server never disagree about them.
 */
import { http } from '@/api/http';
import type { Answer, Body, Query, Schema } from '@/api/types';
import type { Channel, DietaryTag, Meal, OrderStatus, PaymentMethod, Tier } from '../../../../domain/canteen/vocabulary';

export { CHANNELS, CHANNEL_NAMES, DIETARY_TAGS, DIETARY_TAG_NAMES, MEALS, MEAL_NAMES, TIERS } from '../../../../domain/canteen/vocabulary';
export type { Channel, DietaryTag, Meal, OrderStatus, PaymentMethod, Tier };

import type { AbilityGrade, Category } from '../../../../domain/shared/categories';
export type { AbilityGrade, Category };

export type CategoryEvidence = Schema<'CanteenCategoryEvidence'>;
export type TierDecision = Schema<'CanteenTierDecision'>;
export type TierReason = TierDecision['reasons'][number];
export type MemberSummary = Schema<'CanteenMemberSummary'>;
export type Member = Schema<'CanteenMember'>;
export type EmergencyContact = NonNullable<Member['emergencyContact']>;
export type MemberSearchHit = Schema<'CanteenMemberSearchHit'>;
/** What staff type for a member; birth date and sex are read from the ID number by the server. */
export type MemberFields = Omit<Schema<'CanteenMemberCreate'>, 'siteId'>;
export type MemberListQuery = Query<'/canteen/members', 'get'>;
export type ImportResult = Schema<'CanteenImportResult'>;

export type JournalEntry = Schema<'JournalEntry'>;
export type Wallet = Schema<'CanteenWallet'>;
export type WalletMove = Schema<'CanteenWalletMove'>;

export type CanteenSettings = Schema<'CanteenSettings'>;
export type ClosedDay = Schema<'CanteenClosedDay'>;
export type CalendarDay = Schema<'CanteenCalendarDay'>;

export type SetMealInput = Schema<'CanteenSetMealInput'>;
export type SetMeal = Schema<'CanteenSetMeal'>;
export type Plan = Schema<'CanteenPlan'>;
export type Menu = Schema<'CanteenMenu'>;
export type OrderWindow = Menu['meals'][number]['windows'][Channel];

export type OrderInput = Schema<'CanteenOrderInput'>;
export type OrderQuote = Schema<'CanteenOrderQuote'>;
export type PriceLine = OrderQuote['lines'][number];
export type Order = Schema<'CanteenOrder'>;
export type OrderListQuery = Query<'/canteen/orders', 'get'>;

export type KitchenCounts = Schema<'CanteenKitchenCounts'>;
export type DeliveryList = Schema<'CanteenDeliveryList'>;
export type DayClose = Schema<'CanteenDayClose'>;

const members = (memberId: string) => `/canteen/members/${encodeURIComponent(memberId)}`;
const orders = (orderId: string) => `/canteen/orders/${encodeURIComponent(orderId)}`;
const idempotencyHeaders = (key?: string) => (key ? { headers: { 'Idempotency-Key': key } } : undefined);

type ImportBody = Body<'/canteen/members/import', 'post'>;

export const canteenApi = {
  // members
  members: (q: MemberListQuery) => http.get<Answer<'/canteen/members', 'get'>>('/canteen/members', { query: q }),
  searchMembers: (q: Query<'/canteen/members/search', 'get'>) => http.get<Answer<'/canteen/members/search', 'get'>>('/canteen/members/search', { query: q }),
  member: (memberId: string, date?: string) => http.get<Answer<'/canteen/members/{memberId}', 'get'>>(members(memberId), { query: { date } }),
  createMember: (siteId: string, fields: MemberFields) =>
    http.post<Answer<'/canteen/members', 'post'>>('/canteen/members', { siteId, ...fields } satisfies Body<'/canteen/members', 'post'>),
  updateMember: (memberId: string, fields: Body<'/canteen/members/{memberId}', 'patch'>) =>
    http.patch<Answer<'/canteen/members/{memberId}', 'patch'>>(members(memberId), fields),
  deactivateMember: (memberId: string, reason?: string) =>
    http.post<Answer<'/canteen/members/{memberId}/deactivate', 'post'>>(`${members(memberId)}/deactivate`, { reason } satisfies Body<'/canteen/members/{memberId}/deactivate', 'post'>),
  reactivateMember: (memberId: string) => http.post<Answer<'/canteen/members/{memberId}/reactivate', 'post'>>(`${members(memberId)}/reactivate`),
  /** The full 居民身份证号; each read is audited. */
  memberIdNumber: (memberId: string) => http.get<Answer<'/canteen/members/{memberId}/id-number', 'get'>>(`${members(memberId)}/id-number`),
  checkImport: (siteId: string, format: ImportBody['format'], content: string) =>
    http.post<Answer<'/canteen/members/import/check', 'post'>>('/canteen/members/import/check', { siteId, format, content } satisfies Body<'/canteen/members/import/check', 'post'>),
  importMembers: (siteId: string, format: ImportBody['format'], content: string) =>
    http.post<Answer<'/canteen/members/import', 'post'>>('/canteen/members/import', { siteId, format, content } satisfies ImportBody),

  // wallet
  wallet: (memberId: string, limit?: number) => http.get<Answer<'/canteen/members/{memberId}/wallet', 'get'>>(`${members(memberId)}/wallet`, { query: { limit } }),
  /** `idempotencyKey` makes a retried top-up or refund move the money once. */
  topUp: (memberId: string, move: WalletMove, idempotencyKey?: string) =>
    http.post<Answer<'/canteen/members/{memberId}/wallet/top-ups', 'post'>>(`${members(memberId)}/wallet/top-ups`, move, idempotencyHeaders(idempotencyKey)),
  refund: (memberId: string, move: WalletMove, idempotencyKey?: string) =>
    http.post<Answer<'/canteen/members/{memberId}/wallet/refunds', 'post'>>(`${members(memberId)}/wallet/refunds`, move, idempotencyHeaders(idempotencyKey)),

  // settings, calendar, plans, menu
  settings: (siteId: string) => http.get<Answer<'/canteen/settings', 'get'>>('/canteen/settings', { query: { siteId } }),
  saveSettings: (settings: Body<'/canteen/settings', 'put'>) => http.put<Answer<'/canteen/settings', 'put'>>('/canteen/settings', settings),
  addClosedDay: (siteId: string, date: string, reason: string) =>
    http.post<Answer<'/canteen/closed-days', 'post'>>('/canteen/closed-days', { siteId, date, reason } satisfies Body<'/canteen/closed-days', 'post'>),
  removeClosedDay: (closedDayId: string) =>
    http.delete<Answer<'/canteen/closed-days/{closedDayId}', 'delete'>>(`/canteen/closed-days/${encodeURIComponent(closedDayId)}`),
  calendar: (siteId: string, from: string, to: string) =>
    http.get<Answer<'/canteen/calendar', 'get'>>('/canteen/calendar', { query: { siteId, from, to } satisfies Query<'/canteen/calendar', 'get'> }),
  /** The plan of the week starting on `weekStart` (a Monday); 404 when there is none yet. */
  plan: (siteId: string, weekStart: string) => http.get<Answer<'/canteen/plans', 'get'>>('/canteen/plans', { query: { siteId, weekStart } satisfies Query<'/canteen/plans', 'get'> }),
  createPlan: (siteId: string, weekStart: string, setMeals: SetMealInput[] = []) =>
    http.post<Answer<'/canteen/plans', 'post'>>('/canteen/plans', { siteId, weekStart, setMeals } satisfies Body<'/canteen/plans', 'post'>),
  copyPreviousPlan: (siteId: string, weekStart: string) =>
    http.post<Answer<'/canteen/plans/copy-previous', 'post'>>('/canteen/plans/copy-previous', { siteId, weekStart } satisfies Body<'/canteen/plans/copy-previous', 'post'>),
  replacePlan: (planId: string, setMeals: SetMealInput[]) =>
    http.put<Answer<'/canteen/plans/{planId}', 'put'>>(`/canteen/plans/${encodeURIComponent(planId)}`, { setMeals } satisfies Body<'/canteen/plans/{planId}', 'put'>),
  publishPlan: (planId: string) => http.post<Answer<'/canteen/plans/{planId}/publish', 'post'>>(`/canteen/plans/${encodeURIComponent(planId)}/publish`),
  updateSetMeal: (setMealId: string, fields: Body<'/canteen/set-meals/{setMealId}', 'patch'>) =>
    http.patch<Answer<'/canteen/set-meals/{setMealId}', 'patch'>>(`/canteen/set-meals/${encodeURIComponent(setMealId)}`, fields),
  menu: (siteId: string, date?: string) => http.get<Answer<'/canteen/menu', 'get'>>('/canteen/menu', { query: { siteId, date } satisfies Query<'/canteen/menu', 'get'> }),

  // orders
  quote: (input: OrderInput) => http.post<Answer<'/canteen/orders/quote', 'post'>>('/canteen/orders/quote', input),
  /** `idempotencyKey` makes a retried submit (double Enter, flaky network) return the first order. */
  placeOrder: (input: OrderInput, idempotencyKey: string) =>
    http.post<Answer<'/canteen/orders', 'post'>>('/canteen/orders', input, { headers: { 'Idempotency-Key': idempotencyKey } }),
  orders: (q: OrderListQuery) => http.get<Answer<'/canteen/orders', 'get'>>('/canteen/orders', { query: q }),
  order: (orderId: string) => http.get<Answer<'/canteen/orders/{orderId}', 'get'>>(orders(orderId)),
  cancelOrder: (orderId: string, reason?: string) =>
    http.post<Answer<'/canteen/orders/{orderId}/cancel', 'post'>>(`${orders(orderId)}/cancel`, { reason } satisfies Body<'/canteen/orders/{orderId}/cancel', 'post'>),
  serveOrder: (orderId: string) => http.post<Answer<'/canteen/orders/{orderId}/serve', 'post'>>(`${orders(orderId)}/serve`),
  markNoShow: (orderId: string) => http.post<Answer<'/canteen/orders/{orderId}/no-show', 'post'>>(`${orders(orderId)}/no-show`),

  // reports
  kitchen: (siteId: string, date?: string) =>
    http.get<Answer<'/canteen/reports/kitchen', 'get'>>('/canteen/reports/kitchen', { query: { siteId, date } satisfies Query<'/canteen/reports/kitchen', 'get'> }),
  delivery: (siteId: string, date?: string, meal?: Meal) =>
    http.get<Answer<'/canteen/reports/delivery', 'get'>>('/canteen/reports/delivery', { query: { siteId, date, meal } satisfies Query<'/canteen/reports/delivery', 'get'> }),
  dayClose: (siteId: string, date?: string) =>
    http.get<Answer<'/canteen/reports/day-close', 'get'>>('/canteen/reports/day-close', { query: { siteId, date } satisfies Query<'/canteen/reports/day-close', 'get'> }),
};
