import type { EntityManager } from '@mikro-orm/core';
import { forUpdate, selectRows } from '../../db';

/**
 * Locks the site's group rows, in id order, before anything of the site is read: every change
 * that can free or need a weekday place (an enrolment, a withdrawal) takes this lock first, so
 * such changes at one site run one after another and each counts what the one before it
 * committed (MariaDB's snapshot is taken at the first plain read, after the lock). SQLite
 * serialises writers itself.
 */
export async function lockGroupsOf(em: EntityManager, siteId: string): Promise<void> {
  await selectRows(em, `select \`id\` from \`afterschool_group\` where \`site_id\` = ? order by \`id\`${forUpdate(em)}`, [siteId]);
}

