import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../entity-helpers';
import { businessDateOf, Clock } from '../../domain/shared/time';
import { historyStart, seedCanteenDemo } from './canteen';
import { seedCarehomeDemo } from './carehome';
import { seedCarehomeBills } from './carehome-bills';
import { seedAfterSchoolDemo } from './afterschool';
import { seedChildcareDemo } from './childcare';
import { billMonth } from '../modules/childcare/fees.service';
import { lastMonth } from '../../domain/childcare';
import { seedCostSharingDemo } from './costsharing';
import { seedReconciliationDemo } from './reconciliation';
import { hashPassword } from '../auth/passport';
import type { Role } from '../auth/roles';
import { newUser } from '../auth/users';
import { Department } from '../modules/costsharing/department.entity';
import { Household } from '../modules/sites/household.entity';
import { Site } from '../modules/sites/site.entity';

export const DEMO_PASSWORD = 'xingfuli123';

interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  department?: string;
  household?: boolean;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'canteen', role: 'canteen_staff', displayName: '食堂 王芳' },
  { username: 'childcare', role: 'childcare_staff', displayName: '托育 李静' },
  { username: 'care', role: 'care_staff', displayName: '养老 张敏' },
  { username: 'afterschool', role: 'afterschool_staff', displayName: '托管 陈晨' },
  { username: 'operator', role: 'operator_admin', displayName: '运营 刘洋' },
  { username: 'community', role: 'community_admin', displayName: '社区 赵丽' },
  { username: 'department', role: 'department', displayName: '民政局 孙强', department: 'mca' },
  { username: 'health', role: 'department', displayName: '卫健局 钱芳', department: 'nhc' },
  { username: 'parent', role: 'parent', displayName: '家长 周婷', household: true },
  { username: 'family', role: 'family', displayName: '家属 吴军', household: true },
];

const SITE_ROLES: Role[] = ['canteen_staff', 'childcare_staff', 'care_staff', 'afterschool_staff', 'operator_admin', 'community_admin'];

/**
 * Seeds a fresh database with the 幸福里 site (浏河社区), its six parties and cost models
 * (demo values), its canteen at its real size (members, meal plans, weeks of orders taken by
 * the canteen login), its childcare centre (100 places, 90 children, about 150 waiting; the
 * parent login's family has a child waiting, one offered a place and one enrolled with last month's statement; today's sheet),
 * its care home (63 beds, about 44 residents, about 30 waiting, the family login's relative among them), its after-school care
 * (a term of three groups, 60 children enrolled, seven staff rostered; the parent's 周子轩 enrolled every school day), and one
 * login per role. Does nothing when a site already exists; returns the logins either way.
 */
export async function seedDemo(em: EntityManager, clock: Clock): Promise<{ created: boolean; logins: DemoLogin[] }> {
  if ((await em.count(Site, {})) > 0) return { created: false, logins: DEMO_LOGINS };
  const today = businessDateOf(clock.now());
  const { siteId, staffId, childcare, carehome, carehomeStaff, afterschool } = await em.transactional(async (tx) => {
    const site = tx.create(Site, { id: newId(), code: 'xingfuli', name: '幸福里', community: '浏河社区', district: '荆门市东宝区', householdCount: 3200 });
    // The order history may start in the year before this one, and meals are ordered days ahead
    // (December takes January's orders): those years' prices and budgets are seeded too.
    const year = Number(today.slice(0, 4));
    // Last month's childcare fees are billed too (December's in January).
    await seedCostSharingDemo(tx, site.id, [...new Set([Number(historyStart(today).slice(0, 4)), Number(lastMonth(today).slice(0, 4)), year, year + 1])].sort((a, b) => a - b));
    await tx.flush();
    const departments = new Map((await tx.find(Department, {})).map((d) => [d.code, d.id]));
    const household = tx.create(Household, { id: newId(), siteId: site.id, name: '周家 (3栋2单元)' });
    const hashes = await Promise.all(DEMO_LOGINS.map(() => hashPassword(DEMO_PASSWORD)));
    const users = DEMO_LOGINS.map((login, i) =>
      newUser(tx, {
        username: login.username,
        displayName: login.displayName,
        passwordHash: hashes[i],
        role: login.role,
        siteIds: SITE_ROLES.includes(login.role) ? [site.id] : [],
        departmentId: login.department ? departments.get(login.department)! : null,
        householdId: login.household ? household.id : null,
      }),
    );
    const childcareStaff = users.find((u) => u.role === 'childcare_staff')!;
    const afterschoolStaff = users.find((u) => u.role === 'afterschool_staff')!;
    const parent = users.find((u) => u.role === 'parent')!;
    return {
      afterschool: {
        staff: { ...afterschoolStaff, siteIds: [site.id], departmentId: null, householdId: null },
        parent: { ...parent, siteIds: [site.id], departmentId: null, householdId: household.id },
        staffPasswordHash: hashes[DEMO_LOGINS.findIndex((l) => l.role === 'afterschool_staff')],
      },
      siteId: site.id,
      staffId: users.find((u) => u.role === 'canteen_staff')!.id,
      childcare: { staff: { ...childcareStaff, siteIds: [site.id], departmentId: null, householdId: null }, parentHouseholdId: household.id },
      carehome: { staffId: users.find((u) => u.role === 'care_staff')!.id, familyHouseholdId: household.id, familyUserId: users.find((u) => u.role === 'family')!.id },
      carehomeStaff: { ...users.find((u) => u.role === 'care_staff')!, siteIds: [site.id], departmentId: null, householdId: null },
    };
  });
  await seedCanteenDemo(em.fork(), siteId, clock, staffId);
  await seedChildcareDemo(em.fork(), siteId, clock, childcare);
  // Last month billed as the staff bill it, so the parent login's family has a statement to read.
  await em.fork().transactional((tx) => billMonth(tx, childcare.staff, siteId, lastMonth(today), clock.now()));
  await seedCarehomeDemo(em.fork(), siteId, clock, carehome);
  await seedCarehomeBills(em.fork(), siteId, clock, { staff: carehomeStaff, familyHouseholdId: carehome.familyHouseholdId });
  await seedAfterSchoolDemo(em.fork(), siteId, clock, afterschool);
  await seedReconciliationDemo(em.fork(), siteId, clock, 'operator');
  return { created: true, logins: DEMO_LOGINS };
}
