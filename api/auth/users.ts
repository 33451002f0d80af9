import type { EntityManager } from '@mikro-orm/core';
import { normaliseUsername } from '../../domain/shared/username';
import { newId } from '../entity-helpers';
import type { Role } from './roles';
import { User, UserSite } from './user.entity';

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  siteIds?: string[];
  departmentId?: string | null;
  householdId?: string | null;
}

/**
 * A login and the sites it works at, for the caller to flush. The name is stored normalised,
 * so the unique index refuses a second spelling of a name already taken (`Family`, `ｆａｍｉｌｙ`).
 */
export function newUser(em: EntityManager, fields: NewUser) {
  const { siteIds = [], departmentId = null, householdId = null, username, ...rest } = fields;
  const user = em.create(User, { ...rest, id: newId(), username: normaliseUsername(username), departmentId, householdId });
  for (const siteId of siteIds) em.create(UserSite, { userId: user.id, siteId });
  return user;
}
