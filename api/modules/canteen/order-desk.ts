import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { canCharge, MEALS } from '../../../domain/canteen';
import { yearOf } from '../../../domain/costsharing';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { insertRows, marks, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { conflict, HttpProblem, notFound, ruleBroken } from '../../errors';
import type { AnswerKeeper } from '../../idempotency';
import type { TicketTaker } from '../../http/route';
import { IdempotencyRecord, IIdempotencyRecord } from '../../idempotency.entity';
import type { IFundingAccount } from '../costsharing/cost-model.entity';
import { readFundingAccounts } from '../costsharing/funding-accounts';
import { accountCodesOf, cachedLineRules, LineRules } from '../costsharing/line-rules';
import { lockFunding, ServedRows, writeServedUnits } from '../costsharing/served-units';
import type { OrderInput } from './canteen.schemas';
import { JournalEntry, JournalLine } from './journal.entity';
import { journalRows, ledgerAccount, transfer } from './ledger';
import {
  assertOrderable,
  countedOrders,
  deliveryOf,
  hasRoomFor,
  lockPortions,
  MemberAtCounter,
  memberOf,
  membersAtCounter,
  notPublished,
  Offer,
  offersOf,
  Portions,
  soldOut,
} from './order-offer';
import { CountedOrder, noUsage, priceOrder, usageFrom } from './order-pricing';
import { CanteenOrder, ICanteenOrder } from './order.entity';
import { toOrder } from './orders.service';
import { retryingDeadlocks } from '../../transaction';

// ── The order desk ───────────────────────────────────────────────────────────────────
// At the lunch rush every subsidised order of a site draws on the same funding accounts, so
// orders taken one transaction each would queue on those rows, each holding them for a dozen
// statements and a commit. The desk takes the orders that arrive while it is busy together
// instead: one transaction locks what they all touch once, checks and prices them one after
// another in arrival order against what the ones before them took, writes them with one
// statement per table, and commits once. An order that arrives at an idle desk is taken at once,
// alone. Each order still succeeds or fails on its own: a refused one (sold out, wallet short)
// is simply left out of the writes.

/** More would make statements long without saving round trips worth having. */
const MOST_PER_BATCH = 64;
/** The fewest orders worth a batch of their own while another batch is writing. */
const OVERLAP_FROM = 8;
/** One batch reading, locking or pricing while the one before it writes and commits. */
const MOST_RUNNING = 2;

type Answer = ReturnType<typeof toOrder>;

interface Ticket {
  user: AuthUser;
  input: OrderInput;
  now: DateTime;
  keeper: AnswerKeeper | undefined;
  resolve(answer: Answer): void;
  reject(err: unknown): void;
}

type Outcome = { answer: Answer } | { refusal: HttpProblem };

class OrderDesk {
  private readonly waiting: Ticket[] = [];
  /** Batches started and not yet committed. */
  private running = 0;
  /** A batch is reading, locking or pricing. */
  private front = false;

  constructor(private readonly em: EntityManager) {}

  take(ticket: Omit<Ticket, 'resolve' | 'reject'>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...ticket, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.front || this.running >= MOST_RUNNING || !this.waiting.length) return;
    // Beside a batch that is writing, a small one would cost a whole transaction for little: it waits to grow.
    if (this.running && this.waiting.length < OVERLAP_FROM) return;
    this.front = true;
    this.running++;
    let priced = false;
    const release = () => {
      if (priced) return;
      priced = true;
      this.front = false;
      this.next();
    };
    void this.serve(this.waiting.splice(0, MOST_PER_BATCH), release).finally(() => {
      this.running--;
      this.front &&= !priced;
      priced = true;
      this.next();
    });
  }

  /**
   * Takes a batch; `release` lets the next batch start once this one has priced its orders,
   * so its reads and lock waits overlap this one's writes and commit.
   */
  private async serve(tickets: Ticket[], release: () => void): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await takeTogether(this.em.fork(), tickets, release);
    } catch (err) {
      if (tickets.length === 1) return tickets[0].reject(err);
      // Not a refusal but a failure of the transaction (a key retried from another instance, a
      // lost connection): taken one by one, it fails only the order it belongs to.
      for (const ticket of tickets) await this.serve([ticket], release);
      return;
    }
    outcomes.forEach((o, i) => ('answer' in o ? tickets[i].resolve(o.answer) : tickets[i].reject(o.refusal)));
  }
}

// One desk per ORM instance, so apps on different databases in one process never share one.
const desks = new WeakMap<object, OrderDesk>();

/**
 * Takes an order (see the desk above). Locks are always taken in this order: the members
 * (wallets and per-person caps), the funding accounts in id order (budgets, pools and the
 * grant's unit count), the set meals' portion counts; a cancellation takes them in the same order.
 */
export const orderDesk: TicketTaker<Pick<Ticket, 'user' | 'input' | 'now'>, Answer> = {
  take(em, ticket, keeper) {
    let desk = desks.get(em.config);
    if (!desk) desks.set(em.config, (desk = new OrderDesk(em.fork())));
    return desk.take({ ...ticket, keeper });
  },
};

// ── One batch ────────────────────────────────────────────────────────────────────────

const serviceLineOf = (meal: string) => `canteen.${meal}`;
const lineKey = (siteId: string, meal: string) => `${siteId}|${meal}`;
const answerKey = (keeper: AnswerKeeper) => `${keeper.userId}|${keeper.key}`;
const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/** What a batch holds locked, and changes in memory as its orders are taken. */
interface Desk {
  offers: Map<string, Offer>;
  rules: Map<string, LineRules>;
  members: Map<string, MemberAtCounter>;
  monthOrders: Map<string, CountedOrder[]>;
  /** By site: the funding accounts of this year and later, as the batch's orders have drawn on them. */
  fundingAccounts: Map<string, IFundingAccount[]>;
  portions: Map<string, Portions>;
  /** Idempotency-Keys already answered, by earlier requests or earlier in the batch. */
  answered: Set<string>;
  charged: Set<MemberAtCounter>;
  cooked: Set<Portions>;
}

interface Taken {
  order: ICanteenOrder;
  served: ServedRows[];
  journal: ReturnType<typeof journalRows> | null;
  record: IIdempotencyRecord | null;
  answer: Answer;
}

async function takeTogether(em: EntityManager, tickets: Ticket[], priced: () => void): Promise<Outcome[]> {
  // Rules come from memory but for one read every few seconds, made here: inside the
  // transaction it would wait for SQLite's only connection, which the transaction holds.
  const sites = distinct(tickets.map((t) => t.input.siteId));
  const rules = new Map(
    await Promise.all(sites.flatMap((siteId) => MEALS.map(async (meal) => [lineKey(siteId, meal), await cachedLineRules(em, siteId, serviceLineOf(meal))] as const))),
  );
  const writtenAt = new Date();
  return retryingDeadlocks(em, async (tx) => {
    const desk = await lockBatch(tx, tickets, rules);
    const taken: Taken[] = [];
    const outcomes = tickets.map((ticket): Outcome => {
      try {
        const one = takeOne(desk, ticket, writtenAt);
        taken.push(one);
        return { answer: one.answer };
      } catch (err) {
        if (err instanceof HttpProblem) return { refusal: err };
        throw err;
      }
    });
    priced();
    await writeBatch(tx, desk, taken, writtenAt);
    return outcomes;
  });
}

/**
 * Reads every row the batch may change, in one round trip: the statements go out together on
 * the transaction's connection and run in the order sent, so the locks are taken in the order
 * takeOrder documents. A meal is ordered for today or later, so the members' orders and the
 * funding accounts are read from the earliest order's month and year on.
 */
async function lockBatch(tx: EntityManager, tickets: Ticket[], rules: Map<string, LineRules>): Promise<Desk> {
  const memberIds = distinct(tickets.map((t) => t.input.memberId));
  const today = distinct(tickets.map((t) => businessDateOf(t.now)))[0];
  const keepers = tickets.flatMap((t) => (t.keeper ? [t.keeper] : []));
  const sites = distinct(tickets.map((t) => t.input.siteId));
  const [members, monthOrders, answered, offers, accounts, portions] = await Promise.all([
    membersAtCounter(tx, memberIds, { lock: true }),
    countedOrders(tx, memberIds, today),
    answeredKeys(tx, keepers),
    offersOf(tx, distinct(tickets.map((t) => t.input.setMealId))),
    Promise.all(sites.map((siteId) => lockFunding(tx, siteId, MEALS.map((meal) => rules.get(lineKey(siteId, meal))!), { from: yearOf(today) }))),
    lockPortions(tx, distinct(tickets.map((t) => t.input.setMealId))),
  ]);
  const fundingAccounts = new Map(sites.map((siteId, i) => [siteId, accounts[i]]));
  return { offers, rules, members, monthOrders, fundingAccounts, portions, answered, charged: new Set(), cooked: new Set() };
}

async function answeredKeys(tx: EntityManager, keepers: AnswerKeeper[]): Promise<Set<string>> {
  if (!keepers.length) return new Set();
  const users = distinct(keepers.map((k) => k.userId));
  const keys = distinct(keepers.map((k) => k.key));
  const rows = await selectRows<{ user_id: string; key: string }>(
    tx,
    `select \`user_id\`, \`key\` from \`idempotency_record\` where \`user_id\` in (${marks(users)}) and \`key\` in (${marks(keys)})`,
    [...users, ...keys],
  );
  return new Set(rows.map((r) => `${r.user_id}|${r.key}`));
}

/** Checks, prices and charges one order against the batch's state; throws its refusal, leaving the state as it was. */
function takeOne(desk: Desk, { user, input, now, keeper }: Ticket, writtenAt: Date): Taken {
  // The first request with this key has been (or is being) answered: the route replays that answer.
  if (keeper && desk.answered.has(answerKey(keeper))) throw conflict('A request with this Idempotency-Key is being answered; retry it');
  if (input.payment.method === 'wallet' && !input.memberId) {
    throw ruleBroken('A guest cannot pay from a wallet', [{ field: 'payment.method', message: 'must be cash or external for a guest' }]);
  }
  const { setMeal, settings } = assertOrderable(desk.offers.get(input.setMealId), input, now);
  const portions = desk.portions.get(setMeal.id);
  if (!portions) throw notFound('Set meal');
  if (!portions.published) throw notPublished();
  if (!hasRoomFor(portions, input.quantity)) throw soldOut(portions);
  const member = memberOf(desk.members, input);
  const delivery = deliveryOf(input, member);
  const monthOrders = member ? desk.monthOrders.get(member.id)! : [];
  const usage = member ? usageFrom(member.id, monthOrders, setMeal.date, setMeal.meal) : noUsage();

  const orderId = newId();
  const method = input.payment.method;
  let walletBalanceFen = member?.walletBalanceFen ?? null;
  // Priced in memory on the batch's accounts: a refused order leaves them as they were.
  const priced = priceOrder(desk.rules.get(lineKey(setMeal.siteId, setMeal.meal))!, desk.fundingAccounts.get(setMeal.siteId)!, member, setMeal.date, input.quantity, usage, settings.tierPricedPortionsPerMeal, {
    orderId,
    at: writtenAt,
  });
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

  desk.fundingAccounts.set(setMeal.siteId, priced.accounts);
  portions.orderedPortions += input.quantity;
  desk.cooked.add(portions);
  if (method === 'wallet') {
    member!.walletBalanceFen = walletBalanceFen!;
    desk.charged.add(member!);
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
    amountFen: priced.amountFen,
    subsidyFen: priced.subsidyFen,
    subsidisedPortions: priced.subsidisedPortions,
    tier: priced.decision.tier,
    tierReasons: priced.decision.reasons,
    lines: priced.lines,
    status: 'placed',
    staffId: user.id,
    placedAt: now.toJSDate(),
    placedDate: today,
    closedAt: null,
    closedBy: null,
    cancelReason: null,
    createdAt: writtenAt,
  };
  monthOrders.push(order);
  const payer = method === 'wallet' ? ledgerAccount.wallet(member!.id) : method === 'cash' ? ledgerAccount.cash(user.id) : ledgerAccount.external;
  const journal =
    priced.amountFen > 0
      ? journalRows(
          { siteId: input.siteId, kind: 'order.payment', staffId: user.id, businessDate: today, memberId: member?.id, orderId, reference: input.payment.reference },
          transfer(payer, ledgerAccount.revenue, priced.amountFen),
          writtenAt,
        )
      : null;
  const answer = toOrder(order, member?.name ?? null, walletBalanceFen);
  if (keeper) desk.answered.add(answerKey(keeper));
  return { order, served: priced.served, journal, record: keeper?.record(answer) ?? null, answer };
}

/** The batch's writes, one statement per table, sent together on the transaction's connection. */
async function writeBatch(tx: EntityManager, desk: Desk, taken: Taken[], writtenAt: Date): Promise<void> {
  if (!taken.length) return;
  const cooked = [...desk.cooked];
  const charged = [...desk.charged];
  const cases = (n: number) => Array(n).fill('when ? then ?').join(' ');
  await Promise.all([
    runStatement(
      tx,
      `update \`canteen_set_meal\` set \`ordered_portions\` = case \`id\` ${cases(cooked.length)} end where \`id\` in (${marks(cooked)})`,
      [...cooked.flatMap((p) => [p.id, p.orderedPortions]), ...cooked.map((p) => p.id)],
    ),
    insertRows(tx, CanteenOrder, taken.map((t) => t.order)),
    writeServedUnits(tx, taken.flatMap((t) => t.served), [...desk.fundingAccounts.values()].flat()),
    insertRows(tx, JournalEntry, taken.flatMap((t) => (t.journal ? [t.journal.entry] : []))),
    insertRows(tx, JournalLine, taken.flatMap((t) => t.journal?.lines ?? [])),
    ...(charged.length
      ? [
          runStatement(
            tx,
            `update \`canteen_member\` set \`wallet_balance_fen\` = case \`id\` ${cases(charged.length)} end, \`updated_at\` = ? where \`id\` in (${marks(charged)})`,
            [...charged.flatMap((m) => [m.id, m.walletBalanceFen]), writtenAt, ...charged.map((m) => m.id)],
          ),
        ]
      : []),
    insertRows(tx, IdempotencyRecord, taken.flatMap((t) => (t.record ? [t.record] : []))),
  ]);
}

/** The price an order would have now, without taking it (nothing is locked or written). */
export async function previewOrder(em: EntityManager, input: OrderInput, now: DateTime) {
  const { setMeal, settings } = assertOrderable((await offersOf(em, [input.setMealId])).get(input.setMealId), input, now);
  const member = memberOf(await membersAtCounter(em, input.memberId ? [input.memberId] : []), input);
  const usage = member ? usageFrom(member.id, (await countedOrders(em, [member.id], setMeal.date)).get(member.id)!, setMeal.date, setMeal.meal) : noUsage();
  const rules = await cachedLineRules(em, input.siteId, serviceLineOf(setMeal.meal));
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
