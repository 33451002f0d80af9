import { CHECK_CODES, type CheckCode, checkByCode, type CheckFacts, type ClaimLine, runChecks, submissionBlockers } from '../../../domain/reconciliation';
import { aLine, DPF } from './factories';

/** The lines a check finds, by line id. */
const found = (code: CheckCode, lines: ClaimLine[], facts: CheckFacts) => checkByCode(code).run(lines, facts).map((f) => f.lineId);

const bedDay = (overrides: Partial<ClaimLine> = {}) =>
  aLine({ service: 'carehome', serviceLine: 'carehome.bed', programmeCode: 'mca-care', tier: 'semi_disabled', amountFen: 3000, ...overrides });

describe('reconciliation checks before a claim leaves', () => {
  it('every named check has a code, a severity and a name in both languages', () => {
    for (const code of CHECK_CODES) {
      const check = checkByCode(code);
      expect(check.code).toBe(code);
      expect(check.name.zh).not.toBe('');
      expect(check.name.en).not.toBe('');
    }
  });

  describe('double_claim', () => {
    const facts: CheckFacts = { programmePurposes: { 'mca-meal': 'meal', 'dpf-meal': 'meal', 'dpf-care': 'care' } };
    it('trips when two departments pay the same purpose for one person on one day, on both lines', () => {
      const lines = [aLine({ id: 'a' }), aLine({ id: 'b', departmentId: DPF, programmeCode: 'dpf-meal' })];
      const findings = checkByCode('double_claim').run(lines, facts);
      expect(findings.map((f) => f.lineId)).toEqual(['a', 'b']);
      expect(findings[0]).toMatchObject({ severity: 'error', reason: { zh: expect.stringContaining('2 个部门') } });
    });
    it('passes for two purposes, or one department twice, or another day', () => {
      expect(found('double_claim', [aLine(), aLine({ departmentId: DPF, programmeCode: 'dpf-care' })], facts)).toEqual([]);
      expect(found('double_claim', [aLine(), aLine()], facts)).toEqual([]);
      expect(found('double_claim', [aLine(), aLine({ departmentId: DPF, programmeCode: 'dpf-meal', date: '2026-11-11' })], facts)).toEqual([]);
    });
  });

  describe('over_capacity', () => {
    const facts: CheckFacts = { capacities: [{ siteId: 'site-a', serviceLine: 'carehome.bed', from: '2026-01-01', places: 2 }] };
    it('trips on every unit of a day with more units than licensed places', () => {
      const lines = ['p1', 'p2', 'p3'].map((p) => bedDay({ id: p, personRef: p }));
      expect(found('over_capacity', lines, facts)).toEqual(['p1', 'p2', 'p3']);
    });
    it('passes at capacity, counting a unit shared by two departments once', () => {
      const lines = [bedDay({ id: 'a', unitId: 'u1' }), bedDay({ id: 'b', unitId: 'u1', departmentId: DPF }), bedDay({ id: 'c', unitId: 'u2' })];
      expect(found('over_capacity', lines, facts)).toEqual([]);
    });
  });

  describe('place_out_of_service', () => {
    const facts: CheckFacts = { placeOfUnit: { u1: 'bed-7' }, placesOutOfService: [{ placeId: 'bed-7', from: '2026-11-05', to: '2026-11-12' }] };
    it('trips on a bed-day in a bed that was out of service', () => {
      expect(found('place_out_of_service', [bedDay({ id: 'x', unitId: 'u1', date: '2026-11-12' })], facts)).toEqual(['x']);
    });
    it('passes the day after the bed is back', () => {
      expect(found('place_out_of_service', [bedDay({ unitId: 'u1', date: '2026-11-13' })], facts)).toEqual([]);
    });
  });

  describe('after_discharge and after_death', () => {
    const facts: CheckFacts = { persons: { p1: { dischargedOn: '2026-11-10' }, p2: { diedOn: '2026-11-10' } } };
    it('trips on a unit dated after the discharge, and after the death', () => {
      expect(found('after_discharge', [bedDay({ id: 'x', date: '2026-11-11' })], facts)).toEqual(['x']);
      expect(found('after_death', [bedDay({ id: 'y', personRef: 'p2', date: '2026-11-11' })], facts)).toEqual(['y']);
    });
    it('passes on the day itself', () => {
      expect(found('after_discharge', [bedDay({ date: '2026-11-10' })], facts)).toEqual([]);
      expect(found('after_death', [bedDay({ personRef: 'p2', date: '2026-11-10' })], facts)).toEqual([]);
    });
  });

  describe('absent_day', () => {
    const facts: CheckFacts = { persons: { p1: { absences: [{ kind: 'hospital', from: '2026-11-03', to: '2026-11-09' }, { kind: 'leave', from: '2026-11-20' }] } } };
    it('warns on a hospital day and on a leave day', () => {
      const findings = checkByCode('absent_day').run([bedDay({ id: 'h', date: '2026-11-09' }), bedDay({ id: 'l', date: '2026-11-25' })], facts);
      expect(findings.map((f) => [f.lineId, f.severity, f.reason.en])).toEqual([
        ['h', 'warning', '2026-11-09 is a hospital day'],
        ['l', 'warning', '2026-11-25 is a leave day'],
      ]);
    });
    it('passes on a day at home', () => {
      expect(found('absent_day', [bedDay({ date: '2026-11-10' })], facts)).toEqual([]);
    });
  });

  describe('over_daily_cap', () => {
    const facts: CheckFacts = { dailyCaps: [{ programmeCode: 'mca-meal', dayFen: 800 }, { programmeCode: 'mca-meal', personRef: 'p2', dayFen: 1000 }] };
    it('trips on the line that carries a day past the cap (¥5 + ¥5 over ¥8)', () => {
      const findings = checkByCode('over_daily_cap').run([aLine({ id: 'lunch' }), aLine({ id: 'supper' })], facts);
      expect(findings.map((f) => f.lineId)).toEqual(['supper']);
      expect(findings[0].reason.zh).toBe('2026-11-10 当日补贴累计 ¥10.00，上限 ¥8.00');
    });
    it("passes under a person's own higher cap, and on two days", () => {
      expect(found('over_daily_cap', [aLine({ personRef: 'p2' }), aLine({ personRef: 'p2' })], facts)).toEqual([]);
      expect(found('over_daily_cap', [aLine(), aLine({ date: '2026-11-11' })], facts)).toEqual([]);
    });
  });

  describe('child_over_band', () => {
    const slot = (overrides: Partial<ClaimLine>) => aLine({ service: 'childcare', serviceLine: 'childcare.full_day', programmeCode: 'edu-care', ...overrides });
    const facts: CheckFacts = { persons: { c1: { birthDate: '2024-11-15', ageBands: [{ from: '2026-09-01', fromMonths: 12, toMonths: 24 }] } } };
    it('warns from the day the child completes the months its band ends at', () => {
      const findings = checkByCode('child_over_band').run([slot({ id: 'x', personRef: 'c1', date: '2026-11-15' })], facts);
      expect(findings).toMatchObject([{ lineId: 'x', severity: 'warning', reason: { en: '24 months old on 2026-11-15, the class band ends at 24' } }]);
    });
    it('passes the day before', () => {
      expect(found('child_over_band', [slot({ personRef: 'c1', date: '2026-11-14' })], facts)).toEqual([]);
    });
  });

  describe('site_closed', () => {
    const facts: CheckFacts = { closures: [{ siteId: 'site-a', from: '2026-11-10', to: '2026-11-10' }] };
    it('trips on a unit on a day the site was closed', () => {
      expect(found('site_closed', [aLine({ id: 'x' })], facts)).toEqual(['x']);
    });
    it('passes at another site that day', () => {
      expect(found('site_closed', [aLine({ siteId: 'site-b' })], facts)).toEqual([]);
    });
  });

  describe('tier_unsupported', () => {
    // Born 1940: 86 on the meal's day, so age80 without any category.
    const dibaoUntil = (validUntil: string): CheckFacts => ({
      persons: { p1: { canteenProfile: { birthDate: '1940-05-01', categories: [{ category: 'dibao', validFrom: '2026-01-01', validUntil }] } } },
    });
    it('warns on a meal priced as 低保 when the evidence recorded since ended before that day', () => {
      const findings = checkByCode('tier_unsupported').run([aLine({ id: 'x', tier: 'dibao' })], dibaoUntil('2026-11-05'));
      expect(findings).toEqual([expect.objectContaining({ lineId: 'x', severity: 'warning', reason: expect.objectContaining({ en: expect.stringContaining('supports age80') }) })]);
    });
    it('passes while the evidence still covers the day, or for another service', () => {
      expect(found('tier_unsupported', [aLine({ tier: 'dibao' })], dibaoUntil('2026-12-31'))).toEqual([]);
      expect(found('tier_unsupported', [aLine({ tier: 'dibao', service: 'childcare' })], dibaoUntil('2026-11-05'))).toEqual([]);
    });
  });

  describe('assessment_lapsed', () => {
    const facts: CheckFacts = { persons: { p1: { assessments: [{ level: 'semi_disabled', from: '2025-11-01', to: '2026-10-31' }] } } };
    it('trips on a care-home unit after the assessment lapsed, saying when', () => {
      const findings = checkByCode('assessment_lapsed').run([bedDay({ id: 'x' })], facts);
      expect(findings).toMatchObject([{ lineId: 'x', severity: 'error', reason: { zh: '护理等级评估已于 2026-10-31 过期' } }]);
      expect(found('assessment_lapsed', [bedDay({ id: 'y', personRef: 'p9' })], facts)).toEqual(['y']);
    });
    it('passes while the assessment is in force, and for a meal', () => {
      expect(found('assessment_lapsed', [bedDay({ date: '2026-10-31' })], facts)).toEqual([]);
      expect(found('assessment_lapsed', [aLine()], facts)).toEqual([]);
    });
  });

  describe('submission', () => {
    it('an error blocks a claim; a warning blocks it until a reason is given', () => {
      const facts: CheckFacts = {
        closures: [{ siteId: 'site-a', from: '2026-11-10', to: '2026-11-10' }],
        persons: { p2: { absences: [{ kind: 'leave', from: '2026-11-01', to: '2026-11-30' }] } },
      };
      const findings = runChecks([aLine({ id: 'closed' }), aLine({ id: 'leave', personRef: 'p2', date: '2026-11-11' })], facts);
      expect(findings.map((f) => [f.check, f.lineId])).toEqual([
        ['absent_day', 'leave'],
        ['site_closed', 'closed'],
      ]);
      const blocked = submissionBlockers(findings, [{ lineId: 'leave', check: 'absent_day', reason: ' ' }]);
      expect(blocked.errors.map((f) => f.lineId)).toEqual(['closed']);
      expect(blocked.unexplained.map((f) => f.lineId)).toEqual(['leave']);
      const warningOnly = findings.filter((f) => f.severity === 'warning');
      expect(submissionBlockers(warningOnly, [{ lineId: 'leave', check: 'absent_day', reason: '保留床位，按协议计费' }])).toEqual({ errors: [], unexplained: [] });
    });
  });
});
