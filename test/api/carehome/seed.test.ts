import { DEMO_RESIDENTS, DEMO_WAITING, seedCarehomeDemo } from '../../../api/seed/carehome';
import { seedCostSharingDemo } from '../../../api/seed/costsharing';
import { parseIdNumber } from '../../../domain/shared/identity';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeSiteWithStaff } from '../support/factories';
import { API, NINE_AM } from './world';

interface BoardBed {
  state: string;
  occupant: { name: string; careLevel: string } | null;
  leave: object | null;
  hold: { name: string; deadline: string } | null;
}

/** The demo care home at its real size, on Monday 7 December 2026. */
describe('care-home demo seed', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof makeSiteWithStaff>>;
  let seeded: Awaited<ReturnType<typeof seedCarehomeDemo>>;
  let staff: Client;
  let family: Client;
  beforeAll(async () => {
    t = await startTestApp({ clock: settableClock(NINE_AM) });
    site = await makeSiteWithStaff(t.orm);
    const options = { staffId: site.users.care_staff.id, familyHouseholdId: site.household.id, familyUserId: site.users.family.id };
    // As the demo seeds them: the site's cost models first, so each contract is signed at its level's quote.
    await t.orm.em.fork().transactional((tx) => seedCostSharingDemo(tx, site.site.id, [2026]));
    seeded = await seedCarehomeDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options);
    expect(await seedCarehomeDemo(t.orm.em.fork(), site.site.id, settableClock(NINE_AM), options)).toEqual({ beds: 0, residents: 0, waiting: 0 });
    [staff, family] = await Promise.all([Client.login(t.app, site.users.care_staff.username), Client.login(t.app, site.users.family.username)]);
  }, 120_000);
  afterAll(() => t.close());

  it('63 beds on three floors: about 40 residents (one on leave), one out of service, one being cleaned, the free beds offered to those they fit', async () => {
    expect(seeded).toEqual({ beds: 63, residents: DEMO_RESIDENTS, waiting: DEMO_WAITING });
    const board = (await staff.get(`${API}/beds?siteId=${site.site.id}`)).body as { counts: Record<string, number>; beds: BoardBed[] };
    expect(board.beds).toHaveLength(63);
    expect(board.counts).toMatchObject({ occupied: DEMO_RESIDENTS - 1, on_leave: 1, out_of_service: 1, cleaning: 1 });
    expect(board.counts.held + board.counts.available).toBe(63 - DEMO_RESIDENTS - 2);
    expect(board.beds.filter((b) => b.occupant).length).toBe(DEMO_RESIDENTS);
    expect(board.beds.filter((b) => b.leave).map((b) => b.state)).toEqual(['on_leave']);
    for (const b of board.beds.filter((x) => x.state === 'held')) expect(b.hold).toMatchObject({ deadline: '2026-12-14' });
  });

  it('about 30 wait, in policy order with reasons; every resident has a standing assessment', async () => {
    const all = (await staff.get(`${API}/applications?siteId=${site.site.id}`)).body as { status: string; careLevel: string | null; standing: { position: number | null; policyClass: number } | null }[];
    const queue = all.filter((a) => a.standing);
    expect(queue).toHaveLength(DEMO_WAITING);
    const classes = queue.map((a) => a.standing!.policyClass);
    expect(classes).toEqual([...classes].sort((a, b) => a - b));
    expect(all.filter((a) => a.status === 'admitted').every((a) => a.careLevel !== null)).toBe(true);
    const detail = (await staff.get(`${API}/applications?siteId=${site.site.id}&status=admitted`)).body as { id: string }[];
    expect(detail).toHaveLength(DEMO_RESIDENTS);
  });

  it('the family login sees only its relative, waiting with a position and reasons, not yet assessed, its ID number masked', async () => {
    const mine = (await family.get(`${API}/applications?siteId=${site.site.id}`)).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ name: '吴桂兰', status: 'waiting', careLevel: null, assessmentDue: 'none', standing: { position: expect.any(Number), reasons: [expect.objectContaining({ rule: 'age_80' }), expect.objectContaining({ rule: 'living_alone' })] } });
    expect(parseIdNumber(mine[0].idNumber).ok).toBe(false);
  });
});
