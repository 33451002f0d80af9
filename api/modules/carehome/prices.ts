import type { EntityManager } from '@mikro-orm/core';
import { bedTierOf, type CareHomeSettings, type CareLevel, careLevelByCode, monthlyPriceOf } from '../../../domain/carehome';
import { yearOf } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/time';
import { HttpProblem, ruleBroken } from '../../errors';
import { readFundingAccounts } from '../costsharing/funding-accounts';
import { accountCodesOf, readLinesRules } from '../costsharing/line-rules';
import { priceServedUnits } from '../costsharing/served-units';

/** A care level's price on a date: its line's quote of one bed-day for the level's tier, as billing prices it. */
export interface LevelQuote {
  careLevel: string;
  serviceLine: string;
  tier: string;
  date: BusinessDate;
  /** What the family pays for a bed-day, after the subsidies. */
  familyDayFen: number;
  /** The bed-day's full cost, before anyone else pays a part. */
  fullDayFen: number;
  /** The family's price of a 30-day month (QUOTED_MONTH_DAYS): the contract's monthly price. */
  monthFen: number;
}

/**
 * Quotes each level on its line through the pricing billing uses (priceServedUnits), every
 * level on the funding accounts as they stand (nothing drawn, nothing written). A line the site
 * cannot price that day refuses (422 naming it, as a bill would).
 */
export async function quoteLevels(em: EntityManager, siteId: string, levels: readonly CareLevel[], date: BusinessDate): Promise<LevelQuote[]> {
  if (levels.length === 0) return [];
  const lines = await readLinesRules(em, siteId, [...new Set(levels.map((l) => l.serviceLine))], date);
  const accounts = await readFundingAccounts(em, siteId, [yearOf(date)], accountCodesOf(...lines));
  return levels.map((level) => {
    const tier = bedTierOf(level);
    const [q] = priceServedUnits(lines.find((l) => l.serviceLine === level.serviceLine)!, accounts, { units: [{ tier, date }] }).quotes;
    return { careLevel: level.code, serviceLine: level.serviceLine, tier, date, familyDayFen: q.resident.paysFen, fullDayFen: q.cost.totalFen, monthFen: monthlyPriceOf(q.resident.paysFen) };
  });
}

/** One level of the settings quoted on a date; a level the settings do not define is refused (422 naming careLevel). */
export async function quoteLevel(em: EntityManager, siteId: string, settings: CareHomeSettings, code: string, date: BusinessDate): Promise<LevelQuote> {
  const level = careLevelByCode(code, settings);
  if (!level) throw ruleBroken('No such care level', [{ field: 'careLevel', code: 'unknown_care_level', message: `is not a care level of the site's settings on ${date}` }]);
  const [quoted] = await quoteLevels(em, siteId, [level], date);
  return quoted;
}

/** A price to show: each level's quote, or why the site cannot price it that day (the page still shows). */
export type ShownQuote = Pick<LevelQuote, 'careLevel' | 'serviceLine' | 'date'> & Partial<LevelQuote> & { refused?: string };

export async function quotesToShow(em: EntityManager, siteId: string, levels: readonly CareLevel[], date: BusinessDate): Promise<ShownQuote[]> {
  return Promise.all(
    levels.map((level) =>
      quoteLevels(em, siteId, [level], date).then(
        ([q]) => q as ShownQuote,
        (err: unknown) => {
          if (!(err instanceof HttpProblem)) throw err;
          return { careLevel: level.code, serviceLine: level.serviceLine, date, refused: err.message };
        },
      ),
    ),
  );
}
