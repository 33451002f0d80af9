import { ROLES, Role } from '../../../api/auth/roles';
import { User } from '../../../api/auth/user.entity';
import { newId } from '../../../api/entity-helpers';
import { CanteenClosedDay } from '../../../api/modules/canteen/calendar.entity';
import { AfterSchoolDelegation, AfterSchoolEnrolment, AfterSchoolGroup, AfterSchoolPeriod, AfterSchoolSession } from '../../../api/modules/afterschool/afterschool.entity';
import { ChildcareOffer } from '../../../api/modules/childcare/childcare.entity';
import { ChildcareBooking } from '../../../api/modules/childcare/bookings.entity';
import { ContributionRule, CostModelVersion } from '../../../api/modules/costsharing/cost-model.entity';
import { Household } from '../../../api/modules/sites/household.entity';
import { ReconClaim, ReconClaimLine, ReconPayment } from '../../../api/modules/reconciliation/reconciliation.entity';
import { MONDAY, NINE_AM, settableClock } from '../canteen/world';
import { makeChildren } from '../afterschool/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeChildcareApplication, makeChildcareClass, makeChildcareEnrolment, makeMember, makePlan, makePricedSite, makeSiteWithStaff, makeUser } from '../support/factories';
import { makeCarehomeRecords } from '../carehome/world';

type Operation = { method: string; path: string; roles: readonly Role[] | 'public'; scope: string };

const SITE_ROLES: Role[] = ['canteen_staff', 'childcare_staff', 'care_staff', 'afterschool_staff', 'operator_admin', 'community_admin'];

/**
 * Walks every route that names a site or a record, as every role of site A, with the ids of
 * site B's records: each must answer 404, exactly as for a record that does not exist. A new
 * module's route with a path parameter needs a record of site B below, or this test fails.
 */
describe('scope: every route × every role × another site, household or department', () => {
  let t: TestApp;
  let operations: Operation[];
  let a: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let b: Awaited<ReturnType<typeof makePricedSite>>;
  const recordsOfB: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock: settableClock(NINE_AM) });
    a = await makeSiteWithStaff(t.orm);
    b = await makePricedSite(t.orm);
    const em = t.orm.em.fork();
    const member = await makeMember(em, b.site.id, { walletFen: 5000 });
    const { plan, setMeals } = await makePlan(em, b.site.id, MONDAY, [{ date: MONDAY }]);
    const closed = em.create(CanteenClosedDay, { id: newId(), siteId: b.site.id, date: '2026-12-30', reason: '检修', createdBy: b.users.operator_admin.id });
    await em.flush();
    const bStaff = await Client.login(t.app, b.users.canteen_staff.username);
    const order = await bStaff.post('/api/v1/canteen/orders', { siteId: b.site.id, memberId: member.id, setMealId: setMeals[0].id, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } });
    expect(order.status).toBe(201);
    const childcareClass = await makeChildcareClass(em, b.site.id);
    const application = await makeChildcareApplication(em, b.site.id, b.household.id, b.users.parent.id);
    const offer = em.create(ChildcareOffer, {
      id: newId(),
      siteId: b.site.id,
      householdId: b.household.id,
      applicationId: application.id,
      classId: childcareClass.id,
      placeId: childcareClass.id,
      offeredOn: MONDAY,
      deadline: '2026-11-26',
      holidaysKnown: true,
      status: 'open',
      ruleSetVersion: 0,
      position: 1,
      answeredAt: null,
      answeredBy: null,
    });
    await em.flush();
    const { enrolment } = await makeChildcareEnrolment(em, b.site.id, b.household.id, childcareClass.id, b.users.parent.id);
    const booking = em.create(ChildcareBooking, {
      id: newId(), siteId: b.site.id, householdId: b.household.id, classId: childcareClass.id, date: MONDAY, applicationId: null, childName: '临托', idNumber: application.idNumber,
      birthDate: application.birthDate, status: 'booked', bookedBy: b.users.parent.id, cancelledBy: null, cancelledAt: null, checkInAt: null, checkInBy: null, servedUnitId: null,
    });
    const care = await makeCarehomeRecords(em, b.site.id, b.household.id, b.users.family.id);
    const [child] = await makeChildren(em, b.site.id, b.household.id, 1);
    const term = em.create(AfterSchoolPeriod, { id: newId(), siteId: b.site.id, kind: 'term', name: '学期', fromDate: MONDAY, toDate: MONDAY, makeupFollows: {}, closedDates: [] });
    const group = em.create(AfterSchoolGroup, { id: newId(), siteId: b.site.id, periodId: term.id, name: '组', room: '1', capacity: 5, minAge: 6, maxAge: 12, gradeFrom: null, gradeTo: null, weekdays: [1], startTime: '15:30', endTime: '18:30' });
    const session = em.create(AfterSchoolSession, { id: newId(), siteId: b.site.id, groupId: group.id, periodId: term.id, patternDate: MONDAY, date: MONDAY, startTime: '15:30', endTime: '18:30', cancelled: false, note: null });
    const delegation = em.create(AfterSchoolDelegation, { id: newId(), siteId: b.site.id, householdId: b.household.id, childId: child.id, name: '李梅', phone: '13900003333', idLast4: '8888', date: MONDAY, fromTime: '16:00', untilTime: '19:00', createdBy: b.users.parent.id });
    const afterschoolEnrolment = em.create(AfterSchoolEnrolment, { id: newId(), siteId: b.site.id, householdId: b.household.id, childId: child.id, groupId: session.groupId, periodId: session.periodId, weekday: 1, startDate: MONDAY, status: 'waiting', appliedAt: new Date(), enrolledAt: null, events: [], createdBy: b.users.parent.id });
    // A claim of site B with one line, and a payment for it.
    const claim = em.create(ReconClaim, {
      id: newId(), departmentId: b.department.id, programmeCode: 'mca-meal', siteId: b.site.id, period: '2026-11', status: 'submitted', totalFen: 300, quantity: 1,
      lineCount: 1, errorCount: 0, warningCount: 0, builtAt: new Date(), submittedAt: new Date(), submittedOn: '2026-12-01', submittedBy: null, reviewedAt: null,
    });
    const line = em.create(ReconClaimLine, {
      id: newId(), claimId: claim.id, departmentId: b.department.id, siteId: b.site.id, kind: 'unit', servedUnitId: null, servedDate: '2026-11-02', personRef: null,
      serviceLine: 'canteen.lunch', tier: 'age70', quantity: 1, amountFen: 300, status: 'disputed', disputeReason: '测试', note: null, correctsLineId: null, correctsPeriod: null, createdAt: new Date(),
    });
    const payment = em.create(ReconPayment, {
      id: newId(), departmentId: b.department.id, siteId: b.site.id, paidOn: '2026-12-02', amountFen: 300, allocatedFen: 0, reference: 'B-1', payerAccount: null, rowKey: null, importId: null, recordedBy: b.users.operator_admin.id,
    });
    await em.flush();
    Object.assign(recordsOfB, {
      sessionId: session.id,
      childId: child.id,
      delegationId: delegation.id,
      'afterschool.enrolmentId': afterschoolEnrolment.id,
      claimId: claim.id,
      lineId: line.id,
      paymentId: payment.id,
      siteId: b.site.id,
      householdId: b.household.id,
      memberId: member.id,
      planId: plan.id,
      setMealId: setMeals[0].id,
      orderId: order.body.id,
      closedDayId: closed.id,
      classId: childcareClass.id,
      applicationId: application.id,
      offerId: offer.id,
      bookingId: booking.id,
      bedId: care.bed.id,
      careApplicationId: care.application.id,
      careOfferId: care.offer.id,
      residenceId: care.residence.id,
      fact: 'resident',
      enrolmentId: enrolment.id,
      date: MONDAY,
      costModelId: (await em.findOneOrFail(CostModelVersion, { siteId: b.site.id }, { orderBy: { id: 'asc' } })).id,
      contributionId: (await em.findOneOrFail(ContributionRule, { siteId: b.site.id }, { orderBy: { id: 'asc' } })).id,
    });
    const doc = (await (await Client.anonymous(t.app)).get('/api/openapi.json')).body;
    operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': Operation['roles']; 'x-scope': string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method, path, roles: op['x-roles'], scope: op['x-scope'] })),
    );
  });
  afterAll(() => t.close());

  // A module may name its own kind of record as another does (afterschool's and childcare's enrolmentId): `module.name` first.
  const urlOf = (op: Operation) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const record = recordsOfB[`${op.path.split('/')[3]}.${name}`] ?? recordsOfB[name];
      if (!record) throw new Error(`${op.method} ${op.path}: no record of site B for {${name}}; add one to this test`);
      return record;
    }) + `?siteId=${b.site.id}`;

  const call = (client: Client, op: Operation) => {
    const url = urlOf(op);
    const body = { siteId: b.site.id };
    switch (op.method) {
      case 'get':
        return client.get(url);
      case 'post':
        return client.post(url, body);
      case 'put':
        return client.put(url, body);
      case 'patch':
        return client.patch(url, body);
      default:
        return client.delete(url);
    }
  };

  it('every route declares its scope: the caller, all it reaches, the site it names, or the record it names', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      expect({ route: `${op.method} ${op.path}`, scope: op.scope }).toEqual({
        route: `${op.method} ${op.path}`,
        scope: op.roles === 'public' ? 'public' : expect.stringMatching(/^(caller|reach|site|record)$/),
      });
    }
    // A route with a path parameter names a record or a site; only the caller's own session names nothing.
    for (const op of operations.filter((o) => /\{\w+\}/.test(o.path))) expect([op.path, op.scope]).toEqual([op.path, expect.stringMatching(/^(site|record)$/)]);
  });

  it.each(SITE_ROLES.map((r) => [r]))('as %s of site A, every route naming site B or one of its records answers 404', async (role) => {
    const client = await Client.login(t.app, a.users[role].username);
    const scoped = operations.filter((op) => (op.scope === 'site' || op.scope === 'record') && op.roles !== 'public' && op.roles.includes(role));
    for (const op of scoped) {
      const res = await call(client, op);
      expect({ route: `${op.method} ${op.path}`, status: res.status, type: res.body?.type }).toEqual({ route: `${op.method} ${op.path}`, status: 404, type: '/problems/not-found' });
    }
  });

  it('the same calls as site B’s own staff get past the scope: the records are there', async () => {
    const client = await Client.login(t.app, b.users.operator_admin.username);
    for (const op of operations.filter((o) => o.scope === 'record' && o.method === 'get' && o.roles !== 'public' && o.roles.includes('operator_admin'))) {
      expect({ route: op.path, status: (await call(client, op)).status }).toEqual({ route: op.path, status: 200 });
    }
  });

  it('a parent or family login sees its own household and gets 404 for another, even at its own site', async () => {
    const em = t.orm.em.fork();
    const neighbour = em.create(Household, { id: newId(), siteId: a.site.id, name: '邻居家' });
    await em.flush();
    for (const role of ['parent', 'family'] as const) {
      const client = await Client.login(t.app, a.users[role].username);
      expect((await client.get(`/api/v1/households/${a.household.id}`)).body).toEqual({ id: a.household.id, siteId: a.site.id, name: a.household.name });
      for (const other of [neighbour.id, b.household.id]) {
        const res = await client.get(`/api/v1/households/${other}`);
        expect([role, res.status, res.body.type]).toEqual([role, 404, '/problems/not-found']);
      }
    }
    const staff = await Client.login(t.app, a.users.childcare_staff.username);
    expect((await staff.get(`/api/v1/households/${neighbour.id}`)).status).toBe(200);
    expect((await staff.get(`/api/v1/households/${b.household.id}`)).status).toBe(404);
  });

  it('a household login with no household reaches no site and no household', async () => {
    const em = t.orm.em.fork();
    const alone = await makeUser(em, 'parent');
    const client = await Client.login(t.app, (await em.findOneOrFail(User, { id: alone.id })).username);
    expect((await client.get(`/api/v1/households/${a.household.id}`)).status).toBe(404);
    expect(ROLES).toContain('parent');
  });
});
