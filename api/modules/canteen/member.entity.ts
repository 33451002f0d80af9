import { defineEntity, InferEntity } from '@mikro-orm/core';
import type { CategoryEvidence } from '../../../domain/canteen';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/** What the kitchen and the delivery volunteers must know; allergies are free text beside them. */
export const DIETARY_TAGS = ['low_salt', 'low_sugar', 'soft', 'low_fat', 'liquid', 'halal', 'vegetarian'] as const;
export type DietaryTag = (typeof DIETARY_TAGS)[number];

export const DIETARY_TAG_NAMES: Record<DietaryTag, { zh: string; en: string }> = {
  low_salt: { zh: '低盐', en: 'low salt' },
  low_sugar: { zh: '低糖', en: 'low sugar' },
  soft: { zh: '软食', en: 'soft food' },
  low_fat: { zh: '低脂', en: 'low fat' },
  liquid: { zh: '流食', en: 'liquid diet' },
  halal: { zh: '清真', en: 'halal' },
  vegetarian: { zh: '素食', en: 'vegetarian' },
};

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
  indexes: [{ properties: ['siteId', 'name'] }, { properties: ['siteId', 'phoneLast4'] }, { properties: ['siteId', 'idLast4'] }],
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
