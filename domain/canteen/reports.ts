import type { Fen } from '../shared/money';
import { type Channel, type Meal, MEALS, type OrderStatus, type PaymentMethod, type Tier } from './vocabulary';

/** One priced line of one day's orders, as the API loads it for a report. */
export interface OrderLine {
  status: OrderStatus;
  setMealId: string;
  setMealName: string;
  meal: Meal;
  channel: Channel;
  quantity: number;
  payment: PaymentMethod;
  /** Line totals for all `quantity` portions, not unit prices. */
  amountFen: Fen;
  subsidyFen: Fen;
  tier: Tier;
  staffId: string;
  memberName: string;
  building: string | null;
  room: string | null;
  dietaryNotes: string | null;
}

/** Buildings and rooms sort as people read them: 2栋 before 10栋, 3-201 before 3-1201. */
const collator = new Intl.Collator('zh-CN', { numeric: true });

function live(lines: readonly OrderLine[]): OrderLine[] {
  return lines.filter((l) => l.status !== 'cancelled');
}

function perChannel(): Record<Channel, number> {
  return { dine_in: 0, pickup: 0, delivery: 0 };
}

export interface KitchenCount {
  meal: Meal;
  setMealId: string;
  setMealName: string;
  portions: number;
  byChannel: Record<Channel, number>;
}

/** Portions to cook per meal and set meal; the channel split tells the kitchen what to box. */
export function kitchenCounts(lines: readonly OrderLine[]): KitchenCount[] {
  const counts = new Map<string, KitchenCount>();
  for (const l of live(lines)) {
    const key = `${l.meal}\u0000${l.setMealId}`;
    const count = counts.get(key) ?? { meal: l.meal, setMealId: l.setMealId, setMealName: l.setMealName, portions: 0, byChannel: perChannel() };
    count.portions += l.quantity;
    count.byChannel[l.channel] += l.quantity;
    counts.set(key, count);
  }
  return [...counts.values()].sort(
    (a, b) =>
      MEALS.indexOf(a.meal) - MEALS.indexOf(b.meal) ||
      collator.compare(a.setMealName, b.setMealName) ||
      a.setMealId.localeCompare(b.setMealId),
  );
}

export interface DeliveryStop {
  memberName: string;
  room: string | null;
  setMealName: string;
  quantity: number;
  dietaryNotes: string | null;
}

export interface DeliveryBuilding {
  /** null for members whose address has no building on file; listed last so nobody is dropped. */
  building: string | null;
  portions: number;
  stops: DeliveryStop[];
}

export interface DeliveryRun {
  meal: Meal;
  buildings: DeliveryBuilding[];
}

/** One run per meal, building by building, each stop with its dietary notes for the volunteer. */
export function deliveryList(lines: readonly OrderLine[]): DeliveryRun[] {
  const runs = new Map<Meal, Map<string | null, DeliveryBuilding>>();
  for (const l of live(lines).filter((x) => x.channel === 'delivery')) {
    const buildings = runs.get(l.meal) ?? new Map<string | null, DeliveryBuilding>();
    const group = buildings.get(l.building) ?? { building: l.building, portions: 0, stops: [] };
    group.portions += l.quantity;
    group.stops.push({ memberName: l.memberName, room: l.room, setMealName: l.setMealName, quantity: l.quantity, dietaryNotes: l.dietaryNotes });
    buildings.set(l.building, group);
    runs.set(l.meal, buildings);
  }
  const last = (a: string | null, b: string | null) =>
    a === null || b === null ? Number(a === null) - Number(b === null) : collator.compare(a, b);
  return MEALS.filter((m) => runs.has(m)).map((meal) => ({
    meal,
    buildings: [...runs.get(meal)!.values()]
      .sort((a, b) => last(a.building, b.building))
      .map((b) => ({ ...b, stops: b.stops.sort((x, y) => last(x.room, y.room) || collator.compare(x.memberName, y.memberName)) })),
  }));
}

export interface TierSubsidy {
  portions: number;
  subsidyFen: Fen;
}

export interface StaffDayClose {
  staffId: string;
  /** Takings by payment and channel; 'external' is paid elsewhere (a charity pool, a transfer) and only counted. */
  takings: Record<PaymentMethod, Record<Channel, Fen>>;
  totals: Record<PaymentMethod, Fen>;
  subsidiesByTier: Partial<Record<Tier, TierSubsidy>>;
}

/**
 * What each staff member must hand over at day close: cash and wallet takings by channel,
 * and the subsidy granted per tier that the department will be claimed for. Cancelled
 * orders are out: their wallet charge was refunded and their cash returned.
 */
export function dayClose(lines: readonly OrderLine[]): StaffDayClose[] {
  const byStaff = new Map<string, StaffDayClose>();
  for (const l of live(lines)) {
    const close = byStaff.get(l.staffId) ?? {
      staffId: l.staffId,
      takings: { wallet: perChannel(), cash: perChannel(), external: perChannel() },
      totals: { wallet: 0, cash: 0, external: 0 },
      subsidiesByTier: {},
    };
    close.takings[l.payment][l.channel] += l.amountFen;
    close.totals[l.payment] += l.amountFen;
    if (l.subsidyFen !== 0) {
      const granted = close.subsidiesByTier[l.tier] ?? { portions: 0, subsidyFen: 0 };
      granted.portions += l.quantity;
      granted.subsidyFen += l.subsidyFen;
      close.subsidiesByTier[l.tier] = granted;
    }
    byStaff.set(l.staffId, close);
  }
  return [...byStaff.values()].sort((a, b) => a.staffId.localeCompare(b.staffId));
}
