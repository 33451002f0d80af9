import type { EntityManager } from '@mikro-orm/core';
import type { LoginEvent, LoginOutcome } from '../../domain/shared/login-event';
import type { Role } from '../auth/roles';
import { fromDatetime, fromJson, marks, selectRows } from '../db';
import type { Reach } from '../http/scope';
import { LOGIN_FAILED, LOGIN_SUCCEEDED } from './audit';

interface Row {
  id: string;
  at: unknown;
  action: string;
  detail: unknown;
  user_id: string | null;
  display_name: string | null;
  role: Role | null;
}

/**
 * Login attempts an admin of `siteIds` may see, newest first. A login belongs to the sites its
 * user works at (staff) or its household lives at (parents, families). An attempt no site owns
 * (a name nobody has, a department's login) is shown to the admins of every site: it is where
 * password spraying shows, and no site could see it otherwise.
 */
export async function loginEvents(em: EntityManager, reached: Reach['sites'], filter: { outcome?: LoginOutcome; limit: number }): Promise<LoginEvent[]> {
  const actions = filter.outcome ? [filter.outcome === 'success' ? LOGIN_SUCCEEDED : LOGIN_FAILED] : [LOGIN_SUCCEEDED, LOGIN_FAILED];
  // `in ()` is no SQL: an admin without sites matches none.
  const sites = reached === 'all' ? [] : reached.length ? [...reached] : [''];
  const owned =
    reached === 'all'
      ? ''
      : // owned by no site
        'and (u.`id` is null or (u.`household_id` is null and not exists (select 1 from `user_site` us where us.`user_id` = u.`id`)) ' +
        // or by one of the caller's
        `or exists (select 1 from \`user_site\` us where us.\`user_id\` = u.\`id\` and us.\`site_id\` in (${marks(sites)})) ` +
        `or exists (select 1 from \`household\` h where h.\`id\` = u.\`household_id\` and h.\`site_id\` in (${marks(sites)}))) `;
  const rows = await selectRows<Row>(
    em,
    'select a.`id`, a.`at`, a.`action`, a.`detail`, u.`id` as `user_id`, u.`display_name`, u.`role` from `audit_entry` a ' +
      'left join `app_user` u on u.`id` = a.`subject_id` ' +
      `where a.\`action\` in (${marks(actions)}) ${owned}` +
      'order by a.`at` desc, a.`id` desc limit ?',
    [...actions, ...sites, ...sites, filter.limit],
  );
  return rows.map((r) => {
    const detail = fromJson<{ username?: string; ip?: string | null } | null>(r.detail);
    return {
      id: r.id,
      at: fromDatetime(r.at).toISOString(),
      outcome: r.action === LOGIN_SUCCEEDED ? 'success' : 'failure',
      username: detail?.username ?? null,
      userId: r.user_id,
      displayName: r.display_name,
      role: r.role,
      ip: detail?.ip ?? null,
    };
  });
}
