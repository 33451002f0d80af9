import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import { createApplication, describeApplication, linkSiblings, listApplications, submitApplication, verifyFact, withdrawApplication } from './applications.service';
import { ChildcareApplication, ChildcareOffer } from './childcare.entity';
import { application, applicationCreate, applicationListed, applicationsQuery, factParams, offer, offersQuery, reasonBody, siblingsBody } from './childcare.schemas';
import { acceptOffer, declineOffer, listOffers } from './offers.service';
import { lapseOffers } from './waitlist.service';

const tag = 'childcare';
const applicationParam = idParam('applicationId');
/** A household's application: its family alone, and the staff of its site. */
const ofApplication = scope.record<{ applicationId: string }, unknown, unknown>(ChildcareApplication, 'Application', ({ params }) => params.applicationId);
const offerParam = idParam('offerId');
const ofOffer = scope.record<{ offerId: string }, unknown, unknown>(ChildcareOffer, 'Offer', ({ params }) => params.offerId);

export const applicationRoutes = [
  route({
    method: 'post',
    path: '/childcare/applications',
    action: 'childcare.apply',
    scope: scope.bodySite,
    idempotent: true,
    tag,
    summary: 'A parent applies for a child (a draft for their household; the birth date comes from the 身份证号)',
    body: applicationCreate,
    response: application,
    status: 201,
    handler: async ({ em, user, body, app }) => createApplication(em, user, body, app.clock.now()),
  }),
  route({
    method: 'get',
    path: '/childcare/applications',
    action: 'childcare.view',
    scope: scope.querySite,
    transaction: true,
    tag,
    summary: 'Applications in queue order with position and reasons: a parent’s household’s, or all of the site’s for staff, by status and by the class kind the child’s age fits (lapsed offers are passed on first)',
    query: applicationsQuery,
    response: z.array(applicationListed),
    handler: async ({ em, query, scope, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, query.siteId, now);
      const { status, kind } = query;
      return listApplications(em, query.siteId, scope.where(em, ChildcareApplication), { status, kind }, now);
    },
  }),
  route({
    method: 'get',
    path: '/childcare/applications/:applicationId',
    action: 'childcare.view',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'One application: its position, the rule set version and the reasons (zh/en), its offer and every status change',
    params: applicationParam,
    response: application,
    handler: async ({ em, params, scope, app }) => {
      const now = app.clock.now();
      await lapseOffers(em, scope.siteId!, now);
      return describeApplication(em, params.applicationId, now);
    },
  }),
  route({
    method: 'post',
    path: '/childcare/applications/:applicationId/submit',
    action: 'childcare.apply',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'Submit a draft: it joins the queue, and is offered a free place at once if it is first to fit one',
    params: applicationParam,
    response: application,
    handler: async ({ em, user, params, scope, app }) => submitApplication(em, user, scope.siteId!, params.applicationId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/applications/:applicationId/withdraw',
    action: 'childcare.apply',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'Withdraw: leave the queue (an open offer is given back) or the class; the place goes to the next in line at once',
    params: applicationParam,
    body: reasonBody,
    response: application,
    handler: async ({ em, user, params, body, scope, app }) => withdrawApplication(em, user, scope.siteId!, params.applicationId, body.reason, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/applications/:applicationId/siblings',
    action: 'childcare.apply',
    scope: ofApplication,
    transaction: true,
    tag,
    summary: 'Link the household’s applications as siblings applying together: places are offered to all of them at once or to none (an empty list unlinks this one)',
    params: applicationParam,
    body: siblingsBody,
    response: application,
    handler: async ({ em, params, body, scope, app }) => linkSiblings(em, scope.siteId!, params.applicationId, body.applicationIds, app.clock.now()),
  }),
  ...(['verify', 'unverify'] as const).map((what) =>
    route({
      method: 'post',
      path: `/childcare/applications/:applicationId/facts/:fact/${what}`,
      action: 'childcare.manage',
      scope: scope.record<{ applicationId: string; fact: string }, unknown, unknown>(ChildcareApplication, 'Application', ({ params }) => params.applicationId),
      transaction: true,
      tag,
      summary: what === 'verify' ? 'Staff verify a fact the family claimed: from now on it scores' : 'Staff take back a verification: the fact no longer scores',
      params: factParams,
      response: application,
      handler: async ({ em, user, params, scope, app }) => verifyFact(em, user, scope.siteId!, params.applicationId, params.fact, what === 'verify', app.clock.now()),
    }),
  ),
  route({
    method: 'get',
    path: '/childcare/offers',
    action: 'childcare.manage',
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
    path: '/childcare/offers/:offerId/accept',
    action: 'childcare.apply',
    scope: ofOffer,
    idempotent: true,
    tag,
    summary: 'Accept an offer before its deadline’s day ends: the child is enrolled from its start date (accepting again changes nothing)',
    params: offerParam,
    response: offer,
    handler: async ({ em, user, params, scope, app }) => acceptOffer(em, user, scope.siteId!, params.offerId, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/childcare/offers/:offerId/decline',
    action: 'childcare.apply',
    scope: ofOffer,
    idempotent: true,
    tag,
    summary: 'Decline an offer: the place goes to the next in line at once (declining again changes nothing)',
    params: offerParam,
    response: offer,
    handler: async ({ em, user, params, scope, app }) => declineOffer(em, user, scope.siteId!, params.offerId, app.clock.now()),
  }),
];
