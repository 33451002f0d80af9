import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { dayKind, hasHolidayData, isServiceDay, isStatutoryHoliday } from '../../../domain/shared/calendar';
import type { BusinessDate } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { conflict } from '../../errors';
import { CanteenClosedDay, CanteenSettings } from './calendar.entity';
import { CanteenSiteSettings, orderingPolicy, siteSettings } from './canteen.policy';
import { CanteenOrder } from './order.entity';
import { addDays } from './plans.service';
import { lockSetMealsOn } from './orders.queries';

export async function describeSettings(em: EntityManager, siteId: string) {
  const settings = await siteSettings(em, siteId);
  const closed = await em.find(CanteenClosedDay, { siteId }, { orderBy: { date: 'asc' } });
  return { siteId, ...settings, closedDays: closed.map((c) => ({ id: c.id, date: c.date, reason: c.reason })) };
}

export async function writeSettings(em: EntityManager, user: AuthUser, siteId: string, values: CanteenSiteSettings) {
  const row = await em.findOne(CanteenSettings, { siteId });
  if (row) Object.assign(row, values, { updatedBy: user.id });
  else em.create(CanteenSettings, { siteId, ...values, updatedBy: user.id });
  await em.flush();
  return describeSettings(em, siteId);
}

/**
 * A closing day, in the route's transaction; refused while live orders stand for that day (cancel
 * and refund them first). The day's set meals are locked first, as an order locks its set meal
 * before it reads whether its day is closed: an order and a closing never both pass.
 */
export async function addClosedDay(em: EntityManager, user: AuthUser, input: { siteId: string; date: BusinessDate; reason: string }) {
  await lockSetMealsOn(em, input.siteId, input.date);
  const live = await em.count(CanteenOrder, { siteId: input.siteId, date: input.date, status: 'placed' });
  if (live > 0) {
    throw conflict(`${live} orders stand for ${input.date}; cancel them before closing the day`, {
      errors: [{ field: 'date', code: 'open_orders', params: { count: live }, message: `has ${live} open orders` }],
      openOrders: live,
    });
  }
  const row = em.create(CanteenClosedDay, { siteId: input.siteId, date: input.date, reason: input.reason, createdBy: user.id });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict('That day is already closed', { errors: [{ field: 'date', code: 'already_closed', message: 'is already a closing day' }] });
    throw err;
  }
  return { id: row.id, date: row.date, reason: row.reason };
}

export async function removeClosedDay(em: EntityManager, closedDayId: string): Promise<void> {
  await em.nativeDelete(CanteenClosedDay, { id: closedDayId });
}

/** Each day from `from` to `to`: its kind (workday, weekend, holiday, 调休), the site's own closing, and whether meals are served. */
export async function calendar(em: EntityManager, siteId: string, from: BusinessDate, to: BusinessDate) {
  const settings = await siteSettings(em, siteId);
  const closed = await em.find(CanteenClosedDay, { siteId, date: { $gte: from, $lte: to } });
  const policy = orderingPolicy(settings, closed.map((c) => c.date));
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push({
      date: d,
      kind: dayKind(d),
      holiday: isStatutoryHoliday(d),
      closedReason: closed.find((c) => c.date === d)?.reason ?? null,
      serviceDay: isServiceDay(d, policy.serviceDays),
      holidaysAnnounced: hasHolidayData(Number(d.slice(0, 4))),
    });
  }
  return days;
}
