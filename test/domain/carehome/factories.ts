import { ASSESSMENT_ITEMS, type AssessmentInput } from '../../../domain/carehome';

/** Item scores adding up to `total`: items are filled to their maximum in the standard's order. */
export function scoresTotalling(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    ASSESSMENT_ITEMS.map((it) => {
      const score = Math.min(it.maxScore, left);
      left -= score;
      return [it.code, score];
    }),
  );
}

export function assessment(total: number, over: Partial<AssessmentInput> = {}): AssessmentInput {
  return { scores: scoresTotalling(total), comatose: false, dementiaOrMentalDisorder: false, riskEventsLast30Days: 0, ...over };
}
