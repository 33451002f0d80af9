import { DateTime } from 'luxon';
import { applicationProblems, fitsClass, freePlaces, startOn, freeHalves, placesOf, placesUsed, SERVICE_MODE_NAMES, STANDARD_CLASSES, type ClassPlace, type Enrolment } from '../../../domain/childcare';
import { rank, runOfferCycle, type RuleSet } from '../../../domain/waitlist';
import { application, CENTRE, klass, SITE } from './factories';

const TODAY = '2026-03-02';
const NOW = DateTime.fromISO(`${TODAY}T10:00:00`, { zone: 'Asia/Shanghai' });
const RULES: RuleSet = { version: 1, effectiveFrom: '2026-01-01', defaultClass: 1, rules: [] };

const full = (classId: string): Enrolment => ({ classId, mode: 'full_day' });
const half = (classId: string, h: 'morning' | 'afternoon'): Enrolment => ({ classId, mode: 'half_day', half: h });
const place = (overrides: Partial<ClassPlace> = {}): ClassPlace => ({ id: 'toddler-1', classId: 'toddler-1', siteId: SITE, kind: 'toddler', fromMonths: 12, toMonths: 24, capacity: 1, ...overrides });

describe('service modes and shared places', () => {
  it('names each mode in zh and en', () => {
    expect(SERVICE_MODE_NAMES.half_day).toEqual({ zh: '半日托', en: 'half day' });
    expect(SERVICE_MODE_NAMES.occasional.zh).toBe('临时托');
  });

  it('a morning child and an afternoon child share one place; two mornings do not', () => {
    expect(placesUsed([half('c', 'morning'), half('c', 'afternoon')])).toBe(1);
    expect(placesUsed([half('c', 'morning'), half('c', 'morning')])).toBe(2);
    expect(placesUsed([full('c'), { classId: 'c', mode: 'hourly' }, half('c', 'morning'), half('c', 'afternoon'), half('c', 'afternoon')])).toBe(4);
    expect(placesUsed([])).toBe(0);
  });

  it('the halves free beside a lone half-day child', () => {
    expect(freeHalves([half('c', 'morning'), half('c', 'morning'), half('c', 'morning'), half('c', 'afternoon')])).toEqual({ morning: 0, afternoon: 2 });
  });
});

describe('the day a child would start', () => {
  it('is the desired start date, or today once that has passed', () => {
    expect(startOn('2027-03-01', '2026-12-05')).toBe('2027-03-01');
    expect(startOn('2026-12-05', '2026-12-05')).toBe('2026-12-05');
    expect(startOn('2026-09-01', '2026-12-05')).toBe('2026-12-05');
  });
});

describe('fits: the band on the start date, then the family’s choices', () => {
  it('a child who is 11 months now but 12 on its start date fits the toddler class, not the infant class', () => {
    const app = application({ birthDate: '2025-03-10', startDate: '2026-03-10' });
    expect(fitsClass(app, place())).toBe(0);
    expect(fitsClass(app, place({ id: 'infant-1', kind: 'infant', fromMonths: 6, toMonths: 12 }))).toBeNull();
    expect(fitsClass({ ...app, startDate: '2026-03-09' }, place())).toBeNull();
  });

  it('returns the first choice the class answers; 服从调剂 fits everything else after the choices', () => {
    const app = application({ choices: [{ siteId: 'other' }, { siteId: SITE, kind: 'mixed' }, { kind: 'toddler' }], anyClassOrSite: false });
    expect(fitsClass(app, place())).toBe(2);
    expect(fitsClass(app, place({ siteId: 'other' }))).toBe(0);
    expect(fitsClass({ ...app, choices: [{ siteId: 'other' }] }, place())).toBeNull();
    expect(fitsClass({ ...app, choices: [{ siteId: 'other' }], anyClassOrSite: true }, place())).toBe(1);
  });

  it('a half place takes only a child of that half; occasional care is never waitlisted', () => {
    const afternoon = place({ id: 'toddler-1:afternoon', half: 'afternoon' });
    expect(fitsClass(application({ mode: 'half_day', half: 'afternoon' }), afternoon)).toBe(0);
    expect(fitsClass(application({ mode: 'half_day', half: 'morning' }), afternoon)).toBeNull();
    expect(fitsClass(application({ mode: 'full_day' }), afternoon)).toBeNull();
    expect(fitsClass(application({ mode: 'half_day', half: 'morning' }), place())).toBe(0);
    expect(fitsClass(application({ mode: 'occasional' }), place())).toBeNull();
  });

  it('checks an application before it joins the queue', () => {
    const fields = (a: Parameters<typeof applicationProblems>[0]) => applicationProblems(a).map((p) => p.field);
    expect(fields(application())).toEqual([]);
    expect(fields(application({ mode: 'half_day' }))).toEqual(['half']);
    expect(fields(application({ mode: 'occasional' }))).toEqual(['mode']);
    expect(fields(application({ startDate: '2025-01-01' }))).toEqual(['startDate']);
    expect(fields(application({ choices: [{ kind: 'older' }, { siteId: 'a' }, { siteId: 'b' }, { siteId: 'c' }] }))).toEqual(['choices']);
    expect(fields(application({ choices: [{ kind: 'older' }, { kind: 'older' }] }))).toEqual(['choices[1]']);
  });
});

describe('places for the waitlist engine', () => {
  it('a class offers its size less the places its enrolments use, and the site its total less all used', () => {
    const enrolments = [full('toddler-1'), half('toddler-1', 'morning'), half('toddler-1', 'afternoon'), half('older-1', 'morning')];
    const { places, limits } = placesOf(STANDARD_CLASSES, CENTRE, enrolments);
    const capacity = (id: string) => places.find((p) => p.id === id)?.capacity;
    expect(capacity('toddler-1')).toBe(13);
    expect(capacity('older-1')).toBe(19);
    expect(capacity('older-1:afternoon')).toBe(1);
    expect(capacity('older-1:morning')).toBe(0);
    expect(limits).toEqual([{ id: `site:${SITE}`, capacity: 97, placeIds: CENTRE.map((c) => c.id) }]);
  });

  it('the engine never offers beyond the site total, though the classes have room', () => {
    const classes = [klass('t', 'toddler', 15), klass('o', 'older', 20)];
    const settings = { ...STANDARD_CLASSES, siteTotal: 3 };
    const { places, limits } = placesOf(settings, classes, [full('t')]);
    const apps = Array.from({ length: 6 }, (_, i) => application({ id: `a${i}`, birthDate: i % 2 ? '2024-01-10' : '2025-01-10' }));
    const { offers } = runOfferCycle({ ranking: rank(apps, [RULES], TODAY), places, holds: [], fits: fitsClass, now: NOW, limits });
    expect(offers).toHaveLength(2);
  });

  it('a half-day child is offered the half beside another child before a place of its own', () => {
    const classes = [klass('t', 'toddler', 15)];
    const { places, limits } = placesOf(STANDARD_CLASSES, classes, [half('t', 'morning')]);
    const app = application({ id: 'pm', mode: 'half_day', half: 'afternoon', birthDate: '2025-01-10', startDate: TODAY });
    const { offers } = runOfferCycle({ ranking: rank([app], [RULES], TODAY), places, holds: [], fits: fitsClass, now: NOW, limits });
    expect(offers.map((o) => o.placeId)).toEqual(['t:afternoon']);
  });
});

describe('a class’s free places today', () => {
  it('are its size less places used, offers held and today’s booked days, never below nothing', () => {
    expect(freePlaces({ size: 5, placesUsed: 2, openOffers: 1, bookedToday: 1 })).toBe(1);
    expect(freePlaces({ size: 5, placesUsed: 2, openOffers: 1, bookedToday: 0 })).toBe(2);
    expect(freePlaces({ size: 2, placesUsed: 2, openOffers: 0, bookedToday: 1 })).toBe(0);
  });
});
