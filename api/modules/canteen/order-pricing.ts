import { splitPortions, Tier, TierDecision, tierOn } from '../../../domain/canteen';
import { CostSharingError, ProgrammeUse, Quote } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { ruleBroken } from '../../errors';
import type { IFundingAccount } from '../costsharing/cost-model.entity';
import type { LineRules } from '../costsharing/line-rules';
import { priceServedUnits, ServedRows, servedRowsOf } from '../costsharing/served-units';
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

/** The portions priced by the costsharing engine, one served unit each; a rule no quote can be made from is the set meal's fault. */
function pricePortions(line: LineRules, accounts: readonly IFundingAccount[], units: { tier: Tier; date: BusinessDate; personRef?: string }[], used: readonly ProgrammeUse[]) {
  try {
    return priceServedUnits(line, accounts, { units, used });
  } catch (err) {
    if (err instanceof CostSharingError) {
      throw ruleBroken(`The ${line.serviceLine} price cannot be computed: ${err.message}`, [{ field: 'setMealId', message: 'has no computable price' }]);
    }
    throw err;
  }
}

export interface MemberUsage {
  /** Portions the member already had at the tier price for this date and meal. */
  alreadySubsidised: number;
  /** What the member's live orders drew from each programme, by date: per-person caps count it. */
  used: ProgrammeUse[];
}

/** A live order of the member's month, as far as the subsidy rules count it. */
export interface CountedOrder {
  id: string;
  date: BusinessDate;
  meal: string;
  subsidisedPortions: number;
  lines: OrderPriceLine[];
}

export const noUsage = (): MemberUsage => ({ alreadySubsidised: 0, used: [] });

/** What a member's live orders already drew, for per-person caps and the one-subsidised-set rule. */
export function usageFrom(memberId: string, orders: readonly CountedOrder[], date: BusinessDate, meal: string): MemberUsage {
  const usage = noUsage();
  for (const o of orders) {
    if (o.date === date && o.meal === meal) usage.alreadySubsidised += o.subsidisedPortions;
    for (const line of o.lines) {
      for (const [programmeCode, fen] of Object.entries(line.programmesFen)) usage.used.push({ personRef: memberId, programmeCode, date: o.date, amountFen: fen * line.portions });
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
  served: ServedRows[];
  /** The funding accounts given, after what the portions drew. */
  accounts: IFundingAccount[];
}

/** What an order row keeps of its price. */
export function priceFieldsOf(priced: PricedOrder) {
  return {
    amountFen: priced.amountFen,
    subsidyFen: priced.subsidyFen,
    subsidisedPortions: priced.subsidisedPortions,
    tier: priced.decision.tier,
    tierReasons: priced.decision.reasons,
    lines: priced.lines,
  };
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
 * quote, splitPortions how many portions get it (the rest are priced as a guest's). Each portion
 * is a served unit priced by the costsharing engine on what the ones before it drew (caps,
 * budgets, pools, the grant's count); portions that came out the same share one price line.
 * With `record`, each portion's served unit rows come back to be stored.
 */
export function priceOrder(
  line: LineRules,
  accounts: readonly IFundingAccount[],
  member: Pick<ICanteenMember, 'id' | 'birthDate' | 'categories'> | null,
  date: BusinessDate,
  quantity: number,
  usage: MemberUsage,
  portionsPerMeal: number,
  record?: { orderId: string; at: Date },
): PricedOrder {
  const decision = tierOn(member ? profileOf(member) : null, date);
  const split = splitPortions(decision.tier, quantity, usage.alreadySubsidised, { tierPricedPortionsPerMeal: portionsPerMeal });
  const tiers: Tier[] = [...Array<Tier>(split.subsidised).fill(decision.tier), ...Array<Tier>(split.fullPrice).fill('guest')];
  const priced = pricePortions(line, accounts, tiers.map((tier) => ({ tier, date, ...(member ? { personRef: member.id } : {}) })), usage.used);
  const lines: OrderPriceLine[] = [];
  const served: ServedRows[] = [];
  priced.quotes.forEach((q, i) => {
    const subsidy = subsidyOf(q);
    const servedUnitIds: string[] = [];
    if (record) {
      const rows = servedRowsOf(q, { service: 'canteen', sourceId: record.orderId }, record.at);
      served.push(rows);
      servedUnitIds.push(rows.unit.id);
    }
    const price = {
      tier: tiers[i],
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
  });
  return {
    decision,
    subsidisedPortions: split.subsidised,
    lines,
    amountFen: lines.reduce((s, l) => s + l.amountFen, 0),
    subsidyFen: lines.reduce((s, l) => s + l.lineSubsidyFen, 0),
    served,
    accounts: priced.accounts,
  };
}
