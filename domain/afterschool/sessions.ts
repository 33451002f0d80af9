import type { Words } from '../waitlist';
import { addDays, type BusinessDate, isBusinessDate } from '../shared/business-date';
import { dayKind, hasHolidayData } from '../shared/calendar';
import { type ClockTime, minutesOf, SCHOOL_WEEKDAYS, timeWindowProblems, type Weekday, WEEKDAY_NAMES, weekdayOf, weekdaysProblems } from './clock';
import { AfterSchoolError, type Problem, refuseProblems } from './errors';

/** A school term (weekday afternoons) or a holiday camp (weekdays of the school holidays). */
export interface Period {
  id: string;
  kind: 'term' | 'camp';
  /** First and last day, both included. */
  from: BusinessDate;
  to: BusinessDate;
}

/** A group's week: the school days it runs and its hours (Mon–Fri 15:30–18:30). */
export interface WeeklyPattern {
  groupId: string;
  weekdays: readonly Weekday[];
  start: ClockTime;
  end: ClockTime;
}

export interface Session {
  /** `<group>:<date>` of the date the pattern gave it, kept when the session moves. */
  id: string;
  groupId: string;
  periodId: string;
  date: BusinessDate;
  start: ClockTime;
  end: ClockTime;
  cancelled: boolean;
  /** Where the pattern had put it, once it has moved. */
  movedFrom?: { date: BusinessDate; start: ClockTime; end: ClockTime };
}

export interface SessionOptions {
  /**
   * The weekday a 调休 working day follows, where the site knows it ("2026-10-10 按周五上班").
   * The holiday data says only that the day is worked, not whose timetable it keeps.
   */
  makeupFollows?: Readonly<Record<BusinessDate, Weekday>>;
  /** The site's own closing days (a staff outing, an inspection). */
  closedDates?: readonly BusinessDate[];
}

export interface GeneratedSessions {
  sessions: Session[];
  /** False when the period runs into a year the holiday data does not have: staff should check the dates. */
  holidaysKnown: boolean;
}

export function periodProblems(period: Period, path = 'period'): Problem[] {
  const problems: Problem[] = [];
  if (period.kind !== 'term' && period.kind !== 'camp') problems.push({ field: `${path}.kind`, message: 'must be term or camp' });
  if (!isBusinessDate(period.from)) problems.push({ field: `${path}.from`, message: 'must be a YYYY-MM-DD date' });
  if (!isBusinessDate(period.to)) problems.push({ field: `${path}.to`, message: 'must be a YYYY-MM-DD date' });
  else if (isBusinessDate(period.from) && period.to < period.from) problems.push({ field: `${path}.to`, message: 'must not be before the first day' });
  return problems;
}

export function patternProblems(pattern: WeeklyPattern, path = 'pattern'): Problem[] {
  return [...timeWindowProblems(pattern.start, pattern.end, `${path}.start`, `${path}.end`), ...weekdaysProblems(pattern.weekdays, `${path}.weekdays`)];
}

/**
 * Whether the group meets on a 调休 working day. With the weekday it follows, as any such
 * weekday; without, only a group that runs all five school days meets, because it meets
 * whichever day is being made up, while a Tuesday-and-Thursday group cannot know whether
 * the day is one of its own.
 */
function meetsOnMakeupDay(pattern: WeeklyPattern, date: BusinessDate, options: SessionOptions): boolean {
  const follows = options.makeupFollows?.[date];
  if (follows !== undefined) return pattern.weekdays.includes(follows);
  return SCHOOL_WEEKDAYS.every((d) => pattern.weekdays.includes(d));
}

/**
 * The dated sessions of a group's pattern over a term or camp: its weekdays, except statutory
 * holidays (the weekdays folded into a holiday block too) and the site's closing days, plus
 * the 调休 Saturdays and Sundays that are worked, as `meetsOnMakeupDay` decides.
 */
export function generateSessions(period: Period, pattern: WeeklyPattern, options: SessionOptions = {}): GeneratedSessions {
  refuseProblems([...periodProblems(period), ...patternProblems(pattern)]);
  const closed = new Set(options.closedDates ?? []);
  const sessions: Session[] = [];
  let holidaysKnown = true;
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    if (!hasHolidayData(Number(date.slice(0, 4)))) holidaysKnown = false;
    if (closed.has(date)) continue;
    const kind = dayKind(date);
    const meets = kind === 'workday' ? pattern.weekdays.includes(weekdayOf(date)) : kind === 'makeup_workday' && meetsOnMakeupDay(pattern, date, options);
    if (meets) {
      sessions.push({ id: `${pattern.groupId}:${date}`, groupId: pattern.groupId, periodId: period.id, date, start: pattern.start, end: pattern.end, cancelled: false });
    }
  }
  return { sessions, holidaysKnown };
}

export function cancelSession(session: Session): Session {
  if (session.cancelled) throw new AfterSchoolError([{ field: 'cancelled', message: 'the session is already cancelled' }]);
  return { ...session, cancelled: true };
}

/**
 * Moves a session to another working day or other hours; it keeps its id (enrolments,
 * roster and families' notices follow it) and remembers where the pattern had put it.
 */
export function moveSession(session: Session, to: { date: BusinessDate; start: ClockTime; end: ClockTime }): Session {
  const problems: Problem[] = [];
  if (session.cancelled) problems.push({ field: 'cancelled', message: 'a cancelled session cannot move' });
  if (!isBusinessDate(to.date)) problems.push({ field: 'to.date', message: 'must be a YYYY-MM-DD date' });
  else if (dayKind(to.date) !== 'workday' && dayKind(to.date) !== 'makeup_workday') problems.push({ field: 'to.date', message: 'must be a working day' });
  problems.push(...timeWindowProblems(to.start, to.end, 'to.start', 'to.end'));
  refuseProblems(problems);
  const movedFrom = session.movedFrom ?? { date: session.date, start: session.start, end: session.end };
  return { ...session, date: to.date, start: to.start, end: to.end, movedFrom };
}

/** The "5+2" service: five school days a week, at least two hours, ending when parents can come. */
export interface FivePlusTwoSettings {
  minutesPerDay: number;
  /** The site's usual finishing time for parents (17:30). */
  endsNoEarlierThan: ClockTime;
}

export const DEFAULT_FIVE_PLUS_TWO: FivePlusTwoSettings = { minutesPerDay: 120, endsNoEarlierThan: '17:30' };

export type FivePlusTwoShortfall = 'fewer_than_five_days' | 'shorter_than_required' | 'ends_too_early';

export interface FivePlusTwoCheck {
  meets: boolean;
  shortfalls: { code: FivePlusTwoShortfall; words: Words }[];
}

/** Whether a group's pattern gives the "5+2" service, and in words what it lacks. */
export function checkFivePlusTwo(pattern: WeeklyPattern, settings: FivePlusTwoSettings = DEFAULT_FIVE_PLUS_TWO): FivePlusTwoCheck {
  refuseProblems(patternProblems(pattern));
  const shortfalls: FivePlusTwoCheck['shortfalls'] = [];
  const missing = SCHOOL_WEEKDAYS.filter((d) => !pattern.weekdays.includes(d));
  if (missing.length > 0) {
    shortfalls.push({
      code: 'fewer_than_five_days',
      words: {
        zh: `每周只开放 ${5 - missing.length} 天，缺${missing.map((d) => WEEKDAY_NAMES[d].zh).join('、')}；“5+2”要求每周 5 天`,
        en: `runs ${5 - missing.length} days a week, not ${missing.map((d) => WEEKDAY_NAMES[d].en).join(', ')}; "5+2" needs all five school days`,
      },
    });
  }
  const minutes = minutesOf(pattern.end) - minutesOf(pattern.start);
  if (minutes < settings.minutesPerDay) {
    shortfalls.push({
      code: 'shorter_than_required',
      words: { zh: `每天 ${minutes} 分钟，不足 ${settings.minutesPerDay} 分钟`, en: `${minutes} minutes a day, fewer than ${settings.minutesPerDay}` },
    });
  }
  if (minutesOf(pattern.end) < minutesOf(settings.endsNoEarlierThan)) {
    shortfalls.push({
      code: 'ends_too_early',
      words: { zh: `${pattern.end} 结束，早于家长下班时间 ${settings.endsNoEarlierThan}`, en: `ends at ${pattern.end}, before parents finish work at ${settings.endsNoEarlierThan}` },
    });
  }
  return { meets: shortfalls.length === 0, shortfalls };
}
