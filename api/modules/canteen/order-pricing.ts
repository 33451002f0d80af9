import { splitPortions, Tier, TierDecision, tierOn } from '../../../domain/canteen';
import { Contribution, CostSharingError, ProgrammeUsage, Quote, quote as priceUnit } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { ruleBroken } from '../../errors';
import { Pricing, servedRows } from '../costsharing/costsharing.service';
import type { IServedUnit, IServedUnitShare } from '../costsharing/served-unit.entity';
import type { ICanteenMember } from './member.entity';
import { profileOf } from './members.service';
import type { OrderPriceLine } from './order.entity';

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

/** A live order of the member's month, as far as the subsidy rules count it. */
export interface CountedOrder {
  date: BusinessDate;
  meal: string;
  subsidisedPortions: number;
  lines: OrderPriceLine[];
}

export const noUsage = (): MemberUsage => ({ alreadySubsidised: 0, usageByProgramme: {} });

/** What the member's live orders of the month already drew, for per-person caps and the one-subsidised-set rule. */
export function usageFrom(orders: readonly CountedOrder[], date: BusinessDate, meal: string): MemberUsage {
  const month = date.slice(0, 7);
  const usage = noUsage();
  for (const o of orders) {
    if (!o.date.startsWith(month)) continue;
    if (o.date === date && o.meal === meal) usage.alreadySubsidised += o.subsidisedPortions;
    for (const line of o.lines) {
      for (const [code, fen] of Object.entries(line.programmesFen)) {
        const u = (usage.usageByProgramme[code] ??= { todayFen: 0, thisMonthFen: 0 });
        u.thisMonthFen += fen * line.portions;
        if (o.date === date) u.todayFen += fen * line.portions;
      }
    }
  }
  return usage;
}

export interface PricedOrder {
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
export function priceOrder(
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
