import { DateTime } from 'luxon';
import { canCancel, canOrder, DEFAULT_ORDERING_POLICY, OrderingPolicy } from '../../../domain/canteen';

const policy = DEFAULT_ORDERING_POLICY;

function at(shanghaiTime: string): DateTime {
  return DateTime.fromISO(shanghaiTime, { zone: 'Asia/Shanghai' });
}

describe('order cut-offs', () => {
  it('when a delivery lunch is ordered at 09:59, then it is accepted with the 10:00 deadline', () => {
    const window = canOrder(policy, '2025-06-09', 'lunch', 'delivery', at('2025-06-09T09:59'));
    expect(window.ok).toBe(true);
    if (window.ok) expect(window.deadline?.toISO()).toBe('2025-06-09T10:00:59.999+08:00');
  });

  it('when a delivery lunch is ordered during the 10:00 minute, then it is still accepted', () => {
    expect(canOrder(policy, '2025-06-09', 'lunch', 'delivery', at('2025-06-09T10:00:59')).ok).toBe(true);
  });

  it('when a delivery lunch is ordered at 10:01, then it is refused because the cut-off passed', () => {
    expect(canOrder(policy, '2025-06-09', 'lunch', 'delivery', at('2025-06-09T10:01'))).toMatchObject({
      ok: false,
      reason: 'cutoff_passed',
    });
  });

  it('when the clock is in UTC, then the cut-off is still read in Shanghai time', () => {
    const utc = DateTime.fromISO('2025-06-09T01:59:00Z', { setZone: true });
    expect(canOrder(policy, '2025-06-09', 'lunch', 'delivery', utc).ok).toBe(true);
    expect(canOrder(policy, '2025-06-09', 'lunch', 'delivery', utc.plus({ minutes: 3 })).ok).toBe(false);
  });

  it('when dine-in lunch is ordered at 12:55, then it is accepted, and at 13:01 refused', () => {
    expect(canOrder(policy, '2025-06-09', 'lunch', 'dine_in', at('2025-06-09T12:55')).ok).toBe(true);
    expect(canOrder(policy, '2025-06-09', 'lunch', 'dine_in', at('2025-06-09T13:01')).ok).toBe(false);
  });

  it('when a breakfast delivery is ordered the evening before, then it closes at 19:00 that evening', () => {
    expect(canOrder(policy, '2025-06-10', 'breakfast', 'delivery', at('2025-06-09T18:30')).ok).toBe(true);
    expect(canOrder(policy, '2025-06-10', 'breakfast', 'delivery', at('2025-06-09T19:30')).ok).toBe(false);
  });

  it('when the meal date is in the past, then the order is refused', () => {
    expect(canOrder(policy, '2025-06-08', 'dinner', 'dine_in', at('2025-06-09T07:00')).ok).toBe(false);
  });

  it('when the site is closed that day, then the order is refused as closed', () => {
    const closed: OrderingPolicy = { ...policy, serviceDays: { ...policy.serviceDays, closedDates: ['2025-06-09'] } };
    expect(canOrder(closed, '2025-06-09', 'lunch', 'dine_in', at('2025-06-08T09:00'))).toEqual({ ok: false, reason: 'closed' });
  });

  it('when the site does not serve on 春节, then a 春节 lunch is refused as closed', () => {
    const noHolidays: OrderingPolicy = { ...policy, serviceDays: { ...policy.serviceDays, serveOnHolidays: false } };
    expect(canOrder(noHolidays, '2025-01-29', 'lunch', 'dine_in', at('2025-01-28T09:00'))).toEqual({ ok: false, reason: 'closed' });
    expect(canOrder(policy, '2025-01-29', 'lunch', 'dine_in', at('2025-01-28T09:00')).ok).toBe(true);
  });

  it('when the site offers no breakfast delivery, then it is refused as unavailable', () => {
    const noBreakfastDelivery: OrderingPolicy = {
      ...policy,
      cutoffs: { ...policy.cutoffs, breakfast: { ...policy.cutoffs.breakfast, delivery: null } },
    };
    expect(canOrder(noBreakfastDelivery, '2025-06-10', 'breakfast', 'delivery', at('2025-06-09T08:00'))).toEqual({
      ok: false,
      reason: 'channel_unavailable',
    });
  });

  it('when a cut-off time is malformed, then it throws', () => {
    const broken: OrderingPolicy = {
      ...policy,
      cutoffs: { ...policy.cutoffs, lunch: { ...policy.cutoffs.lunch, pickup: { daysBefore: 0, time: '25:00' } } },
    };
    expect(() => canOrder(broken, '2025-06-09', 'lunch', 'pickup', at('2025-06-09T09:00'))).toThrow(RangeError);
  });
});

describe('cancellation', () => {
  it('when a delivery lunch is cancelled before 10:00, then it is allowed, and after it refused', () => {
    expect(canCancel(policy, '2025-06-09', 'lunch', 'delivery', at('2025-06-09T09:30')).ok).toBe(true);
    expect(canCancel(policy, '2025-06-09', 'lunch', 'delivery', at('2025-06-09T10:30'))).toMatchObject({
      ok: false,
      reason: 'cutoff_passed',
    });
  });

  it('when the site closed the day after the order was taken, then cancelling is still allowed before the cut-off', () => {
    const closed: OrderingPolicy = { ...policy, serviceDays: { ...policy.serviceDays, closedDates: ['2025-06-09'] } };
    expect(canCancel(closed, '2025-06-09', 'lunch', 'dine_in', at('2025-06-09T08:00')).ok).toBe(true);
  });

  it('when the site has withdrawn the channel, then cancelling is allowed with no deadline', () => {
    const withdrawn: OrderingPolicy = {
      ...policy,
      cutoffs: { ...policy.cutoffs, dinner: { ...policy.cutoffs.dinner, delivery: null } },
    };
    expect(canCancel(withdrawn, '2025-06-09', 'dinner', 'delivery', at('2025-06-09T20:00'))).toEqual({ ok: true, deadline: null });
  });
});
