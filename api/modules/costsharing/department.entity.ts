import { defineEntity, InferEntity } from '@mikro-orm/core';
import { createdAt, idProperty } from '../../entity-helpers';

/** 职能部门 (民政 mca, 卫健 nhc, 教育 edu, 残联 dpf …): funds programmes across all sites. */
export const Department = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: (p) => ({
    id: idProperty(),
    code: p.string().length(16).unique(),
    name: p.string().length(100),
    nameEn: p.string().length(100),
    createdAt: createdAt(),
  }),
});
export type IDepartment = InferEntity<typeof Department>;
