import { z } from '../openapi';
import { MODULES } from './permissions';
import { ROLES } from './roles';

export const loginBody = z
  .object({
    username: z.string().trim().min(1, 'is required').max(64),
    password: z.string().min(1, 'is required').max(200),
  })
  .openapi('LoginRequest');

export const sessionUser = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    siteIds: z.array(z.string()),
    departmentCode: z.string().nullable(),
    householdId: z.string().nullable(),
    modules: z.array(z.enum(MODULES)),
    /** The actions (permission names) this role holds. */
    actions: z.array(z.string()),
  })
  .openapi('SessionUser');

export const csrfResponse = z.object({ csrfToken: z.string() }).openapi('CsrfToken');
export const loginResponse = z.object({ user: sessionUser, csrfToken: z.string() }).openapi('LoginResponse');
export const meResponse = z.object({ user: sessionUser }).openapi('Me');
