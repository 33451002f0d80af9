import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { canCharge, Channel, CHANNELS, cutoffInstant, DEFAULT_CUTOFFS, Meal, MEALS, PaymentMethod } from '../../domain/canteen';
import { BUSINESS_ZONE, businessDateOf, BusinessDate, startOfBusinessDate } from '../../domain/shared/time';
import { insertRows } from '../db';
import { newId } from '../entity-helpers';
import type { IFundingAccount } from '../modules/costsharing/cost-model.entity';
import { readFundingAccounts, saveDrawdowns } from '../modules/costsharing/funding-accounts';
import { accountCodesOf, LineRules, readLinesRules } from '../modules/costsharing/line-rules';
import { giveBack } from '../modules/costsharing/served-units';
import { ServedUnit, ServedUnitShare } from '../modules/costsharing/served-unit.entity';
import { JournalEntry, JournalLine } from '../modules/canteen/journal.entity';
import { journalRows, ledgerAccount, transfer } from '../modules/canteen/ledger';
import type { ICanteenMember } from '../modules/canteen/member.entity';
import { CountedOrder, noUsage, priceFieldsOf, priceOrder, PricedOrder, usageFrom } from '../modules/canteen/order-pricing';
import { CanteenOrder, ICanteenOrder } from '../modules/canteen/order.entity';
import type { ICanteenSetMeal } from '../modules/canteen/plan.entity';
import { addDays } from '../modules/canteen/plans.service';
import type { Random } from './random';
import { yearOf } from '../../domain/costsharing';

/*
 * DEMO VALUES: weeks of orders as the counter would have taken them. Each order is priced
 * by the canteen's own pricing, so its served units, party shares, journal entries and the
 * funding accounts' drawdowns are what the order desk writes; a meal that is over was
 * served, bar a few no-shows and cancellations, which give their subsidy back as the real
 * ones do. Lunch is the big meal; the homebound get theirs delivered.
 */

type Table<T> = readonly (readonly [T, number])[];

// ── The canteen's pricing and funding, as this seed calls them ──────────────────────────
// All this seed calls of the costsharing module's pricing and funding is in these functions.

/** What prices each meal's set menu at a site. */
export async function mealRules(em: EntityManager, siteId: string): Promise<ReadonlyMap<Meal, LineRules>> {
  const lines = await readLinesRules(em, siteId, MEALS.map((meal) => `canteen.${meal}`));
  return new Map(MEALS.map((meal, i) => [meal, lines[i]]));
}

/** The budgets, pools and grants the meals draw on, from `fromYear` on, as the history draws them (in memory). */
interface Funding {
  accounts: IFundingAccount[];
}

async function fundingFrom(tx: EntityManager, siteId: string, rules: ReadonlyMap<Meal, LineRules>, fromYear: number): Promise<Funding> {
  return { accounts: await readFundingAccounts(tx, siteId, { from: fromYear }, accountCodesOf(...rules.values())) };
}

/** One order priced as the order desk prices it, each portion a served unit drawing on the funding (in memory). */
function priceDemoOrder(
  rules: LineRules,
  funding: Funding,
  member: ICanteenMember | null,
  memberOrders: readonly CountedOrder[],
  at: { date: BusinessDate; meal: Meal },
  quantity: number,
  portionsPerMeal: number,
  record: { orderId: string; at: Date },
): PricedOrder {
  const usage = member ? usageFrom(member.id, memberOrders, at.date, at.meal) : noUsage();
  const priced = priceOrder(rules, funding.accounts, member, at.date, quantity, usage, portionsPerMeal, record);
  funding.accounts = priced.accounts;
  return priced;
}

/** Voids a cancelled or no-show order's served units and gives what they drew back to the funding (in memory), as the order desk does. */
function voidDemoOrder(served: PricedOrder['served'], funding: Funding): void {
  for (const { unit, shares } of served) {
    unit.voided = true;
    for (const share of shares) share.voided = true;
  }
  giveBack(
    funding.accounts,
    served.map(({ unit }) => ({ id: unit.id, sourceId: unit.sourceId, siteId: unit.siteId, year: yearOf(unit.servedDate), quantity: unit.quantity, drawdowns: unit.quote.drawdowns })),
  );
}

// ── The history ────────────────────────────────────────────────────────────────────────

interface Habit {
  /** How likely the member orders the meal on a given day. */
  rate: Record<Meal, number>;
  channel: Channel | null;
  payment: PaymentMethod;
}

/**
 * How often members eat each meal: a few regulars, some now and then, most rarely; with the
 * homebound and 特困 that makes ~330 lunches, ~50 breakfasts and ~110 dinners a day.
 */
const RATES: Record<Meal, Table<number>> = {
  breakfast: [[0.6, 3], [0.2, 5], [0.01, 92]],
  lunch: [[0.85, 12], [0.3, 14], [0.02, 74]],
  dinner: [[0.6, 5], [0.25, 6], [0.01, 89]],
};
const WEEKEND = 0.85;
const CANCEL_REASONS = ['临时有事', '身体不适', '子女接去吃饭', '住院', '外出探亲'];

export interface OrderHistoryInput {
  siteId: string;
  staffId: string;
  /** Members as created in the caller's transaction: their wallet balances move here. */
  members: ICanteenMember[];
  /** Members the journeys count on: orders before today only, paid in cash or elsewhere, so their wallets and today stay as they were. */
  keptAsIs: ReadonlySet<string>;
  /** Published set meals of the dates, as created in the caller's transaction: their portion counts move here. */
  setMeals: ICanteenSetMeal[];
  /** How much a member likes a set meal (a weight among the meal's sets). */
  appeal: (setMeal: ICanteenSetMeal, member: ICanteenMember) => number;
  from: BusinessDate;
  now: DateTime;
  /** mealRules of the site. */
  rules: ReadonlyMap<Meal, LineRules>;
  portionsPerMeal: number;
}

interface Rows {
  orders: ICanteenOrder[];
  served: PricedOrder['served'];
  journal: ReturnType<typeof journalRows>[];
}

/** Orders from `from` to today, written in bulk in the caller's transaction a day at a time; how many it wrote. */
export async function seedOrderHistory(tx: EntityManager, random: Random, input: OrderHistoryInput): Promise<number> {
  const funding = await fundingFrom(tx, input.siteId, input.rules, yearOf(input.from));
  let written = 0;
  for (const day of orderHistory(random, input, funding)) {
    await insertRows(tx, CanteenOrder, day.orders);
    await insertRows(tx, ServedUnit, day.served.map((s) => s.unit));
    await insertRows(tx, ServedUnitShare, day.served.flatMap((s) => s.shares));
    await insertRows(tx, JournalEntry, day.journal.map((j) => j.entry));
    await insertRows(tx, JournalLine, day.journal.flatMap((j) => j.lines));
    written += day.orders.length;
  }
  await saveDrawdowns(tx, funding.accounts);
  return written;
}

function habitOf(random: Random, member: ICanteenMember, keptAsIs: boolean): Habit {
  const tekun = member.categories.some((c) => c.category === 'tekun');
  const rate = member.homebound
    ? { breakfast: 0.1, lunch: 0.95, dinner: 0.5 }
    : tekun
      ? { breakfast: 0.15, lunch: 0.9, dinner: 0.3 }
      : { breakfast: random.weighted(RATES.breakfast), lunch: random.weighted(RATES.lunch), dinner: random.weighted(RATES.dinner) };
  const payment: PaymentMethod = keptAsIs
    ? random.weighted<PaymentMethod>([['cash', 3], ['external', 1]])
    : random.weighted<PaymentMethod>([['wallet', 7], ['cash', 2], ['external', 1]]);
  return { rate, channel: member.homebound ? 'delivery' : null, payment };
}

/** A day's rows at a time, so a few weeks of quote snapshots are never all in memory at once. */
function* orderHistory(random: Random, input: OrderHistoryInput, funding: Funding): Generator<Rows> {
  const { siteId, staffId, now } = input;
  const today = businessDateOf(now);
  let rows: Rows = { orders: [], served: [], journal: [] };
  const habits = new Map(input.members.map((m) => [m.id, habitOf(random, m, input.keptAsIs.has(m.id))]));
  const counted = new Map<string, CountedOrder[]>(input.members.map((m) => [m.id, []]));
  const setMeals = new Map<string, ICanteenSetMeal[]>();
  for (const s of input.setMeals) setMeals.set(`${s.date}|${s.meal}`, [...(setMeals.get(`${s.date}|${s.meal}`) ?? []), s]);
  // Instants as epoch ms: thousands of orders a day, and luxon parses and formats at every step.
  const MINUTE = 60_000;
  const instants = new Map<string, number>();
  const instant = (key: string, compute: () => DateTime) => {
    let ms = instants.get(key);
    if (ms === undefined) instants.set(key, (ms = compute().toMillis()));
    return ms;
  };
  const at = (date: BusinessDate, minutes: number) => instant(date, () => startOfBusinessDate(date)) + minutes * MINUTE;
  const cutoffOf = (date: BusinessDate, meal: Meal, channel: Channel) => instant(`${date}|${meal}|${channel}`, () => cutoffInstant(DEFAULT_CUTOFFS[meal][channel]!, date));
  const dateOf = (ms: number) => businessDateOf(DateTime.fromMillis(ms, { zone: BUSINESS_ZONE }));
  /** Seeded orders leave a tenth of a limited set to the counter. */
  const roomIn = (s: ICanteenSetMeal, quantity: number) => s.portionLimit == null || s.orderedPortions + quantity <= Math.floor(s.portionLimit * 0.9);

  const post = (...args: Parameters<typeof journalRows>) => rows.journal.push(journalRows(...args));

  const take = (date: BusinessDate, meal: Meal, member: ICanteenMember | null, setMeal: ICanteenSetMeal, channel: Channel, payment: PaymentMethod, over: boolean) => {
    const quantity = member && random.chance(0.03) ? 2 : 1;
    if (!roomIn(setMeal, quantity)) return;
    const cutoff = cutoffOf(date, meal, channel);
    // Members order half their meals the evening before, and all of those still to come; the rest, and guests, on the day before the cut-off.
    const ahead = !over || (member !== null && random.chance(0.5));
    const placed = ahead ? at(addDays(date, -1), random.int(16 * 60, 19 * 60 - 1)) : cutoff - random.int(5, 150) * MINUTE;
    const placedDate = dateOf(placed);
    const orderId = newId();
    const priced = priceDemoOrder(input.rules.get(meal)!, funding, member, member ? counted.get(member.id)! : [], { date, meal }, quantity, input.portionsPerMeal, { orderId, at: new Date(placed) });

    const reference = payment === 'external' ? `WX${placedDate.replace(/-/g, '')}${random.int(100_000, 999_999)}` : null;
    const payer = payment === 'wallet' ? ledgerAccount.wallet(member!.id) : payment === 'cash' ? ledgerAccount.cash(staffId) : ledgerAccount.external;
    if (payment === 'wallet') {
      const charge = canCharge(member!.walletBalanceFen, member!.overdraftLimitFen, priced.amountFen);
      if (!charge.ok) {
        // Short at the counter: the member tops the card up in cash first, in round hundreds.
        const topUp = Math.max(random.pick([10_000, 20_000, 30_000]), Math.ceil(charge.shortfallFen / 10_000) * 10_000);
        post(
          { siteId, kind: 'wallet.top_up', staffId, businessDate: placedDate, memberId: member!.id },
          transfer(ledgerAccount.cash(staffId), ledgerAccount.wallet(member!.id), topUp),
          new Date(placed - MINUTE),
        );
        member!.walletBalanceFen += topUp;
      }
      member!.walletBalanceFen -= priced.amountFen;
    }
    if (priced.amountFen > 0) {
      post({ siteId, kind: 'order.payment', staffId, businessDate: placedDate, memberId: member?.id, orderId, reference }, transfer(payer, ledgerAccount.revenue, priced.amountFen), new Date(placed));
    }
    setMeal.orderedPortions += quantity;

    const outcome = !over ? 'placed' : random.weighted<'served' | 'no_show' | 'cancelled'>([['served', 970], ['no_show', 15], ['cancelled', 15]]);
    // Served and no-shows are marked as the line closes; a cancellation comes before the cut-off.
    const lineClosed = Math.min(cutoffOf(date, meal, 'dine_in') + random.int(0, 30) * MINUTE, now.toMillis());
    const closedAt = outcome === 'cancelled' ? random.int(placed, cutoff) : outcome === 'placed' ? null : lineClosed;
    const cancelReason = outcome === 'cancelled' ? random.pick(CANCEL_REASONS) : null;
    if (outcome === 'no_show' || outcome === 'cancelled') voidDemoOrder(priced.served, funding);
    if (outcome === 'cancelled') {
      setMeal.orderedPortions -= quantity;
      if (priced.amountFen > 0) {
        post(
          { siteId, kind: 'order.refund', staffId, businessDate: dateOf(closedAt!), memberId: member?.id, orderId, reference, memo: cancelReason },
          transfer(ledgerAccount.revenue, payer, priced.amountFen),
          new Date(closedAt!),
        );
        if (payment === 'wallet') member!.walletBalanceFen += priced.amountFen;
      }
    }
    const order: ICanteenOrder = {
      id: orderId,
      siteId,
      memberId: member?.id ?? null,
      guestName: member ? null : random.chance(0.3) ? random.pick(['家属', '访客', '社区志愿者']) : null,
      date,
      meal,
      setMealId: setMeal.id,
      setMealName: setMeal.name,
      quantity,
      channel,
      deliveryAddress: channel === 'delivery' ? (member?.address ?? null) : null,
      building: channel === 'delivery' ? (member?.building ?? null) : null,
      room: channel === 'delivery' ? (member?.room ?? null) : null,
      note: null,
      payment,
      paymentRef: reference,
      ...priceFieldsOf(priced),
      status: outcome,
      staffId,
      placedAt: new Date(placed),
      placedDate,
      closedAt: closedAt === null ? null : new Date(closedAt),
      closedBy: closedAt === null ? null : staffId,
      cancelReason,
      createdAt: new Date(placed),
    };
    rows.orders.push(order);
    rows.served.push(...priced.served);
    if (member && (outcome === 'placed' || outcome === 'served')) counted.get(member.id)!.push(order);
  };

  for (let date = input.from; date <= today; date = addDays(date, 1)) {
    rows = { orders: [], served: [], journal: [] };
    const weekend = DateTime.fromISO(date).weekday >= 6 ? WEEKEND : 1;
    for (const meal of MEALS) {
      const sets = setMeals.get(`${date}|${meal}`);
      if (!sets?.length) continue;
      // A meal is over once its dine-in line has closed; until then its orders are taken ahead and wait.
      const over = now.toMillis() > cutoffOf(date, meal, 'dine_in');
      for (const member of input.members) {
        const habit = habits.get(member.id)!;
        if (date === today && input.keptAsIs.has(member.id)) continue;
        if (!random.chance(habit.rate[meal] * weekend)) continue;
        const open = sets.filter((s) => roomIn(s, 1));
        if (!open.length) continue;
        const setMeal = random.weighted(open.map((s) => [s, input.appeal(s, member)] as const));
        const channel = habit.channel ?? random.weighted<Channel>([['dine_in', 72], ['pickup', 24], ['delivery', 4]]);
        const payment = random.chance(0.85) ? habit.payment : random.weighted<PaymentMethod>([['cash', 2], ['external', 1]]);
        take(date, meal, member, setMeal, channel, payment, over);
      }
      // Walk-in guests pay at the counter on the day.
      if (!over) continue;
      const guests = random.int(0, meal === 'lunch' ? 6 : 2);
      for (let g = 0; g < guests; g++) {
        const open = sets.filter((s) => roomIn(s, 1));
        if (!open.length) break;
        const channel = random.weighted<Channel>(CHANNELS.filter((c) => c !== 'delivery').map((c) => [c, c === 'dine_in' ? 7 : 3] as const));
        take(date, meal, null, random.pick(open), channel, random.weighted<PaymentMethod>([['cash', 7], ['external', 3]]), over);
      }
    }
    yield rows;
  }
}
