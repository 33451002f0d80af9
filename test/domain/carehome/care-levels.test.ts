import fc from 'fast-check';
import {
  careLevelChanged,
  careLevelFor,
  CareHomeError,
  DEFAULT_CARE_HOME_SETTINGS,
  eligibilityFor,
  reassessmentDueOn,
  standingAssessment,
  validateCareHomeSettings,
  validOn,
} from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';
import { ASSESSED_GRADES } from '../../../domain/shared/categories';

describe('care levels and eligibility', () => {
  it('maps the five grades onto 自理/介助/介护/特护 by default', () => {
    expect(ASSESSED_GRADES.map((g) => careLevelFor(g).zh)).toEqual(['自理', '介助', '介护', '介护', '特护']);
  });

  it('the consumption voucher goes to 中度失能 and worse; the 失能 category to every grade but 能力完好', () => {
    expect(ASSESSED_GRADES.map((g) => eligibilityFor(g).consumptionVoucher)).toEqual([false, false, true, true, true]);
    expect(eligibilityFor('intact').disabledCareGrade).toBeNull();
    expect(eligibilityFor('severe').disabledCareGrade).toBe('severe');
  });

  it('a site may number its levels 1–4 instead, as long as each grade has exactly one', () => {
    const levels = [1, 2, 3, 4].map((n, i) => ({ code: `level_${n}`, zh: `${n}级护理`, en: `Level ${n}`, grades: [[ 'intact'], ['mild'], ['moderate'], ['severe', 'complete']][i] as never, serviceLine: 'carehome.bed.disabled' }));
    const settings = validateCareHomeSettings({ ...DEFAULT_CARE_HOME_SETTINGS, careLevels: levels });
    expect(careLevelFor('complete', settings).zh).toBe('4级护理');
  });

  it('refuses settings where a grade has no level or two, naming the problems', () => {
    const broken = { ...DEFAULT_CARE_HOME_SETTINGS, careLevels: DEFAULT_CARE_HOME_SETTINGS.careLevels.map((l) => (l.code === 'special' ? { ...l, grades: ['severe' as const] } : l)), reassessEveryMonths: 0 };
    expect(() => validateCareHomeSettings(broken)).toThrow(CareHomeError);
    try {
      validateCareHomeSettings(broken);
    } catch (e) {
      expect((e as CareHomeError).problems.map((p) => p.message)).toEqual([
        'severe must belong to exactly one care level, found 2',
        'complete must belong to exactly one care level, found 0',
        'must be a whole number of months from 1 to 24',
      ]);
    }
  });

  it('a change of grade within 介护 does not change the care level; across levels it does', () => {
    expect(careLevelChanged('moderate', 'severe')).toBe(false);
    expect(careLevelChanged('severe', 'complete')).toBe(true);
  });
});

describe('reassessment and validity', () => {
  const record = { assessedOn: '2026-08-31', finalGrade: 'moderate' as const };
  const sixMonths = { ...DEFAULT_CARE_HOME_SETTINGS, reassessEveryMonths: 6 };

  it('is due the same day N months on, clamped to the month end', () => {
    expect(reassessmentDueOn('2026-08-31', sixMonths)).toBe('2027-02-28');
    expect(reassessmentDueOn('2026-03-15')).toBe('2027-03-15');
  });

  it('an assessment is valid from its day up to the day before it is due', () => {
    expect(validOn(record, '2026-08-30', [], sixMonths)).toBe(false);
    expect(validOn(record, '2026-08-31', [], sixMonths)).toBe(true);
    expect(validOn(record, '2027-02-27', [], sixMonths)).toBe(true);
    expect(validOn(record, '2027-02-28', [], sixMonths)).toBe(false);
  });

  it('a change in condition reported after the assessment ends its validity from that day', () => {
    expect(validOn(record, '2026-10-09', ['2026-10-10'])).toBe(true);
    expect(validOn(record, '2026-10-10', ['2026-10-10'])).toBe(false);
    expect(validOn(record, '2026-10-10', ['2026-08-31'])).toBe(true);
  });

  it('the standing assessment is the latest valid one; without one it says why, and so no admission', () => {
    const later = { assessedOn: '2026-12-01', finalGrade: 'severe' as const };
    expect(standingAssessment([later, record], '2027-01-05')).toEqual({ assessment: later, dueOn: '2027-12-01' });
    expect(standingAssessment([], '2027-01-05')).toEqual({ assessment: null, reason: 'none' });
    expect(standingAssessment([record], '2027-09-01')).toEqual({ assessment: null, reason: 'schedule' });
    expect(standingAssessment([record], '2026-11-01', ['2026-10-10'])).toEqual({ assessment: null, reason: 'change' });
  });

  it('property: valid on its own day and the day before it is due, never on the due day, and due after at least 28 days a month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 24 }), (start, months) => {
        const assessedOn = addDays('2024-01-01', start);
        const settings = { ...DEFAULT_CARE_HOME_SETTINGS, reassessEveryMonths: months };
        const due = reassessmentDueOn(assessedOn, settings);
        const on = (d: string) => validOn({ assessedOn, finalGrade: 'mild' }, d, [], settings);
        return on(assessedOn) && on(addDays(due, -1)) && !on(due) && !on(addDays(assessedOn, -1)) && due >= addDays(assessedOn, 28 * months);
      }),
    );
  });
});
