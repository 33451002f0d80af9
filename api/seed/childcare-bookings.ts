import type { EntityManager } from '@mikro-orm/core';
import { dateAtMonths, isOpenDay } from '../../domain/childcare';
import { addDays } from '../../domain/shared/business-date';
import { businessDateOf, type Clock } from '../../domain/shared/time';
import type { AuthUser } from '../auth/auth-user';
import { ChildcareApplication, ChildcareEnrolment } from '../modules/childcare/childcare.entity';
import { bookDays } from '../modules/childcare/bookings.service';
import { uniqueIdNumber } from './people';
import type { Random } from './random';

/*
 * DEMO VALUES for 临时托, written through the module's own service before anyone waits (so the
 * places they keep are kept from the offers that follow, as booked days are): on the sheet's
 * day, three families with a child enrolled bring a younger brother or sister of toddler age for
 * the day, whom the staff booked for them. Names are invented; ID numbers valid but made up.
 */

const SIBLINGS = [
  { name: '小禾', boy: false, months: 14 },
  { name: '小满', boy: true, months: 16 },
  { name: '小乐', boy: true, months: 19 },
];

/** The day the sheet shows first (as childcare-days.ts): today when the centre opens, else the next day it does. */
function sheetDayOf(clock: Clock) {
  let day = businessDateOf(clock.now());
  while (!isOpenDay(day)) day = addDays(day, 1);
  return day;
}

export async function seedChildcareBookings(em: EntityManager, siteId: string, clock: Clock, staff: AuthUser, random: Random) {
  const day = sheetDayOf(clock);
  const enrolled = await em.find(ChildcareEnrolment, { siteId }, { orderBy: { id: 'asc' }, limit: 40 });
  const families = [...new Set(enrolled.map((e) => e.applicationId))].slice(0, SIBLINGS.length * 5).filter((_, i) => i % 5 === 0);
  const apps = await em.find(ChildcareApplication, { id: { $in: families } }, { orderBy: { id: 'asc' } });
  const taken = new Set<string>();
  for (const [i, sibling] of SIBLINGS.entries()) {
    const family = apps[i];
    if (!family) break;
    const birthDate = addDays(dateAtMonths(day, -sibling.months), -random.int(0, 20));
    await em.fork().transactional((tx) =>
      bookDays(tx, staff, { siteId, dates: [day], householdId: family.householdId, childName: `${family.childName.slice(0, 1)}${sibling.name}`, idNumber: uniqueIdNumber(random, taken, birthDate, sibling.boy) }, clock.now()),
    );
  }
  return { day, booked: Math.min(SIBLINGS.length, apps.length) };
}
