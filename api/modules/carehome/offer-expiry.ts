import type { AppContext } from '../../context';
import { type Expiry, expireOffersOf, scheduleExpiryOf } from '../../waitlist/offer-expiry';
import { lapseOffers } from './queue.service';

const CAREHOME_EXPIRY: Expiry = { name: 'care-home', placesTable: 'carehome_bed', lapse: lapseOffers };

/** Lapses every care home's overdue offers and offers their beds to the next in line; answers how many lapsed. */
export const expireOffers = (context: Pick<AppContext, 'orm' | 'clock'>) => expireOffersOf(CAREHOME_EXPIRY, context);

/** Runs expireOffers at start and every five minutes, safely on several instances; answers a stop function. */
export const scheduleOfferExpiry = (context: AppContext) => scheduleExpiryOf(CAREHOME_EXPIRY, context);
