import { type MemberProfile, tierOn } from '../canteen/tier';
import { ageInMonths } from '../childcare/classes';
import type { BusinessDate } from '../shared/business-date';
import type { Fen } from '../shared/money';
import { formatFen } from '../shared/money-text';
import type { ClaimLine } from './claims';
import type { LocalText as Words } from '../costsharing/types';

/*
 * The checks a claim passes before it leaves. Each is a named, pure rule over the claim lines
 * and plain facts the API loads for the lines' sites and month (set-based, once per run); each
 * returns the offending lines with a reason. An error blocks submission; a warning may be
 * submitted with a reason, which is kept with the claim.
 */

export type Severity = 'error' | 'warning';

export interface DateSpan {
  from: BusinessDate;
  /** Inclusive; absent while it lasts. */
  to?: BusinessDate;
}

export interface PersonFacts {
  birthDate?: BusinessDate;
  dischargedOn?: BusinessDate;
  diedOn?: BusinessDate;
  absences?: readonly (DateSpan & { kind: 'leave' | 'hospital' })[];
  /** A childcare child's age band (months, [from, to)) while placed in a class. */
  ageBands?: readonly (DateSpan & { fromMonths: number; toMonths: number })[];
  /** Care-level assessments, each valid over its span. */
  assessments?: readonly (DateSpan & { level: string })[];
  /** A canteen member's birth date and category evidence as recorded now (corrections included). */
  canteenProfile?: MemberProfile;
}

export interface CheckFacts {
  persons?: Readonly<Record<string, PersonFacts>>;
  /** What each programme pays for (助餐, 护理补贴): two departments paying one purpose for one unit is a double claim. */
  programmePurposes?: Readonly<Record<string, string>>;
  /** Licensed places per site and service line on a day. */
  capacities?: readonly (DateSpan & { siteId: string; serviceLine: string; places: number })[];
  /** The place (bed, class slot) a served unit occupied, by unit id. */
  placeOfUnit?: Readonly<Record<string, string>>;
  placesOutOfService?: readonly (DateSpan & { placeId: string })[];
  closures?: readonly (DateSpan & { siteId: string })[];
  /** A person's subsidy per programme per day; a personRef-specific cap wins over the programme's. */
  dailyCaps?: readonly { programmeCode: string; personRef?: string; dayFen: Fen }[];
}

export const CHECK_CODES = [
  'double_claim',
  'over_capacity',
  'place_out_of_service',
  'after_discharge',
  'after_death',
  'absent_day',
  'over_daily_cap',
  'child_over_band',
  'site_closed',
  'assessment_lapsed',
  'tier_unsupported',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export interface Finding {
  check: CheckCode;
  severity: Severity;
  lineId: string;
  reason: Words;
}

export interface Check {
  code: CheckCode;
  severity: Severity;
  name: Words;
  run(lines: readonly ClaimLine[], facts: CheckFacts): Finding[];
}

const within = (date: BusinessDate, s: DateSpan) => s.from <= date && (s.to === undefined || date <= s.to);
const personOf = (line: ClaimLine, facts: CheckFacts): PersonFacts | undefined =>
  line.personRef === null ? undefined : facts.persons?.[line.personRef];

/** A check that looks at one line at a time: `why` returns the reason, or null when the line passes. */
function perLine(code: CheckCode, severity: Severity, name: Words, why: (line: ClaimLine, facts: CheckFacts) => Words | null): Check {
  return {
    code,
    severity,
    name,
    run: (lines, facts) =>
      lines.flatMap((line) => {
        const reason = why(line, facts);
        return reason ? [{ check: code, severity, lineId: line.id, reason }] : [];
      }),
  };
}

/** Items by key, in the order they come; an item whose key is null is left out. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * One person (or, for an anonymous unit, one unit) on one day and line, paid for one purpose by
 * more than one department. A programme without a purpose is its own purpose.
 */
const doubleClaim: Check = {
  code: 'double_claim',
  severity: 'error',
  name: { zh: '多部门重复申领', en: 'claimed by two departments' },
  run: (lines, facts) => {
    const purposeOf = (l: ClaimLine) => facts.programmePurposes?.[l.programmeCode] ?? `programme:${l.programmeCode}`;
    const groups = groupBy(lines, (l) => [l.personRef ?? `unit:${l.unitId}`, l.date, l.serviceLine, purposeOf(l)].join('|'));
    return [...groups.values()].flatMap((group) => {
      const departments = [...new Set(group.map((l) => l.departmentId))].sort();
      if (departments.length < 2) return [];
      const list = departments.join('、');
      const reason = {
        zh: `同一服务（${group[0].date}，${purposeOf(group[0])}）由 ${departments.length} 个部门申领：${list}`,
        en: `the same unit (${group[0].date}, ${purposeOf(group[0])}) is claimed from ${departments.length} departments: ${departments.join(', ')}`,
      };
      return group.map((l) => ({ check: 'double_claim' as const, severity: 'error' as const, lineId: l.id, reason }));
    });
  },
};

/** More units of a line on a day than the site is licensed for: every unit of that day is in question, not just the last. */
const overCapacity: Check = {
  code: 'over_capacity',
  severity: 'error',
  name: { zh: '超出核定床位/名额', en: 'outside licensed capacity' },
  run: (lines, facts) => {
    const groups = groupBy(lines, (l) => [l.siteId, l.serviceLine, l.date].join('|'));
    return [...groups.values()].flatMap((group) => {
      const { siteId, serviceLine, date } = group[0];
      const capacity = facts.capacities?.find((c) => c.siteId === siteId && c.serviceLine === serviceLine && within(date, c));
      if (!capacity) return [];
      // Two departments' lines for one unit are one place taken, not two.
      const served = new Set(group.map((l) => l.unitId)).size;
      if (served <= capacity.places) return [];
      const reason = {
        zh: `${date} 服务 ${served} 人次，核定 ${capacity.places} 个`,
        en: `${served} units served on ${date}, licensed for ${capacity.places}`,
      };
      return group.map((l) => ({ check: 'over_capacity' as const, severity: 'error' as const, lineId: l.id, reason }));
    });
  },
};

const placeOutOfService = perLine('place_out_of_service', 'error', { zh: '停用床位', en: 'out-of-service place' }, (line, facts) => {
  const placeId = facts.placeOfUnit?.[line.unitId];
  if (placeId === undefined) return null;
  const out = facts.placesOutOfService?.find((p) => p.placeId === placeId && within(line.date, p));
  return out ? { zh: `${line.date} 床位 ${placeId} 已停用`, en: `place ${placeId} was out of service on ${line.date}` } : null;
});

const afterDischarge = perLine('after_discharge', 'error', { zh: '出院/退托后申领', en: 'after discharge' }, (line, facts) => {
  const on = personOf(line, facts)?.dischargedOn;
  return on !== undefined && line.date > on ? { zh: `服务日期 ${line.date} 晚于离院日期 ${on}`, en: `served on ${line.date}, after discharge on ${on}` } : null;
});

const afterDeath = perLine('after_death', 'error', { zh: '身故后申领', en: 'after death' }, (line, facts) => {
  const on = personOf(line, facts)?.diedOn;
  return on !== undefined && line.date > on ? { zh: `服务日期 ${line.date} 晚于身故日期 ${on}`, en: `served on ${line.date}, after death on ${on}` } : null;
});

/** A leave or hospital day can be billed (the bed is kept), so it is a warning to explain, not an error. */
const absentDay = perLine('absent_day', 'warning', { zh: '请假/住院期间', en: 'on a leave or hospital day' }, (line, facts) => {
  const spell = personOf(line, facts)?.absences?.find((a) => within(line.date, a));
  if (!spell) return null;
  return spell.kind === 'leave'
    ? { zh: `${line.date} 在请假期间`, en: `${line.date} is a leave day` }
    : { zh: `${line.date} 在住院期间`, en: `${line.date} is a hospital day` };
});

/** A person's lines of a programme on a day, in line order: the ones that carry the day past its cap. */
const overDailyCap: Check = {
  code: 'over_daily_cap',
  severity: 'error',
  name: { zh: '超出每日补贴上限', en: 'over the daily cap' },
  run: (lines, facts) => {
    const capOf = (l: ClaimLine) => {
      const caps = facts.dailyCaps?.filter((c) => c.programmeCode === l.programmeCode) ?? [];
      return (caps.find((c) => c.personRef === l.personRef) ?? caps.find((c) => c.personRef === undefined))?.dayFen;
    };
    const groups = groupBy(lines, (l) => (l.personRef === null ? null : [l.personRef, l.programmeCode, l.date].join('|')));
    return [...groups.values()].flatMap((group) => {
      const cap = capOf(group[0]);
      if (cap === undefined) return [];
      let sumFen = 0;
      return [...group]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .flatMap((l) => {
          sumFen += l.amountFen;
          if (sumFen <= cap) return [];
          const reason = {
            zh: `${l.date} 当日补贴累计 ${formatFen(sumFen)}，上限 ${formatFen(cap)}`,
            en: `subsidy on ${l.date} comes to ${formatFen(sumFen)}, over the daily cap of ${formatFen(cap)}`,
          };
          return [{ check: 'over_daily_cap' as const, severity: 'error' as const, lineId: l.id, reason }];
        });
    });
  },
};

/** A child past its class's band: moving up happens on a date the centre sets, so it is a warning. */
const childOverBand = perLine('child_over_band', 'warning', { zh: '超出班级年龄段', en: 'older than the class band' }, (line, facts) => {
  if (line.service !== 'childcare') return null;
  const person = personOf(line, facts);
  const band = person?.ageBands?.find((b) => within(line.date, b));
  if (!person?.birthDate || !band || line.date < person.birthDate) return null;
  const months = ageInMonths(person.birthDate, line.date);
  return months >= band.toMonths
    ? { zh: `${line.date} 已满 ${months} 个月，班级上限 ${band.toMonths} 个月`, en: `${months} months old on ${line.date}, the class band ends at ${band.toMonths}` }
    : null;
});

const siteClosed = perLine('site_closed', 'error', { zh: '闭园/停业日', en: 'site closed' }, (line, facts) =>
  facts.closures?.some((c) => c.siteId === line.siteId && within(line.date, c))
    ? { zh: `${line.date} 站点停业`, en: `the site was closed on ${line.date}` }
    : null,
);

/** A care-home unit is priced at a care level; without an assessment in force that day, the level is unsupported. */
const assessmentLapsed = perLine('assessment_lapsed', 'error', { zh: '评估已过期', en: 'assessment lapsed' }, (line, facts) => {
  if (line.service !== 'carehome' || line.personRef === null) return null;
  const assessments = personOf(line, facts)?.assessments ?? [];
  if (assessments.some((a) => within(line.date, a))) return null;
  const last = assessments.filter((a) => a.to !== undefined && a.to < line.date).sort((a, b) => (a.to! < b.to! ? 1 : -1))[0];
  return last
    ? { zh: `护理等级评估已于 ${last.to} 过期`, en: `the care-level assessment lapsed on ${last.to}` }
    : { zh: `${line.date} 无有效护理等级评估`, en: `no care-level assessment in force on ${line.date}` };
});

/**
 * A meal priced at a tier the member's evidence, as recorded now, no longer supports that day
 * (a 低保 certificate found to have ended earlier, recorded late). The meal was priced in good
 * faith, so it is a warning: explain it, or answer with an adjustment.
 */
const tierUnsupported = perLine('tier_unsupported', 'warning', { zh: '补贴类别依据不足', en: 'tier no longer supported' }, (line, facts) => {
  const profile = line.service === 'canteen' ? personOf(line, facts)?.canteenProfile : undefined;
  if (!profile) return null;
  const now = tierOn(profile, line.date).tier;
  return now === line.tier
    ? null
    : { zh: `${line.date} 按「${line.tier}」补贴，现有依据只支持「${now}」`, en: `subsidised as ${line.tier} on ${line.date}; the evidence recorded now supports ${now}` };
});

export const CHECKS: readonly Check[] = [
  doubleClaim,
  overCapacity,
  placeOutOfService,
  afterDischarge,
  afterDeath,
  absentDay,
  overDailyCap,
  childOverBand,
  siteClosed,
  assessmentLapsed,
  tierUnsupported,
];

export function checkByCode(code: CheckCode): Check {
  return CHECKS.find((c) => c.code === code)!;
}

/** Every check over the lines. Give a double-claim or capacity check every department's lines of the site and month. */
export function runChecks(lines: readonly ClaimLine[], facts: CheckFacts): Finding[] {
  return CHECKS.flatMap((c) => c.run(lines, facts));
}

/** A warning accepted for submission, by the line and check it answers. */
export interface WarningReason {
  lineId: string;
  check: CheckCode;
  reason: string;
}

/**
 * Whether a claim may be submitted: no error among its lines' findings, and a reason given for
 * every warning (it is kept with the submission).
 */
export function submissionBlockers(findings: readonly Finding[], reasons: readonly WarningReason[]): { errors: Finding[]; unexplained: Finding[] } {
  const explained = new Set(reasons.filter((r) => r.reason.trim() !== '').map((r) => `${r.lineId}|${r.check}`));
  return {
    errors: findings.filter((f) => f.severity === 'error'),
    unexplained: findings.filter((f) => f.severity === 'warning' && !explained.has(`${f.lineId}|${f.check}`)),
  };
}
