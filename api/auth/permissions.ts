import type { Role } from './roles';
import { ROLES } from './roles';

const STAFF_AT_SITES: Role[] = ['canteen_staff', 'childcare_staff', 'care_staff', 'afterschool_staff', 'operator_admin', 'community_admin'];
const ADMINS: Role[] = ['operator_admin', 'community_admin'];

/**
 * Authorization as data (eVaka's Action table): every route names one action, and only the
 * roles listed may call it. Anything not listed is denied. Where its records belong (site,
 * household, department) each route declares beside its action (http/scope.ts).
 */
export const PERMISSIONS = {
  'session.self': [...ROLES],
  'sites.read': [...STAFF_AT_SITES, 'department'],
  'households.read': [...STAFF_AT_SITES, 'parent', 'family'],
  'audit.read': ADMINS,
  'costsharing.parties.read': [...ADMINS, 'department'],
  'costsharing.view': [...ADMINS, 'department'],
  'costsharing.models.read': ADMINS,
  'costsharing.models.write': ADMINS,
  'costsharing.rules.read': [...ADMINS, 'department'],
  'costsharing.rules.write': ADMINS,
  'costsharing.quote': ADMINS,
  'costsharing.report.read': ADMINS,
  'canteen.view': ['canteen_staff', ...ADMINS],
  'canteen.members.write': ['canteen_staff', 'operator_admin'],
  'canteen.members.identity': ADMINS,
  'canteen.plans.write': ['canteen_staff', 'operator_admin'],
  'canteen.settings.write': ADMINS,
  'canteen.orders.write': ['canteen_staff', 'operator_admin'],
  'canteen.wallet.write': ['canteen_staff', 'operator_admin'],
  'childcare.view': ['childcare_staff', ...ADMINS, 'parent'],
  /** A parent, for their own household's children: apply, submit, withdraw, answer offers. */
  'childcare.apply': ['parent'],
  /** The site's childcare staff: verify facts, classes, priority rules, offers. */
  'childcare.manage': ['childcare_staff', ...ADMINS],
  'childcare.settings.write': ADMINS,
  /** Those who run the day: the 晨检, in and out, carers on duty. */
  'childcare.days.write': ['childcare_staff', 'operator_admin'],
  /** Absences: staff, and a parent ahead for its own child. */
  'childcare.absence.write': ['childcare_staff', 'operator_admin', 'parent'],
  /** 临时托 days: a parent books and cancels its own children's, staff book for a family. */
  'childcare.book': ['childcare_staff', 'operator_admin', 'parent'],
  'carehome.view': ['care_staff', ...ADMINS, 'family'],
  /** A family, for its own household's relatives: apply, withdraw, answer offers. */
  'carehome.apply': ['family'],
  /** The site's care staff: the bed board, rooms and bed states, verification, assessments, offers, transfers, leaves, discharges. */
  'carehome.manage': ['care_staff', ...ADMINS],
  'carehome.settings.write': ADMINS,
  'afterschool.view': ['afterschool_staff', ...ADMINS, 'parent'],
  /** A parent, for their own household's children: register them, enrol for weekdays, who may collect, day delegations. */
  'afterschool.enrol': ['parent'],
  /** The site's after-school staff: terms, groups, sessions, roster, the door, alerts, exports. */
  'afterschool.manage': ['afterschool_staff', ...ADMINS],
  'afterschool.settings.write': ADMINS,
  'reconciliation.view': [...ADMINS, 'department'],
  /** The operator prepares claims: builds, submits, answers disputes, closes months. */
  'reconciliation.prepare': ['operator_admin'],
  /** A department reviews its own claims: approves lines or disputes them. */
  'reconciliation.review': ['department'],
  'reconciliation.payments.write': ['operator_admin', 'department'],
  'reconciliation.ledger.read': ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const MODULES = ['canteen', 'childcare', 'carehome', 'afterschool', 'costsharing', 'reconciliation'] as const;
export type Module = (typeof MODULES)[number];

export function mayDo(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Every action a role may take, so the web app shows only the controls that would succeed. */
export function actionsFor(role: Role): Action[] {
  return (Object.keys(PERMISSIONS) as Action[]).filter((action) => mayDo(role, action));
}

/** The modules whose pages a role may open: those with a `<module>.view` action for it. */
export function modulesFor(role: Role): Module[] {
  return MODULES.filter((m) => mayDo(role, `${m}.view` as Action));
}
