import type { EntityManager } from '@mikro-orm/core';
import { forUpdate, selectRows } from '../../db';

/**
 * Locks the site's class rows, in id order, before anything of the site is read: every change
 * that can free or need a place takes this lock first, so such changes at one site run one
 * after another and each reads what the one before it committed (MariaDB's snapshot is taken at
 * the first plain read, after the lock). SQLite serialises writers itself.
 */
export async function lockClassesOf(em: EntityManager, siteId: string): Promise<void> {
  await selectRows(em, `select \`id\` from \`childcare_class\` where \`site_id\` = ? order by \`id\`${forUpdate(em)}`, [siteId]);
}

/** The sites that have classes, and so places to offer. */
export async function sitesWithClasses(em: EntityManager): Promise<string[]> {
  return (await selectRows<{ site_id: string }>(em, 'select distinct `site_id` from `childcare_class` order by `site_id`')).map((r) => r.site_id);
}
