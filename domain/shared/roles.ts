/**
 * Who uses the service. Each role is scoped to sites (staff and admins), to a department,
 * or to a household (parents and families); api/auth/permissions.ts says what each may do.
 */
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
