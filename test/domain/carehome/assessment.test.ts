import fc from 'fast-check';
import { ASSESSMENT_ITEMS, ASSESSMENT_PARTS, CareHomeError, gradeForTotal, MAX_TOTAL, scoreAssessment, scoreSoFar, validateAssessment } from '../../../domain/carehome';
import { ASSESSED_GRADES } from '../../../domain/shared/categories';
import { assessment, scoresTotalling } from './factories';

describe('ability assessment (GB/T 42195-2022)', () => {
  it('has 26 items in four parts whose maxima are 32, 15, 28 and 15, 90 in all', () => {
    expect(ASSESSMENT_ITEMS).toHaveLength(26);
    const max = (part: string) => ASSESSMENT_ITEMS.filter((i) => i.part === part).reduce((s, i) => s + i.maxScore, 0);
    expect(ASSESSMENT_PARTS.map(max)).toEqual([32, 15, 28, 15]);
    expect(ASSESSMENT_ITEMS.reduce((s, i) => s + i.maxScore, 0)).toBe(MAX_TOTAL);
  });

  it.each([
    [90, 'intact'],
    [89, 'mild'],
    [66, 'mild'],
    [65, 'moderate'],
    [46, 'moderate'],
    [45, 'severe'],
    [30, 'severe'],
    [29, 'complete'],
    [0, 'complete'],
  ])('a total of %i gives the preliminary grade %s', (total, grade) => {
    const result = scoreAssessment(assessment(total));
    expect(result.total).toBe(total);
    expect(result.preliminaryGrade).toBe(grade);
    expect(result.finalGrade).toBe(grade);
    expect(result.adjustments).toEqual([]);
  });

  it('refuses a total outside 0–90', () => {
    expect(() => gradeForTotal(91)).toThrow(RangeError);
    expect(() => gradeForTotal(-1)).toThrow(RangeError);
  });

  it('sums the part scores per part', () => {
    const result = scoreAssessment(assessment(40));
    expect(result.partScores).toEqual({ self_care: 32, basic_mobility: 8, mental_state: 0, perception_social: 0 });
  });

  it('when the person is comatose, then the final grade is complete whatever the total', () => {
    const result = scoreAssessment(assessment(90, { comatose: true, dementiaOrMentalDisorder: true }));
    expect(result.preliminaryGrade).toBe('intact');
    expect(result.finalGrade).toBe('complete');
    expect(result.adjustments.map((a) => a.code)).toEqual(['coma']);
    expect(result.adjustments[0].zh).toContain('昏迷');
  });

  it('when dementia or a mental disorder is diagnosed, then the grade is one worse', () => {
    const result = scoreAssessment(assessment(66, { dementiaOrMentalDisorder: true }));
    expect([result.preliminaryGrade, result.finalGrade]).toEqual(['mild', 'moderate']);
    expect(result.adjustments.map((a) => a.code)).toEqual(['diagnosis']);
  });

  it('when two risk events happened in 30 days, then the grade is one worse; one event changes nothing', () => {
    expect(scoreAssessment(assessment(90, { riskEventsLast30Days: 2 })).finalGrade).toBe('mild');
    expect(scoreAssessment(assessment(90, { riskEventsLast30Days: 1 })).finalGrade).toBe('intact');
  });

  it('when both the diagnosis and the risk events apply, then the grade is still one worse, with both reasons', () => {
    const result = scoreAssessment(assessment(46, { dementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }));
    expect([result.preliminaryGrade, result.finalGrade]).toEqual(['moderate', 'severe']);
    expect(result.adjustments.map((a) => a.code)).toEqual(['diagnosis', 'risk_events']);
  });

  it('a complete loss of ability cannot be raised further', () => {
    expect(scoreAssessment(assessment(10, { dementiaOrMentalDisorder: true })).finalGrade).toBe('complete');
  });

  it('validation names every missing, out-of-range and unknown item by its path', () => {
    const scores: Record<string, unknown> = { ...scoresTotalling(50), stairs: 4, aggression: 0.5, wings: 1 };
    delete scores.eating;
    try {
      validateAssessment({ scores, comatose: 'no', dementiaOrMentalDisorder: false, riskEventsLast30Days: -1 });
      throw new Error('expected a CareHomeError');
    } catch (e) {
      expect(e).toBeInstanceOf(CareHomeError);
      expect((e as CareHomeError).problems.map((p) => p.field).sort()).toEqual(
        ['comatose', 'riskEventsLast30Days', 'scores.aggression', 'scores.eating', 'scores.stairs', 'scores.wings'].sort(),
      );
    }
  });

  it('validation passes a complete assessment through as stored JSON', () => {
    const input = assessment(77, { riskEventsLast30Days: 2 });
    expect(validateAssessment(JSON.parse(JSON.stringify(input)))).toEqual(input);
  });

  describe('properties', () => {
    const validScores = fc.record(Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, fc.integer({ min: 0, max: i.maxScore })])));
    const input = fc.record({ scores: validScores, comatose: fc.boolean(), dementiaOrMentalDisorder: fc.boolean(), riskEventsLast30Days: fc.nat(5) });

    it('the total is the sum of the parts and of the items, and the final grade is never better than the preliminary one', () => {
      fc.assert(
        fc.property(input, (a) => {
          const r = scoreAssessment(validateAssessment(a));
          const items = Object.values(a.scores).reduce((s, x) => s + x, 0);
          const parts = Object.values(r.partScores).reduce((s, x) => s + x, 0);
          const worse = ASSESSED_GRADES.indexOf(r.finalGrade) - ASSESSED_GRADES.indexOf(r.preliminaryGrade);
          return r.total === items && r.total === parts && worse >= 0 && (worse === 0) === (r.adjustments.length === 0 || r.preliminaryGrade === 'complete');
        }),
      );
    });

    it('a higher total never gives a better grade to a lower one', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (a, b) => (a <= b ? ASSESSED_GRADES.indexOf(gradeForTotal(a)) >= ASSESSED_GRADES.indexOf(gradeForTotal(b)) : true)));
    });
  });
});

describe('an assessment as it is filled (scoreSoFar)', () => {
  const none = { comatose: false, dementiaOrMentalDisorder: false, riskEventsLast30Days: 0 };

  it('with nothing scored, anything from 完全失能 to 能力完好 is still possible', () => {
    expect(scoreSoFar({}, none)).toMatchObject({ total: 0, open: 26, worstGrade: 'complete', bestGrade: 'intact', result: null });
  });

  it('narrows the grades with every item and, once all are scored, agrees with scoreAssessment', () => {
    const full = scoresTotalling(55);
    const partial: Record<string, number | null> = { ...full, social_contact: null };
    const before = scoreSoFar(partial, none);
    expect(before).toMatchObject({ open: 1, result: null });
    expect(before.total + ASSESSMENT_ITEMS.find((i) => i.code === 'social_contact')!.maxScore).toBeGreaterThanOrEqual(55);
    const done = scoreSoFar(full, none);
    expect(done).toMatchObject({ total: 55, open: 0, worstGrade: 'moderate', bestGrade: 'moderate' });
    expect(done.result).toEqual(scoreAssessment(assessment(55)));
  });

  it('counts an out-of-range score as open, and applies the adjustments to both ends', () => {
    const so = scoreSoFar({ ...scoresTotalling(90), stairs: 9 }, { ...none, dementiaOrMentalDisorder: true });
    expect(so.open).toBe(1);
    // 87 scored (轻度) or 90 (完好), each one grade worse for the diagnosis.
    expect([so.worstGrade, so.bestGrade]).toEqual(['moderate', 'mild']);
    expect(scoreSoFar({}, { ...none, comatose: true })).toMatchObject({ worstGrade: 'complete', bestGrade: 'complete', adjustments: [{ code: 'coma' }] });
  });

  it('the grade reached is always between the worst and the best it showed before the last item', () => {
    const order = [...ASSESSED_GRADES];
    fc.assert(
      fc.property(fc.array(fc.nat(4), { minLength: 26, maxLength: 26 }), fc.nat(25), (raw, hidden) => {
        const scores = Object.fromEntries(ASSESSMENT_ITEMS.map((it, i) => [it.code, Math.min(raw[i], it.maxScore)]));
        const so = scoreSoFar({ ...scores, [ASSESSMENT_ITEMS[hidden].code]: null }, none);
        const final = scoreSoFar(scores, none).result!.finalGrade;
        expect(order.indexOf(final)).toBeGreaterThanOrEqual(order.indexOf(so.bestGrade));
        expect(order.indexOf(final)).toBeLessThanOrEqual(order.indexOf(so.worstGrade));
      }),
    );
  });
});
