import fc from 'fast-check';
import {
  bedDaysOf,
  bedTierOf,
  CareHomeError,
  monthlyPriceOf,
  DEFAULT_CARE_HOME_SETTINGS,
  DEFAULT_LEAVE_RULES,
  type LeaveRules,
  type LeaveSpell,
  settingsOn,
  validateCareHomeSettings,
} from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';

const spell = (from: string, days: number): LeaveSpell => ({ from, to: addDays(from, days - 1) });
const whole = { from: '2026-01-01', to: null };
/** A site's own tiers: meals refunded from 3 days, care reduced from 10, review over 30. */
const SITE: LeaveRules = { mealRefundFromDays: 3, reducedCareFromDays: 10, reviewOverDays: 30 };
const problemsOf = (settings: object) => {
  try {
    validateCareHomeSettings({ ...DEFAULT_CARE_HOME_SETTINGS, ...settings });
    return [];
  } catch (e) {
    return (e as CareHomeError).problems.map((p) => p.field);
  }
};

describe('a site’s care-home settings', () => {
  it('default to common practice: under 7 days billed in full, 7–14 meals refunded, 15+ reduced care at half, over 60 days reviewed', () => {
    expect(DEFAULT_CARE_HOME_SETTINGS.leave).toEqual({ mealRefundFromDays: 7, reducedCareFromDays: 15, reviewOverDays: 60 });
    expect(DEFAULT_CARE_HOME_SETTINGS.reducedCareShare).toBe(0.5);
    expect(validateCareHomeSettings(DEFAULT_CARE_HOME_SETTINGS)).toBe(DEFAULT_CARE_HOME_SETTINGS);
  });

  it('names every field a site cannot work from: a line that is no care-home bed line, the leave tiers, the reduced share, too many levels', () => {
    const onLine = (serviceLine: string) => problemsOf({ careLevels: DEFAULT_CARE_HOME_SETTINGS.careLevels.map((l, i) => (i === 1 ? { ...l, serviceLine } : l)) });
    expect(['canteen.lunch', 'carehome.bed', 'carehome.bed.luxury', ''].map(onLine)).toEqual(Array(4).fill(['careLevels[1].serviceLine']));
    expect(onLine('carehome.bed.special_care')).toEqual([]);
    expect(problemsOf({ leave: { mealRefundFromDays: 0, reducedCareFromDays: 15, reviewOverDays: 400 } })).toEqual(['leave.mealRefundFromDays', 'leave.reviewOverDays']);
    expect(problemsOf({ leave: { mealRefundFromDays: 10, reducedCareFromDays: 9, reviewOverDays: 60 } })).toEqual(['leave.reducedCareFromDays']);
    expect(problemsOf({ reducedCareShare: -0.1 })).toEqual(['reducedCareShare']);
    expect(problemsOf({ reducedCareShare: 1 })).toEqual([]);
    const nine = Array.from({ length: 9 }, (_, i) => ({ ...DEFAULT_CARE_HOME_SETTINGS.careLevels[0], code: `level_${i}`, grades: [] }));
    expect(problemsOf({ careLevels: nine })).toContain('careLevels');
  });

  it('the version in force on a date stands; a version without settings keeps the one before’s; before any, the defaults', () => {
    const strict = { ...DEFAULT_CARE_HOME_SETTINGS, leave: SITE };
    const versions = [
      { effectiveFrom: '2000-01-01', settings: null },
      { effectiveFrom: '2026-12-07', settings: strict },
      { effectiveFrom: '2027-01-01', settings: null },
      { effectiveFrom: '2027-03-01', settings: DEFAULT_CARE_HOME_SETTINGS },
    ];
    expect(['2026-12-06', '2026-12-07', '2027-02-28', '2027-03-01'].map((d) => settingsOn(versions, d) === strict)).toEqual([false, true, true, false]);
    expect(settingsOn([], '2026-12-07')).toBe(DEFAULT_CARE_HOME_SETTINGS);
  });

  it('each default level is priced on a line of its own; its subsidy tier is that of its heaviest grade; a month is quoted as 30 bed-days', () => {
    expect(DEFAULT_CARE_HOME_SETTINGS.careLevels.map((l) => l.serviceLine)).toEqual(['carehome.bed.self_care', 'carehome.bed.semi_disabled', 'carehome.bed.disabled', 'carehome.bed.special_care']);
    expect(DEFAULT_CARE_HOME_SETTINGS.careLevels.map(bedTierOf)).toEqual(['self_care', 'semi_disabled', 'disabled', 'disabled']);
    expect(monthlyPriceOf(11_620)).toBe(348_600);
    expect(bedTierOf({ ...DEFAULT_CARE_HOME_SETTINGS.careLevels[0], grades: ['intact', 'mild'] })).toBe('semi_disabled');
  });
});

describe('leave tiers at every boundary, by the default rules and by a site’s own', () => {
  it.each([
    [DEFAULT_LEAVE_RULES, 6, 'full', false],
    [DEFAULT_LEAVE_RULES, 7, 'meals_refunded', false],
    [DEFAULT_LEAVE_RULES, 14, 'meals_refunded', false],
    [DEFAULT_LEAVE_RULES, 15, 'reduced_care', false],
    [DEFAULT_LEAVE_RULES, 60, 'reduced_care', false],
    [DEFAULT_LEAVE_RULES, 61, 'reduced_care', true],
    [SITE, 2, 'full', false],
    [SITE, 3, 'meals_refunded', false],
    [SITE, 9, 'meals_refunded', false],
    [SITE, 10, 'reduced_care', false],
    [SITE, 30, 'reduced_care', false],
    [SITE, 31, 'reduced_care', true],
  ])('by %o, an absence of %i days is %s (flagged for review: %s)', (rules, length, tier, flagged) => {
    // An absence from 1 November counts whole, also the part of it in December.
    const { days, reviewFlags } = bedDaysOf('2026-11', whole, [spell('2026-11-01', length)], () => rules);
    const leave = days.filter((d) => d.kind === 'leave');
    expect(leave).toHaveLength(Math.min(length, 30));
    expect(leave.every((d) => d.kind === 'leave' && d.tier === tier && d.absenceDays === length)).toBe(true);
    expect(reviewFlags.length > 0).toBe(flagged);
  });

  it('a day’s tier follows the rules in force that day: a new version mid-absence tiers the days from it by its own', () => {
    const rulesOn = (date: string) => (date >= '2026-11-10' ? SITE : DEFAULT_LEAVE_RULES);
    const long = bedDaysOf('2026-11', whole, [spell('2026-11-05', 12)], rulesOn).days.filter((d) => d.kind === 'leave');
    expect(long.map((d) => (d.kind === 'leave' ? d.tier : null))).toEqual([...Array(5).fill('meals_refunded'), ...Array(7).fill('reduced_care')]);
  });

  it('property: under any workable rules, a longer absence is never billed in a lighter tier', () => {
    const order = { full: 0, meals_refunded: 1, reduced_care: 2 } as const;
    const rules = fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 120 })).map(([meal, extra, review]) => ({ mealRefundFromDays: meal, reducedCareFromDays: meal + extra, reviewOverDays: review }));
    fc.assert(
      fc.property(rules, fc.integer({ min: 1, max: 29 }), (r, length) => {
        const tierAt = (n: number) => {
          const d = bedDaysOf('2026-11', whole, [spell('2026-11-01', n)], () => r).days[0];
          return d.kind === 'leave' ? order[d.tier] : -1;
        };
        expect(tierAt(length + 1)).toBeGreaterThanOrEqual(tierAt(length));
        expect(problemsOf({ leave: r })).toEqual([]);
      }),
    );
  });
});
