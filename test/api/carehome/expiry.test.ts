import { CarehomeBed, CarehomeOffer } from '../../../api/modules/carehome/carehome.entity';
import { expireOffers } from '../../../api/modules/carehome/offer-expiry';
import { API, carehomeWorld, World } from './world';

/** Offers lapse with no staff action, by the clock the app is given: found by the schedule and by any read. */
describe('care-home offers lapse by themselves', () => {
  let w: World;
  let first: { id: string };
  let second: { id: string };
  let next: Awaited<ReturnType<World['neighbour']>>;
  beforeEach(async () => {
    w = await carehomeWorld();
    first = await w.applied(w.family);
    next = await w.neighbour();
    second = await w.applied(next.client);
    await w.assess(first.id);
    await w.assess(second.id);
    await w.room();
  });
  afterEach(() => w.close());

  it('when the deadline’s day ends with no answer, then the schedule lapses the offer and the next family is offered the bed at once', async () => {
    // Monday 7 December + 5 working days: Monday 14 December is the deadline, still open that evening.
    w.clock.set('2026-12-14T23:59:00+08:00');
    await expireOffers({ orm: w.t.orm, clock: w.clock });
    expect(await w.em().count(CarehomeOffer, { applicationId: first.id, status: 'open' })).toBe(1);

    // On MariaDB the worker's database holds other stories' sites too: at least this one lapses.
    w.clock.set('2026-12-15T00:05:00+08:00');
    expect(await expireOffers({ orm: w.t.orm, clock: w.clock })).toBeGreaterThanOrEqual(1);
    // Run again (another instance): nothing more lapses, nothing more is offered.
    expect(await expireOffers({ orm: w.t.orm, clock: w.clock })).toBe(0);
    const offers = await w.em().find(CarehomeOffer, { siteId: w.siteId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(offers.map((o) => [o.applicationId, o.status, o.offeredOn, o.deadline])).toEqual([
      [first.id, 'lapsed', '2026-12-07', '2026-12-14'],
      [second.id, 'open', '2026-12-15', '2026-12-22'],
    ]);
    expect((await w.em().findOneOrFail(CarehomeBed, { id: offers[0].bedId })).state).toBe('held');
    const lapsed = await w.read(w.family, first.id);
    expect(lapsed).toMatchObject({ status: 'waiting', events: [{ kind: 'lapsed', on: '2026-12-14' }] });
    expect(lapsed.history.at(-1)).toMatchObject({ from: 'offered', to: 'waiting', by: null, reason: 'offer lapsed after 2026-12-14' });
    const late = await w.family.post(`${API}/offers/${offers[0].id}/accept`, {});
    expect([late.status, late.body.errors[0].code]).toEqual([409, 'offer_lapsed']);
  });

  it('when the family reads its application after the deadline, then the read itself lapses the offer and offers the bed to the next family', async () => {
    w.clock.set('2026-12-15T08:00:00+08:00');
    expect(await w.read(w.family, first.id)).toMatchObject({ status: 'waiting', offer: { status: 'lapsed' } });
    expect(await w.read(next.client, second.id)).toMatchObject({ status: 'offered', offer: { status: 'open', deadline: '2026-12-22' } });
  });
});
