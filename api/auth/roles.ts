export const ROLES = [
  'canteen_staff',
  'childcare_staff',
  'care_staff',
  'afterschool_staff',
  'operator_admin',
  'community_admin',
  'department',
  'parent',
  'family',
] as const;
export type Role = (typeof ROLES)[number];
