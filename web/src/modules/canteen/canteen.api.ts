/**
 * Typed client for `/api/v1/canteen`. The shapes follow api/modules/canteen/canteen.schemas.ts;
 * the names of meals, channels, tiers and dietary notes come from domain/canteen, so the
 * counter and the server never disagree about them.
 */
import { http } from '@/api/http';
import type { Channel, DietaryTag, Meal, OrderStatus, PaymentMethod, Tier } from '../../../../domain/canteen/vocabulary';
import type { LocalText } from '@/composables/useLocalText';

export { CHANNELS, CHANNEL_NAMES, DIETARY_TAGS, DIETARY_TAG_NAMES, MEALS, MEAL_NAMES, TIERS } from '../../../../domain/canteen/vocabulary';
export type { Channel, DietaryTag, Meal, OrderStatus, PaymentMethod, Tier };

import type { AbilityGrade, Category } from '../../../../domain/shared/categories';
export type { AbilityGrade, Category };

export interface CategoryEvidence {
  category: Category;
  abilityGrade?: AbilityGrade;
  validFrom: string;
  validUntil?: string | null;
}

export interface TierReason extends LocalText {
  code: string;
}

export interface TierDecision {
  date: string;
  tier: Tier;
  reasons: TierReason[];
}

export interface EmergencyContact {
  name: string;
  phone: string;
  relation?: string | null;
}

export interface MemberSummary {
  id: string;
  siteId: string;
  cardNumber: string;
  name: string;
  /** Masked: `420802********1234`. */
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  age: number;
  phone: string | null;
  building: string | null;
  room: string | null;
  homebound: boolean;
  dietaryTags: DietaryTag[];
  allergies: string | null;
  categories: Category[];
  walletBalanceFen: number;
  active: boolean;
  tier: TierDecision;
}

export interface Member extends Omit<MemberSummary, 'categories'> {
  address: string | null;
  emergencyContact: EmergencyContact | null;
  categories: CategoryEvidence[];
  overdraftLimitFen: number;
  deactivatedAt: string | null;
  deactivationReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberSearchHit extends MemberSummary {
  match: { kind: 'card' | 'phone_last4' | 'id_last4' | 'name' | 'initials' | 'pinyin'; score: number };
}

/** What staff type for a member; birth date and sex are read from the ID number by the server. */
export interface MemberFields {
  cardNumber: string;
  name: string;
  idNumber: string;
  phone?: string | null;
  address?: string | null;
  building?: string | null;
  room?: string | null;
  homebound?: boolean;
  emergencyContact?: EmergencyContact | null;
  dietaryTags?: DietaryTag[];
  allergies?: string | null;
  categories?: CategoryEvidence[];
  overdraftLimitFen?: number;
}

export type MemberListQuery = {
  siteId: string;
  active?: boolean;
  building?: string;
  homebound?: boolean;
  category?: Category;
  date?: string;
  limit?: number;
  offset?: number;
};

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  imported: number;
  members: { row: number; id: string | null; cardNumber: string; name: string }[];
}

export interface JournalEntry {
  id: string;
  kind: string;
  amountFen: number;
  businessDate: string;
  staffId: string;
  orderId: string | null;
  reference: string | null;
  memo: string | null;
  createdAt: string;
  lines: { account: string; debitFen: number; creditFen: number }[];
}

export interface Wallet {
  memberId: string;
  balanceFen: number;
  overdraftLimitFen: number;
  entries: JournalEntry[];
}

export interface WalletMove {
  amountFen: number;
  method: 'cash' | 'external';
  reference?: string;
  memo?: string;
}

export interface CanteenSettings {
  siteId: string;
  tierPricedPortionsPerMeal: number;
  serveOnWeekends: boolean;
  serveOnHolidays: boolean;
  defaultOverdraftLimitFen: number;
  closedDays: ClosedDay[];
}

export interface ClosedDay {
  id: string;
  date: string;
  reason: string;
}

export interface CalendarDay {
  date: string;
  kind: 'workday' | 'weekend' | 'statutory_holiday' | 'makeup_workday';
  holiday: LocalText | null;
  closedReason: string | null;
  serviceDay: boolean;
  /** False in a year whose holidays are not announced yet: they would count as workdays. */
  holidaysAnnounced: boolean;
}

export interface SetMealInput {
  date: string;
  meal: Meal;
  name: string;
  dishes: string[];
  nutritionTags: string[];
  /** null: no limit. */
  portionLimit: number | null;
}

export interface SetMeal extends SetMealInput {
  id: string;
  planId: string;
  orderedPortions: number;
  remainingPortions: number | null;
  published: boolean;
}

export interface Plan {
  id: string;
  siteId: string;
  weekStart: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  setMeals: SetMeal[];
  /** Set meals a copy left out (a closed day, a holiday), with why. */
  skipped?: { date: string; meal: Meal; name: string; reason: string }[];
}

export interface OrderWindow {
  open: boolean;
  deadline: string | null;
  reason: string | null;
}

export interface Menu {
  siteId: string;
  date: string;
  serviceDay: boolean;
  meals: { meal: Meal; windows: Record<Channel, OrderWindow>; setMeals: SetMeal[] }[];
}

export interface OrderInput {
  siteId: string;
  /** Omit (or null) for a guest, who pays the guest price. */
  memberId?: string | null;
  guestName?: string | null;
  setMealId: string;
  quantity: number;
  channel: Channel;
  delivery?: { address: string; building?: string | null; room?: string | null } | null;
  payment: { method: PaymentMethod; reference?: string };
  note?: string | null;
}

export interface PriceLine {
  tier: Tier;
  portions: number;
  unitFen: number;
  subsidyFen: number;
  amountFen: number;
  lineSubsidyFen: number;
  fullCostFen: number;
  paidByCharityFen: number;
  programmesFen: Record<string, number>;
  servedUnitIds: string[];
}

export interface OrderQuote {
  tier: Tier;
  tierReasons: TierReason[];
  amountFen: number;
  subsidyFen: number;
  lines: PriceLine[];
}

export interface Order extends OrderQuote {
  id: string;
  siteId: string;
  memberId: string | null;
  memberName: string | null;
  guestName: string | null;
  date: string;
  meal: Meal;
  setMealId: string;
  setMealName: string;
  quantity: number;
  channel: Channel;
  delivery: { address: string | null; building: string | null; room: string | null } | null;
  note: string | null;
  payment: { method: PaymentMethod; reference: string | null };
  status: OrderStatus;
  staffId: string;
  placedAt: string;
  closedAt: string | null;
  cancelReason: string | null;
  walletBalanceFen: number | null;
}

export type OrderListQuery = {
  siteId: string;
  date?: string;
  meal?: Meal;
  memberId?: string;
  status?: OrderStatus;
  limit?: number;
  offset?: number;
};

type ByChannel = Record<Channel, number>;

export interface KitchenCounts {
  siteId: string;
  date: string;
  counts: { meal: Meal; setMealId: string; setMealName: string; portions: number; byChannel: ByChannel }[];
}

export interface DeliveryList {
  siteId: string;
  date: string;
  runs: {
    meal: Meal;
    buildings: {
      building: string | null;
      portions: number;
      stops: { memberName: string; room: string | null; setMealName: string; quantity: number; dietaryNotes: string | null }[];
    }[];
  }[];
}

export interface DayClose {
  siteId: string;
  date: string;
  staff: {
    staffId: string;
    staffName: string | null;
    takings: Record<PaymentMethod, ByChannel>;
    totals: Record<PaymentMethod, number>;
    subsidiesByTier: Partial<Record<Tier, { portions: number; subsidyFen: number }>>;
    walletTopUpsFen: number;
    walletRefundsFen: number;
    cashDrawerFen: number;
  }[];
}

const members = (memberId: string) => `/canteen/members/${encodeURIComponent(memberId)}`;
const orders = (orderId: string) => `/canteen/orders/${encodeURIComponent(orderId)}`;
const idempotencyHeaders = (key?: string) => (key ? { headers: { 'Idempotency-Key': key } } : undefined);

export const canteenApi = {
  // members
  members: (q: MemberListQuery) => http.get<{ total: number; items: MemberSummary[] }>('/canteen/members', { query: q }),
  searchMembers: (q: { siteId: string; q: string; includeInactive?: boolean; date?: string; limit?: number }) =>
    http.get<MemberSearchHit[]>('/canteen/members/search', { query: q }),
  member: (memberId: string, date?: string) => http.get<Member>(members(memberId), { query: { date } }),
  createMember: (siteId: string, fields: MemberFields) => http.post<Member>('/canteen/members', { siteId, ...fields }),
  updateMember: (memberId: string, fields: Partial<MemberFields>) => http.patch<Member>(members(memberId), fields),
  deactivateMember: (memberId: string, reason?: string) => http.post<Member>(`${members(memberId)}/deactivate`, { reason }),
  reactivateMember: (memberId: string) => http.post<Member>(`${members(memberId)}/reactivate`),
  /** The full 居民身份证号; each read is audited. */
  memberIdNumber: (memberId: string) => http.get<{ memberId: string; idNumber: string }>(`${members(memberId)}/id-number`),
  checkImport: (siteId: string, format: 'csv' | 'xlsx', content: string) =>
    http.post<ImportResult>('/canteen/members/import/check', { siteId, format, content }),
  importMembers: (siteId: string, format: 'csv' | 'xlsx', content: string) =>
    http.post<ImportResult>('/canteen/members/import', { siteId, format, content }),

  // wallet
  wallet: (memberId: string, limit?: number) => http.get<Wallet>(`${members(memberId)}/wallet`, { query: { limit } }),
  /** `idempotencyKey` makes a retried top-up or refund move the money once. */
  topUp: (memberId: string, move: WalletMove, idempotencyKey?: string) =>
    http.post<{ memberId: string; balanceFen: number; entry: JournalEntry }>(`${members(memberId)}/wallet/top-ups`, move, idempotencyHeaders(idempotencyKey)),
  refund: (memberId: string, move: WalletMove, idempotencyKey?: string) =>
    http.post<{ memberId: string; balanceFen: number; entry: JournalEntry }>(`${members(memberId)}/wallet/refunds`, move, idempotencyHeaders(idempotencyKey)),

  // settings, calendar, plans, menu
  settings: (siteId: string) => http.get<CanteenSettings>('/canteen/settings', { query: { siteId } }),
  saveSettings: (settings: Omit<CanteenSettings, 'closedDays'>) => http.put<CanteenSettings>('/canteen/settings', settings),
  addClosedDay: (siteId: string, date: string, reason: string) => http.post<ClosedDay>('/canteen/closed-days', { siteId, date, reason }),
  removeClosedDay: (closedDayId: string) => http.delete<void>(`/canteen/closed-days/${encodeURIComponent(closedDayId)}`),
  calendar: (siteId: string, from: string, to: string) => http.get<CalendarDay[]>('/canteen/calendar', { query: { siteId, from, to } }),
  /** The plan of the week starting on `weekStart` (a Monday); 404 when there is none yet. */
  plan: (siteId: string, weekStart: string) => http.get<Plan>('/canteen/plans', { query: { siteId, weekStart } }),
  createPlan: (siteId: string, weekStart: string, setMeals: SetMealInput[] = []) =>
    http.post<Plan>('/canteen/plans', { siteId, weekStart, setMeals }),
  copyPreviousPlan: (siteId: string, weekStart: string) => http.post<Plan>('/canteen/plans/copy-previous', { siteId, weekStart }),
  replacePlan: (planId: string, setMeals: SetMealInput[]) => http.put<Plan>(`/canteen/plans/${encodeURIComponent(planId)}`, { setMeals }),
  publishPlan: (planId: string) => http.post<Plan>(`/canteen/plans/${encodeURIComponent(planId)}/publish`),
  updateSetMeal: (setMealId: string, fields: Partial<Omit<SetMealInput, 'date' | 'meal'>>) =>
    http.patch<SetMeal>(`/canteen/set-meals/${encodeURIComponent(setMealId)}`, fields),
  menu: (siteId: string, date?: string) => http.get<Menu>('/canteen/menu', { query: { siteId, date } }),

  // orders
  quote: (input: OrderInput) => http.post<OrderQuote>('/canteen/orders/quote', input),
  /** `idempotencyKey` makes a retried submit (double Enter, flaky network) return the first order. */
  placeOrder: (input: OrderInput, idempotencyKey: string) => http.post<Order>('/canteen/orders', input, { headers: { 'Idempotency-Key': idempotencyKey } }),
  orders: (q: OrderListQuery) => http.get<{ total: number; items: Order[] }>('/canteen/orders', { query: q }),
  order: (orderId: string) => http.get<Order>(orders(orderId)),
  cancelOrder: (orderId: string, reason?: string) => http.post<Order>(`${orders(orderId)}/cancel`, { reason }),
  serveOrder: (orderId: string) => http.post<Order>(`${orders(orderId)}/serve`),
  markNoShow: (orderId: string) => http.post<Order>(`${orders(orderId)}/no-show`),

  // reports
  kitchen: (siteId: string, date?: string) => http.get<KitchenCounts>('/canteen/reports/kitchen', { query: { siteId, date } }),
  delivery: (siteId: string, date?: string, meal?: Meal) => http.get<DeliveryList>('/canteen/reports/delivery', { query: { siteId, date, meal } }),
  dayClose: (siteId: string, date?: string) => http.get<DayClose>('/canteen/reports/day-close', { query: { siteId, date } }),
};
