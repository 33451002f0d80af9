import type { Words } from '../waitlist';
import { minutesOf } from './clock';
import { type Problem, refuseProblems } from './errors';
import type { Session } from './sessions';

/**
 * A site's staff-ratio rule: up to `baseChildren` children need `baseStaff`, and every
 * further `childrenPerExtraStaff` (or part of it) one more.
 */
export interface StaffRatioRule {
  baseChildren: number;
  baseStaff: number;
  childrenPerExtraStaff: number;
}

/** The demo default after Shenzhen's rule: up to 25 children 2 staff, then 1 per further 20 (26–45 → 3, 46–65 → 4). */
export const SHENZHEN_RATIO: StaffRatioRule = { baseChildren: 25, baseStaff: 2, childrenPerExtraStaff: 20 };

export function ratioRuleProblems(rule: StaffRatioRule, path = 'ratio'): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['baseChildren', 'baseStaff', 'childrenPerExtraStaff'] as const) {
    if (!Number.isSafeInteger(rule[key]) || rule[key] < 1) problems.push({ field: `${path}.${key}`, message: 'must be a whole number ≥ 1' });
  }
  return problems;
}

/** Staff a number of children needs; no children, no staff (the session does not run for nobody). */
export function staffNeeded(children: number, rule: StaffRatioRule = SHENZHEN_RATIO): number {
  if (!Number.isSafeInteger(children) || children < 0) throw new RangeError(`children must be a whole number ≥ 0, got ${children}`);
  refuseProblems(ratioRuleProblems(rule));
  if (children === 0) return 0;
  return rule.baseStaff + Math.max(0, Math.ceil((children - rule.baseChildren) / rule.childrenPerExtraStaff));
}

export interface StaffedSession {
  sessionId: string;
  childrenExpected: number;
  /** Children checked in and not yet out, once the session is live. */
  childrenPresent?: number;
  staffOnDuty: readonly string[];
}

export interface RatioFlag {
  sessionId: string;
  /** Live, the children present decide; before, the children expected. */
  basis: 'expected' | 'present';
  children: number;
  needed: number;
  /** Staff missing; 0 when the session is staffed. */
  short: number;
  /** Free staff to add, as many as are short and free. */
  fix: string[];
  words: Words | null;
}

/**
 * The roster check for one session. `freeStaff` are those working no overlapping session
 * (`freeStaffFor`), in the site's order of preference; the first `short` of them are the fix.
 */
export function checkSessionRatio(session: StaffedSession, freeStaff: readonly string[], rule: StaffRatioRule = SHENZHEN_RATIO): RatioFlag {
  const live = session.childrenPresent !== undefined;
  const children = live ? session.childrenPresent! : session.childrenExpected;
  const needed = staffNeeded(children, rule);
  const onDuty = new Set(session.staffOnDuty).size;
  const short = Math.max(0, needed - onDuty);
  const fix = freeStaff.filter((s) => !session.staffOnDuty.includes(s)).slice(0, short);
  const which = live ? { zh: '在场', en: 'present' } : { zh: '预计', en: 'expected' };
  const words =
    short === 0
      ? null
      : {
          zh: `${which.zh} ${children} 名儿童需 ${needed} 名工作人员，当前 ${onDuty} 名，缺 ${short} 名${fix.length < short ? `，仅有 ${fix.length} 名空闲人员可补` : ''}`,
          en: `${children} children ${which.en} need ${needed} staff; ${onDuty} on the roster, ${short} short${fix.length < short ? `, and only ${fix.length} free to add` : ''}`,
        };
  return { sessionId: session.sessionId, basis: live ? 'present' : 'expected', children, needed, short, fix, words };
}

export interface RosterEntry {
  sessionId: string;
  staffId: string;
}

function overlaps(a: Session, b: Session): boolean {
  return a.date === b.date && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end);
}

/** Staff working no session that overlaps this one in time (cancelled sessions hold no one), in the order given. */
export function freeStaffFor(session: Session, sessions: readonly Session[], roster: readonly RosterEntry[], staff: readonly string[]): string[] {
  const busyIn = new Set(sessions.filter((s) => !s.cancelled && overlaps(s, session)).map((s) => s.id));
  busyIn.add(session.id);
  const busy = new Set(roster.filter((r) => busyIn.has(r.sessionId)).map((r) => r.staffId));
  return staff.filter((s) => !busy.has(s));
}
