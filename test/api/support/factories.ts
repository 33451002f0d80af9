import type { EntityManager } from '@mikro-orm/core';
import { hashPassword } from '../../../api/auth/passport';
import type { Role } from '../../../api/auth/roles';
import { newUser } from '../../../api/auth/users';
import { newId } from '../../../api/entity-helpers';
import { ChildcareApplication, ChildcareClass, ChildcareEnrolment } from '../../../api/modules/childcare/childcare.entity';
import { Department } from '../../../api/modules/costsharing/department.entity';
import { Household } from '../../../api/modules/sites/household.entity';
import { Site } from '../../../api/modules/sites/site.entity';
import type { ORM } from '../../../api/db';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { TEST_PASSWORD } from './app';
import type { Meal } from '../../../domain/canteen';
import { makeIdNumber } from '../../../domain/shared/identity';
import type { MemberFields } from '../../../api/modules/canteen/canteen.schemas';
import { newMember } from '../../../api/modules/canteen/members.service';
import { CanteenPlan, CanteenSetMeal } from '../../../api/modules/canteen/plan.entity';
import { openWallet } from '../../../api/modules/canteen/wallet.service';

let seq = 0;
/** Unique per test run and worker, because MariaDB tests in one worker share a database. */
export const unique = (prefix: string) => `${prefix}${process.env.JEST_WORKER_ID ?? 0}x${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Full-width forms of ASCII letters and digits (`ｆａｍｉｌｙ`): a spelling MariaDB's collation takes for the same name. */
export const fullWidth = (text: string) => [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

let passwordHash: Promise<string> | undefined;

export async function makeSite(em: EntityManager, fields: Partial<{ name: string }> = {}) {
  const site = em.create(Site, { id: newId(), code: unique('s'), name: fields.name ?? '测试站点', community: '测试社区', district: '测试区', householdCount: 1000 });
  await em.flush();
  return site;
}

export async function makeDepartment(em: EntityManager, code = unique('d').slice(0, 16)) {
  const department = em.create(Department, { id: newId(), code, name: `部门${code}`, nameEn: `Dept ${code}` });
  await em.flush();
  return department;
}

export async function makeUser(
  em: EntityManager,
  role: Role,
  scope: { siteIds?: string[]; departmentId?: string; householdId?: string } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = newUser(em, { username: unique(role.slice(0, 6)), displayName: `测试 ${role}`, passwordHash: await passwordHash, role, ...scope });
  await em.flush();
  return user;
}

/** A site with one login per role, scoped the way the demo data scopes them. */
export async function makeSiteWithStaff(orm: ORM) {
  const em = orm.em.fork();
  const site = await makeSite(em);
  const department = await makeDepartment(em);
  const household = em.create(Household, { id: newId(), siteId: site.id, name: '测试家庭' });
  await em.flush();
  const at = { siteIds: [site.id] };
  const users = {
    canteen_staff: await makeUser(em, 'canteen_staff', at),
    childcare_staff: await makeUser(em, 'childcare_staff', at),
    care_staff: await makeUser(em, 'care_staff', at),
    afterschool_staff: await makeUser(em, 'afterschool_staff', at),
    operator_admin: await makeUser(em, 'operator_admin', at),
    community_admin: await makeUser(em, 'community_admin', at),
    department: await makeUser(em, 'department', { departmentId: department.id }),
    parent: await makeUser(em, 'parent', { householdId: household.id }),
    family: await makeUser(em, 'family', { householdId: household.id }),
  } satisfies Record<Role, unknown>;
  return { site, department, household, users };
}

/** A site with staff and the 幸福里 demo cost models, budgets and pools (for pricing stories). */
export async function makePricedSite(orm: ORM, year = 2026) {
  const staffed = await makeSiteWithStaff(orm);
  const em = orm.em.fork();
  await em.transactional((tx) => seedCostSharingDemo(tx, staffed.site.id, [year]));
  const mca = await em.findOneOrFail(Department, { code: 'mca' });
  const mcaUser = await makeUser(em, 'department', { departmentId: mca.id });
  return { ...staffed, mcaUser };
}

// ── Canteen ────────────────────────────────────────────────────────────────────────────
let memberSeq = 0;

/**
 * A canteen member at a site, born on `birthDate` (default 1950-03-01, so 76 on 2026-11-23:
 * tier age70), with a valid ID number and, when `walletFen` is given, an opening balance.
 */
export async function makeMember(
  em: EntityManager,
  siteId: string,
  fields: Partial<MemberFields> & { birthDate?: string; sex?: 'male' | 'female'; walletFen?: number } = {},
) {
  const n = memberSeq++;
  const { birthDate = '1950-03-01', sex = 'male', walletFen = 0, ...rest } = fields;
  const sequence = (n % 500) * 2 + (sex === 'male' ? 1 : 0);
  const member = newMember(
    em,
    siteId,
    { cardNumber: unique('C'), name: rest.name ?? `测试会员${n}`, idNumber: makeIdNumber('420802', birthDate, sequence), phone: `1380000${String(n % 10000).padStart(4, '0')}`, ...rest },
    0,
  );
  openWallet(em, member, walletFen, '2026-01-01');
  await em.flush();
  return member;
}

export interface SetMealFixture {
  date: string;
  meal?: Meal;
  name?: string;
  dishes?: string[];
  nutritionTags?: string[];
  portionLimit?: number | null;
}

/** A week's plan (the existing one, if the week has one) with the set meals given added (published unless told otherwise). */
export async function makePlan(em: EntityManager, siteId: string, weekStart: string, setMeals: SetMealFixture[], { published = true } = {}) {
  const plan =
    (await em.findOne(CanteenPlan, { siteId, weekStart })) ??
    em.create(CanteenPlan, { id: newId(), siteId, weekStart, status: published ? 'published' : 'draft', publishedAt: published ? new Date() : null, publishedBy: null });
  const meals = setMeals.map((s, i) =>
    em.create(CanteenSetMeal, {
      id: newId(),
      siteId,
      planId: plan.id,
      date: s.date,
      meal: s.meal ?? 'lunch',
      name: s.name ?? `套餐${i + 1}`,
      dishes: s.dishes ?? ['米饭', '青菜'],
      nutritionTags: s.nutritionTags ?? [],
      portionLimit: s.portionLimit ?? null,
      orderedPortions: 0,
      published,
      sortOrder: i,
    }),
  );
  await em.flush();
  return { plan, setMeals: meals };
}

// ── Childcare ──────────────────────────────────────────────────────────────────────────
let childSeq = 0;

/** A household at a site with its parent login. */
export async function makeFamily(em: EntityManager, siteId: string) {
  const household = em.create(Household, { id: newId(), siteId, name: unique('家庭') });
  await em.flush();
  const parent = await makeUser(em, 'parent', { householdId: household.id });
  return { household, parent };
}

/** A valid 居民身份证号 for a child born on `birthDate`, different on every call. */
export const childIdNumber = (birthDate: string) => makeIdNumber('110101', birthDate, childSeq++ % 999);

/** A class of a site, written directly (for stories about something else). */
export async function makeChildcareClass(em: EntityManager, siteId: string, fields: Partial<{ kind: 'infant' | 'toddler' | 'older' | 'mixed'; size: number; name: string }> = {}) {
  const c = em.create(ChildcareClass, { id: newId(), siteId, kind: fields.kind ?? 'toddler', name: fields.name ?? unique('班'), nameEn: null, size: fields.size ?? 15, childrenPerCarer: 5 });
  await em.flush();
  return c;
}

/** An application of a household, written directly (born 2025-06-01, full day, starting 2027-01-04), submitted unless told. */
export async function makeChildcareApplication(em: EntityManager, siteId: string, householdId: string, createdBy: string, { status = 'submitted' as 'draft' | 'submitted' } = {}) {
  const birthDate = '2025-06-01';
  const app = em.create(ChildcareApplication, {
    id: newId(),
    siteId,
    householdId,
    childName: unique('孩子'),
    idNumber: childIdNumber(birthDate),
    birthDate,
    startDate: '2027-01-04',
    mode: 'full_day',
    half: null,
    choices: [],
    anyClass: true,
    facts: { resident: { value: true, verified: false, evidence: null, verifiedBy: null, verifiedAt: null } },
    events: [],
    status,
    appliedAt: status === 'draft' ? null : new Date(),
    version: status === 'draft' ? 0 : 1,
    createdBy,
  });
  await em.flush();
  return app;
}

/** An enrolled child of a household in a class, written directly (its application enrolled): for stories about its days. */
export async function makeChildcareEnrolment(
  em: EntityManager,
  siteId: string,
  householdId: string,
  classId: string,
  createdBy: string,
  fields: Partial<{ childName: string; fromDate: string; toDate: string | null }> = {},
) {
  const app = await makeChildcareApplication(em, siteId, householdId, createdBy);
  app.status = 'enrolled';
  if (fields.childName) app.childName = fields.childName;
  const enrolment = em.create(ChildcareEnrolment, {
    id: newId(),
    siteId,
    householdId,
    applicationId: app.id,
    classId,
    mode: 'full_day',
    half: null,
    fromDate: fields.fromDate ?? '2026-09-01',
    toDate: fields.toDate ?? null,
  });
  await em.flush();
  return { application: app, enrolment };
}
