import { outOfScope } from '../errors';
import type { Role } from './roles';
import { actionsFor, modulesFor } from './permissions';

/** Who is calling, as loaded for each request from the session. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  siteIds: string[];
  departmentId: string | null;
  householdId: string | null;
}

export function publicUser(user: AuthUser, departmentCode: string | null) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    siteIds: user.siteIds,
    departmentCode,
    householdId: user.householdId,
    modules: modulesFor(user.role),
    actions: actionsFor(user.role),
  };
}

/** Staff and admins work only at their own sites; departments read across all sites. */
export function assertSiteAccess(user: AuthUser, siteId: string): void {
  if (user.role === 'department') return;
  if (!user.siteIds.includes(siteId)) throw outOfScope('This site is outside your scope');
}

/** The site filter for a list query: every site for a department, the login's own otherwise. */
export function siteScope(user: AuthUser): string[] | 'all' {
  return user.role === 'department' ? 'all' : user.siteIds;
}
