import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { canCancel, canCharge, MEALS } from '../../../domain/canteen';
import { yearOf } from '../../../domain/costsharing';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { insertRows, marks, runStatement } from '../../db';
import { BatchWork, Desk } from '../../desk';
import { newId } from '../../entity-helpers';
import { conflict, notFound, ruleBroken } from '../../errors';
import type { IFundingAccount } from '../costsharing/cost-model.entity';
import { readFundingAccounts } from '../costsharing/funding-accounts';
import { accountCodesOf, LineRules, readLineRules, readLinesRules } from '../costsharing/line-rules';
import { drawnAccounts, giveBack, liveServedUnits, LiveServedUnit, markVoided, ServedRows, writeServedUnits } from '../costsharing/served-units';
import type { OrderInput } from './canteen.schemas';
import { JournalEntry, JournalLine } from './journal.entity';
import { journalRows, ledgerAccount, transfer } from './ledger';
import { CountedOrder, noUsage, priceFieldsOf, priceOrder, usageFrom } from './order-pricing';
import { CanteenOrder, ICanteenOrder } from './order.entity';
import {
  assertOrderable,
  countedOrders,
  deliveryOf,
  hasRoomFor,
  lockOrders,
  lockPortions,
  MemberAtCounter,
  memberOf,
  membersAtCounter,
  notPublished,
  policyOn,
  Portions,
  SetMealOnSale,
  setMealsOnSale,
  soldOut,
} from './orders.queries';
import { toOrder } from './orders.service';

// ── The order desk ───────────────────────────────────────────────────────────────────
// Every write to an order goes through here: taking it, cancelling it, marking it served or a
// no-show. At the lunch rush every subsidised order of a site draws on the same funding
// accounts, so the desk (api/desk.ts) takes the requests that arrive together in one
// transaction. Locks are always taken in this order, by every writer of these rows:
//   the orders changed (cancel, close) → their members and the ordering members (wallets, and
//   their orders of the month for per-person caps) → the sites' funding accounts, in id order
//   (budgets, pools, grants) → the set meals (portion counts; a closing day locks them too).
// A wallet top-up locks its member the same way. Whatever a decision reads comes after the
// lock that guards it.

export type OrderTicket =
  | { kind: 'take'; user: AuthUser; input: OrderInput; now: DateTime }
  | { kind: 'cancel'; user: AuthUser; orderId: string; reason: string | null; now: DateTime }
  | { kind: 'close'; user: AuthUser; orderId: string; outcome: 'served' | 'no_show'; now: DateTime };

type Answer = ReturnType<typeof toOrder>;

const serviceLineOf = (meal: string) => `canteen.${meal}`;
const lineKey = (siteId: string, meal: string) => `${siteId}|${meal}`;
const distinct = <T extends string | number>(values: (T | null | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))].sort();

/** What a batch holds locked, and changes in memory as its requests are decided. */
interface Batch {
  /** The orders a cancellation or a close changes, as they stand after the requests before. */
  orders: Map<string, ICanteenOrder>;
  members: Map<string, MemberAtCounter>;
  /** By site: the funding accounts the canteen's lines draw on, of the batch's years. */
  funding: Map<string, IFundingAccount[]>;
  portions: Map<string, Portions>;
  onSale: Map<string, SetMealOnSale>;
  rules: Map<string, LineRules>;
  monthOrders: Map<string, CountedOrder[]>;
  /** By order: its live served units, which a cancellation or a no-show voids. */
  served: Map<string, LiveServedUnit[]>;
  charged: Set<MemberAtCounter>;
  cooked: Set<Portions>;
}

/** What one decided request writes. */
interface Done {
  placed?: ICanteenOrder;
  closed?: ICanteenOrder;
  served: ServedRows[];
  voided: string[];
  journal: ReturnType<typeof journalRows> | null;
}

const orderIdsOf = (tickets: readonly OrderTicket[]) => distinct(tickets.map((t) => (t.kind === 'take' ? null : t.orderId)));

async function lock(tx: EntityManager, tickets: readonly OrderTicket[]): Promise<Batch> {
  const takes = tickets.flatMap((t) => (t.kind === 'take' ? [t] : []));
  const today = businessDateOf(tickets[0].now);

  // The orders changed come first: their rows say whose wallets, which budgets and portions they touch.
  const orders = await lockOrders(tx, orderIdsOf(tickets));
  const served = await liveServedUnits(tx, [...orders.keys()]);
  const changed = [...orders.values()];

  const members = await membersAtCounter(tx, distinct([...takes.map((t) => t.input.memberId), ...changed.map((o) => o.memberId)]), { lock: true });

  const sites = distinct([...takes.map((t) => t.input.siteId), ...changed.map((o) => o.siteId)]);
  const rules = new Map<string, LineRules>();
  for (const siteId of distinct(takes.map((t) => t.input.siteId))) {
    const lines = await readLinesRules(tx, siteId, MEALS.map(serviceLineOf));
    MEALS.forEach((meal, i) => rules.set(lineKey(siteId, meal), lines[i]));
  }
  // A meal is ordered for today or later; a no-show may be marked for a past meal, of last year too.
  const fromYear = Math.min(yearOf(today), ...changed.map((o) => yearOf(o.date)));
  const giving = drawnAccounts(served);
  const funding = new Map<string, IFundingAccount[]>();
  for (const siteId of sites) {
    const lines = MEALS.flatMap((meal) => rules.get(lineKey(siteId, meal)) ?? []);
    const codes = distinct([...accountCodesOf(...lines), ...(giving.get(siteId)?.codes ?? [])]);
    funding.set(siteId, await readFundingAccounts(tx, siteId, { from: fromYear }, codes, { lock: true }));
  }

  const setMealIds = distinct([...takes.map((t) => t.input.setMealId), ...changed.map((o) => o.setMealId)]);
  const portions = await lockPortions(tx, setMealIds);

  // Under those locks: the set meals' days and closings, and the members' orders of the month.
  const [onSale, monthOrders] = await Promise.all([setMealsOnSale(tx, setMealIds), countedOrders(tx, distinct(takes.map((t) => t.input.memberId)), today)]);
  const servedByOrder = new Map<string, LiveServedUnit[]>();
  for (const unit of served) servedByOrder.set(unit.sourceId, [...(servedByOrder.get(unit.sourceId) ?? []), unit]);
  return { orders, members, funding, portions, onSale, rules, monthOrders, served: servedByOrder, charged: new Set(), cooked: new Set() };
}

function payerOf(order: Pick<ICanteenOrder, 'payment' | 'memberId' | 'staffId'>): string {
  if (order.payment === 'wallet') return ledgerAccount.wallet(order.memberId!);
  return order.payment === 'cash' ? ledgerAccount.cash(order.staffId) : ledgerAccount.external;
}

/** Checks, prices and charges one order against the batch; throws its refusal, leaving the batch as it was. */
function place(batch: Batch, { user, input, now }: Extract<OrderTicket, { kind: 'take' }>, at: Date): { done: Done; answer: Answer } {
  if (input.payment.method === 'wallet' && !input.memberId) {
    throw ruleBroken('A guest cannot pay from a wallet', [{ field: 'payment.method', message: 'must be cash or external for a guest' }]);
  }
  const { setMeal, settings } = assertOrderable(batch.onSale.get(input.setMealId), input, now);
  const portions = batch.portions.get(setMeal.id);
  if (!portions) throw notFound('Set meal');
  if (!portions.published) throw notPublished();
  if (!hasRoomFor(portions, input.quantity)) throw soldOut(portions);
  const member = memberOf(batch.members, input);
  const delivery = deliveryOf(input, member);
  const monthOrders = member ? batch.monthOrders.get(member.id)! : [];
  const usage = member ? usageFrom(member.id, monthOrders, setMeal.date, setMeal.meal) : noUsage();

  const orderId = newId();
  const method = input.payment.method;
  // Priced in memory on the batch's accounts: a refused order leaves them as they were.
  const priced = priceOrder(batch.rules.get(lineKey(setMeal.siteId, setMeal.meal))!, batch.funding.get(setMeal.siteId)!, member, setMeal.date, input.quantity, usage, settings.tierPricedPortionsPerMeal, {
    orderId,
    at,
  });
  let walletBalanceFen = member?.walletBalanceFen ?? null;
  if (method === 'wallet') {
    const charge = canCharge(member!.walletBalanceFen, member!.overdraftLimitFen, priced.amountFen);
    if (!charge.ok) {
      throw ruleBroken(`The wallet is short of ${charge.shortfallFen} fen`, [{ field: 'payment.method', message: 'the wallet balance and overdraft do not cover the order' }], {
        shortfallFen: charge.shortfallFen,
        balanceFen: member!.walletBalanceFen,
      });
    }
    walletBalanceFen = charge.balanceAfterFen;
  }

  // Decided: from here on the batch changes.
  batch.funding.set(setMeal.siteId, priced.accounts);
  portions.orderedPortions += input.quantity;
  batch.cooked.add(portions);
  if (method === 'wallet') {
    member!.walletBalanceFen = walletBalanceFen!;
    batch.charged.add(member!);
  }
  const today = businessDateOf(now);
  const order: ICanteenOrder = {
    id: orderId,
    siteId: input.siteId,
    memberId: member?.id ?? null,
    guestName: member ? null : (input.guestName ?? null),
    date: setMeal.date,
    meal: setMeal.meal,
    setMealId: setMeal.id,
    setMealName: setMeal.name,
    quantity: input.quantity,
    channel: input.channel,
    ...delivery,
    note: input.note ?? null,
    payment: method,
    paymentRef: input.payment.reference ?? null,
    ...priceFieldsOf(priced),
    status: 'placed',
    staffId: user.id,
    placedAt: now.toJSDate(),
    placedDate: today,
    closedAt: null,
    closedBy: null,
    cancelReason: null,
    createdAt: at,
  };
  monthOrders.push(order);
  const journal =
    priced.amountFen > 0
      ? journalRows(
          { siteId: input.siteId, kind: 'order.payment', staffId: user.id, businessDate: today, memberId: member?.id, orderId, reference: input.payment.reference },
          transfer(payerOf(order), ledgerAccount.revenue, priced.amountFen),
          at,
        )
      : null;
  return { done: { placed: order, served: priced.served, voided: [], journal }, answer: toOrder(order, member?.name ?? null, walletBalanceFen) };
}

/** An order still open (placed): a served, missed or cancelled one is closed for good. */
function openOrder(batch: Batch, orderId: string): ICanteenOrder {
  const order = batch.orders.get(orderId);
  if (!order) throw notFound('Order');
  const said = { served: 'already served', no_show: 'already marked as a no-show', cancelled: 'already cancelled', placed: '' };
  if (order.status !== 'placed') throw conflict(`The order is ${said[order.status]}`, { orderStatus: order.status });
  return order;
}

/** A cancelled or missed order no longer counts towards its member's per-person caps. */
function forgetMonthOrder(batch: Batch, order: ICanteenOrder): void {
  const month = order.memberId ? batch.monthOrders.get(order.memberId) : undefined;
  const at = month?.findIndex((o) => o.id === order.id) ?? -1;
  if (at >= 0) month!.splice(at, 1);
}

/** Voids an order's served units and gives what they drew back to the batch's accounts. */
function release(batch: Batch, order: ICanteenOrder): string[] {
  const units = batch.served.get(order.id) ?? [];
  giveBack(batch.funding.get(order.siteId)!, units);
  batch.served.delete(order.id);
  return units.map((u) => u.id);
}

/**
 * Cancels before the cut-off of the site's own ordering policy: the portion goes back to the set
 * meal, the subsidy to its budget, the money to where it came from (wallet, the cash drawer of
 * who took it, external).
 */
function cancel(batch: Batch, { user, orderId, reason, now }: Extract<OrderTicket, { kind: 'cancel' }>, at: Date): { done: Done; answer: Answer } {
  const order = openOrder(batch, orderId);
  const onSale = batch.onSale.get(order.setMealId);
  if (!onSale) throw notFound('Set meal');
  const window = canCancel(policyOn(onSale), order.date, order.meal, order.channel, now);
  if (!window.ok) {
    const deadline = window.reason === 'cutoff_passed' ? window.deadline : null;
    throw ruleBroken(`The order can no longer be cancelled${deadline ? `: the cut-off was ${deadline.toFormat('yyyy-MM-dd HH:mm')}` : ''}`, [{ field: 'orderId', message: 'is past its cancellation cut-off' }], {
      deadline: deadline?.toISO() ?? null,
    });
  }

  const voided = release(batch, order);
  const portions = batch.portions.get(order.setMealId)!;
  portions.orderedPortions = Math.max(0, portions.orderedPortions - order.quantity);
  batch.cooked.add(portions);
  const member = order.memberId ? (batch.members.get(order.memberId) ?? null) : null;
  if (order.payment === 'wallet' && member && order.amountFen > 0) {
    member.walletBalanceFen += order.amountFen;
    batch.charged.add(member);
  }
  forgetMonthOrder(batch, order);
  const journal =
    order.amountFen > 0
      ? journalRows(
          { siteId: order.siteId, kind: 'order.refund', staffId: user.id, businessDate: businessDateOf(now), memberId: order.memberId, orderId: order.id, reference: order.paymentRef, memo: reason },
          transfer(ledgerAccount.revenue, payerOf(order), order.amountFen),
          at,
        )
      : null;
  Object.assign(order, { status: 'cancelled', closedAt: now.toJSDate(), closedBy: user.id, cancelReason: reason });
  return { done: { closed: { ...order }, served: [], voided, journal }, answer: toOrder(order, member?.name ?? null, member?.walletBalanceFen ?? null) };
}

/**
 * Marks an order served, or a no-show, from the meal's day on. A no-show keeps the payment (the
 * portion was cooked) but voids its served units: departments pay only for meals really
 * served, so the subsidy goes back to the budget.
 */
function close(batch: Batch, { user, orderId, outcome, now }: Extract<OrderTicket, { kind: 'close' }>): { done: Done; answer: Answer } {
  const order = openOrder(batch, orderId);
  if (businessDateOf(now) < order.date) {
    throw ruleBroken(`The meal is on ${order.date}; it can be marked ${outcome === 'served' ? 'served' : 'a no-show'} from that day`, [{ field: 'orderId', message: 'is for a later day' }]);
  }
  const voided = outcome === 'no_show' ? release(batch, order) : [];
  if (outcome === 'no_show') forgetMonthOrder(batch, order);
  Object.assign(order, { status: outcome, closedAt: now.toJSDate(), closedBy: user.id });
  const member = order.memberId ? batch.members.get(order.memberId) : undefined;
  return { done: { closed: { ...order }, served: [], voided, journal: null }, answer: toOrder(order, member?.name ?? null) };
}

const cases = (n: number) => Array(n).fill('when ? then ?').join(' ');

/** The batch's writes, one statement per table, sent together on the transaction's connection. */
async function write(tx: EntityManager, batch: Batch, done: readonly Done[], at: Date): Promise<void> {
  const cooked = [...batch.cooked];
  const charged = [...batch.charged];
  const closed = done.flatMap((d) => (d.closed ? [d.closed] : []));
  const byCase = <T>(rows: T[], value: (row: T) => unknown) => rows.flatMap((r) => [(r as { id: string }).id, value(r)]);
  await Promise.all([
    cooked.length
      ? runStatement(tx, `update \`canteen_set_meal\` set \`ordered_portions\` = case \`id\` ${cases(cooked.length)} end where \`id\` in (${marks(cooked)})`, [
          ...byCase(cooked, (p) => p.orderedPortions),
          ...cooked.map((p) => p.id),
        ])
      : null,
    insertRows(tx, CanteenOrder, done.flatMap((d) => (d.placed ? [d.placed] : []))),
    closed.length
      ? runStatement(
          tx,
          `update \`canteen_order\` set \`status\` = case \`id\` ${cases(closed.length)} end, \`closed_at\` = case \`id\` ${cases(closed.length)} end, ` +
            `\`closed_by\` = case \`id\` ${cases(closed.length)} end, \`cancel_reason\` = case \`id\` ${cases(closed.length)} end where \`id\` in (${marks(closed)})`,
          [...byCase(closed, (o) => o.status), ...byCase(closed, (o) => o.closedAt), ...byCase(closed, (o) => o.closedBy), ...byCase(closed, (o) => o.cancelReason), ...closed.map((o) => o.id)],
        )
      : null,
    writeServedUnits(tx, done.flatMap((d) => d.served), [...batch.funding.values()].flat()),
    // The refunds of units already claimed land in the month of the clock that closed the order.
    markVoided(tx, done.flatMap((d) => d.voided), done.find((d) => d.voided.length)?.closed?.closedAt ?? at),
    insertRows(tx, JournalEntry, done.flatMap((d) => (d.journal ? [d.journal.entry] : []))),
    insertRows(tx, JournalLine, done.flatMap((d) => d.journal?.lines ?? [])),
    charged.length
      ? runStatement(tx, `update \`canteen_member\` set \`wallet_balance_fen\` = case \`id\` ${cases(charged.length)} end, \`updated_at\` = ? where \`id\` in (${marks(charged)})`, [
          ...byCase(charged, (m) => m.walletBalanceFen),
          at,
          ...charged.map((m) => m.id),
        ])
      : null,
  ]);
}

const orderWork: BatchWork<OrderTicket, Batch, Done, Answer> = {
  lock,
  take(batch, ticket, at) {
    switch (ticket.kind) {
      case 'take':
        return place(batch, ticket, at);
      case 'cancel':
        return cancel(batch, ticket, at);
      case 'close':
        return close(batch, ticket);
    }
  },
  write,
};

/** The one write path of orders: every route that takes, cancels or closes an order hands it here. */
export const orderDesk = new Desk(orderWork);

/** The price an order would have now, without taking it (nothing is locked or written). */
export async function previewOrder(em: EntityManager, input: OrderInput, now: DateTime) {
  const { setMeal, settings } = assertOrderable((await setMealsOnSale(em, [input.setMealId])).get(input.setMealId), input, now);
  const member = memberOf(await membersAtCounter(em, input.memberId ? [input.memberId] : []), input);
  const usage = member ? usageFrom(member.id, (await countedOrders(em, [member.id], setMeal.date)).get(member.id)!, setMeal.date, setMeal.meal) : noUsage();
  const rules = await readLineRules(em, input.siteId, serviceLineOf(setMeal.meal));
  const accounts = await readFundingAccounts(em, input.siteId, [yearOf(setMeal.date)], accountCodesOf(rules));
  const priced = priceOrder(rules, accounts, member, setMeal.date, input.quantity, usage, settings.tierPricedPortionsPerMeal);
  return {
    tier: priced.decision.tier,
    tierReasons: priced.decision.reasons,
    amountFen: priced.amountFen,
    subsidyFen: priced.subsidyFen,
    lines: priced.lines,
  };
}
