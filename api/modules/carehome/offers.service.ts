import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { contractFor, DEFAULT_DEPOSIT_TERMS } from '../../../domain/carehome';
import { businessDateOf } from '../../../domain/shared/time';
import { depositReceived } from '../../../domain/reconciliation';
import { acceptOffer as acceptHold, declineOffer as declineHold } from '../../../domain/waitlist';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { ruleBroken } from '../../errors';
import { answerable } from '../../waitlist/site-queue';
import { postToLedger } from '../reconciliation/ledger';
import { CarehomeApplication, CarehomeAssessment, CarehomeBed, CarehomeBedStay, CarehomeOffer, CarehomeResidence, type ICarehomeOffer, OFFER_STATUSES } from './carehome.entity';
import { quoteLevel } from './prices';
import { changeSite, depositCapMonths, moveBedTo, setStatus, settingsOnDate, standingOf } from './queue.service';

type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Offers as families and staff read them: with the person's name and the bed's code. */
export async function describeOffers(em: EntityManager, offers: readonly ICarehomeOffer[]) {
  const [apps, beds] = await Promise.all([
    em.find(CarehomeApplication, { id: { $in: [...new Set(offers.map((o) => o.applicationId))] } }, { fields: ['name'] }),
    em.find(CarehomeBed, { id: { $in: [...new Set(offers.map((o) => o.bedId))] } }, { fields: ['code'] }),
  ]);
  return offers.map((o) => ({
    id: o.id,
    siteId: o.siteId,
    applicationId: o.applicationId,
    name: apps.find((a) => a.id === o.applicationId)!.name,
    bedId: o.bedId,
    bedCode: beds.find((b) => b.id === o.bedId)!.code,
    offeredOn: o.offeredOn,
    deadline: o.deadline,
    holidaysKnown: o.holidaysKnown,
    status: o.status,
    ruleSetVersion: o.ruleSetVersion,
    position: o.position,
  }));
}

export async function listOffers(em: EntityManager, siteId: string, status: OfferStatus | undefined) {
  const offers = await em.find(CarehomeOffer, { siteId, ...(status ? { status } : {}) }, { orderBy: { deadline: 'asc', id: 'asc' } });
  return describeOffers(em, offers);
}

async function describeOne(em: EntityManager, offerId: string) {
  const [described] = await describeOffers(em, [await em.findOneOrFail(CarehomeOffer, { id: offerId })]);
  return described;
}

/**
 * The family accepts before the deadline's day ends: the person is admitted to the held bed on
 * the admission date (their desired date, or today once past), with a contract at the care level
 * of the assessment standing on that date. No admission without one.
 */
export async function acceptOffer(em: EntityManager, user: AuthUser, siteId: string, offerId: string, admissionDate: string | undefined, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const offer = await em.findOneOrFail(CarehomeOffer, { id: offerId });
    if (!answerable(offer, 'accepted', 'careOfferId')) return;
    const app = await em.findOneOrFail(CarehomeApplication, { id: offer.applicationId });
    const today = businessDateOf(now);
    const on = admissionDate ?? (app.desiredDate > today ? app.desiredDate : today);
    if (on < today) throw ruleBroken('An admission cannot be dated in the past', [{ field: 'admissionDate', code: 'past', message: 'must be today or later' }]);
    const settings = await settingsOnDate(em, siteId, on);
    const standing = standingOf(await em.find(CarehomeAssessment, { applicationId: app.id }), on, settings);
    if (!('careLevel' in standing)) {
      throw ruleBroken('No admission without a valid assessment', [{ field: 'admissionDate', code: 'assessment_required', params: { reason: standing.reason }, message: 'no assessment stands on this date' }]);
    }
    // The engine's own check that the offer still stands today (the lapses were recorded first).
    acceptHold([{ kind: 'offer', placeId: offer.bedId, applicationId: app.id, deadline: offer.deadline }], app.id, on, now);
    // The contract's monthly price is the level's quote on the admission day (签约时报价), the line its bed-days are billed on; the deposit asked is never more than the site's cap.
    const quoted = await quoteLevel(em, siteId, settings, standing.careLevel, on);
    const contract = contractFor({ careLevel: quoted.careLevel, monthlyPriceFen: quoted.monthFen }, { ...DEFAULT_DEPOSIT_TERMS, depositCapMonths: await depositCapMonths(em, siteId) });
    const residence = em.create(CarehomeResidence, {
      id: newId(),
      siteId,
      householdId: app.householdId,
      applicationId: app.id,
      bedId: offer.bedId,
      admittedOn: on,
      careLevel: contract.careLevel,
      monthlyPriceFen: contract.monthlyPriceFen,
      depositFen: contract.depositFen,
      dischargedOn: null,
      dischargeReason: null,
      checklist: null,
      settlement: null,
      dischargedBy: null,
    });
    em.create(CarehomeBedStay, { siteId, residenceId: residence.id, bedId: offer.bedId, fromDate: on, toDate: null, reason: 'admission', createdBy: user.id });
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: offer.bedId }), 'occupied', user.id, now.toJSDate(), `${app.name} admitted from ${on}`);
    Object.assign(offer, { status: 'accepted', answeredAt: now.toJSDate(), answeredBy: user.id });
    setStatus(em, app, 'admitted', user.id, now.toJSDate(), `accepted the offer; admitted from ${on}`);
    // The deposit is held in the ledger for the family from the admission until discharge.
    await postToLedger(em, siteId, [depositReceived(residence, contract.depositFen)], user.id, now);
  });
  return describeOne(em, offerId);
}

/** The family declines: the bed goes to the next fitting entry at once, and is not offered to this person again. */
export async function declineOffer(em: EntityManager, user: AuthUser, siteId: string, offerId: string, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const offer = await em.findOneOrFail(CarehomeOffer, { id: offerId });
    if (!answerable(offer, 'declined', 'careOfferId')) return;
    const app = await em.findOneOrFail(CarehomeApplication, { id: offer.applicationId });
    const { event } = declineHold([{ kind: 'offer', placeId: offer.bedId, applicationId: app.id, deadline: offer.deadline }], app.id, now);
    app.events = [...app.events, event];
    Object.assign(offer, { status: 'declined', answeredAt: now.toJSDate(), answeredBy: user.id });
    moveBedTo(em, await em.findOneOrFail(CarehomeBed, { id: offer.bedId }), 'available', user.id, now.toJSDate(), 'offer declined');
    setStatus(em, app, 'waiting', user.id, now.toJSDate(), 'declined the offer');
  });
  return describeOne(em, offerId);
}
