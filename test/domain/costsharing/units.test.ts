import fc from 'fast-check';
import {
  accountOf,
  Contribution,
  ContributionTerms,
  CostModelVersion,
  FundingAccount,
  grantShareOfUnit,
  priceUnits,
  PriceUnitsRequest,
  ProgrammeUse,
  UnitAsked,
  yearAccounts,
} from '../../../domain/costsharing';
import { contributions as anyContributions, costModel, PROGRAMMES, TIERS } from './arbitraries';
import { aCharityPool, aFixedGrant, aLunchModel, aTierSubsidy } from './factories';
import { check } from './property-helpers';

const lunch = aLunchModel(); // C = ¥15.00, effective from 2026-01-01
const account = (code: string, year: number, limitFen: number, drawnFen = 0, units = 0): FundingAccount => ({ account: code, year, limitFen, drawnFen, units });
const mcaMeal = aTierSubsidy({ perPersonCapFen: { day: 500 } }); // dibao 500, age80 300 …
const pool = aCharityPool(); // pays up to ¥15 of a 特困 elder's price
const subsidyOf = (q: { contributions: { mechanism: string; amountFen: number }[] }) =>
  q.contributions.filter((l) => l.mechanism === 'tier_subsidy').reduce((s, l) => s + l.amountFen, 0);

describe('pricing served units: each on what the ones before it drew', () => {
  it('when one person has two units on a day, then the daily cap holds across them and the budget draws what they got', () => {
    const r = priceUnits({
      versions: [lunch],
      contributions: [mcaMeal],
      accounts: [account('mca-meal', 2026, 10_000)],
      units: [
        { tier: 'dibao', date: '2026-03-02', personRef: 'm1' },
        { tier: 'dibao', date: '2026-03-02', personRef: 'm1' },
        { tier: 'dibao', date: '2026-03-03', personRef: 'm1' },
      ],
    });
    expect(r.units.map((u) => subsidyOf(u.quote!))).toEqual([500, 0, 500]);
    expect(r.units[1].quote!.flags).toContain('personCapReached');
    expect(r.accounts).toEqual([account('mca-meal', 2026, 10_000, 1000, 2)]);
    expect(r.used).toEqual([
      { personRef: 'm1', programmeCode: 'mca-meal', date: '2026-03-02', amountFen: 500 },
      { personRef: 'm1', programmeCode: 'mca-meal', date: '2026-03-03', amountFen: 500 },
    ]);
  });

  it('when the person already drew that day, then an earlier use counts against the cap; another person’s does not', () => {
    const used: ProgrammeUse[] = [{ personRef: 'm1', programmeCode: 'mca-meal', date: '2026-03-02', amountFen: 300 }];
    const r = priceUnits({
      versions: [lunch],
      contributions: [mcaMeal],
      accounts: [account('mca-meal', 2026, 10_000)],
      used,
      units: [
        { tier: 'dibao', date: '2026-03-02', personRef: 'm1' },
        { tier: 'dibao', date: '2026-03-02', personRef: 'm2' },
      ],
    });
    expect(r.units.map((u) => subsidyOf(u.quote!))).toEqual([200, 500]);
  });

  it('when the budget runs out part-way, then the next unit gets what is left and the one after nothing', () => {
    const r = priceUnits({
      versions: [lunch],
      contributions: [aTierSubsidy()],
      accounts: [account('mca-meal', 2026, 1000, 300)],
      units: ['a', 'b', 'c'].map((p) => ({ tier: 'dibao', date: '2026-03-02', personRef: p })),
    });
    expect(r.units.map((u) => subsidyOf(u.quote!))).toEqual([500, 200, 0]);
    expect(r.units[2].quote!.flags).toContain('budgetExhausted');
    expect(r.accounts[0].drawnFen).toBe(1000);
  });

  it('when units fall either side of new year, then each draws on its own year’s account, and a grant counts its units per year', () => {
    const grant = aFixedGrant({ annualFen: 100, forecastUnitsPerYear: 3 });
    const r = priceUnits({
      versions: [lunch],
      contributions: [mcaMeal, grant],
      accounts: [account('mca-meal', 2026, 5000, 4900), account('mca-meal', 2027, 5000), account(grant.id, 2026, 100, 100, 3), account(grant.id, 2027, 100)],
      units: [
        { tier: 'age80', date: '2026-12-31', personRef: 'm1' },
        { tier: 'age80', date: '2027-01-01', personRef: 'm1' },
      ],
    });
    const [dec31, jan1] = r.units.map((u) => u.quote!);
    expect([subsidyOf(dec31), subsidyOf(jan1)]).toEqual([100, 300]);
    expect(dec31.flags).toEqual(expect.arrayContaining(['budgetPartial', 'grantExhausted']));
    expect(jan1.contributions.find((l) => l.contributionId === grant.id)!.amountFen).toBe(34);
    expect(r.accounts).toEqual([account('mca-meal', 2026, 5000, 5000, 1), account('mca-meal', 2027, 5000, 300, 1), account(grant.id, 2026, 100, 100, 3), account(grant.id, 2027, 100, 34, 1)]);
  });

  it('when the year has no account for a programme the unit would draw on, then the unit is refused naming it, draws nothing, and the next is priced', () => {
    const accounts = [account('mca-meal', 2026, 10_000), account('charity-tekun', 2026, 10_000)];
    const r = priceUnits({
      versions: [lunch],
      contributions: [mcaMeal, pool],
      accounts,
      units: [
        { tier: 'tekun', date: '2027-01-01', personRef: 'm1' },
        { tier: 'guest', date: '2027-01-01' },
        { tier: 'dibao', date: '2026-12-31', personRef: 'm1' },
      ],
    });
    expect(r.units[0]).toEqual({
      refusal: {
        reason: 'no_funding_account',
        date: '2027-01-01',
        missing: [
          { account: 'mca-meal', year: 2027, mechanism: 'tier_subsidy', contributionId: mcaMeal.id, label: mcaMeal.label, party: mcaMeal.party },
          { account: 'charity-tekun', year: 2027, mechanism: 'charity_pool', contributionId: pool.id, label: pool.label, party: pool.party },
        ],
      },
    });
    // A guest is eligible for neither, so needs neither account.
    expect(r.units[1].quote!.resident.paysFen).toBe(1550);
    expect(subsidyOf(r.units[2].quote!)).toBe(500);
    expect(r.accounts).toEqual([account('mca-meal', 2026, 10_000, 500, 1), account('charity-tekun', 2026, 10_000)]);
    expect(accounts[0].drawnFen).toBe(0);
  });

  it('when a rule is not in force on the date, then its missing account refuses nothing', () => {
    const ended = aTierSubsidy({ effectiveTo: '2026-12-31' });
    const r = priceUnits({ versions: [lunch], contributions: [ended], accounts: [], units: [{ tier: 'dibao', date: '2027-01-04' }] });
    expect(subsidyOf(r.units[0].quote!)).toBe(0);
  });

  it('when no cost model is in force on the date, then the unit is refused and the version in force prices the others', () => {
    const dearer = aLunchModel({ id: 'cm-2027', effectiveFrom: '2027-01-01', componentsFen: { ...lunch.componentsFen, materials: 880 } });
    const r = priceUnits({ versions: [lunch, dearer], contributions: [], accounts: [], units: ['2025-12-31', '2026-12-31', '2027-01-01'].map((date) => ({ tier: 'member', date })) });
    expect(r.units[0]).toEqual({ refusal: { reason: 'no_cost_model', date: '2025-12-31' } });
    expect(r.units.slice(1).map((u) => u.quote!.costModelVersionId)).toEqual([lunch.id, 'cm-2027']);
  });
});

describe('the year’s funding accounts from the agreements in force', () => {
  it('lists each account once, open or missing, with what a missing one opens with', () => {
    const lunchSubsidy = aTierSubsidy({ id: 'lunch', annualBudgetFen: 30_000 });
    const dinnerSubsidy = aTierSubsidy({ id: 'dinner', annualBudgetFen: 20_000 });
    const grant = aFixedGrant({ annualFen: 9600 });
    const ended = aCharityPool({ effectiveTo: '2026-12-31', annualFen: 5000 });
    const unstated = aCharityPool({ id: 'other-pool', poolCode: 'other' });
    const year = yearAccounts(2027, [lunchSubsidy, dinnerSubsidy, grant, ended, unstated], [account(grant.id, 2027, 9600, 10, 1), account('mca-meal', 2026, 1)]);
    expect(year.map(({ account, mechanism, openingFen, open }) => ({ account, mechanism, openingFen, open }))).toEqual([
      { account: 'mca-meal', mechanism: 'tier_subsidy', openingFen: 20_000, open: null },
      { account: grant.id, mechanism: 'fixed_grant', openingFen: 9600, open: account(grant.id, 2027, 9600, 10, 1) },
      { account: 'other', mechanism: 'charity_pool', openingFen: null, open: null },
    ]);
    expect(year[0].contributions.map((c) => c.id)).toEqual(['lunch', 'dinner']);
  });
});

// ── Properties ─────────────────────────────────────────────────────────────────────────

const RUNS = { numRuns: 1000, seed: 20_261_231 };
const DATES = ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-02-01'] as const;
const YEARS = [2026, 2027] as const;
const PEOPLE = ['p1', 'p2', undefined] as const;

/** A rule as agreed: the balances its generator gave it are the accounts' business now. */
function termsOf(c: Contribution): ContributionTerms {
  switch (c.mechanism) {
    case 'tier_subsidy': {
      const { budgetRemainingFen: _, ...terms } = c;
      return terms;
    }
    case 'charity_pool': {
      const { balanceFen: _, ...terms } = c;
      return terms;
    }
    case 'fixed_grant': {
      const { unitsAmortisedSoFar: _, ...terms } = c;
      return terms;
    }
    default:
      return c;
  }
}

/** What a grant has given after its first `units` units of a year. */
const grantDrawn = (annualFen: number, forecast: number, units: number) => {
  let sum = 0;
  for (let k = 0; k < Math.min(units, forecast); k++) sum += grantShareOfUnit(annualFen, forecast, k);
  return sum;
};

const windowed = fc.constantFrom<Pick<Contribution, 'effectiveFrom' | 'effectiveTo'>>({}, {}, {}, { effectiveTo: '2026-12-31' }, { effectiveFrom: '2027-01-01' });

const request: fc.Arbitrary<PriceUnitsRequest> = fc
  .record({
    versions: fc.oneof(
      costModel.map((v) => [v]),
      fc.tuple(costModel, costModel).map(([a, b]): CostModelVersion[] => [a, { ...b, id: 'cm-2027', effectiveFrom: '2027-01-01' }]),
      costModel.map((v) => [{ ...v, effectiveFrom: '2027-01-01' }]),
    ),
    contributions: fc.tuple(anyContributions, fc.array(windowed, { minLength: 8, maxLength: 8 })).map(([cs, windows]) => cs.map((c, i) => termsOf({ ...c, ...windows[i] }))),
    units: fc.array(fc.record({ tier: fc.constantFrom(...TIERS), date: fc.constantFrom(...DATES), person: fc.constantFrom(...PEOPLE) }), { minLength: 1, maxLength: 8 }),
    used: fc.array(fc.record({ personRef: fc.constantFrom('p1', 'p2'), programmeCode: fc.constantFrom(...PROGRAMMES), date: fc.constantFrom(...DATES), amountFen: fc.integer({ min: 0, max: 800 }) }), { maxLength: 4 }),
    seeds: fc.array(fc.record({ open: fc.boolean(), limit: fc.integer({ min: 0, max: 6000 }), drawnShare: fc.double({ min: 0, max: 1, noNaN: true }), units: fc.integer({ min: 0, max: 40 }) }), { minLength: 24, maxLength: 24 }),
  })
  .map((g) => {
    const accounts: FundingAccount[] = [];
    const codes = [...new Set(g.contributions.flatMap((c) => accountOf(c) ?? []))];
    codes.forEach((code, i) =>
      YEARS.forEach((year, y) => {
        const s = g.seeds[(i * 2 + y) % g.seeds.length];
        if (!s.open) return;
        const grant = g.contributions.find((c) => c.mechanism === 'fixed_grant' && c.id === code);
        // A grant's drawn amount is what its first `units` units were given, so its state is one it could reach.
        if (grant?.mechanism === 'fixed_grant') accounts.push({ account: code, year, limitFen: s.limit, drawnFen: grantDrawn(s.limit, grant.forecastUnitsPerYear, s.units), units: s.units });
        else accounts.push({ account: code, year, limitFen: s.limit, drawnFen: Math.floor(s.limit * s.drawnShare), units: s.units });
      }),
    );
    const units: UnitAsked[] = g.units.map((u) => ({ tier: u.tier, date: u.date, ...(u.person ? { personRef: u.person } : {}) }));
    return { versions: g.versions, contributions: g.contributions, accounts, used: g.used, units };
  });

const keyOf = (a: { account: string; year: number }) => `${a.account}|${a.year}`;

describe('pricing served units: properties', () => {
  it('the drawdowns of the priced units add up to the change in the accounts, to the fen and the unit', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = priceUnits(req);
        const moved = new Map<string, { fen: number; units: number }>();
        r.units.forEach((u, i) => {
          for (const d of u.quote?.drawdowns ?? []) {
            const key = keyOf({ account: d.account, year: Number(req.units[i].date.slice(0, 4)) });
            const m = moved.get(key) ?? { fen: 0, units: 0 };
            moved.set(key, { fen: m.fen + d.amountFen, units: m.units + d.units });
          }
        });
        req.accounts.forEach((before, i) => {
          const after = r.accounts[i];
          const m = moved.get(keyOf(before)) ?? { fen: 0, units: 0 };
          check(after.drawnFen - before.drawnFen === m.fen && after.units - before.units === m.units, 'drawn = Σ drawdowns', { before, after, m });
        });
      }),
      RUNS,
    );
  });

  it('no account is ever drawn past its limit', () => {
    fc.assert(
      fc.property(request, (req) => {
        for (const a of priceUnits(req).accounts) check(a.drawnFen <= a.limitFen, 'drawn ≤ limit', a);
      }),
      RUNS,
    );
  });

  it('a person’s daily and monthly caps hold across the units, earlier uses counted', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = priceUnits(req);
        for (const code of PROGRAMMES) {
          const rules = req.contributions.filter((c) => c.mechanism === 'tier_subsidy' && c.programmeCode === code);
          for (const period of ['day', 'month'] as const) {
            const caps = rules.map((c) => (c.mechanism === 'tier_subsidy' ? c.perPersonCapFen?.[period] : undefined));
            if (!caps.length || caps.some((cap) => cap === undefined)) continue;
            const cap = Math.max(...(caps as number[]));
            const within = (date: string, at: string) => (period === 'day' ? date === at : date.slice(0, 7) === at.slice(0, 7));
            for (const person of ['p1', 'p2']) {
              for (const at of DATES) {
                const sum = (uses: ProgrammeUse[]) => uses.filter((u) => u.personRef === person && u.programmeCode === code && within(u.date, at)).reduce((s, u) => s + u.amountFen, 0);
                const before = sum(req.used as ProgrammeUse[]);
                check(sum(r.used) - before <= Math.max(0, cap - before), `${period} cap`, { person, at, cap, before, after: sum(r.used) });
              }
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('pricing units in one call equals pricing them one at a time, carrying the accounts and uses', () => {
    fc.assert(
      fc.property(request, (req) => {
        const together = priceUnits(req);
        let state = { accounts: req.accounts, used: req.used ?? [] };
        const oneByOne = req.units.map((unit) => {
          const r = priceUnits({ ...req, ...state, units: [unit] });
          state = { accounts: r.accounts, used: r.used };
          return r.units[0];
        });
        expect(oneByOne).toEqual(together.units);
        expect(state.accounts).toEqual(together.accounts);
      }),
      { ...RUNS, numRuns: 300 },
    );
  });

  it('a unit that would draw on an account its year lacks is always refused naming it, never priced', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = priceUnits(req);
        const open = new Set(req.accounts.map(keyOf));
        r.units.forEach((u, i) => {
          const { tier, date } = req.units[i];
          const year = Number(date.slice(0, 4));
          const needed = req.contributions.filter((c) => {
            const code = accountOf(c);
            if (code === null || (c.effectiveFrom && c.effectiveFrom > date) || (c.effectiveTo && c.effectiveTo < date)) return false;
            if (c.mechanism === 'tier_subsidy') return (c.amountsByTierFen[tier] ?? 0) > 0;
            if (c.mechanism === 'charity_pool') return c.tiers.includes(tier);
            return true;
          });
          const lacking = [...new Set(needed.map((c) => accountOf(c)!).filter((code) => !open.has(keyOf({ account: code, year }))))];
          if (u.refusal?.reason === 'no_cost_model') return;
          if (lacking.length) {
            check(u.refusal?.reason === 'no_funding_account', 'refused', { lacking, u: u.refusal });
            if (u.refusal?.reason === 'no_funding_account') check(u.refusal.missing.map((m) => m.account).sort().join() === lacking.sort().join(), 'names every lacking account', u.refusal);
          } else {
            check(u.quote !== undefined, 'priced when nothing lacks', u.refusal);
          }
        });
      }),
      RUNS,
    );
  });
});
