import { defineEntity, InferEntity } from '@mikro-orm/core';
import type { CategoryEvidence, DietaryTag } from '../../../domain/canteen';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/**
 * A registered elderly member of a site's canteen (食堂会员). Birth date and sex are derived
 * from the 居民身份证号 when it is saved, never typed; the search keys are computed at write
 * time so the counter's search never runs the pinyin conversion. The meal-card wallet's
 * balance is kept here, locked while it moves; every movement is a journal entry.
 */
export const CanteenMember = defineEntity({
  name: 'CanteenMember',
  tableName: 'canteen_member',
  uniques: [{ properties: ['siteId', 'cardNumber'] }, { properties: ['siteId', 'idNumber'] }],
  indexes: [{ properties: ['siteId', 'sortName'] }, { properties: ['siteId', 'phoneLast4'] }, { properties: ['siteId', 'idLast4'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    cardNumber: p.string().length(32),
    name: p.string().length(50),
    idNumber: p.string().length(18),
    birthDate: businessDate(),
    sex: p.enum(['male', 'female']),
    phone: p.string().length(20).nullable(),
    address: p.string().length(200).nullable(),
    building: p.string().length(32).nullable(),
    room: p.string().length(32).nullable(),
    homebound: p.boolean(),
    emergencyContactName: p.string().length(50).nullable(),
    emergencyContactPhone: p.string().length(20).nullable(),
    emergencyContactRelation: p.string().length(20).nullable(),
    dietaryTags: p.json<DietaryTag[]>(),
    allergies: p.string().length(200).nullable(),
    categories: p.json<CategoryEvidence[]>(),
    walletBalanceFen: fen(),
    overdraftLimitFen: fen(),
    /** memberSearchKeys(name), each list joined with spaces: "zsf", "zengguofan cengguofan". */
    searchInitials: p.string().length(100),
    searchPinyin: p.string().length(255),
    /** memberSortKey(name): "chen shu zhen", the order of the members list. */
    sortName: p.string().length(255),
    phoneLast4: p.string().length(4).nullable(),
    idLast4: p.string().length(4),
    active: p.boolean(),
    deactivatedAt: p.datetime().nullable(),
    deactivationReason: p.string().length(200).nullable(),
    createdAt: createdAt(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type ICanteenMember = InferEntity<typeof CanteenMember>;
