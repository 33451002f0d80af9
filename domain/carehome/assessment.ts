/**
 * 老年人能力评估 per GB/T 42195-2022 (老年人能力评估规范): 26 items in four parts, a total out
 * of 90, a preliminary grade from the total and a final grade after the standard's adjustments.
 *
 * Sources checked (2026-12-05, through the project's search tool; the standard's own PDF was not
 * in the stored corpus):
 * - Items, their parts and allowed scores: a transcription of the standard's Appendix B
 *   (B.1 自理能力 B.1.1–B.1.8, B.2 基础运动能力 B.2.1–B.2.4, B.3 精神状态 B.3.1–B.3.9,
 *   B.4 感知觉与社会参与 B.4.1–B.4.5) found in a public repository's source comments. The part
 *   maxima it gives (32 + 15 + 28 + 15) add up to the 90 of issue 13, which supports it.
 * - Adjustments: the C4 "能力等级变更依据" of a 2022-form page in a public repository:
 *   昏迷 → 直接评定为能力完全丧失（完全失能）; 确诊为痴呆(F00～F03)、精神科专科医生诊断的
 *   其他精神和行为障碍疾病(F04～F99) → 在原有能力级别上提高一个级别; 近30天内发生过2次及以上
 *   照护风险事件（如跌倒、噎食、自杀、自伤、走失等）→ 在原有能力级别上提高一个等级.
 * - Score bands (能力完好 90; 轻度 66–89; 中度 46–65; 重度 30–45; 完全 0–29): as issue 13 states
 *   them, and the same in a second, independent public implementation of the 2022 form (an
 *   admission-assessment seed whose 26 items and maxima are these, with the same three
 *   adjustments). Still not read in the standard's own text, which no stored page printed.
 * Whether the diagnosis and the risk events together raise by two is not said in what was
 * found; both raise "在原有能力级别上" (from the original level), so we read them as one raise.
 * The transcription's note under B.3.9 still says 昏迷 → 重度失能 (the wording of the older
 * MZ/T 039-2013, which had no 完全失能); we follow the 2022 C4 wording.
 */
import { ASSESSED_GRADE_NAMES, ASSESSED_GRADES, type AssessedGrade } from '../shared/categories';
import { CareHomeError, type Problem } from './errors';

export const ASSESSMENT_PARTS = ['self_care', 'basic_mobility', 'mental_state', 'perception_social'] as const;
export type AssessmentPart = (typeof ASSESSMENT_PARTS)[number];

export const ASSESSMENT_PART_NAMES: Record<AssessmentPart, { zh: string; en: string }> = {
  self_care: { zh: '自理能力', en: 'Self-care' },
  basic_mobility: { zh: '基础运动能力', en: 'Basic mobility' },
  mental_state: { zh: '精神状态', en: 'Mental state' },
  perception_social: { zh: '感知觉与社会参与', en: 'Perception and social participation' },
};

export interface AssessmentItem {
  code: string;
  part: AssessmentPart;
  /** The item's number in the standard's Appendix B. */
  ref: string;
  zh: string;
  en: string;
  /** Every whole score from 0 to this is allowed; higher is more able. */
  maxScore: number;
}

const item = (code: string, part: AssessmentPart, ref: string, zh: string, en: string, maxScore: number): AssessmentItem => ({ code, part, ref, zh, en, maxScore });

export const ASSESSMENT_ITEMS: readonly AssessmentItem[] = [
  item('eating', 'self_care', 'B.1.1', '进食', 'Eating', 4),
  item('grooming', 'self_care', 'B.1.2', '修饰', 'Grooming', 4),
  item('bathing', 'self_care', 'B.1.3', '洗澡', 'Bathing', 4),
  item('upper_dressing', 'self_care', 'B.1.4', '穿/脱上衣', 'Dressing the upper body', 4),
  item('lower_dressing', 'self_care', 'B.1.5', '穿/脱裤子和鞋袜', 'Trousers, shoes and socks', 4),
  item('bladder', 'self_care', 'B.1.6', '小便控制', 'Bladder control', 4),
  item('bowel', 'self_care', 'B.1.7', '大便控制', 'Bowel control', 4),
  item('toileting', 'self_care', 'B.1.8', '如厕', 'Toileting', 4),
  item('bed_mobility', 'basic_mobility', 'B.2.1', '床上体位转移', 'Turning and sitting up in bed', 4),
  item('bed_chair_transfer', 'basic_mobility', 'B.2.2', '床椅转移', 'Bed–chair transfer', 4),
  item('walking', 'basic_mobility', 'B.2.3', '平地行走', 'Walking on level ground', 4),
  item('stairs', 'basic_mobility', 'B.2.4', '上下楼梯', 'Stairs', 3),
  item('time_orientation', 'mental_state', 'B.3.1', '时间定向', 'Orientation in time', 4),
  item('place_orientation', 'mental_state', 'B.3.2', '空间定向', 'Orientation in place', 4),
  item('person_orientation', 'mental_state', 'B.3.3', '人物定向', 'Orientation to people', 4),
  item('memory', 'mental_state', 'B.3.4', '记忆', 'Memory', 4),
  item('comprehension', 'mental_state', 'B.3.5', '理解能力', 'Understanding others', 4),
  item('expression', 'mental_state', 'B.3.6', '表达能力', 'Expressing oneself', 4),
  item('aggression', 'mental_state', 'B.3.7', '攻击行为', 'Aggressive behaviour (1 = none)', 1),
  item('depression', 'mental_state', 'B.3.8', '抑郁症状', 'Depressive symptoms (1 = none)', 1),
  item('consciousness', 'mental_state', 'B.3.9', '意识水平', 'Level of consciousness', 2),
  item('vision', 'perception_social', 'B.4.1', '视力', 'Vision', 2),
  item('hearing', 'perception_social', 'B.4.2', '听力', 'Hearing', 2),
  item('daily_affairs', 'perception_social', 'B.4.3', '执行日常事务', 'Managing daily affairs', 4),
  item('transport', 'perception_social', 'B.4.4', '使用交通工具外出', 'Going out by transport', 3),
  item('social_contact', 'perception_social', 'B.4.5', '社会交往能力', 'Social contact', 4),
];

export const MAX_TOTAL = 90;

/** Lowest total of each grade, best first; 完全失能 is everything below 重度's 30. */
const BANDS: readonly { grade: AssessedGrade; from: number }[] = [
  { grade: 'intact', from: 90 },
  { grade: 'mild', from: 66 },
  { grade: 'moderate', from: 46 },
  { grade: 'severe', from: 30 },
  { grade: 'complete', from: 0 },
];

/** What the assessor records: a score per item and the facts behind the adjustments. */
export interface AssessmentInput {
  scores: Record<string, number>;
  /** 处于昏迷状态. */
  comatose: boolean;
  /** 确诊为痴呆 (F00–F03) or another mental or behavioural disorder diagnosed by a psychiatrist (F04–F99). */
  dementiaOrMentalDisorder: boolean;
  /** 照护风险事件 (falls, choking, suicide or self-harm, getting lost) in the last 30 days. */
  riskEventsLast30Days: number;
}

export type AdjustmentCode = 'coma' | 'diagnosis' | 'risk_events';

export interface Adjustment {
  code: AdjustmentCode;
  zh: string;
  en: string;
}

const ADJUSTMENTS: Record<AdjustmentCode, Adjustment> = {
  coma: { code: 'coma', zh: '处于昏迷状态，直接评定为完全失能', en: 'Comatose: graded complete loss of ability directly' },
  diagnosis: { code: 'diagnosis', zh: '确诊痴呆或精神和行为障碍疾病，在原有等级上提高一级', en: 'Diagnosed dementia or mental disorder: one grade worse' },
  risk_events: { code: 'risk_events', zh: '近30天内2次及以上照护风险事件，在原有等级上提高一级', en: 'Two or more care risk events in 30 days: one grade worse' },
};

export const RISK_EVENTS_THAT_RAISE = 2;

export interface AssessmentResult {
  partScores: Record<AssessmentPart, number>;
  total: number;
  preliminaryGrade: AssessedGrade;
  adjustments: Adjustment[];
  finalGrade: AssessedGrade;
}

export function gradeForTotal(total: number): AssessedGrade {
  if (!Number.isInteger(total) || total < 0 || total > MAX_TOTAL) throw new RangeError(`a total is a whole number from 0 to ${MAX_TOTAL}, got ${total}`);
  return BANDS.find((b) => total >= b.from)!.grade;
}

/** One grade worse; 完全失能 stays. */
export function raiseGrade(grade: AssessedGrade): AssessedGrade {
  return ASSESSED_GRADES[Math.min(ASSESSED_GRADES.indexOf(grade) + 1, ASSESSED_GRADES.length - 1)];
}

export function gradeName(grade: AssessedGrade): { zh: string; en: string } {
  return ASSESSED_GRADE_NAMES[grade];
}

/** Stored or submitted JSON as an assessment, or a CareHomeError naming every problem by its path. */
export function validateAssessment(value: unknown): AssessmentInput {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CareHomeError([{ field: '', message: 'must be an object' }]);
  const v = value as Record<string, unknown>;
  const scores = v.scores;
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) fail('scores', 'must be an object of item scores');
  else {
    const s = scores as Record<string, unknown>;
    for (const it of ASSESSMENT_ITEMS) {
      const score = s[it.code];
      if (score === undefined) fail(`scores.${it.code}`, `is missing (${it.zh})`);
      else if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > it.maxScore) fail(`scores.${it.code}`, `must be a whole number from 0 to ${it.maxScore} (${it.zh})`);
    }
    for (const key of Object.keys(s)) if (!ASSESSMENT_ITEMS.some((it) => it.code === key)) fail(`scores.${key}`, 'is not an item of GB/T 42195-2022');
  }
  for (const flag of ['comatose', 'dementiaOrMentalDisorder'] as const) if (typeof v[flag] !== 'boolean') fail(flag, 'must be true or false');
  const events = v.riskEventsLast30Days;
  if (typeof events !== 'number' || !Number.isInteger(events) || events < 0) fail('riskEventsLast30Days', 'must be a whole number, 0 or more');
  if (problems.length > 0) throw new CareHomeError(problems);
  return {
    scores: Object.fromEntries(ASSESSMENT_ITEMS.map((it) => [it.code, (scores as Record<string, number>)[it.code]])),
    comatose: v.comatose as boolean,
    dementiaOrMentalDisorder: v.dementiaOrMentalDisorder as boolean,
    riskEventsLast30Days: events as number,
  };
}

type AdjustmentFacts = Omit<AssessmentInput, 'scores'>;

/** The standard's adjustments to a grade from the total: coma straight to 完全失能, otherwise one raise at most. */
function adjust(preliminaryGrade: AssessedGrade, facts: AdjustmentFacts): { adjustments: Adjustment[]; finalGrade: AssessedGrade } {
  if (facts.comatose) return { adjustments: [ADJUSTMENTS.coma], finalGrade: 'complete' };
  const adjustments: Adjustment[] = [];
  if (facts.dementiaOrMentalDisorder) adjustments.push(ADJUSTMENTS.diagnosis);
  if (facts.riskEventsLast30Days >= RISK_EVENTS_THAT_RAISE) adjustments.push(ADJUSTMENTS.risk_events);
  // Both raises count from the original grade, so together they are still one grade.
  return { adjustments, finalGrade: adjustments.length > 0 ? raiseGrade(preliminaryGrade) : preliminaryGrade };
}

/** Scores a valid assessment (see validateAssessment). */
export function scoreAssessment(input: AssessmentInput): AssessmentResult {
  const partScores = Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, 0])) as Record<AssessmentPart, number>;
  for (const it of ASSESSMENT_ITEMS) partScores[it.part] += input.scores[it.code];
  const total = ASSESSMENT_PARTS.reduce((sum, p) => sum + partScores[p], 0);
  const preliminaryGrade = gradeForTotal(total);
  return { partScores, total, preliminaryGrade, ...adjust(preliminaryGrade, input) };
}

export interface AssessmentSoFar {
  /** Sums of the items scored so far. */
  partScores: Record<AssessmentPart, number>;
  total: number;
  /** Items not yet scored. */
  open: number;
  /** The final grade if every open item scores 0, and if every one scores its maximum: the same once all are scored. */
  worstGrade: AssessedGrade;
  bestGrade: AssessedGrade;
  adjustments: Adjustment[];
  /** The whole result once every item is scored. */
  result: AssessmentResult | null;
}

/**
 * An assessment as it is being filled: the part sums and total of the items scored, and the
 * grades the open items still leave possible, with the adjustments applied to both, so a form
 * can show where the person stands after every answer. A score that is not an allowed whole
 * number counts as open.
 */
export function scoreSoFar(scores: Readonly<Record<string, number | null | undefined>>, facts: AdjustmentFacts): AssessmentSoFar {
  const partScores = Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, 0])) as Record<AssessmentPart, number>;
  let open = 0;
  let openMax = 0;
  for (const it of ASSESSMENT_ITEMS) {
    const score = scores[it.code];
    if (typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= it.maxScore) partScores[it.part] += score;
    else {
      open++;
      openMax += it.maxScore;
    }
  }
  const total = ASSESSMENT_PARTS.reduce((sum, p) => sum + partScores[p], 0);
  const worst = adjust(gradeForTotal(total), facts);
  const best = adjust(gradeForTotal(total + openMax), facts);
  const result = open === 0 ? scoreAssessment({ scores: scores as Record<string, number>, ...facts }) : null;
  return { partScores, total, open, worstGrade: worst.finalGrade, bestGrade: best.finalGrade, adjustments: worst.adjustments, result };
}

/**
 * Item scores adding up to `total`, the points taken from the first items (self-care first): a
 * profile for demo data and tests of a given grade, not an assessment anyone made.
 */
export function itemScoresTotalling(total: number): Record<string, number> {
  if (!Number.isInteger(total) || total < 0 || total > MAX_TOTAL) throw new RangeError(`a total is a whole number from 0 to ${MAX_TOTAL}, got ${total}`);
  let over = MAX_TOTAL - total;
  return Object.fromEntries(
    ASSESSMENT_ITEMS.map((it) => {
      const off = Math.min(over, it.maxScore);
      over -= off;
      return [it.code, it.maxScore - off];
    }),
  );
}
