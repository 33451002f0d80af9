import type { EntityManager } from '@mikro-orm/core';
import { itemScoresTotalling } from '../../../domain/carehome';
import { makeIdNumber } from '../../../domain/shared/identity';
import type { Clock } from '../../../domain/shared/time';
import { newId } from '../../../api/entity-helpers';
import { CarehomeApplication, CarehomeAssessment, CarehomeBed, CarehomeOffer, CarehomeResidence, CarehomeRoom } from '../../../api/modules/carehome/carehome.entity';
import { Household } from '../../../api/modules/sites/household.entity';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff, makeUser, unique } from '../support/factories';

/** Monday 7 December 2026, 09:00 in Shanghai, unless a story moves the clock. */
export const MONDAY = '2026-12-07';
export const NINE_AM = `${MONDAY}T09:00:00+08:00`;
export const API = '/api/v1/carehome';

let elderSeq = 0;
/** A valid 居民身份证号 of a person born on `birthDate`, different on every call. */
export const elderIdNumber = (sex: 'male' | 'female' = 'female', birthDate = '1942-05-01') => makeIdNumber('420802', birthDate, ((elderSeq++ % 499) * 2 + (sex === 'male' ? 1 : 0)) % 1000);

export const scoresTotalling = itemScoresTotalling;
/** An assessment body with a total of 55: 中度失能, care level nursing (介护). */
export const NURSING = { scores: scoresTotalling(55), comatose: false, dementiaOrMentalDisorder: false, riskEventsLast30Days: 0 };

/** A household at a site with its family login. */
export async function makeFamilyLogin(em: EntityManager, siteId: string) {
  const household = em.create(Household, { id: newId(), siteId, name: unique('家庭') });
  await em.flush();
  const user = await makeUser(em, 'family', { householdId: household.id });
  return { household, user };
}

/** An application of a 1942-born woman, written directly. */
function applicationRow(em: EntityManager, siteId: string, householdId: string, createdBy: string, status: 'waiting' | 'offered' | 'admitted', appliedAt = new Date()) {
  return em.create(CarehomeApplication, {
    id: newId(),
    siteId,
    householdId,
    name: unique('老人'),
    idNumber: elderIdNumber(),
    birthDate: '1942-05-01',
    sex: 'female',
    contactName: '家属',
    contactPhone: '13800000000',
    desiredDate: MONDAY,
    needs: null,
    requiredFeatures: [],
    facts: {},
    events: [],
    status,
    appliedAt,
    version: 1,
    createdBy,
  });
}

/**
 * A room with two beds, an application, an open offer of one bed and a residence in the other,
 * written directly (for stories about something else, such as scope).
 */
export async function makeCarehomeRecords(em: EntityManager, siteId: string, householdId: string, createdBy: string) {
  const room = em.create(CarehomeRoom, { id: newId(), siteId, floor: 1, code: unique('R').slice(0, 16), roomType: 'double', sex: 'mixed' });
  const bed = (state: 'held' | 'occupied') =>
    em.create(CarehomeBed, { id: newId(), siteId, roomId: room.id, code: unique('B').slice(0, 16), features: [], careLevels: ['nursing'], state, stateSince: new Date(), stateReason: null });
  const [held, occupied] = [bed('held'), bed('occupied')];
  const [application, resident] = [applicationRow(em, siteId, householdId, createdBy, 'offered'), applicationRow(em, siteId, householdId, createdBy, 'admitted')];
  const offer = em.create(CarehomeOffer, {
    id: newId(),
    siteId,
    householdId,
    applicationId: application.id,
    bedId: held.id,
    offeredOn: MONDAY,
    deadline: '2026-12-14',
    holidaysKnown: true,
    status: 'open',
    ruleSetVersion: 1,
    position: 1,
    answeredAt: null,
    answeredBy: null,
  });
  const residence = em.create(CarehomeResidence, {
    id: newId(),
    siteId,
    householdId,
    applicationId: resident.id,
    bedId: occupied.id,
    admittedOn: MONDAY,
    careLevel: 'nursing',
    monthlyPriceFen: 420_000,
    depositFen: 420_000,
    dischargedOn: null,
    dischargeReason: null,
    checklist: null,
    settlement: null,
    dischargedBy: null,
  });
  await em.flush();
  return { room, bed: held, application, offer, residence };
}

/** `count` women waiting at a site, each with a standing 介护 assessment, written directly (for races and expiry). */
export async function makeWaiting(em: EntityManager, siteId: string, householdId: string, createdBy: string, count: number) {
  const apps = [];
  for (let i = 0; i < count; i++) {
    const app = applicationRow(em, siteId, householdId, createdBy, 'waiting', new Date(Date.UTC(2026, 10, 1, 0, i)));
    em.create(CarehomeAssessment, {
      id: newId(),
      siteId,
      householdId,
      applicationId: app.id,
      assessedOn: '2026-12-01',
      validUntil: '2027-12-01',
      scores: NURSING.scores,
      comatose: false,
      dementiaOrMentalDisorder: false,
      riskEvents: 0,
      partScores: { self_care: 32, basic_mobility: 15, mental_state: 8, perception_social: 0 },
      total: 55,
      preliminaryGrade: 'moderate',
      finalGrade: 'moderate',
      adjustments: [],
      careLevel: 'nursing',
      assessedBy: createdBy,
    });
    apps.push(app);
  }
  await em.flush();
  return apps;
}

export type World = Awaited<ReturnType<typeof carehomeWorld>>;

/**
 * One app on a fresh database with a site (its care staff, an admin and a family logged in) and a
 * second site whose care staff and family are the outsiders: 404 for everything of this site.
 */
export async function carehomeWorld(options: { clock?: Clock & { set(iso: string): void } } = {}) {
  const clock = options.clock ?? settableClock(NINE_AM);
  const t: TestApp = await startTestApp({ clock, env: { LOG_LEVEL: process.env.LOG_LEVEL } });
  const home = await makeSiteWithStaff(t.orm);
  const other = await makeSiteWithStaff(t.orm);
  const [staff, operator, family, outsider, outsiderFamily, canteen] = await Promise.all([
    Client.login(t.app, home.users.care_staff.username),
    Client.login(t.app, home.users.operator_admin.username),
    Client.login(t.app, home.users.family.username),
    Client.login(t.app, other.users.care_staff.username),
    Client.login(t.app, other.users.family.username),
    Client.login(t.app, home.users.canteen_staff.username),
  ]);
  const siteId = home.site.id;
  /** Another family of this site, logged in. */
  const neighbour = async () => {
    const { household, user } = await makeFamilyLogin(t.orm.em.fork(), siteId);
    return { household, client: await Client.login(t.app, user.username) };
  };
  const applyAs = (client: Client, fields: object = {}) =>
    client.post(`${API}/applications`, { siteId, name: '王秀英', idNumber: elderIdNumber(), contactName: '王军', contactPhone: '13800001111', desiredDate: MONDAY, ...fields });
  /** Applies and answers the application, failing loudly otherwise. */
  const applied = async (client: Client, fields: object = {}) => {
    const res = await applyAs(client, fields);
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const assess = async (applicationId: string, body: object = NURSING) => {
    const res = await staff.post(`${API}/applications/${applicationId}/assessments`, body);
    if (res.status !== 201) throw new Error(`assess: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  let roomSeq = 0;
  /** A room of women's nursing beds (one unless told), available at once. */
  const room = async (fields: object = {}, beds: object[] = [{ careLevels: ['nursing'] }]) => {
    const code = `R${++roomSeq}`;
    const res = await staff.post(`${API}/rooms`, { siteId, floor: 1, code, roomType: 'double', sex: 'women', beds: beds.map((b, i) => ({ code: `${code}-${i + 1}`, ...b })), ...fields });
    if (res.status !== 201) throw new Error(`room: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; code: string; state: string }[];
  };
  const read = async (client: Client, applicationId: string) => (await client.get(`${API}/applications/${applicationId}`)).body;
  const board = async () => (await staff.get(`${API}/beds?siteId=${siteId}`)).body;
  /** The site's cost models and contributions of the demo for these years: its care levels get a price, so admissions can be signed. */
  const priced = (years: number[] = [2026, 2027]) => t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, siteId, years));
  return { t, clock, home, other, siteId, staff, operator, family, outsider, outsiderFamily, canteen, neighbour, applyAs, applied, assess, room, read, board, priced, em: () => t.orm.em.fork(), close: () => t.close() };
}
