import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, foreignId, idProperty } from '../entity-helpers';
import { ROLES } from './roles';

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: (p) => ({
    id: idProperty(),
    username: p.string().length(64).unique(),
    displayName: p.string().length(100),
    passwordHash: p.string().length(255).hidden(),
    role: p.enum([...ROLES]),
    /** Scope of a `department` login. */
    departmentId: foreignId().nullable(),
    /** Scope of a `parent` or `family` login. */
    householdId: foreignId().nullable(),
    active: p.boolean().onCreate(() => true),
    createdAt: createdAt(),
  }),
});
export type IUser = InferEntity<typeof User>;

/** The sites a staff or admin login may work at. */
export const UserSite = defineEntity({
  name: 'UserSite',
  tableName: 'user_site',
  uniques: [{ properties: ['userId', 'siteId'] }],
  properties: () => ({
    id: idProperty(),
    userId: foreignId(),
    siteId: foreignId().index(),
  }),
});
export type IUserSite = InferEntity<typeof UserSite>;
