import {
  acceptOffer,
  declineOffer,
  type Fits,
  type Hold,
  lapsedOffers,
  type OfferCycleInput,
  type Place,
  rank,
  runOfferCycle,
  WaitlistError,
} from '../../../domain/waitlist';
import { at, CARE_HOME_RULES, CHILDCARE_RULES, child, type Child, classes, fitsChoice, verified } from './factories';

const DAY = '2026-03-02';

function cycle(apps: Child[], capacities: Record<string, number>, holds: Hold[] = [], more: Partial<OfferCycleInput<Child, Place>> = {}) {
  return runOfferCycle({ ranking: rank(apps, [CHILDCARE_RULES], DAY), places: classes(capacities), holds, fits: fitsChoice, now: at(DAY), ...more });
}

const offered = (r: ReturnType<typeof cycle>) => r.offers.map((o) => `${o.applicationId}→${o.placeId}`);

describe('the offer cycle', () => {
  it('offers each free place to the first entry in rank order that fits it, and no more than are free', () => {
    const a = child({ id: 'a', choices: ['baby'], facts: { resident: verified() } });
    const b = child({ id: 'b', choices: ['toddler'] });
    const c = child({ id: 'c', choices: ['toddler'] });
    const r = cycle([c, b, a], { baby: 1, toddler: 1 });
    expect(offered(r)).toEqual(['a→baby', 'b→toddler']);
    expect(r.offers[0]).toMatchObject({ kind: 'offer', offeredOn: DAY, deadline: '2026-03-05', ruleSetVersion: 1, position: 1, holidaysKnown: true });
  });

  it('counts enrolments and live offers against a place, and a site total across places', () => {
    const apps = ['a', 'b', 'c'].map((id) => child({ id, choices: ['baby', 'toddler'] }));
    const enrolled: Hold = { kind: 'enrolment', placeId: 'toddler', applicationId: 'x', from: '2026-01-01' };
    expect(offered(cycle(apps, { baby: 0, toddler: 2 }, [enrolled]))).toEqual(['a→toddler']);
    const limits = [{ id: 'site', capacity: 2, placeIds: ['baby', 'toddler'] }];
    expect(offered(cycle(apps, { baby: 2, toddler: 2 }, [enrolled], { limits }))).toEqual(['a→baby']);
  });

  it('offers a family that accepts any class (服从调剂) its earlier choice when both are free, and a later one when not', () => {
    const flexible = child({ id: 'f', choices: ['toddler', 'mixed'] });
    expect(offered(cycle([flexible], { mixed: 1, toddler: 1 }))).toEqual(['f→toddler']);
    expect(offered(cycle([flexible], { mixed: 1, toddler: 0 }))).toEqual(['f→mixed']);
  });

  it('offers siblings who asked to be together both places or neither, and the next family in the meantime', () => {
    const twin1 = child({ id: 't1', facts: { resident: verified() } });
    const other = child({ id: 'o', facts: { both_parents_working: verified() } });
    const twin2 = child({ id: 't2' });
    const siblingGroups = [{ id: 'twins', applicationIds: ['t1', 't2'] }];
    const one = cycle([twin1, other, twin2], { toddler: 1 }, [], { siblingGroups });
    expect(offered(one)).toEqual(['o→toddler']);
    expect(one.groupsNotPlaced).toEqual(['twins']);
    expect(offered(cycle([twin1, other, twin2], { toddler: 2 }, [], { siblingGroups }))).toEqual(['t1→toddler', 't2→toddler']);
  });

  it('places siblings together where a greedy first pick would leave one out', () => {
    const older = child({ id: 's1', choices: ['toddler', 'mixed'], facts: { resident: verified() } });
    const younger = child({ id: 's2', choices: ['toddler'] });
    const r = cycle([older, younger], { toddler: 1, mixed: 1 }, [], { siblingGroups: [{ id: 'g', applicationIds: ['s1', 's2'] }] });
    expect(offered(r)).toEqual(['s1→mixed', 's2→toddler']);
  });

  it('skips a suspended entry, who stays listed with its reason', () => {
    const events = [
      { kind: 'withdrawn', on: '2025-12-01' },
      { kind: 'withdrawn', on: '2026-02-01' },
    ];
    const apps = [child({ id: 'tekun', facts: { tekun: verified() }, events }), child({ id: 'next' })];
    const ranking = rank(apps, [CARE_HOME_RULES], DAY);
    const r = runOfferCycle({ ranking, places: classes({ toddler: 1 }), holds: [], fits: fitsChoice, now: at(DAY) });
    expect(ranking.entries[0].application.id).toBe('tekun');
    expect(offered(r)).toEqual(['next→toddler']);
  });

  it('running the cycle again on its own offers offers nothing new', () => {
    const apps = ['a', 'b', 'c'].map((id) => child({ id }));
    const first = cycle(apps, { toddler: 2 });
    expect(cycle(apps, { toddler: 2 }, first.offers).offers).toEqual([]);
  });

  it('refuses holds on an unknown place or two holds for one application', () => {
    const offer: Hold = { kind: 'offer', placeId: 'toddler', applicationId: 'a', deadline: '2026-03-05' };
    expect(() => cycle([], { toddler: 2 }, [{ ...offer, placeId: 'attic' }])).toThrow(/attic is not one of the places/);
    expect(() => cycle([], { toddler: 2 }, [offer, offer])).toThrow(WaitlistError);
  });

  it('refuses a queue ranked for another day, and places given twice or with a broken capacity', () => {
    const ranking = rank([child()], [CHILDCARE_RULES], '2026-03-01');
    expect(() => runOfferCycle({ ranking, places: classes({ toddler: 1 }), holds: [], fits: fitsChoice, now: at(DAY) })).toThrow(/ranked for 2026-03-01, not for today 2026-03-02/);
    expect(() => cycle([], {}, [], { places: [...classes({ toddler: 1 }), ...classes({ toddler: 2 })] })).toThrow(/toddler is given twice/);
    expect(() => cycle([], { toddler: 1.5 })).toThrow(/places\[0\].capacity: must be a whole number/);
  });
});

describe('answering an offer', () => {
  const apps = () => [child({ id: 'first', facts: { resident: verified() } }), child({ id: 'second' })];

  it('when the family accepts before the deadline ends, then the place is held by an enrolment from the start date', () => {
    const { offers } = cycle(apps(), { toddler: 1 });
    const holds = acceptOffer(offers, 'first', '2026-04-01', at('2026-03-05').set({ hour: 23, minute: 59 }));
    expect(holds).toEqual([{ kind: 'enrolment', placeId: 'toddler', applicationId: 'first', from: '2026-04-01' }]);
    expect(cycle(apps(), { toddler: 1 }, holds).offers).toEqual([]);
  });

  it('when the family declines, then the next fitting entry is offered at once and the decliner is not offered that place again', () => {
    const [first, second] = apps();
    const { offers } = cycle([first, second], { toddler: 1 });
    const declined = declineOffer(offers, 'first', at('2026-03-03'));
    expect(declined.event).toEqual({ kind: 'declined', on: '2026-03-03', placeId: 'toddler' });
    const after = cycle([{ ...first, events: [declined.event] }, second], { toddler: 1 }, declined.holds);
    expect(offered(after)).toEqual(['second→toddler']);
  });

  it('when the deadline day ends unanswered, then the offer lapses, and once recorded the next family is offered on the same read', () => {
    const [first, second] = apps();
    const { offers } = cycle([first, second], { toddler: 1 });
    const lastMinute = at('2026-03-05').set({ hour: 23, minute: 59 });
    const midnight = at('2026-03-06').set({ hour: 0, minute: 0 });
    expect(lapsedOffers(offers, lastMinute)).toEqual([]);
    const [lapsed] = lapsedOffers(offers, midnight);
    expect(lapsed.event).toEqual({ kind: 'lapsed', on: '2026-03-05', placeId: 'toddler' });
    const ranking = rank([{ ...first, events: [lapsed.event] }, second], [CHILDCARE_RULES], '2026-03-06');
    expect(() => runOfferCycle({ ranking, places: classes({ toddler: 1 }), holds: offers, fits: fitsChoice, now: midnight })).toThrow(/lapsed after 2026-03-05: record lapsedOffers\(\) first/);
    const r = runOfferCycle({ ranking, places: classes({ toddler: 1 }), holds: [], fits: fitsChoice, now: midnight });
    expect(offered(r)).toEqual(['second→toddler']);
    expect(r.offers[0].deadline).toBe('2026-03-11');
    expect(() => acceptOffer(offers, 'first', '2026-04-01', midnight)).toThrow(/lapsed after 2026-03-05/);
  });

  it('when there is no open offer for the application, then accepting or declining is refused', () => {
    expect(() => acceptOffer([], 'a', '2026-04-01', at(DAY))).toThrow(/a has no open offer/);
    expect(() => declineOffer([{ kind: 'enrolment', placeId: 'p', applicationId: 'a', from: DAY }], 'a', at(DAY))).toThrow(WaitlistError);
  });
});

describe('offer deadlines in working days (chinese-days data: 春节 2026 is 02-15…02-23, 调休 Saturdays 02-14 and 02-28)', () => {
  const deadlineOn = (date: string, deadlineWorkingDays?: number) =>
    runOfferCycle({ ranking: rank([child()], [CHILDCARE_RULES], date), places: classes({ toddler: 1 }), holds: [], fits: fitsChoice, now: at(date), deadlineWorkingDays }).offers[0];

  it('when offered on the Friday before 春节 2026, then the 调休 Saturday counts and the holiday does not', () => {
    expect(deadlineOn('2026-02-13').deadline).toBe('2026-02-25');
    expect(deadlineOn('2026-02-13', 1).deadline).toBe('2026-02-14');
  });

  it('when offered during the holiday, then the count starts after it', () => {
    expect(deadlineOn('2026-02-18').deadline).toBe('2026-02-26');
  });

  it('when offered the Thursday before the 调休 Saturday 2026-02-28, then that Saturday is the second working day', () => {
    expect(deadlineOn('2026-02-26').deadline).toBe('2026-03-02');
  });

  it('when the care home gives 5 working days across 春节 2026, then the deadline is 2026-02-27', () => {
    expect(deadlineOn('2026-02-13', 5).deadline).toBe('2026-02-27');
  });

  it('when offered before 国庆节 2026, then the 调休 Saturday 2026-10-10 is the third working day', () => {
    expect(deadlineOn('2026-09-30').deadline).toBe('2026-10-10');
  });

  it('when the deadline runs into 2027, whose holidays (春节 from 2027-02-06) are not announced in the data yet, then the offer says so', () => {
    expect(deadlineOn('2026-12-29')).toMatchObject({ deadline: '2027-01-01', holidaysKnown: false });
    expect(deadlineOn('2027-02-05')).toMatchObject({ holidaysKnown: false });
    expect(deadlineOn('2026-12-24')).toMatchObject({ deadline: '2026-12-29', holidaysKnown: true });
  });
});

describe('the care home on the same engine', () => {
  interface Bed extends Place {
    sex: 'm' | 'f';
    careLevels: string[];
  }
  const beds: Bed[] = [
    { id: '201-1', capacity: 1, sex: 'f', careLevels: ['self_care'] },
    { id: '201-2', capacity: 1, sex: 'f', careLevels: ['self_care', 'assisted'] },
    { id: '305-1', capacity: 1, sex: 'm', careLevels: ['assisted', 'nursing'] },
  ];
  const fitsBed: Fits<Child, Bed> = (a, bed) => (a.facts.sex?.value === bed.sex && bed.careLevels.includes(String(a.facts.care_level?.value)) ? 0 : null);

  it('offers 特困 first, each person a bed that suits their sex and care level, with 5 working days', () => {
    const person = (id: string, sex: string, level: string, extra = {}) => child({ id, facts: { sex: verified(sex), care_level: verified(level), ...extra } });
    const apps = [
      person('old-man', 'm', 'nursing', { birth_date: verified('1940-05-01') }),
      person('woman', 'f', 'assisted'),
      person('tekun-man', 'm', 'assisted', { tekun: verified() }),
      person('man-2', 'm', 'assisted'),
    ];
    const ranking = rank(apps, [CARE_HOME_RULES], DAY);
    expect(ranking.entries.map((e) => e.application.id)).toEqual(['tekun-man', 'old-man', 'woman', 'man-2']);
    const occupied: Hold = { kind: 'enrolment', placeId: '201-1', applicationId: 'resident-1', from: '2025-06-01' };
    const r = runOfferCycle({ ranking, places: beds, holds: [occupied], fits: fitsBed, now: at(DAY), deadlineWorkingDays: 5 });
    expect(r.offers.map((o) => `${o.applicationId}→${o.placeId} ${o.deadline}`)).toEqual(['tekun-man→305-1 2026-03-09', 'woman→201-2 2026-03-09']);
  });
});
