import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../entity-helpers';
import { businessDateOf, Clock } from '../../domain/shared/time';
import { historyStart, seedCanteenDemo } from './canteen';
import { seedChildcareDemo } from './childcare';
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
  { username: 'parent', role: 'parent', displayName: '家长 周婷', household: true },
  { username: 'family', role: 'family', displayName: '家属 吴军', household: true },
];

const SITE_ROLES: Role[] = ['canteen_staff', 'childcare_staff', 'care_staff', 'afterschool_staff', 'operator_admin', 'community_admin'];

/**
 * Seeds a fresh database with the 幸福里 site (浏河社区), its six parties and cost models
 * (demo values), its canteen at its real size (members, meal plans, weeks of orders taken by
 * the canteen login), its childcare centre (100 places, 90 children, about 150 waiting; the
 * parent login's family has a child waiting and one offered a place), and one login per role. Does nothing when a site already exists; returns the logins either way.
 */
export async function seedDemo(em: EntityManager, clock: Clock): Promise<{ created: boolean; logins: DemoLogin[] }> {
  if ((await em.count(Site, {})) > 0) return { created: false, logins: DEMO_LOGINS };
  const today = businessDateOf(clock.now());
  const { siteId, staffId, childcare } = await em.transactional(async (tx) => {
    const site = tx.create(Site, { id: newId(), code: 'xingfuli', name: '幸福里', community: '浏河社区', district: '荆门市东宝区', householdCount: 3200 });
    // The order history may start in the year before this one, and meals are ordered days ahead
    // (December takes January's orders): those years' prices and budgets are seeded too.
    const year = Number(today.slice(0, 4));
    await seedCostSharingDemo(tx, site.id, [...new Set([Number(historyStart(today).slice(0, 4)), year, year + 1])]);
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
    return {
      siteId: site.id,
      staffId: users.find((u) => u.role === 'canteen_staff')!.id,
      childcare: { staff: { ...childcareStaff, siteIds: [site.id], departmentId: null, householdId: null }, parentHouseholdId: household.id },
    };
  });
  await seedCanteenDemo(em.fork(), siteId, clock, staffId);
  await seedChildcareDemo(em.fork(), siteId, clock, childcare);
  await seedReconciliationDemo(em.fork(), siteId, clock, 'operator');
  return { created: true, logins: DEMO_LOGINS };
}
