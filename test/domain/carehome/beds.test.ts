import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type Bed, type BedApplication, bedFits, BED_STATES, type BedState, canMoveBed, CareHomeError, freeBeds, moveBed } from '../../../domain/carehome';
import { rank, runOfferCycle } from '../../../domain/waitlist';
import { CARE_HOME_RULES } from '../waitlist/factories';

const bed = (over: Partial<Bed> = {}): Bed => ({ id: 'b1', capacity: 1, state: 'available', roomSex: 'women', careLevels: ['nursing'], features: ['oxygen'], ...over });
const applicant = (over: Partial<BedApplication> = {}): BedApplication => ({
  id: 'a1',
  appliedAt: '2026-01-05T02:00:00Z',
  facts: {},
  events: [],
  sex: 'female',
  careLevel: 'nursing',
  requiredFeatures: [],
  ...over,
});

describe('beds', () => {
  it('only an available bed is free capacity, whatever else is empty', () => {
    const beds = BED_STATES.map((state) => bed({ id: state, state }));
    expect(freeBeds(beds).map((b) => b.id)).toEqual(['available']);
  });

  it('a bed goes through an offer to be occupied, and is cleaned after a resident leaves it', () => {
    expect(canMoveBed('available', 'occupied')).toBe(false);
    expect(moveBed(moveBed('available', 'held'), 'occupied')).toBe('occupied');
    expect(canMoveBed('occupied', 'available')).toBe(false);
    expect(canMoveBed('on_leave', 'cleaning')).toBe(true);
    expect(canMoveBed('out_of_service', 'available')).toBe(false);
    expect(() => moveBed('cleaning', 'held')).toThrow(CareHomeError);
  });

  it('from any state a bed can reach available again, and no state moves to itself', () => {
    const reach = (from: BedState, seen = new Set<BedState>()): Set<BedState> => {
      for (const to of BED_STATES) if (canMoveBed(from, to) && !seen.has(to)) reach(to, seen.add(to));
      return seen;
    };
    for (const s of BED_STATES) {
      expect(reach(s).has('available')).toBe(true);
      expect(canMoveBed(s, s)).toBe(false);
    }
  });

  it('fits by the room’s sex, the care level and every required feature', () => {
    expect(bedFits(applicant(), bed())).toBe(0);
    expect(bedFits(applicant({ sex: 'male' }), bed())).toBeNull();
    expect(bedFits(applicant({ sex: 'male' }), bed({ roomSex: 'mixed' }))).toBe(0);
    expect(bedFits(applicant({ careLevel: 'special' }), bed())).toBeNull();
    expect(bedFits(applicant({ requiredFeatures: ['oxygen', 'accessible_bathroom'] }), bed())).toBeNull();
    expect(bedFits(applicant({ requiredFeatures: ['oxygen'] }), bed())).toBe(0);
  });

  it('property: the offer cycle offers only free beds, each to an application it fits, never two on one bed', () => {
    const levels = ['independent', 'assisted', 'nursing', 'special'];
    const features = ['oxygen', 'accessible_bathroom'];
    const beds = fc.array(
      fc.record({ state: fc.constantFrom(...BED_STATES), roomSex: fc.constantFrom('men' as const, 'women' as const, 'mixed' as const), careLevels: fc.subarray(levels, { minLength: 1 }), features: fc.subarray(features) }),
      { maxLength: 8 },
    );
    const apps = fc.array(fc.record({ sex: fc.constantFrom('male' as const, 'female' as const), careLevel: fc.constantFrom(...levels), requiredFeatures: fc.subarray(features), minutes: fc.nat(10_000) }), { maxLength: 12 });
    fc.assert(
      fc.property(beds, apps, (bs, as) => {
        const allBeds = bs.map((b, i) => ({ ...b, id: `b${i}`, capacity: 1 }));
        const applications = as.map((a, i) => applicant({ ...a, id: `a${i}`, appliedAt: DateTime.fromISO('2026-01-01T00:00:00Z').plus({ minutes: a.minutes }).toISO()! }));
        const { offers } = runOfferCycle({ ranking: rank(applications, [CARE_HOME_RULES], '2026-03-02'), places: freeBeds(allBeds), holds: [], fits: bedFits, now: DateTime.fromISO('2026-03-02T10:00:00', { zone: 'Asia/Shanghai' }) });
        const byId = new Map(allBeds.map((b) => [b.id, b]));
        return (
          new Set(offers.map((o) => o.placeId)).size === offers.length &&
          offers.every((o) => byId.get(o.placeId)!.state === 'available' && bedFits(applications.find((a) => a.id === o.applicationId)!, byId.get(o.placeId)!) === 0)
        );
      }),
    );
  });
});
