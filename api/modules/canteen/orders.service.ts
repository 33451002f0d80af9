import { EntityManager, LockMode } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { canCancel, canCharge, canOrder, DEFAULT_ORDERING_POLICY, splitPortions, Tier, TierDecision, tierOn } from '../../../domain/canteen';
import { Contribution, CostSharingError, ProgrammeUsage, Quote, quote as priceUnit } from '../../../domain/costsharing';
import { businessDateOf, BusinessDate } from '../../../domain/shared/time';
import { assertSiteAccess, AuthUser } from '../../auth/auth-user';
import { forUpdate, fromBigint, fromJson, insertRows, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { conflict, notFound, ruleBroken } from '../../errors';
import { FundingAccount } from '../costsharing/cost-model.entity';
import { accountCodesOf, cachedLineRules, fundingAccounts, Pricing, pricingOf, saveDrawdowns, servedRows, voidServed } from '../costsharing/costsharing.service';
import { IServedUnit, IServedUnitShare, ServedUnit, ServedUnitShare } from '../costsharing/served-unit.entity';
import type { OrderInput } from './canteen.schemas';
import { CANTEEN_DEFAULTS, CanteenSiteSettings, orderingPolicy } from './canteen.policy';
import { JournalEntry, JournalLine } from './journal.entity';
import { account, journalRows, post, transfer } from './ledger';
import { CanteenMember, ICanteenMember } from './member.entity';
import { profileOf } from './members.service';
import { CanteenOrder, ICanteenOrder, OrderPriceLine } from './order.entity';
import { CanteenSetMeal, ICanteenSetMeal } from './plan.entity';
import { inTransaction } from './transaction';

const serviceLineOf = (meal: string) => `canteen.${meal}`;

export function toOrder(o: ICanteenOrder, memberName: string | null, walletBalanceFen: number | null = null) {
  return {
    id: o.id,
    siteId: o.siteId,
    memberId: o.memberId ?? null,
    memberName,
    guestName: o.guestName ?? null,
    date: o.date,
    meal: o.meal,
    setMealId: o.setMealId,
    setMealName: o.setMealName,
    quantity: o.quantity,
    channel: o.channel,
    delivery: o.channel === 'delivery' ? { address: o.deliveryAddress ?? null, building: o.building ?? null, room: o.room ?? null } : null,
    note: o.note ?? null,
    payment: { method: o.payment, reference: o.paymentRef ?? null },
    amountFen: o.amountFen,
    subsidyFen: o.subsidyFen,
    tier: o.tier as Tier,
    tierReasons: o.tierReasons,
    lines: o.lines,
    status: o.status,
    staffId: o.staffId,
    placedAt: o.placedAt.toISOString(),
    closedAt: o.closedAt?.toISOString() ?? null,
    cancelReason: o.cancelReason ?? null,
    walletBalanceFen,
  };
}

// ── Pricing an order ─────────────────────────────────────────────────────────────────

/** Department subsidy (tier_subsidy) in a quote, per unit, in total and by programme. */
function subsidyOf(q: Quote): { totalFen: number; byProgramme: Record<string, number> } {
  const byProgramme: Record<string, number> = {};
  let totalFen = 0;
  for (const c of q.contributions) {
    if (c.mechanism !== 'tier_subsidy' || c.amountFen === 0) continue;
    totalFen += c.amountFen;
    byProgramme[c.programmeCode!] = (byProgramme[c.programmeCode!] ?? 0) + c.amountFen;
  }
  return { totalFen, byProgramme };
}

function quoteOrRefuse(pricing: Pricing, tier: Tier, personRef: string | undefined, usage: Record<string, ProgrammeUsage>, date: BusinessDate): Quote {
  try {
    return priceUnit(pricing.version, pricing.contributions, { tier, ...(personRef ? { personRef } : {}), usageByProgramme: usage }, date);
  } catch (err) {
    if (err instanceof CostSharingError) {
      throw ruleBroken(`The ${pricing.version.serviceLine} price cannot be computed: ${err.message}`, [{ field: 'setMealId', message: 'has no computable price' }]);
    }
    throw err;
  }
}

/**
 * After a line was recorded, the contributions see what its drawdowns left: budgets, pools
 * and the grant's unit counter, so the next line of the same order is priced on them.
 */
function afterDrawdowns(pricing: Pricing): Pricing {
  const byAccount = new Map(pricing.accounts.map((a) => [a.account, a]));
  const contributions = pricing.contributions.map((c): Contribution => {
    switch (c.mechanism) {
      case 'tier_subsidy': {
        const a = byAccount.get(c.programmeCode);
        return a && c.budgetRemainingFen !== undefined ? { ...c, budgetRemainingFen: Math.max(0, a.limitFen - a.drawnFen) } : c;
      }
      case 'charity_pool': {
        const a = byAccount.get(c.poolCode);
        return a ? { ...c, balanceFen: Math.max(0, a.limitFen - a.drawnFen) } : c;
      }
      case 'fixed_grant': {
        const a = byAccount.get(c.id);
        return a ? { ...c, unitsAmortisedSoFar: a.units } : c;
      }
      default:
        return c;
    }
  });
  return { ...pricing, contributions };
}

export interface MemberUsage {
  /** Portions the member already had at the tier price for this date and meal. */
  alreadySubsidised: number;
  usageByProgramme: Record<string, { todayFen: number; thisMonthFen: number }>;
}

/** What the member's live orders of the month already drew, for per-person caps and the one-subsidised-set rule. */
export async function memberUsage(em: EntityManager, memberId: string, date: BusinessDate, meal: string): Promise<MemberUsage> {
  const month = date.slice(0, 7);
  // Plain rows, not entities: nothing for the flush to track, however many orders the member has this month.
  const orders = await selectRows<{ date: string; meal: string; subsidised_portions: number; lines: unknown }>(
    em,
    "select `date`, `meal`, `subsidised_portions`, `lines` from `canteen_order` where `member_id` = ? and `date` >= ? and `date` <= ? and `status` in ('placed', 'served')",
    [memberId, `${month}-01`, `${month}-31`],
  );
  const usage: MemberUsage = { alreadySubsidised: 0, usageByProgramme: {} };
  for (const o of orders) {
    if (o.date === date && o.meal === meal) usage.alreadySubsidised += Number(o.subsidised_portions);
    for (const line of fromJson<OrderPriceLine[]>(o.lines)) {
      for (const [code, fen] of Object.entries(line.programmesFen)) {
        const u = (usage.usageByProgramme[code] ??= { todayFen: 0, thisMonthFen: 0 });
        u.thisMonthFen += fen * line.portions;
        if (o.date === date) u.todayFen += fen * line.portions;
      }
    }
  }
  return usage;
}

interface PricedOrder {
  decision: TierDecision;
  subsidisedPortions: number;
  lines: OrderPriceLine[];
  amountFen: number;
  subsidyFen: number;
  /** With `record`: each portion's served unit and shares, to be stored. */
  served: { unit: IServedUnit; shares: IServedUnitShare[] }[];
}

const sameLine = (a: OrderPriceLine, b: Omit<OrderPriceLine, 'portions' | 'amountFen' | 'lineSubsidyFen' | 'servedUnitIds'>) =>
  a.tier === b.tier &&
  a.unitFen === b.unitFen &&
  a.subsidyFen === b.subsidyFen &&
  a.fullCostFen === b.fullCostFen &&
  a.paidByCharityFen === b.paidByCharityFen &&
  JSON.stringify(a.programmesFen) === JSON.stringify(b.programmesFen);

/**
 * Prices `quantity` portions of a set meal for a member (or a guest): the tier decides the
 * quote, splitPortions how many portions get it (the rest are priced as a guest's). Each
 * portion is quoted on what the ones before it drew, so per-person day and month caps,
 * budgets and the grant's unit count hold exactly even for several portions; portions
 * that came out the same share one price line. With `record`, each portion becomes a served
 * unit with its quote snapshot, drawing on the (locked) budgets, pools and grants in `pricing.accounts`.
 */
function priceOrder(
  pricing: Pricing,
  member: Pick<ICanteenMember, 'id' | 'birthDate' | 'categories'> | null,
  date: BusinessDate,
  quantity: number,
  usage: MemberUsage,
  portionsPerMeal: number,
  record?: { orderId: string; at: Date },
): PricedOrder {
  const decision = tierOn(member ? profileOf(member) : null, date);
  const split = splitPortions(decision.tier, quantity, usage.alreadySubsidised, { tierPricedPortionsPerMeal: portionsPerMeal });
  const programmeUsage: Record<string, ProgrammeUsage> = Object.fromEntries(Object.entries(usage.usageByProgramme).map(([k, v]) => [k, { ...v }]));
  let current = pricing;
  const lines: OrderPriceLine[] = [];
  const served: PricedOrder['served'] = [];
  const tiers: Tier[] = [...Array<Tier>(split.subsidised).fill(decision.tier), ...Array<Tier>(split.fullPrice).fill('guest')];
  for (const tier of tiers) {
    const q = quoteOrRefuse(current, tier, member?.id, programmeUsage, date);
    const subsidy = subsidyOf(q);
    for (const [code, fen] of Object.entries(subsidy.byProgramme)) {
      const u = (programmeUsage[code] ??= {});
      u.todayFen = (u.todayFen ?? 0) + fen;
      u.thisMonthFen = (u.thisMonthFen ?? 0) + fen;
    }
    const servedUnitIds: string[] = [];
    if (record) {
      const rows = servedRows(current, q, { service: 'canteen', sourceId: record.orderId, quantity: 1 }, record.at);
      served.push(rows);
      servedUnitIds.push(rows.unit.id);
      current = afterDrawdowns(current);
    }
    const price = {
      tier,
      unitFen: q.resident.paysFen,
      subsidyFen: subsidy.totalFen,
      fullCostFen: q.cost.totalFen,
      paidByCharityFen: q.resident.paidByCharityFen,
      programmesFen: subsidy.byProgramme,
    };
    const last = lines[lines.length - 1];
    if (last && sameLine(last, price)) {
      last.portions += 1;
      last.amountFen += price.unitFen;
      last.lineSubsidyFen += price.subsidyFen;
      last.servedUnitIds.push(...servedUnitIds);
    } else {
      lines.push({ ...price, portions: 1, amountFen: price.unitFen, lineSubsidyFen: price.subsidyFen, servedUnitIds });
    }
  }
  return {
    decision,
    subsidisedPortions: split.subsidised,
    lines,
    amountFen: lines.reduce((s, l) => s + l.amountFen, 0),
    subsidyFen: lines.reduce((s, l) => s + l.lineSubsidyFen, 0),
    served,
  };
}

// ── Taking an order ──────────────────────────────────────────────────────────────────

function refuseWindow(w: ReturnType<typeof canOrder>, meal: string, channel: string, date: BusinessDate): void {
  if (w.ok) return;
  if (w.reason !== 'cutoff_passed') {
    if (w.reason === 'closed') throw ruleBroken(`The canteen does not serve on ${date}`, [{ field: 'setMealId', message: `is on ${date}, a day the canteen does not serve` }]);
    throw ruleBroken(`${channel} is not offered for ${meal}`, [{ field: 'channel', message: `is not offered for ${meal}` }]);
  }
  throw ruleBroken(`Orders for ${meal} (${channel}) on ${date} closed at ${w.deadline.toFormat('yyyy-MM-dd HH:mm')}`, [{ field: 'channel', message: 'its cut-off has passed' }], {
    deadline: w.deadline.toISO(),
  });
}

type OfferedSetMeal = Pick<ICanteenSetMeal, 'id' | 'siteId' | 'date' | 'meal' | 'name' | 'portionLimit' | 'orderedPortions' | 'published'>;

/** A set meal with its site's canteen settings and whether its day is one of the site's closing days. */
interface Offer {
  setMeal: OfferedSetMeal;
  settings: CanteenSiteSettings;
  closed: boolean;
}

/** The set meal, its site's settings and closing on its day, in one statement (no lock: the portion count is checked where it is written). */
async function offerOf(em: EntityManager, setMealId: string): Promise<Offer | null> {
  const [row] = await selectRows(
    em,
    'select sm.`id`, sm.`site_id`, sm.`date`, sm.`meal`, sm.`name`, sm.`portion_limit`, sm.`ordered_portions`, sm.`published`, ' +
      'cs.`id` as `settings_id`, cs.`tier_priced_portions_per_meal`, cs.`serve_on_weekends`, cs.`serve_on_holidays`, cs.`default_overdraft_limit_fen`, ' +
      'cd.`id` as `closed_day_id` ' +
      'from `canteen_set_meal` sm ' +
      'left join `canteen_settings` cs on cs.`site_id` = sm.`site_id` ' +
      'left join `canteen_closed_day` cd on cd.`site_id` = sm.`site_id` and cd.`date` = sm.`date` ' +
      'where sm.`id` = ? limit 1',
    [setMealId],
  );
  if (!row) return null;
  return {
    setMeal: {
      id: String(row.id),
      siteId: String(row.site_id),
      date: String(row.date),
      meal: row.meal as ICanteenSetMeal['meal'],
      name: String(row.name),
      portionLimit: row.portion_limit == null ? null : Number(row.portion_limit),
      orderedPortions: Number(row.ordered_portions),
      published: Boolean(row.published),
    },
    settings:
      row.settings_id == null
        ? { ...CANTEEN_DEFAULTS }
        : {
            tierPricedPortionsPerMeal: Number(row.tier_priced_portions_per_meal),
            serveOnWeekends: Boolean(row.serve_on_weekends),
            serveOnHolidays: Boolean(row.serve_on_holidays),
            defaultOverdraftLimitFen: fromBigint(row.default_overdraft_limit_fen),
          },
    closed: row.closed_day_id != null,
  };
}

/** Whether a set meal can be ordered through a channel now: scope, a published plan, the site's service days and the cut-off. */
function assertOrderable(offer: Offer | null, input: OrderInput, now: DateTime): Offer {
  if (!offer || offer.setMeal.siteId !== input.siteId) throw notFound('Set meal');
  const { setMeal } = offer;
  if (!setMeal.published) throw ruleBroken('The set meal is not on a published plan', [{ field: 'setMealId', message: 'is not on a published plan yet' }]);
  const policy = orderingPolicy(offer.settings, offer.closed ? [setMeal.date] : []);
  refuseWindow(canOrder(policy, setMeal.date, setMeal.meal, input.channel, now), setMeal.meal, input.channel, setMeal.date);
  return offer;
}

function soldOut(setMeal: Pick<ICanteenSetMeal, 'name' | 'portionLimit' | 'orderedPortions'>) {
  const left = Math.max(0, (setMeal.portionLimit ?? 0) - setMeal.orderedPortions);
  return conflict(left === 0 ? `${setMeal.name} is sold out` : `Only ${left} portions of ${setMeal.name} are left`, {
    errors: [{ field: 'quantity', message: `must be at most the ${left} portions left` }],
    remainingPortions: left,
  });
}

const hasRoomFor = (setMeal: Pick<ICanteenSetMeal, 'portionLimit' | 'orderedPortions'>, quantity: number) =>
  setMeal.portionLimit == null || setMeal.orderedPortions + quantity <= setMeal.portionLimit;

/** What the counter needs of a member to price, deliver and charge an order. */
type MemberAtCounter = Pick<
  ICanteenMember,
  'id' | 'siteId' | 'name' | 'birthDate' | 'categories' | 'address' | 'building' | 'room' | 'walletBalanceFen' | 'overdraftLimitFen' | 'active'
>;

/**
 * The order's member, if any, at the input's site. With `lock`, the row stays
 * locked for the rest of the transaction: its wallet and its orders of the month (per-person
 * caps) are this order's to change.
 */
async function memberAtCounter(em: EntityManager, input: OrderInput, { lock = false } = {}): Promise<MemberAtCounter | null> {
  if (!input.memberId) return null;
  const [row] = await selectRows(
    em,
    'select `id`, `site_id`, `name`, `birth_date`, `categories`, `address`, `building`, `room`, `wallet_balance_fen`, `overdraft_limit_fen`, `active` ' +
      `from \`canteen_member\` where \`id\` = ?${lock ? forUpdate(em) : ''}`,
    [input.memberId],
  );
  if (!row || row.site_id !== input.siteId) throw notFound('Member');
  return {
    id: String(row.id),
    siteId: String(row.site_id),
    name: String(row.name),
    birthDate: String(row.birth_date),
    categories: fromJson(row.categories),
    address: (row.address as string | null) ?? null,
    building: (row.building as string | null) ?? null,
    room: (row.room as string | null) ?? null,
    walletBalanceFen: fromBigint(row.wallet_balance_fen),
    overdraftLimitFen: fromBigint(row.overdraft_limit_fen),
    active: Boolean(row.active),
  };
}

function deliveryOf(input: OrderInput, member: MemberAtCounter | null) {
  if (input.channel !== 'delivery') return { deliveryAddress: null, building: null, room: null };
  const address = input.delivery?.address ?? member?.address ?? null;
  if (!address) throw ruleBroken('A delivery needs an address', [{ field: 'delivery.address', message: 'is required for delivery when the member has no address on file' }]);
  return input.delivery
    ? { deliveryAddress: address, building: input.delivery.building ?? null, room: input.delivery.room ?? null }
    : { deliveryAddress: address, building: member?.building ?? null, room: member?.room ?? null };
}

function lockSetMeal(tx: EntityManager, id: string): Promise<ICanteenSetMeal | null> {
  return tx.findOne(CanteenSetMeal, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/**
 * Counts `quantity` more portions of a published set meal if they fit its limit: one
 * conditional UPDATE, so the row is locked only from here to the commit. False when they do not fit.
 */
async function takePortions(tx: EntityManager, setMealId: string, quantity: number): Promise<boolean> {
  const changed = await runStatement(
    tx,
    'update `canteen_set_meal` set `ordered_portions` = `ordered_portions` + ? ' +
      'where `id` = ? and `published` = ? and (`portion_limit` is null or `ordered_portions` + ? <= `portion_limit`)',
    [quantity, setMealId, true, quantity],
  );
  return changed === 1;
}

/** Why takePortions found no room: sold out, or the plan was withdrawn meanwhile. */
async function noRoomFor(tx: EntityManager, setMealId: string): Promise<Error> {
  const now = await lockSetMeal(tx, setMealId);
  if (!now) return notFound('Set meal');
  if (!now.published) return ruleBroken('The set meal is not on a published plan', [{ field: 'setMealId', message: 'is not on a published plan yet' }]);
  return soldOut(now);
}

const noUsage = (): MemberUsage => ({ alreadySubsidised: 0, usageByProgramme: {} });

/** The price an order would have now, without taking it (nothing is locked or written). */
export async function previewOrder(em: EntityManager, input: OrderInput, now: DateTime) {
  const { setMeal, settings } = assertOrderable(await offerOf(em, input.setMealId), input, now);
  const member = await memberAtCounter(em, input);
  const usage = member ? await memberUsage(em, member.id, setMeal.date, setMeal.meal) : noUsage();
  const rules = await cachedLineRules(em, input.siteId, serviceLineOf(setMeal.meal));
  const accounts = await fundingAccounts(em, input.siteId, Number(setMeal.date.slice(0, 4)), accountCodesOf(rules));
  const priced = priceOrder(pricingOf(rules, setMeal.date, accounts), member, setMeal.date, input.quantity, usage, settings.tierPricedPortionsPerMeal);
  return {
    tier: priced.decision.tier,
    tierReasons: priced.decision.reasons,
    amountFen: priced.amountFen,
    subsidyFen: priced.subsidyFen,
    lines: priced.lines,
  };
}

/**
 * Takes an order in one transaction. What does not change per order is read first, without
 * locks: the set meal with its site's settings, and the line's pricing rules (cached). Then,
 * locking always in this order: the member (wallet and per-person caps; no other order
 * waits on it), the funding accounts in id order (budgets, pools and the grant's unit count:
 * every order of the site waits on them, so from here to the commit the transaction only
 * prices in memory and writes), and last the set meal's portion count, taken by a
 * conditional UPDATE. The writes go out together (the driver pipelines them), with the answer
 * kept under the request's Idempotency-Key, then the commit.
 */
export async function takeOrder(em: EntityManager, user: AuthUser, input: OrderInput, now: DateTime) {
  if (input.payment.method === 'wallet' && !input.memberId) {
    throw ruleBroken('A guest cannot pay from a wallet', [{ field: 'payment.method', message: 'must be cash or external for a guest' }]);
  }
  const { setMeal, settings } = assertOrderable(await offerOf(em, input.setMealId), input, now);
  if (!hasRoomFor(setMeal, input.quantity)) throw soldOut(setMeal);
  const rules = await cachedLineRules(em, input.siteId, serviceLineOf(setMeal.meal));
  const today = businessDateOf(now);
  const placedAt = now.toJSDate();
  // Rows record when they were written by the system clock, as the entities' onCreate/onUpdate would.
  const writtenAt = new Date();

  return inTransaction(em, async (tx, keep) => {
    const member = await memberAtCounter(tx, input, { lock: true });
    if (member && !member.active) throw ruleBroken('The member is deactivated', [{ field: 'memberId', message: 'is deactivated' }]);
    const delivery = deliveryOf(input, member);
    const usage = member ? await memberUsage(tx, member.id, setMeal.date, setMeal.meal) : noUsage();

    const accounts = await fundingAccounts(tx, input.siteId, Number(setMeal.date.slice(0, 4)), accountCodesOf(rules), { lock: true });
    const orderId = newId();
    const priced = priceOrder(pricingOf(rules, setMeal.date, accounts), member, setMeal.date, input.quantity, usage, settings.tierPricedPortionsPerMeal, {
      orderId,
      at: writtenAt,
    });

    const method = input.payment.method;
    let walletBalanceFen: number | null = null;
    if (method === 'wallet') {
      const charge = canCharge(member!.walletBalanceFen, member!.overdraftLimitFen, priced.amountFen);
      if (!charge.ok) {
        throw ruleBroken(`The wallet is short of ${charge.shortfallFen} fen`, [{ field: 'payment.method', message: 'the wallet balance and overdraft do not cover the order' }], {
          shortfallFen: charge.shortfallFen,
          balanceFen: member!.walletBalanceFen,
        });
      }
      walletBalanceFen = charge.balanceAfterFen;
    } else if (member) {
      walletBalanceFen = member.walletBalanceFen;
    }

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
      placedAt,
      placedDate: today,
      closedAt: null,
      closedBy: null,
      cancelReason: null,
      createdAt: writtenAt,
    };
    const payer = method === 'wallet' ? account.wallet(member!.id) : method === 'cash' ? account.cash(user.id) : account.external;
    const journal =
      priced.amountFen > 0
        ? journalRows(
            { siteId: input.siteId, kind: 'order.payment', staffId: user.id, businessDate: today, memberId: member?.id, orderId, reference: input.payment.reference },
            transfer(payer, account.revenue, priced.amountFen),
            writtenAt,
          )
        : null;

    const answer = toOrder(order, member?.name ?? null, walletBalanceFen);
    const [room] = await Promise.all([
      takePortions(tx, setMeal.id, input.quantity),
      insertRows(tx, CanteenOrder, [order]),
      insertRows(tx, ServedUnit, priced.served.map((s) => s.unit)),
      insertRows(tx, ServedUnitShare, priced.served.flatMap((s) => s.shares)),
      saveDrawdowns(tx, accounts),
      ...(journal ? [insertRows(tx, JournalEntry, [journal.entry]), insertRows(tx, JournalLine, journal.lines)] : []),
      ...(method === 'wallet' ? [runStatement(tx, 'update `canteen_member` set `wallet_balance_fen` = ?, `updated_at` = ? where `id` = ?', [walletBalanceFen, writtenAt, member!.id])] : []),
      keep(answer),
    ]);
    if (!room) throw await noRoomFor(tx, setMeal.id);
    return answer;
  });
}

// ── After the order ──────────────────────────────────────────────────────────────────

async function lockedOrder(tx: EntityManager, user: AuthUser, orderId: string): Promise<ICanteenOrder> {
  const order = await tx.findOne(CanteenOrder, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!order) throw notFound('Order');
  assertSiteAccess(user, order.siteId);
  return order;
}

function assertPlaced(order: ICanteenOrder): void {
  const said = { served: 'already served', no_show: 'already marked as a no-show', cancelled: 'already cancelled', placed: '' };
  if (order.status !== 'placed') throw conflict(`The order is ${said[order.status]}`, { status: order.status });
}

/**
 * Gives back the subsidy of an order's served units. The funding accounts are locked first,
 * in id order like takeOrder, so a cancellation and an order never wait on each other in a cycle.
 */
async function releaseSubsidy(tx: EntityManager, order: ICanteenOrder): Promise<void> {
  const units = await tx.find(ServedUnit, { sourceId: order.id, voided: false });
  const codes = [...new Set(units.flatMap((u) => u.quote.drawdowns.map((d) => d.account)))];
  if (codes.length) {
    await tx.find(FundingAccount, { siteId: order.siteId, year: Number(order.date.slice(0, 4)), account: { $in: codes } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
  }
  await voidServed(tx, order.id);
}

async function memberName(em: EntityManager, memberId: string | null | undefined): Promise<string | null> {
  if (!memberId) return null;
  return (await em.findOne(CanteenMember, { id: memberId }, { fields: ['name'] }))?.name ?? null;
}

/**
 * Cancels before the cut-off: the portion goes back to the set meal, the subsidy to its
 * budget, the money to where it came from (wallet, cash drawer of who took it, external).
 */
export async function cancelOrder(em: EntityManager, user: AuthUser, orderId: string, reason: string | null, now: DateTime) {
  return inTransaction(em, async (tx) => {
    const order = await lockedOrder(tx, user, orderId);
    assertPlaced(order);
    const window = canCancel(DEFAULT_ORDERING_POLICY, order.date, order.meal, order.channel, now);
    if (!window.ok) {
      const deadline = window.reason === 'cutoff_passed' ? window.deadline : null;
      throw ruleBroken(`The order can no longer be cancelled${deadline ? `: the cut-off was ${deadline.toFormat('yyyy-MM-dd HH:mm')}` : ''}`, [{ field: 'orderId', message: 'is past its cancellation cut-off' }], {
        deadline: deadline?.toISO() ?? null,
      });
    }
    // Locks in takeOrder's order: member, funding accounts, set meal.
    const member = order.memberId ? await tx.findOne(CanteenMember, { id: order.memberId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
    await releaseSubsidy(tx, order);
    const setMeal = await lockSetMeal(tx, order.setMealId);
    if (setMeal) setMeal.orderedPortions = Math.max(0, setMeal.orderedPortions - order.quantity);
    const today = businessDateOf(now);
    if (order.amountFen > 0) {
      const payer = order.payment === 'wallet' ? account.wallet(order.memberId!) : order.payment === 'cash' ? account.cash(order.staffId) : account.external;
      post(
        tx,
        { siteId: order.siteId, kind: 'order.refund', staffId: user.id, businessDate: today, memberId: order.memberId, orderId: order.id, reference: order.paymentRef, memo: reason },
        transfer(account.revenue, payer, order.amountFen),
      );
      if (order.payment === 'wallet' && member) member.walletBalanceFen += order.amountFen;
    }
    order.status = 'cancelled';
    order.closedAt = now.toJSDate();
    order.closedBy = user.id;
    order.cancelReason = reason;
    await tx.flush();
    return toOrder(order, member?.name ?? null, member?.walletBalanceFen ?? null);
  });
}

/**
 * Marks an order served, or a no-show, from the meal's day on. A no-show keeps the member's
 * payment (the portion was cooked) but voids its served units: departments pay only for
 * meals really served, so the subsidy goes back to the budget.
 */
export async function closeOrder(em: EntityManager, user: AuthUser, orderId: string, outcome: 'served' | 'no_show', now: DateTime) {
  return inTransaction(em, async (tx) => {
    const order = await lockedOrder(tx, user, orderId);
    assertPlaced(order);
    if (businessDateOf(now) < order.date) {
      throw ruleBroken(`The meal is on ${order.date}; it can be marked ${outcome === 'served' ? 'served' : 'a no-show'} from that day`, [{ field: 'orderId', message: 'is for a later day' }]);
    }
    if (outcome === 'no_show') await releaseSubsidy(tx, order);
    order.status = outcome;
    order.closedAt = now.toJSDate();
    order.closedBy = user.id;
    await tx.flush();
    return toOrder(order, await memberName(tx, order.memberId));
  });
}

export async function getOrder(em: EntityManager, user: AuthUser, orderId: string) {
  const order = await em.findOne(CanteenOrder, { id: orderId });
  if (!order) throw notFound('Order');
  assertSiteAccess(user, order.siteId);
  return toOrder(order, await memberName(em, order.memberId));
}

export async function listOrders(
  em: EntityManager,
  q: { siteId: string; date?: string; meal?: string; memberId?: string; status?: string; limit: number; offset: number },
) {
  const where = {
    siteId: q.siteId,
    ...(q.date ? { date: q.date } : {}),
    ...(q.meal ? { meal: q.meal } : {}),
    ...(q.memberId ? { memberId: q.memberId } : {}),
    ...(q.status ? { status: q.status } : {}),
  } as Parameters<typeof em.find<ICanteenOrder>>[1];
  const [rows, total] = await em.findAndCount(CanteenOrder, where, { orderBy: { placedAt: 'desc', id: 'desc' }, limit: q.limit, offset: q.offset });
  const ids = [...new Set(rows.flatMap((o) => (o.memberId ? [o.memberId] : [])))];
  const names = new Map((ids.length ? await em.find(CanteenMember, { id: { $in: ids } }, { fields: ['name'] }) : []).map((m) => [m.id, m.name]));
  return { total, items: rows.map((o) => toOrder(o, o.memberId ? (names.get(o.memberId) ?? null) : null)) };
}
