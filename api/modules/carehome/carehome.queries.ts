import type { EntityManager } from '@mikro-orm/core';
import type { OccupancyDay } from '../../../domain/carehome';
import type { BusinessDate } from '../../../domain/shared/business-date';
import { selectRows } from '../../db';

/**
 * Per date, the site's residents with a bed (a stay from its first day to the day before its
 * `to_date`) and those away on leave (from `from_date` to the day before `returned_on`): one
 * statement over a table of the dates, whatever the range (at most 366 dates, under SQLite's
 * 500 terms of a compound select).
 */
export async function occupancyOn(em: EntityManager, siteId: string, dates: readonly BusinessDate[]): Promise<OccupancyDay[]> {
  const days = dates.map((_, i) => (i === 0 ? 'select ? as `day`' : 'select ?')).join(' union all ');
  const rows = await selectRows<{ day: string; occupied: number | string; on_leave: number | string }>(
    em,
    `select d.\`day\` as \`day\`,
       (select count(*) from \`carehome_bed_stay\` s where s.\`site_id\` = ? and s.\`from_date\` <= d.\`day\` and (s.\`to_date\` is null or s.\`to_date\` > d.\`day\`)) as \`occupied\`,
       (select count(*) from \`carehome_leave\` l where l.\`site_id\` = ? and l.\`from_date\` <= d.\`day\` and (l.\`returned_on\` is null or l.\`returned_on\` > d.\`day\`)) as \`on_leave\`
     from (${days}) d order by d.\`day\``,
    [siteId, siteId, ...dates],
  );
  return rows.map((r) => ({ date: r.day, occupied: Number(r.occupied), onLeave: Number(r.on_leave) }));
}
