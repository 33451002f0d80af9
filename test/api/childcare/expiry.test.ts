import { expireOffers } from '../../../api/modules/childcare/offer-expiry';
import { ChildcareOffer } from '../../../api/modules/childcare/childcare.entity';
import { API, childcareWorld, World } from './world';

/** Offers lapse with no staff action, by the clock the app is given: found by the schedule and by any read. */
describe('childcare offers lapse by themselves', () => {
  let w: World;
  let first: { id: string };
  let second: { id: string };
  let next: Awaited<ReturnType<World['family']>>;
  beforeEach(async () => {
    w = await childcareWorld();
    first = await w.submitted(w.parent);
    next = await w.family();
    second = await w.submitted(next.client);
    await w.openClass({ size: 1 });
  });
  afterEach(() => w.close());

  it('when the deadline’s day ends with no answer, then the schedule lapses the offer and the next family is offered at once', async () => {
    // Thursday 10 December is the deadline: still open that evening.
    w.clock.set('2026-12-10T23:59:00+08:00');
    await expireOffers({ orm: w.t.orm, clock: w.clock });
    expect(await w.em().count(ChildcareOffer, { applicationId: first.id, status: 'open' })).toBe(1);

    // On MariaDB the worker's database holds other stories' sites too: at least this one lapses.
    w.clock.set('2026-12-11T00:05:00+08:00');
    expect(await expireOffers({ orm: w.t.orm, clock: w.clock })).toBeGreaterThanOrEqual(1);
    // Run again (another instance): nothing more lapses, nothing more is offered.
    expect(await expireOffers({ orm: w.t.orm, clock: w.clock })).toBe(0);
    const offers = await w.em().find(ChildcareOffer, { siteId: w.siteId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(offers.map((o) => [o.applicationId, o.status, o.offeredOn, o.deadline])).toEqual([
      [first.id, 'lapsed', '2026-12-07', '2026-12-10'],
      [second.id, 'open', '2026-12-11', '2026-12-16'],
    ]);
    const lapsed = (await w.parent.get(`${API}/applications/${first.id}`)).body;
    expect(lapsed).toMatchObject({ status: 'submitted', events: [{ kind: 'lapsed', on: '2026-12-10' }] });
    expect(lapsed.history.at(-1)).toMatchObject({ from: 'offered', to: 'submitted', by: null, reason: 'offer lapsed after 2026-12-10' });
    // Too late to accept.
    const late = await w.parent.post(`${API}/offers/${offers[0].id}/accept`);
    expect(late.status).toBe(409);
    expect(late.body.errors[0].code).toBe('offer_lapsed');
  });

  it('when the family reads its application after the deadline, then the read itself lapses the offer and offers the place to the next family', async () => {
    w.clock.set('2026-12-11T08:00:00+08:00');
    const mine = (await w.parent.get(`${API}/applications/${first.id}`)).body;
    expect(mine).toMatchObject({ status: 'submitted', offer: { status: 'lapsed' } });
    expect((await next.client.get(`${API}/applications/${second.id}`)).body).toMatchObject({ status: 'offered', offer: { status: 'open', deadline: '2026-12-16' } });
  });
});
