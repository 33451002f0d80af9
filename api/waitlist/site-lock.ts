import type { EntityManager } from '@mikro-orm/core';
import { forUpdate, selectRows } from '../db';

/** Table names are the module's own constants, never input; the check keeps them so. */
function table(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a table name: ${name}`);
  return `\`${name}\``;
}

/**
 * Locks a site's rows of a waitlist's places (childcare classes, care-home beds), in id order,
 * before anything of the site is read: every change that can free or need a place takes this
 * lock first, so such changes at one site run one after another and each reads what the one
 * before it committed (MariaDB's snapshot is taken at the first plain read, after the lock).
 * SQLite serialises writers itself.
 */
export async function lockPlacesOf(em: EntityManager, placesTable: string, siteId: string): Promise<void> {
  await selectRows(em, `select \`id\` from ${table(placesTable)} where \`site_id\` = ? order by \`id\`${forUpdate(em)}`, [siteId]);
}

/** The sites that have rows in a waitlist's places table, and so places to offer. */
export async function sitesWithPlaces(em: EntityManager, placesTable: string): Promise<string[]> {
  return (await selectRows<{ site_id: string }>(em, `select distinct \`site_id\` from ${table(placesTable)} order by \`site_id\``)).map((r) => r.site_id);
}
