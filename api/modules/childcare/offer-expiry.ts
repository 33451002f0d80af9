import type { AppContext } from '../../context';
import { type Expiry, expireOffersOf, scheduleExpiryOf } from '../../waitlist/offer-expiry';
import { CLASSES_TABLE } from './childcare.queries';
import { lapseOffers } from './waitlist.service';

const CHILDCARE_EXPIRY: Expiry = { name: 'childcare', placesTable: CLASSES_TABLE, lapse: lapseOffers };

/** Lapses every centre's overdue offers and offers their places to the next in line; answers how many lapsed. */
export const expireOffers = (context: Pick<AppContext, 'orm' | 'clock'>) => expireOffersOf(CHILDCARE_EXPIRY, context);

/** Runs expireOffers at start and every five minutes, safely on several instances; answers a stop function. */
export const scheduleOfferExpiry = (context: AppContext) => scheduleExpiryOf(CHILDCARE_EXPIRY, context);
