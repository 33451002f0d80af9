import { entryOf, rank, viewOf, WaitlistError } from '../../../domain/waitlist';
import { CARE_HOME_RULES, CHILDCARE_RULES, child, verified } from './factories';

describe('ranking a waitlist', () => {
  it('orders by policy class, then points, then application time, then id', () => {
    const early = child({ id: 'b', appliedAt: '2026-01-05T01:00:00Z', facts: { resident: verified() } });
    const sameTimeA = child({ id: 'a2', appliedAt: '2026-01-06T01:00:00Z', facts: { resident: verified() } });
    const sameTimeB = child({ id: 'a10', appliedAt: '2026-01-06T09:00:00+08:00', facts: { resident: verified() } });
    const morePoints = child({ id: 'z', appliedAt: '2026-02-01T00:00:00Z', facts: { resident: verified(), sibling_enrolled: verified() } });
    const dibao = child({ id: 'y', appliedAt: '2026-02-20T00:00:00Z', facts: { dibao: verified() } });
    const r = rank([early, sameTimeA, sameTimeB, morePoints, dibao], [CHILDCARE_RULES], '2026-03-02');
    // a10 before a2: the same instant written in two zones ties, and ids compare by code unit.
    expect(r.entries.map((e) => e.application.id)).toEqual(['y', 'z', 'b', 'a10', 'a2']);
    expect(r.entries.map((e) => [e.policyClass, e.points])).toEqual([
      [1, 0],
      [2, 18],
      [2, 10],
      [2, 10],
      [2, 10],
    ]);
  });

  it('says which rule set version ranked the queue, and why each entry stands where it does', () => {
    const v2 = { ...CHILDCARE_RULES, version: 2, effectiveFrom: '2026-09-01', rules: CHILDCARE_RULES.rules.filter((r) => r.code !== 'resident') };
    const app = child({ facts: { resident: verified(), both_parents_working: verified() } });
    const before = rank([app], [CHILDCARE_RULES, v2], '2026-08-31');
    const after = rank([app], [CHILDCARE_RULES, v2], '2026-09-01');
    expect(before.ruleSet).toEqual({ version: 1, effectiveFrom: '2026-01-01' });
    expect(before.entries[0].reasons.map((r) => `${r.label.zh} ${'points' in r.effect ? r.effect.points : ''}`)).toEqual(['本社区居民 10', '双职工家庭 5']);
    expect(after.ruleSet.version).toBe(2);
    expect(after.entries[0].points).toBe(5);
  });

  it('gives a suspended entry a rank with its reason but no position, and the others close up', () => {
    const events = [
      { kind: 'withdrawn', on: '2025-11-01' },
      { kind: 'withdrawn', on: '2026-02-01' },
    ];
    const suspended = child({ id: 's', facts: { tekun: verified() }, events });
    const next = child({ id: 'n', facts: { dibao: verified() } });
    const r = rank([next, suspended], [CARE_HOME_RULES], '2026-03-02');
    expect(r.entries.map((e) => [e.application.id, e.rank, e.position, e.suspended])).toEqual([
      ['s', 1, null, true],
      ['n', 2, 1, false],
    ]);
  });

  it('shows a family its own entry only, and staff a filtered view in the same order', () => {
    const apps = [
      child({ id: 'a', choices: ['baby'] }),
      child({ id: 'b', choices: ['toddler', 'baby'], facts: { resident: verified() } }),
      child({ id: 'c', choices: ['toddler'], facts: { dibao: verified() } }),
    ];
    const r = rank(apps, [CHILDCARE_RULES], '2026-03-02');
    expect(entryOf(r, 'a')).toMatchObject({ position: 3, points: 0, reasons: [] });
    expect(entryOf(r, 'nobody')).toBeUndefined();
    const babies = viewOf(r, (e) => e.application.choices.includes('baby'));
    expect(babies.map((v) => [v.entry.application.id, v.entry.position, v.positionInView])).toEqual([
      ['b', 2, 1],
      ['a', 3, 2],
    ]);
    expect(viewOf(r, (e) => e.policyClass === 1).map((v) => v.entry.application.id)).toEqual(['c']);
  });

  it('refuses a queue with one application twice or an application time that is not an instant', () => {
    const a = child();
    expect(() => rank([a, a], [CHILDCARE_RULES], '2026-03-02')).toThrow(WaitlistError);
    expect(() => rank([child({ appliedAt: 'yesterday' })], [CHILDCARE_RULES], '2026-03-02')).toThrow(/not an ISO-8601 instant/);
  });
});
