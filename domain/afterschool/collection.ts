import type { DateTime } from 'luxon';
import type { Words } from '../waitlist';
import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import { businessDateOf } from '../shared/time';
import { type ClockTime, instantAt, isWeekday, timeWindowProblems, type Weekday, weekdayOf } from './clock';
import type { Problem } from './errors';

/** always: any day; emergency: only with a staff supervisor who records it; never: e.g. a custody restriction. */
export type CollectorLevel = 'always' | 'emergency' | 'never';

export const COLLECTOR_LEVELS: readonly CollectorLevel[] = ['always', 'emergency', 'never'];

/** Who someone at the door says they are: a name and the last 4 characters of the ID number they show. */
export interface Identity {
  name: string;
  idLast4: string;
}

export interface Collector extends Identity {
  id: string;
  relation: string;
  phone: string;
  level: CollectorLevel;
}

/** A parent's permission for someone not on the list to collect on one day, within a window. */
export interface Delegation extends Identity {
  id: string;
  date: BusinessDate;
  /** From `from` until `until` begins, Asia/Shanghai. */
  from: ClockTime;
  until: ClockTime;
}

export interface CollectionRules {
  collectors: readonly Collector[];
  delegations: readonly Delegation[];
  /** The weekdays (by the calendar date) the child may go home alone. */
  leaveAloneOn: readonly Weekday[];
}

export type Claimant = ({ kind: 'person' } & Identity) | { kind: 'alone' };

export type CollectionBasis = 'always' | 'emergency' | 'delegation' | 'alone';

/** What the check-out records beside the time. */
export interface CollectionRecord {
  basis: CollectionBasis;
  at: string;
  /** The collector or delegation the person was matched to. */
  collectorId?: string;
  delegationId?: string;
  identity?: Identity;
  /** The staff member who supervised an emergency collection. */
  supervisorId?: string;
}

export type RefusalCode = 'not_on_list' | 'never' | 'emergency_needs_supervisor' | 'delegation_other_day' | 'delegation_outside_window' | 'alone_not_allowed_today';

export const REFUSAL_WORDS: Record<RefusalCode, Words> = {
  not_on_list: { zh: '姓名和证件号后四位与接送名单上的任何人都不符', en: 'the name and last 4 ID digits match no one on the collection list' },
  never: { zh: '此人不得接走该儿童（如监护限制）', en: 'this person may never collect the child (e.g. a custody restriction)' },
  emergency_needs_supervisor: { zh: '此人仅限紧急情况接送，须有值班主管在场确认', en: 'this person may collect only in an emergency, confirmed by a staff supervisor' },
  delegation_other_day: { zh: '临时委托不是今天的', en: 'the day delegation is not for today' },
  delegation_outside_window: { zh: '不在临时委托的时间段内', en: 'outside the time window of the day delegation' },
  alone_not_allowed_today: { zh: '今天不允许儿童独自离开', en: 'the child may not leave alone today' },
};

export type CollectionDecision = { allowed: true; record: CollectionRecord } | { allowed: false; reason: RefusalCode; words: Words };

/** Names compare without surrounding or inner spacing and width (full-width letters, 张 三 and 张三). */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return nameKey(a.name) === nameKey(b.name) && a.idLast4.trim().toUpperCase() === b.idLast4.trim().toUpperCase();
}

const refuse = (reason: RefusalCode): CollectionDecision => ({ allowed: false, reason, words: REFUSAL_WORDS[reason] });

/**
 * Whether the claimant may take the child at `at`. A listed person's level decides (a
 * delegation never lifts a `never` or an `emergency`: the parent changes the level instead,
 * which `collectionRulesProblems` enforces); someone not on the list needs a delegation whose
 * window holds `at`; the child alone needs today's weekday among its leave-alone days.
 */
export function mayCollect(rules: CollectionRules, claimant: Claimant, at: DateTime, supervisor?: { staffId: string }): CollectionDecision {
  const when = at.toUTC().toISO()!;
  const today = businessDateOf(at);
  if (claimant.kind === 'alone') {
    return rules.leaveAloneOn.includes(weekdayOf(today)) ? { allowed: true, record: { basis: 'alone', at: when } } : refuse('alone_not_allowed_today');
  }
  const identity = { name: claimant.name, idLast4: claimant.idLast4 };
  const listed = rules.collectors.find((c) => sameIdentity(c, claimant));
  if (listed !== undefined) {
    if (listed.level === 'never') return refuse('never');
    if (listed.level === 'always') return { allowed: true, record: { basis: 'always', at: when, collectorId: listed.id, identity } };
    if (supervisor === undefined) return refuse('emergency_needs_supervisor');
    return { allowed: true, record: { basis: 'emergency', at: when, collectorId: listed.id, identity, supervisorId: supervisor.staffId } };
  }
  const delegations = rules.delegations.filter((d) => sameIdentity(d, claimant));
  if (delegations.length === 0) return refuse('not_on_list');
  const valid = delegations.find((d) => d.date === today && instantAt(d.date, d.from) <= at && at < instantAt(d.date, d.until));
  if (valid !== undefined) return { allowed: true, record: { basis: 'delegation', at: when, delegationId: valid.id, identity } };
  return refuse(delegations.some((d) => d.date === today) ? 'delegation_outside_window' : 'delegation_other_day');
}

function identityProblems(who: Identity, path: string): Problem[] {
  const problems: Problem[] = [];
  if (nameKey(who.name) === '') problems.push({ field: `${path}.name`, message: 'must not be empty' });
  if (!/^\d{3}[\dXx]$/.test(who.idLast4.trim())) problems.push({ field: `${path}.idLast4`, message: 'must be the last 4 characters of an ID number (digits, or X last)' });
  return problems;
}

/** What is wrong with a child's collection rules, by field. */
export function collectionRulesProblems(rules: CollectionRules): Problem[] {
  const problems: Problem[] = [];
  rules.collectors.forEach((c, i) => {
    problems.push(...identityProblems(c, `collectors[${i}]`));
    if (!COLLECTOR_LEVELS.includes(c.level)) problems.push({ field: `collectors[${i}].level`, message: `must be one of ${COLLECTOR_LEVELS.join(', ')}` });
    if (rules.collectors.findIndex((o) => sameIdentity(o, c)) !== i) problems.push({ field: `collectors[${i}]`, message: 'is the same person as an earlier entry' });
  });
  rules.delegations.forEach((d, i) => {
    const path = `delegations[${i}]`;
    problems.push(...identityProblems(d, path));
    if (!isBusinessDate(d.date)) problems.push({ field: `${path}.date`, message: 'must be a YYYY-MM-DD date' });
    problems.push(...timeWindowProblems(d.from, d.until, `${path}.from`, `${path}.until`));
    if (rules.collectors.some((c) => sameIdentity(c, d))) problems.push({ field: path, message: 'names a person on the collection list: change their level instead' });
  });
  rules.leaveAloneOn.forEach((d, i) => {
    if (!isWeekday(d)) problems.push({ field: `leaveAloneOn[${i}]`, message: 'must be a weekday, 1 (Monday) to 7 (Sunday)' });
  });
  return problems;
}
