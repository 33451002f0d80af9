import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { canOrder, CHANNELS, Meal, MEALS } from '../../../domain/canteen';
import { isServiceDay } from '../../../domain/shared/calendar';
import { BUSINESS_ZONE, BusinessDate } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { badRequest, conflict, FieldError, notFound, ruleBroken } from '../../errors';
import { policyFor } from './canteen.policy';
import { CanteenPlan, CanteenSetMeal, ICanteenPlan, ICanteenSetMeal } from './plan.entity';

export interface SetMealInput {
  date: BusinessDate;
  meal: Meal;
  name: string;
  dishes: string[];
  nutritionTags: string[];
  portionLimit: number | null;
}

const day = (date: BusinessDate) => DateTime.fromISO(date, { zone: BUSINESS_ZONE });
export const addDays = (date: BusinessDate, n: number): BusinessDate => day(date).plus({ days: n }).toISODate()!;
export const mondayOf = (date: BusinessDate): BusinessDate => day(date).startOf('week').toISODate()!;

export function toSetMeal(s: ICanteenSetMeal) {
  return {
    id: s.id,
    planId: s.planId,
    date: s.date,
    meal: s.meal,
    name: s.name,
    dishes: s.dishes,
    nutritionTags: s.nutritionTags,
    portionLimit: s.portionLimit ?? null,
    orderedPortions: s.orderedPortions,
    remainingPortions: s.portionLimit == null ? null : Math.max(0, s.portionLimit - s.orderedPortions),
    published: s.published,
  };
}

const bySlot = (a: ICanteenSetMeal, b: ICanteenSetMeal) =>
  a.date.localeCompare(b.date) || MEALS.indexOf(a.meal) - MEALS.indexOf(b.meal) || a.sortOrder - b.sortOrder;

async function describePlan(em: EntityManager, plan: ICanteenPlan, skipped?: { date: string; meal: Meal; name: string; reason: string }[]) {
  const setMeals = (await em.find(CanteenSetMeal, { planId: plan.id })).sort(bySlot);
  return {
    id: plan.id,
    siteId: plan.siteId,
    weekStart: plan.weekStart,
    status: plan.status,
    publishedAt: plan.publishedAt?.toISOString() ?? null,
    setMeals: setMeals.map(toSetMeal),
    ...(skipped ? { skipped } : {}),
  };
}

/** A plan by id (the route checked its scope); with `lock`, locked until the transaction ends. */
async function planById(em: EntityManager, planId: string, lock = false): Promise<ICanteenPlan> {
  const plan = await em.findOne(CanteenPlan, { id: planId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!plan) throw notFound('Plan');
  return plan;
}

const planExists = () => conflict('That week already has a plan', { errors: [{ field: 'weekStart', code: 'plan_exists', message: 'already has a plan' }] });

function assertMonday(weekStart: BusinessDate): void {
  const monday = mondayOf(weekStart);
  if (monday !== weekStart) {
    throw badRequest('weekStart must be a Monday', [{ field: 'weekStart', code: 'not_monday', params: { monday }, message: `must be a Monday (${monday})` }]);
  }
}

/** Each set meal must fall in the plan's week (400) on a day the site serves (422). */
async function checkSetMeals(em: EntityManager, siteId: string, weekStart: BusinessDate, setMeals: SetMealInput[]): Promise<void> {
  const last = addDays(weekStart, 6);
  const outside: FieldError[] = setMeals.flatMap((s, i) =>
    s.date < weekStart || s.date > last
      ? [{ field: `setMeals.${i}.date`, code: 'outside_week', params: { from: weekStart, to: last }, message: `must be within the week ${weekStart} – ${last}` }]
      : [],
  );
  if (outside.length) throw badRequest('A set meal is outside the plan’s week', outside);
  const policy = await policyFor(em, siteId, [...new Set(setMeals.map((s) => s.date))]);
  const closed: FieldError[] = setMeals.flatMap((s, i) =>
    isServiceDay(s.date, policy.ordering.serviceDays) ? [] : [{ field: `setMeals.${i}.date`, code: 'not_service_day', message: 'is a day the canteen does not serve' }],
  );
  if (closed.length) throw ruleBroken('A set meal is on a day the canteen does not serve', closed);
}

function addSetMeals(em: EntityManager, plan: ICanteenPlan, setMeals: SetMealInput[]): void {
  setMeals.forEach((s, i) =>
    em.create(CanteenSetMeal, {
      siteId: plan.siteId,
      planId: plan.id,
      date: s.date,
      meal: s.meal,
      name: s.name,
      dishes: s.dishes,
      nutritionTags: s.nutritionTags,
      portionLimit: s.portionLimit,
      orderedPortions: 0,
      published: plan.status === 'published',
      sortOrder: i,
    }),
  );
}

async function flushNewPlan(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw planExists();
    throw err;
  }
}

export async function planForWeek(em: EntityManager, siteId: string, weekStart: BusinessDate) {
  const plan = await em.findOne(CanteenPlan, { siteId, weekStart: mondayOf(weekStart) });
  if (!plan) throw notFound(`Plan for the week of ${mondayOf(weekStart)}`);
  return describePlan(em, plan);
}

export async function getPlan(em: EntityManager, planId: string) {
  return describePlan(em, await planById(em, planId));
}

export async function createPlan(em: EntityManager, input: { siteId: string; weekStart: BusinessDate; setMeals: SetMealInput[] }) {
  assertMonday(input.weekStart);
  await checkSetMeals(em, input.siteId, input.weekStart, input.setMeals);
  if (await em.count(CanteenPlan, { siteId: input.siteId, weekStart: input.weekStart })) {
    throw planExists();
  }
  const plan = em.create(CanteenPlan, { id: newId(), siteId: input.siteId, weekStart: input.weekStart, status: 'draft', publishedAt: null, publishedBy: null });
  addSetMeals(em, plan, input.setMeals);
  await flushNewPlan(em);
  return describePlan(em, plan);
}

/** A draft's set meals are replaced whole; a published plan changes one set meal at a time. */
export async function replaceSetMeals(tx: EntityManager, planId: string, setMeals: SetMealInput[]) {
  const plan = await planById(tx, planId, true);
  if (plan.status !== 'draft') throw conflict('The plan is published; change its set meals one by one');
  await checkSetMeals(tx, plan.siteId, plan.weekStart, setMeals);
  await tx.nativeDelete(CanteenSetMeal, { planId });
  addSetMeals(tx, plan, setMeals);
  await tx.flush();
  return describePlan(tx, plan);
}

/** Copies last week's set meals a week on, as a draft; days the canteen does not serve are skipped and listed. */
export async function copyPreviousWeek(em: EntityManager, siteId: string, weekStart: BusinessDate) {
  assertMonday(weekStart);
  const source = await em.findOne(CanteenPlan, { siteId, weekStart: addDays(weekStart, -7) });
  if (!source) throw notFound(`Plan for the week of ${addDays(weekStart, -7)}`);
  if (await em.count(CanteenPlan, { siteId, weekStart })) throw planExists();
  const from = (await em.find(CanteenSetMeal, { planId: source.id })).sort(bySlot);
  const shifted = from.map((s) => ({ ...s, date: addDays(s.date, 7) }));
  const policy = await policyFor(em, siteId, [...new Set(shifted.map((s) => s.date))]);
  const kept = shifted.filter((s) => isServiceDay(s.date, policy.ordering.serviceDays));
  const skipped = shifted
    .filter((s) => !kept.includes(s))
    .map((s) => ({ date: s.date, meal: s.meal, name: s.name, reason: 'the canteen does not serve that day' }));
  const plan = em.create(CanteenPlan, { id: newId(), siteId, weekStart, status: 'draft', publishedAt: null, publishedBy: null });
  addSetMeals(
    em,
    plan,
    kept.map((s) => ({ date: s.date, meal: s.meal, name: s.name, dishes: s.dishes, nutritionTags: s.nutritionTags, portionLimit: s.portionLimit ?? null })),
  );
  await flushNewPlan(em);
  return describePlan(em, plan, skipped);
}

export async function publishPlan(tx: EntityManager, user: AuthUser, planId: string, at: Date) {
  const plan = await planById(tx, planId, true);
  if (plan.status === 'published') throw conflict('The plan is already published');
  if ((await tx.count(CanteenSetMeal, { planId })) === 0) throw ruleBroken('A plan without set meals cannot be published', [{ field: 'setMeals', code: 'required', message: 'must not be empty' }]);
  plan.status = 'published';
  plan.publishedAt = at;
  plan.publishedBy = user.id;
  await tx.nativeUpdate(CanteenSetMeal, { planId }, { published: true });
  await tx.flush();
  return describePlan(tx, plan);
}

export async function updateSetMeal(tx: EntityManager, setMealId: string, patch: Partial<Pick<SetMealInput, 'name' | 'dishes' | 'nutritionTags' | 'portionLimit'>>) {
  const s = await tx.findOne(CanteenSetMeal, { id: setMealId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!s) throw notFound('Set meal');
  const ordered = s.orderedPortions;
  if (patch.portionLimit != null && patch.portionLimit < ordered) {
    throw ruleBroken(`${ordered} portions are already ordered`, [
      { field: 'portionLimit', code: 'below_ordered', params: { ordered }, message: `must be at least the ${ordered} portions already ordered` },
    ]);
  }
  if (patch.name && patch.name !== s.name && (await tx.count(CanteenSetMeal, { planId: s.planId, date: s.date, meal: s.meal, name: patch.name }))) {
    throw conflict('Another set meal of that date and meal has that name', { errors: [{ field: 'name', code: 'name_taken', message: 'is already on offer for that date and meal' }] });
  }
  Object.assign(s, patch);
  await tx.flush();
  return toSetMeal(s);
}

function windowOf(w: ReturnType<typeof canOrder>) {
  if (w.ok) return { open: true, deadline: w.deadline?.toISO() ?? null, reason: null };
  return { open: false, deadline: w.reason === 'cutoff_passed' ? w.deadline.toISO() : null, reason: w.reason };
}

/** What the counter can sell on a date: the published set meals by meal, what is left of each, and each channel's cut-off. */
export async function menuFor(em: EntityManager, siteId: string, date: BusinessDate, now: DateTime) {
  const policy = await policyFor(em, siteId, [date]);
  const setMeals = (await em.find(CanteenSetMeal, { siteId, date, published: true })).sort(bySlot);
  return {
    siteId,
    date,
    serviceDay: isServiceDay(date, policy.ordering.serviceDays),
    meals: MEALS.filter((meal) => setMeals.some((s) => s.meal === meal)).map((meal) => ({
      meal,
      windows: Object.fromEntries(CHANNELS.map((c) => [c, windowOf(canOrder(policy.ordering, date, meal, c, now))])) as Record<(typeof CHANNELS)[number], ReturnType<typeof windowOf>>,
      setMeals: setMeals.filter((s) => s.meal === meal).map(toSetMeal),
    })),
  };
}
