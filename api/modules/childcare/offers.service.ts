import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { startOn } from '../../../domain/childcare';
import { businessDateOf } from '../../../domain/shared/time';
import { acceptOffer as acceptHold, declineOffer as declineHold } from '../../../domain/waitlist';
import type { AuthUser } from '../../auth/auth-user';
import { answerable } from '../../waitlist/site-queue';
import { ChildcareApplication, ChildcareClass, ChildcareEnrolment, ChildcareOffer, type IChildcareOffer, OFFER_STATUSES } from './childcare.entity';
import { changeSite, setStatus } from './waitlist.service';

type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Offers as families and staff read them: with the child's and the class's names. */
export async function describeOffers(em: EntityManager, offers: readonly IChildcareOffer[]) {
  const [apps, classes] = await Promise.all([
    em.find(ChildcareApplication, { id: { $in: [...new Set(offers.map((o) => o.applicationId))] } }, { fields: ['childName'] }),
    em.find(ChildcareClass, { id: { $in: [...new Set(offers.map((o) => o.classId))] } }, { fields: ['name'] }),
  ]);
  return offers.map((o) => ({
    id: o.id,
    siteId: o.siteId,
    applicationId: o.applicationId,
    childName: apps.find((a) => a.id === o.applicationId)!.childName,
    classId: o.classId,
    className: classes.find((c) => c.id === o.classId)!.name,
    placeId: o.placeId,
    offeredOn: o.offeredOn,
    deadline: o.deadline,
    holidaysKnown: o.holidaysKnown,
    status: o.status,
    ruleSetVersion: o.ruleSetVersion,
    position: o.position,
  }));
}

export async function listOffers(em: EntityManager, siteId: string, status: OfferStatus | undefined) {
  const offers = await em.find(ChildcareOffer, { siteId, ...(status ? { status } : {}) }, { orderBy: { deadline: 'asc', id: 'asc' } });
  return describeOffers(em, offers);
}

async function describeOne(em: EntityManager, offerId: string) {
  const [described] = await describeOffers(em, [await em.findOneOrFail(ChildcareOffer, { id: offerId })]);
  return described;
}

/**
 * The family accepts before the deadline's day ends: the child is enrolled in the class from
 * its desired start date (today, if that has passed), on the place the offer held.
 */
export async function acceptOffer(em: EntityManager, user: AuthUser, siteId: string, offerId: string, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const offer = await em.findOneOrFail(ChildcareOffer, { id: offerId });
    if (!answerable(offer, 'accepted', 'offerId')) return;
    const app = await em.findOneOrFail(ChildcareApplication, { id: offer.applicationId });
    const today = businessDateOf(now);
    const from = startOn(app.startDate, today);
    // The engine's own check that the offer still stands today (the lapses were recorded first).
    acceptHold([{ kind: 'offer', placeId: offer.placeId, applicationId: app.id, deadline: offer.deadline }], app.id, from, now);
    em.create(ChildcareEnrolment, {
      siteId,
      householdId: app.householdId,
      applicationId: app.id,
      classId: offer.classId,
      mode: app.mode,
      half: app.half ?? null,
      fromDate: from,
      toDate: null,
    });
    Object.assign(offer, { status: 'accepted', answeredAt: now.toJSDate(), answeredBy: user.id });
    setStatus(em, app, 'enrolled', user.id, now.toJSDate(), `accepted the offer of ${offer.placeId}`);
  });
  return describeOne(em, offerId);
}

/** The family declines: the place goes to the next in line at once, and is not offered to this child again. */
export async function declineOffer(em: EntityManager, user: AuthUser, siteId: string, offerId: string, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const offer = await em.findOneOrFail(ChildcareOffer, { id: offerId });
    if (!answerable(offer, 'declined', 'offerId')) return;
    const app = await em.findOneOrFail(ChildcareApplication, { id: offer.applicationId });
    const { event } = declineHold([{ kind: 'offer', placeId: offer.placeId, applicationId: app.id, deadline: offer.deadline }], app.id, now);
    app.events = [...app.events, event];
    Object.assign(offer, { status: 'declined', answeredAt: now.toJSDate(), answeredBy: user.id });
    setStatus(em, app, 'submitted', user.id, now.toJSDate(), 'declined the offer');
  });
  return describeOne(em, offerId);
}
