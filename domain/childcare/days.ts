import type { Problem } from '../shared/problems';
import type { Words } from '../waitlist';

/*
 * A child's day at the centre: the morning health check (晨检), in and out, or an absence.
 * Each enrolled child has at most one such day per date; the centre opens on working days
 * (调休 days included, statutory holidays and weekends not).
 */

/** What the 晨检 may find. `normal` stands alone; anything else is a finding staff act on. */
export const FINDINGS = ['normal', 'fever', 'cough', 'runny_nose', 'rash', 'diarrhoea', 'eyes', 'injury', 'other'] as const;
export type Finding = (typeof FINDINGS)[number];

export const FINDING_NAMES: Record<Finding, Words> = {
  normal: { zh: '正常', en: 'normal' },
  fever: { zh: '发热', en: 'fever' },
  cough: { zh: '咳嗽', en: 'cough' },
  runny_nose: { zh: '流涕', en: 'runny nose' },
  rash: { zh: '皮疹', en: 'rash' },
  diarrhoea: { zh: '腹泻', en: 'diarrhoea' },
  eyes: { zh: '眼部异常', en: 'eye problem' },
  injury: { zh: '外伤', en: 'injury' },
  other: { zh: '其他', en: 'other' },
};

/** Why a child is away: what the fee rules read (a sick month may be free; meals refunded per day). */
export const ABSENCE_REASONS = ['sick', 'leave', 'holiday'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export const ABSENCE_REASON_NAMES: Record<AbsenceReason, Words> = {
  sick: { zh: '病假', en: 'sick' },
  leave: { zh: '事假', en: 'leave' },
  holiday: { zh: '休假', en: 'holiday' },
};

/** Temperatures in tenths of a degree (365 is 36.5 °C), so no decimal is ever stored. */
export const TEMPERATURE_TENTHS = { min: 340, max: 430 } as const;
/** 37.3 °C and above is a fever at the morning check (托育机构保育指导大纲's 晨午检). */
export const FEVER_FROM_TENTHS = 373;

export interface HealthCheck {
  /** Null when it could not be taken (the child refused the thermometer); findings then say what was seen. */
  temperatureTenths: number | null;
  findings: readonly Finding[];
  /** Whether the child stays for the day; a child sent home is not checked in. */
  admitted: boolean;
}

/** What keeps a 晨检 from being recorded as given, each by its field. */
export function healthCheckProblems(c: HealthCheck): Problem[] {
  const problems: Problem[] = [];
  const t = c.temperatureTenths;
  if (t !== null && (!Number.isSafeInteger(t) || t < TEMPERATURE_TENTHS.min || t > TEMPERATURE_TENTHS.max)) {
    problems.push({ field: 'temperatureTenths', message: `must be a whole number of tenths from ${TEMPERATURE_TENTHS.min} to ${TEMPERATURE_TENTHS.max} (34.0–43.0 °C)` });
  }
  if (c.findings.length === 0) problems.push({ field: 'findings', message: 'must name at least one finding (normal when nothing was found)' });
  if (new Set(c.findings).size !== c.findings.length) problems.push({ field: 'findings', message: 'must not repeat a finding' });
  if (c.findings.includes('normal') && c.findings.length > 1) problems.push({ field: 'findings', message: 'normal cannot go with another finding' });
  const feverish = t !== null && t >= FEVER_FROM_TENTHS;
  if (feverish && !c.findings.includes('fever')) problems.push({ field: 'findings', message: `must include fever at ${t / 10} °C (a fever is ${FEVER_FROM_TENTHS / 10} °C or more)` });
  if ((feverish || c.findings.includes('fever')) && c.admitted) problems.push({ field: 'admitted', message: 'a child with a fever goes home and is not admitted' });
  return problems;
}

/** What the day's record says of one child. */
export interface ChildDay {
  admitted: boolean | null;
  checkInAt: string | null;
  checkOutAt: string | null;
  absence: AbsenceReason | null;
}

/**
 * Where a child stands on its day: `expected` until it arrives; `absent` when marked away;
 * `sent_home` when the 晨检 did not admit it; `present` between in and out; `left` after out.
 */
export const DAY_STATES = ['expected', 'absent', 'sent_home', 'present', 'left'] as const;
export type DayState = (typeof DAY_STATES)[number];

export function dayState(d: ChildDay): DayState {
  if (d.checkOutAt !== null) return 'left';
  if (d.checkInAt !== null) return 'present';
  if (d.absence !== null) return 'absent';
  if (d.admitted === false) return 'sent_home';
  return 'expected';
}

/**
 * The children a class's carers answer for at this moment: those present, and on a day the
 * centre opens those expected who have not come yet (so a morning short of carers warns before
 * the children arrive, not after). Children absent, sent home or gone count no more; on a day
 * the centre is closed nobody is expected, and only a child who came counts.
 */
export function childrenForRatio(days: readonly ChildDay[], openDay = true): number {
  return days.filter((d) => {
    const s = dayState(d);
    return s === 'present' || (openDay && s === 'expected');
  }).length;
}
