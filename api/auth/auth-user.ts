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
