import { EntityManager, LockMode } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { canOrder } from '../../../domain/canteen';
import type { BusinessDate } from '../../../domain/shared/time';
import { forUpdate, fromBigint, fromJson, marks, selectRows } from '../../db';
import { conflict, notFound, ruleBroken } from '../../errors';
import type { OrderInput } from './canteen.schemas';
import { CANTEEN_DEFAULTS, CanteenSiteSettings, orderingPolicy } from './canteen.policy';
import type { ICanteenMember } from './member.entity';
import type { CountedOrder } from './order-pricing';
import type { ICanteenSetMeal } from './plan.entity';
import { CanteenOrder, ICanteenOrder } from './order.entity';

// The canteen's named queries for orders: what an order is checked against (its set meal with the
// site's settings and closings, its member, the member's orders of the month) and the rows an
// order batch locks. Each takes every id a batch needs in one statement.

/** A set meal on sale: its day and meal, with its site's canteen settings and whether the day is one of the site's closing days. */
export interface SetMealOnSale {
  setMeal: Pick<ICanteenSetMeal, 'id' | 'siteId' | 'date' | 'meal' | 'name' | 'published'>;
  settings: CanteenSiteSettings;
  closed: boolean;
}

/**
 * The set meals by id with their sites' settings and closings on their days. Read it after the
 * set meals are locked: a closing day is added under the same locks (lockSetMealsOn).
 */
export async function setMealsOnSale(em: EntityManager, setMealIds: readonly string[]): Promise<Map<string, SetMealOnSale>> {
  if (!setMealIds.length) return new Map();
  const rows = await selectRows(
    em,
    'select sm.`id`, sm.`site_id`, sm.`date`, sm.`meal`, sm.`name`, sm.`published`, ' +
      'cs.`id` as `settings_id`, cs.`tier_priced_portions_per_meal`, cs.`serve_on_weekends`, cs.`serve_on_holidays`, cs.`default_overdraft_limit_fen`, ' +
      'cd.`id` as `closed_day_id` ' +
      'from `canteen_set_meal` sm ' +
      'left join `canteen_settings` cs on cs.`site_id` = sm.`site_id` ' +
      'left join `canteen_closed_day` cd on cd.`site_id` = sm.`site_id` and cd.`date` = sm.`date` ' +
      `where sm.\`id\` in (${marks(setMealIds)})`,
    [...setMealIds],
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        setMeal: {
          id: String(row.id),
          siteId: String(row.site_id),
          date: String(row.date),
          meal: row.meal as ICanteenSetMeal['meal'],
          name: String(row.name),
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
      },
    ]),
  );
}

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

export const notPublished = () => ruleBroken('The set meal is not on a published plan', [{ field: 'setMealId', message: 'is not on a published plan yet' }]);

/** The ordering policy of a set meal's site on its day. */
export const policyOn = ({ setMeal, settings, closed }: SetMealOnSale) => orderingPolicy(settings, closed ? [setMeal.date] : []);

/** Whether a set meal can be ordered through a channel now: scope, a published plan, the site's service days and the cut-off. */
export function assertOrderable(onSale: SetMealOnSale | undefined, input: OrderInput, now: DateTime): SetMealOnSale {
  if (!onSale || onSale.setMeal.siteId !== input.siteId) throw notFound('Set meal');
  const { setMeal } = onSale;
  if (!setMeal.published) throw notPublished();
  refuseWindow(canOrder(policyOn(onSale), setMeal.date, setMeal.meal, input.channel, now), setMeal.meal, input.channel, setMeal.date);
  return onSale;
}

/** A set meal's portion count, locked: what orders may still take of it. */
export type Portions = Pick<ICanteenSetMeal, 'id' | 'name' | 'portionLimit' | 'orderedPortions' | 'published'>;

/**
 * A site's set meals of one day, locked in id order: a closing day is decided under these
 * locks, as orders for the day are (they lock their set meals' portions).
 */
export async function lockSetMealsOn(tx: EntityManager, siteId: string, date: BusinessDate): Promise<void> {
  await selectRows(tx, `select \`id\` from \`canteen_set_meal\` where \`site_id\` = ? and \`date\` = ? order by \`id\`${forUpdate(tx)}`, [siteId, date]);
}

/** Orders by id, locked in id order (as plain rows: the desk writes their changes itself). */
export async function lockOrders(tx: EntityManager, ids: readonly string[]): Promise<Map<string, ICanteenOrder>> {
  if (!ids.length) return new Map();
  const rows = await tx.find(CanteenOrder, { id: { $in: [...ids] } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, disableIdentityMap: true });
  return new Map(rows.map((o) => [o.id, { ...o }]));
}

/** The set meals' portion counts, locked in id order until the transaction ends (SQLite serialises writers instead). */
export async function lockPortions(tx: EntityManager, setMealIds: readonly string[]): Promise<Map<string, Portions>> {
  if (!setMealIds.length) return new Map();
  const rows = await selectRows(
    tx,
    `select \`id\`, \`name\`, \`portion_limit\`, \`ordered_portions\`, \`published\` from \`canteen_set_meal\` where \`id\` in (${marks(setMealIds)}) order by \`id\`${forUpdate(tx)}`,
    [...setMealIds],
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        id: String(row.id),
        name: String(row.name),
        portionLimit: row.portion_limit == null ? null : Number(row.portion_limit),
        orderedPortions: Number(row.ordered_portions),
        published: Boolean(row.published),
      },
    ]),
  );
}

export const hasRoomFor = (setMeal: Pick<Portions, 'portionLimit' | 'orderedPortions'>, quantity: number) =>
  setMeal.portionLimit == null || setMeal.orderedPortions + quantity <= setMeal.portionLimit;

export function soldOut(setMeal: Pick<Portions, 'name' | 'portionLimit' | 'orderedPortions'>) {
  const left = Math.max(0, (setMeal.portionLimit ?? 0) - setMeal.orderedPortions);
  return conflict(left === 0 ? `${setMeal.name} is sold out` : `Only ${left} portions of ${setMeal.name} are left`, {
    errors: [{ field: 'quantity', message: `must be at most the ${left} portions left` }],
    remainingPortions: left,
  });
}

/** What the counter needs of a member to price, deliver and charge an order. */
export type MemberAtCounter = Pick<
  ICanteenMember,
  'id' | 'siteId' | 'name' | 'birthDate' | 'categories' | 'address' | 'building' | 'room' | 'walletBalanceFen' | 'overdraftLimitFen' | 'active'
>;

/**
 * Members by id. With `lock`, their rows stay locked (in id order) for the rest of the
 * transaction: their wallets and their orders of the month (per-person caps) are the
 * transaction's to change.
 */
export async function membersAtCounter(em: EntityManager, ids: readonly string[], { lock = false } = {}): Promise<Map<string, MemberAtCounter>> {
  if (!ids.length) return new Map();
  const rows = await selectRows(
    em,
    'select `id`, `site_id`, `name`, `birth_date`, `categories`, `address`, `building`, `room`, `wallet_balance_fen`, `overdraft_limit_fen`, `active` ' +
      `from \`canteen_member\` where \`id\` in (${marks(ids)}) order by \`id\`${lock ? forUpdate(em) : ''}`,
    [...ids],
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
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
      },
    ]),
  );
}

/** The order's member at the input's site: 404 when there is none, 422 when deactivated. */
export function memberOf(members: Map<string, MemberAtCounter>, input: OrderInput): MemberAtCounter | null {
  if (!input.memberId) return null;
  const member = members.get(input.memberId);
  if (!member || member.siteId !== input.siteId) throw notFound('Member');
  if (!member.active) throw ruleBroken('The member is deactivated', [{ field: 'memberId', message: 'is deactivated' }]);
  return member;
}

export function deliveryOf(input: OrderInput, member: MemberAtCounter | null) {
  if (input.channel !== 'delivery') return { deliveryAddress: null, building: null, room: null };
  const address = input.delivery?.address ?? member?.address ?? null;
  if (!address) throw ruleBroken('A delivery needs an address', [{ field: 'delivery.address', message: 'is required for delivery when the member has no address on file' }]);
  return input.delivery
    ? { deliveryAddress: address, building: input.delivery.building ?? null, room: input.delivery.room ?? null }
    : { deliveryAddress: address, building: member?.building ?? null, room: member?.room ?? null };
}

/** The members' live orders from the first of `from`'s month on, by member. */
export async function countedOrders(em: EntityManager, memberIds: readonly string[], from: BusinessDate): Promise<Map<string, CountedOrder[]>> {
  const byMember = new Map<string, CountedOrder[]>(memberIds.map((id) => [id, []]));
  if (!memberIds.length) return byMember;
  // Plain rows, not entities: nothing for a flush to track, however many orders a member has.
  const rows = await selectRows<{ id: string; member_id: string; date: string; meal: string; subsidised_portions: number; lines: unknown }>(
    em,
    'select `id`, `member_id`, `date`, `meal`, `subsidised_portions`, `lines` from `canteen_order` ' +
      `where \`member_id\` in (${marks(memberIds)}) and \`date\` >= ? and \`status\` in ('placed', 'served')`,
    [...memberIds, `${from.slice(0, 7)}-01`],
  );
  for (const r of rows) {
    byMember.get(r.member_id)?.push({ id: r.id, date: String(r.date), meal: r.meal, subsidisedPortions: Number(r.subsidised_portions), lines: fromJson<CountedOrder['lines']>(r.lines) });
  }
  return byMember;
}
