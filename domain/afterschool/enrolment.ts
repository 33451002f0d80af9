import type { Application, Fits, Place } from '../waitlist';
import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import { ageOn, parseIdNumber } from '../shared/identity';
import { type Weekday, weekdaysProblems } from './clock';
import { type Problem, refuseProblems } from './errors';
import type { Period } from './sessions';

/** After-school care is for children of primary-school age: 6 to 12 years (周岁), both included. */
export const AGE_RANGE = { from: 6, to: 12 } as const;
/** 小学 一年级 to 六年级. */
export const GRADE_RANGE = { from: 1, to: 6 } as const;

export interface AfterSchoolGroup {
  id: string;
  /** Children per weekday. */
  capacity: number;
  weekdays: readonly Weekday[];
  minAge: number;
  maxAge: number;
  /** Grades the group takes, when it is kept by grade (一二年级). */
  grades?: { from: number; to: number };
}

/** One weekday of a group in a term, as a waitlist place: a full weekday has its own queue. */
export interface GroupWeekdayPlace extends Place {
  groupId: string;
  periodId: string;
  weekday: Weekday;
  minAge: number;
  maxAge: number;
  grades?: { from: number; to: number };
}

export interface WeekdayEnrolment {
  groupId: string;
  periodId: string;
  weekday: Weekday;
}

export function groupProblems(group: AfterSchoolGroup, path = 'group'): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isSafeInteger(group.capacity) || group.capacity < 1) problems.push({ field: `${path}.capacity`, message: 'must be a whole number ≥ 1' });
  const age = (n: number) => Number.isInteger(n) && n >= AGE_RANGE.from && n <= AGE_RANGE.to;
  if (!age(group.minAge)) problems.push({ field: `${path}.minAge`, message: `must be a whole age from ${AGE_RANGE.from} to ${AGE_RANGE.to}` });
  if (!age(group.maxAge)) problems.push({ field: `${path}.maxAge`, message: `must be a whole age from ${AGE_RANGE.from} to ${AGE_RANGE.to}` });
  else if (age(group.minAge) && group.maxAge < group.minAge) problems.push({ field: `${path}.maxAge`, message: 'must not be below the minimum age' });
  if (group.grades !== undefined) {
    const { from, to } = group.grades;
    if (!isGrade(from)) problems.push({ field: `${path}.grades.from`, message: `must be a grade from ${GRADE_RANGE.from} to ${GRADE_RANGE.to}` });
    if (!isGrade(to)) problems.push({ field: `${path}.grades.to`, message: `must be a grade from ${GRADE_RANGE.from} to ${GRADE_RANGE.to}` });
    else if (isGrade(from) && to < from) problems.push({ field: `${path}.grades.to`, message: 'must not be below the first grade' });
  }
  problems.push(...weekdaysProblems(group.weekdays, `${path}.weekdays`));
  return problems;
}

const isGrade = (n: unknown) => Number.isInteger(n) && (n as number) >= GRADE_RANGE.from && (n as number) <= GRADE_RANGE.to;

/**
 * Every weekday of every group in the term as a place, its enrolments already counted: pass
 * only the open offers to the engine as holds. Full weekdays are listed too (capacity 0), so
 * an offer held on one is still recognised.
 */
export function weekdayPlacesOf(period: Period, groups: readonly AfterSchoolGroup[], enrolments: readonly WeekdayEnrolment[]): GroupWeekdayPlace[] {
  refuseProblems(groups.flatMap((g, i) => groupProblems(g, `groups[${i}]`)));
  return groups.flatMap((g) =>
    g.weekdays.map((weekday) => {
      const enrolled = enrolments.filter((e) => e.groupId === g.id && e.periodId === period.id && e.weekday === weekday).length;
      return {
        id: `${g.id}:${period.id}:${weekday}`,
        capacity: Math.max(0, g.capacity - enrolled),
        groupId: g.id,
        periodId: period.id,
        weekday,
        minAge: g.minAge,
        maxAge: g.maxAge,
        ...(g.grades === undefined ? {} : { grades: g.grades }),
      };
    }),
  );
}

/** What a parent asks for: a child, a group, and the weekdays in a term. */
export interface EnrolmentRequest extends Application {
  childName: string;
  idNumber: string;
  school: string;
  grade: number;
  groupId: string;
  periodId: string;
  weekdays: readonly Weekday[];
  /** The first day the child would come. */
  startDate: BusinessDate;
}

/** One weekday of a request, as the waitlist engine queues it: one hold per application, so one per weekday. */
export interface WeekdayApplication extends Application {
  requestId: string;
  birthDate: BusinessDate;
  grade: number;
  groupId: string;
  periodId: string;
  weekday: Weekday;
  startDate: BusinessDate;
}

export function enrolmentRequestProblems(request: EnrolmentRequest, period: Period): Problem[] {
  const problems: Problem[] = [];
  if (request.childName.trim() === '') problems.push({ field: 'childName', message: 'must not be empty' });
  if (request.school.trim() === '') problems.push({ field: 'school', message: 'must not be empty' });
  if (!isGrade(request.grade)) problems.push({ field: 'grade', message: `must be a grade from ${GRADE_RANGE.from} to ${GRADE_RANGE.to}` });
  if (request.periodId !== period.id) problems.push({ field: 'periodId', message: `is not the term ${period.id}` });
  problems.push(...weekdaysProblems(request.weekdays, 'weekdays'));
  const startOk = isBusinessDate(request.startDate);
  if (!startOk) problems.push({ field: 'startDate', message: 'must be a YYYY-MM-DD date' });
  else if (request.startDate < period.from || request.startDate > period.to) problems.push({ field: 'startDate', message: `must be within the term, ${period.from} to ${period.to}` });
  const id = parseIdNumber(request.idNumber);
  if (!id.ok) problems.push({ field: 'idNumber', message: id.error.message });
  else if (startOk && request.startDate >= id.id.birthDate) {
    const age = ageOn(id.id.birthDate, request.startDate);
    if (age < AGE_RANGE.from || age > AGE_RANGE.to) problems.push({ field: 'idNumber', message: `the child is ${age} on ${request.startDate}; after-school care is for ages ${AGE_RANGE.from} to ${AGE_RANGE.to}` });
  } else if (startOk) problems.push({ field: 'idNumber', message: 'the birth date is after the start date' });
  return problems;
}

/** A request split by weekday, the birth date read from the ID number; throws every problem at once. */
export function weekdayApplications(request: EnrolmentRequest, period: Period): WeekdayApplication[] {
  refuseProblems(enrolmentRequestProblems(request, period));
  const parsed = parseIdNumber(request.idNumber);
  if (!parsed.ok) throw parsed.error; // refused above; this only tells the compiler
  const { birthDate } = parsed.id;
  return request.weekdays.map((weekday) => ({
    id: `${request.id}:${weekday}`,
    appliedAt: request.appliedAt,
    facts: request.facts,
    ...(request.events === undefined ? {} : { events: request.events }),
    requestId: request.id,
    birthDate,
    grade: request.grade,
    groupId: request.groupId,
    periodId: request.periodId,
    weekday,
    startDate: request.startDate,
  }));
}

/**
 * The waitlist engine's `fits`: only the group, term and weekday asked for, and only when the
 * child's age on its first day (and grade, where the group keeps grades) is the group's.
 */
export const fitsWeekday: Fits<WeekdayApplication, GroupWeekdayPlace> = (app, place) => {
  if (app.groupId !== place.groupId || app.periodId !== place.periodId || app.weekday !== place.weekday) return null;
  if (app.startDate < app.birthDate) return null;
  const age = ageOn(app.birthDate, app.startDate);
  if (age < place.minAge || age > place.maxAge) return null;
  if (place.grades !== undefined && (app.grade < place.grades.from || app.grade > place.grades.to)) return null;
  return 0;
};
