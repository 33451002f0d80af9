import type { EntityManager } from '@mikro-orm/core';
import { DEFAULT_ORDERING_POLICY, OrderingPolicy, PortionPolicy } from '../../../domain/canteen';
import type { BusinessDate } from '../../../domain/shared/time';
import { CanteenClosedDay, CanteenSettings } from './calendar.entity';

export interface CanteenSiteSettings {
  tierPricedPortionsPerMeal: number;
  serveOnWeekends: boolean;
  serveOnHolidays: boolean;
  defaultOverdraftLimitFen: number;
}

/** A site without its own settings row: serve every day, one tier-priced set per meal, no overdraft. */
export const CANTEEN_DEFAULTS: CanteenSiteSettings = {
  tierPricedPortionsPerMeal: 1,
  serveOnWeekends: true,
  serveOnHolidays: true,
  defaultOverdraftLimitFen: 0,
};

export async function siteSettings(em: EntityManager, siteId: string): Promise<CanteenSiteSettings> {
  const row = await em.findOne(CanteenSettings, { siteId });
  if (!row) return { ...CANTEEN_DEFAULTS };
  return {
    tierPricedPortionsPerMeal: row.tierPricedPortionsPerMeal,
    serveOnWeekends: row.serveOnWeekends,
    serveOnHolidays: row.serveOnHolidays,
    defaultOverdraftLimitFen: row.defaultOverdraftLimitFen,
  };
}

/** The site's own closing days among `dates` (all of them when `dates` is omitted). */
export async function closedDates(em: EntityManager, siteId: string, dates?: BusinessDate[]): Promise<BusinessDate[]> {
  const rows = await em.find(CanteenClosedDay, dates ? { siteId, date: { $in: dates } } : { siteId });
  return rows.map((r) => r.date);
}

/** The cut-offs of DEFAULT_ORDERING_POLICY with the site's own service days. */
export function orderingPolicy(settings: CanteenSiteSettings, closed: readonly BusinessDate[]): OrderingPolicy {
  return {
    cutoffs: DEFAULT_ORDERING_POLICY.cutoffs,
    serviceDays: { closedDates: closed, serveOnWeekends: settings.serveOnWeekends, serveOnHolidays: settings.serveOnHolidays },
  };
}

export function portionPolicy(settings: CanteenSiteSettings): PortionPolicy {
  return { tierPricedPortionsPerMeal: settings.tierPricedPortionsPerMeal };
}

/** Loads the policy that decides whether `dates` are open for orders at a site. */
export async function policyFor(em: EntityManager, siteId: string, dates: BusinessDate[]) {
  const settings = await siteSettings(em, siteId);
  const closed = await closedDates(em, siteId, dates);
  return { settings, closed, ordering: orderingPolicy(settings, closed), portions: portionPolicy(settings) };
}
