import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { siteIdField } from '../canteen/canteen.schemas';
import { assess, createApplication, describeApplication, listApplications, verifyFact, withdrawApplication } from './applications.service';
import { bedBoard, createRoom, describeSettings, occupancy, setBedState, writeSettings } from './beds.service';
import { CarehomeApplication, CarehomeBed, CarehomeOffer, CarehomeResidence } from './carehome.entity';
import {
  acceptBody,
  amendmentCreate,
  depositChange,
  application,
  applicationCreate,
  applicationsQuery,
  applicationSummary,
  assessment,
  assessmentCreate,
  bed,
  bedBoard as bedBoardSchema,
  bedStateWrite,
  dischargeBody,
  factParams,
  leaveCreate,
  offer,
  occupancy as occupancySchema,
  occupancyQuery,
  offersQuery,
  reasonBody,
  residence,
  returnBody,
  roomCreate,
  ruleSet,
  ruleSetCreate,
  settings,
  settingsWrite,
  transferBody,
} from './carehome.schemas';
import { acceptOffer, declineOffer, listOffers } from './offers.service';
import { lapseOffers } from './queue.service';
import { amendContract, changeDeposit, discharge, endLeave, startLeave, transfer } from './residences.service';
import { createRuleSet, listRuleSets } from './rules.service';

const tag = 'carehome';
const applicationParam = idParam('careApplicationId');
/** A household's application: its family alone, and the staff of its site. */
const ofApplication = scope.record<{ careApplicationId: string }, unknown, unknown>(CarehomeApplication, 'Application', ({ params }) => params.careApplicationId);
const offerParam = idParam('careOfferId');
const ofOffer = scope.record<{ careOfferId: string }, unknown, unknown>(CarehomeOffer, 'Offer', ({ params }) => params.careOfferId);
const residenceParam = idParam('residenceId');
const ofResidence = scope.record<{ residenceId: string }, unknown, unknown>(CarehomeResidence, 'Residence', ({ params }) => params.residenceId);
const bedParam = idParam('bedId');

/** The care home's routes: beds, applications and the queue, assessments, offers, residences. */
export const carehomeRoutes = [
  // ── Beds ────────────────────────────────────────────────────────────────────────────
  route({
    method: 'get',
    path: '/carehome/beds',
    action: 'carehome.manage',
    scope: scope.querySite,
    transaction: true,
    tag,
    summary: 'The bed board: every bed with its state, occupant and since when, care level, leave, and what an offer holds for whom until when (lapsed offers are passed on first)',
    query: z.object({ siteId: siteIdField }),
    response: bedBoardSchema,
    handler: async ({ em, query, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, query.siteId, now);
      return bedBoard(em, query.siteId, now);
    },
  }),
  route({
    method: 'post',
    path: '/carehome/rooms',
    action: 'carehome.manage',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'A room on a floor with its beds (features, care levels they suit); the beds are available and offered to the queue at once',
    body: roomCreate,
    response: z.array(bed),
    status: 201,
    handler: async ({ em, body, app }) => createRoom(em, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/beds/:bedId/state',
    action: 'carehome.manage',
    scope: scope.record<{ bedId: string }, unknown, unknown>(CarehomeBed, 'Bed', ({ params }) => params.bedId),
    transaction: true,
    tag,
    summary: 'Staff send a bed to cleaning, take it out of service or make it available (then it is offered at once); offers, admissions, leaves and discharges move the other states',
    params: bedParam,
    body: bedStateWrite,
    response: bed,
    handler: async ({ em, user, params, body, scope, app }) => setBedState(em, user, scope.siteId!, params.bedId, body.state, body.reason, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/carehome/occupancy',
    action: 'carehome.manage',
    scope: scope.querySite,
    tag,
    summary: 'Occupancy by day and by month from one date to another (at most 366 days, none after today): residents with a bed, those on leave, and the bed-days the home could give',
    query: occupancyQuery,
    response: occupancySchema,
    handler: async ({ em, query, app }) => occupancy(em, query.siteId, query.from, query.to, app.clock.now()),
  }),
  // ── Applications and assessments ────────────────────────────────────────────────────
  route({
    method: 'post',
    path: '/carehome/applications',
    action: 'carehome.apply',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'A family applies for a bed for its relative (60 or over; birth date and sex from the 身份证号), claiming categories with evidence; it joins the queue at once',
    body: applicationCreate,
    response: application,
    status: 201,
    handler: async ({ em, user, body, app }) => createApplication(em, user, body, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/carehome/applications',
    action: 'carehome.view',
    scope: scope.querySite,
    transaction: true,
    tag,
    summary: 'Applications in the order of admission (policy class, points, time) with position and reasons: a family’s own, or all of the site’s for staff (lapsed offers are passed on first)',
    query: applicationsQuery,
    response: z.array(applicationSummary),
    handler: async ({ em, query, scope, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, query.siteId, now);
      return listApplications(em, query.siteId, scope.where(em, CarehomeApplication), query.status, now);
    },
  }),
  route({
    method: 'get',
    path: '/carehome/applications/:careApplicationId',
    action: 'carehome.view',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'One application: position and reasons, its offer, its assessments (history), its residence with beds and leaves, and every status change',
    params: applicationParam,
    response: application,
    handler: async ({ em, params, scope, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, scope.siteId!, now);
      return describeApplication(em, params.careApplicationId, now);
    },
  }),
  route({
    method: 'post',
    path: '/carehome/applications/:careApplicationId/withdraw',
    action: 'carehome.apply',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'Withdraw from the queue (counted: two in a year suspend a new application); an open offer is given back and its bed offered at once',
    params: applicationParam,
    body: reasonBody,
    response: application,
    handler: async ({ em, user, params, body, scope, app }) => withdrawApplication(em, user, scope.siteId!, params.careApplicationId, body.reason, app.clock.now()),
  }),
  ...(['verify', 'unverify'] as const).map((what) =>
    route({
      method: 'post',
      path: `/carehome/applications/:careApplicationId/facts/:fact/${what}`,
      action: 'carehome.manage',
      scope: scope.record<{ careApplicationId: string; fact: string }, unknown, unknown>(CarehomeApplication, 'Application', ({ params }) => params.careApplicationId),
      transaction: true,
      tag,
      summary: what === 'verify' ? 'Staff verify a category the family claimed, on its evidence: from now on it counts' : 'Staff take back a verification: the category no longer counts',
      params: factParams,
      response: application,
      handler: async ({ em, user, params, scope, app }) => verifyFact(em, user, scope.siteId!, params.careApplicationId, params.fact, what === 'verify', app.clock.now()),
    }),
  ),
  route({
    method: 'post',
    path: '/carehome/applications/:careApplicationId/assessments',
    action: 'carehome.manage',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'Record an ability assessment (GB/T 42195-2022): the item scores give the part scores, total, grade with adjustments and care level; the history is kept',
    params: applicationParam,
    body: assessmentCreate,
    response: assessment,
    status: 201,
    handler: async ({ em, user, params, body, scope, app }) => assess(em, user, scope.siteId!, params.careApplicationId, body, app.clock.now()),
  }),
  // ── Offers ──────────────────────────────────────────────────────────────────────────
  route({
    method: 'get',
    path: '/carehome/offers',
    action: 'carehome.manage',
    scope: scope.querySite,
    transaction: true,
    tag,
    summary: 'The site’s offers by deadline (lapsed offers are passed on first)',
    query: offersQuery,
    response: z.array(offer),
    handler: async ({ em, query, app }) => {
      await lapseOffers(em, query.siteId, app.clock.now());
      return listOffers(em, query.siteId, query.status);
    },
  }),
  route({
    method: 'post',
    path: '/carehome/offers/:careOfferId/accept',
    action: 'carehome.apply',
    scope: ofOffer,
    idempotent: true,
    tag,
    summary: 'Accept a bed before the deadline’s day ends: admission on a date (the desired date, or today) with a contract at the care level of a valid assessment (accepting again changes nothing)',
    params: offerParam,
    body: acceptBody,
    response: offer,
    handler: async ({ em, user, params, body, scope, app }) => acceptOffer(em, user, scope.siteId!, params.careOfferId, body.admissionDate, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/offers/:careOfferId/decline',
    action: 'carehome.apply',
    scope: ofOffer,
    idempotent: true,
    tag,
    summary: 'Decline a bed: it goes to the next fitting entry at once and is not offered to this person again (declining again changes nothing)',
    params: offerParam,
    response: offer,
    handler: async ({ em, user, params, scope, app }) => declineOffer(em, user, scope.siteId!, params.careOfferId, app.clock.now()),
  }),
  // ── Residences ──────────────────────────────────────────────────────────────────────
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/transfer',
    action: 'carehome.manage',
    scope: ofResidence,
    transaction: true,
    tag,
    summary: 'Move a resident to an available bed that fits them, from today; the old bed goes to cleaning and the history keeps both',
    params: residenceParam,
    body: transferBody,
    response: residence,
    handler: async ({ em, user, params, body, scope, app }) => transfer(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/leaves',
    action: 'carehome.manage',
    scope: ofResidence,
    transaction: true,
    tag,
    summary: '请假: the resident is away from a day that has come; the bed is kept, and the leave’s length sets its billing tier',
    params: residenceParam,
    body: leaveCreate,
    response: residence,
    status: 201,
    handler: async ({ em, user, params, body, scope, app }) => startLeave(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/return',
    action: 'carehome.manage',
    scope: ofResidence,
    transaction: true,
    tag,
    summary: 'The resident is back from leave on a date (the first day back)',
    params: residenceParam,
    body: returnBody,
    response: residence,
    handler: async ({ em, user, params, body, scope, app }) => endLeave(em, user, scope.siteId!, params.residenceId, body.date, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/discharge',
    action: 'carehome.manage',
    scope: ofResidence,
    transaction: true,
    tag,
    summary: 'Discharge (moved, hospital, deceased) once the checklist is done: the final part month and the deposit are settled and the bed goes to cleaning',
    params: residenceParam,
    body: dischargeBody,
    response: residence,
    handler: async ({ em, user, params, body, scope, app }) => discharge(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/contract/amendments',
    action: 'carehome.manage',
    scope: ofResidence,
    idempotent: true,
    tag,
    summary: 'Amend the contract’s care level from a month’s first day (a level of the settings then; its monthly price is the level’s quote that day, never typed): never a month already billed (409), the history is kept and each month is billed on its own terms',
    params: residenceParam,
    body: amendmentCreate,
    response: residence,
    status: 201,
    handler: async ({ em, user, params, body, scope, app }) => amendContract(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/residences/:residenceId/contract/deposit',
    action: 'carehome.manage',
    scope: ofResidence,
    idempotent: true,
    tag,
    summary: 'Change the deposit held, by agreement: a top-up or a partial refund of the difference, posted to the ledger; within the site’s cap of months of the contract’s price (422), not after discharge (409)',
    params: residenceParam,
    body: depositChange,
    response: residence,
    handler: async ({ em, user, params, body, scope, app }) => changeDeposit(em, user, scope.siteId!, params.residenceId, body, app.clock.now()),
  }),
  // ── Settings ────────────────────────────────────────────────────────────────────────
  route({
    method: 'get',
    path: '/carehome/settings',
    action: 'carehome.manage',
    scope: scope.querySite,
    tag,
    summary: 'A site’s care-home policy: working days a family has to answer an offer (5 unless set)',
    query: z.object({ siteId: siteIdField }),
    response: settings,
    handler: async ({ em, query }) => describeSettings(em, query.siteId),
  }),
  route({
    method: 'put',
    path: '/carehome/settings',
    action: 'carehome.settings.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Set a site’s care-home policy (offers already made keep their deadlines)',
    body: settingsWrite,
    response: settings,
    handler: async ({ em, user, body }) => {
      const { siteId, ...values } = body;
      return writeSettings(em, user, siteId, values);
    },
  }),
  // ── Order of admission ──────────────────────────────────────────────────────────────
  route({
    method: 'get',
    path: '/carehome/rule-sets',
    action: 'carehome.manage',
    scope: scope.querySite,
    tag,
    summary: 'The site’s order of admission, every version (version 1 until the site stores its own: 特困 first, then 低保, then points), and which is in force today',
    query: z.object({ siteId: siteIdField }),
    response: z.array(ruleSet),
    handler: async ({ em, query, app }) => listRuleSets(em, query.siteId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/carehome/rule-sets',
    action: 'carehome.manage',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Store the next version of the site’s order of admission, from today or later; 特困 persons must stay the first class (422 names each problem by its path)',
    body: ruleSetCreate,
    response: z.array(ruleSet),
    status: 201,
    handler: async ({ em, user, body, app }) => createRuleSet(em, user, body, app.clock.now()),
  }),
];
