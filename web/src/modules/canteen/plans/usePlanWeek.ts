/**
 * The plan tab's state for one week of one site: the service calendar of its seven days
 * and its plan (none yet is a normal answer, a 404), with the week kept in `?week=` so a
 * reload or a shared link opens the same week. Creating, copying and publishing live here;
 * the set-meal dialog saves through `replaceSetMeals` and `changeSetMeal`.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { isApiError } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { ElMessage } from '@/ui/message';
import { addDays, businessToday, isBusinessDate } from '@/ui/dates';
import { canteenApi, MEALS, type CalendarDay, type Meal, type Plan, type SetMeal, type SetMealInput } from '../canteen.api';
import { mondayOf, weekDates } from './week';

export type Skipped = NonNullable<Plan['skipped']>[number];
type Busy = 'create' | 'copy' | 'publish' | null;

export const slotKey = (date: string, meal: Meal): string => `${date}|${meal}`;

export function toInput(s: SetMeal): SetMealInput {
  return { date: s.date, meal: s.meal, name: s.name, dishes: s.dishes, nutritionTags: s.nutritionTags, portionLimit: s.portionLimit };
}

export function usePlanWeek(siteId: Readonly<Ref<string>>) {
  const { t } = useI18n();
  const describe = useFailure();
  const route = useRoute();
  const router = useRouter();

  const today = businessToday();
  const thisMonday = mondayOf(today);
  const asked = route.query.week;
  const weekStart = ref(mondayOf(typeof asked === 'string' && isBusinessDate(asked) ? asked : today));
  const dates = computed(() => weekDates(weekStart.value));

  // Quick clicks on "next week" start several loads; only the newest lands.
  const { data: shown, state, failure, load } = useLatestLoad(async () => {
    const week = weekStart.value;
    const [days, plan] = await Promise.all([
      canteenApi.calendar(siteId.value, week, addDays(week, 6)),
      canteenApi.plan(siteId.value, week).catch((cause: unknown) => {
        if (isApiError(cause) && cause.status === 404) return null;
        throw cause;
      }),
    ]);
    return { week, days, plan };
  });
  const days = computed<CalendarDay[]>(() => shown.value?.days ?? []);
  const plan = computed<Plan | null>(() => shown.value?.plan ?? null);
  /** What the last copy left out; shown until the week changes. */
  const skipped = ref<Skipped[]>([]);
  const busy = ref<Busy>(null);

  /** The week's plan or calendar after an edit here, unless another week is shown by then. */
  function update(week: string, next: { plan?: Plan; days?: CalendarDay[] }): void {
    if (shown.value?.week === week) shown.value = { ...shown.value, ...next };
  }

  /** A week already over gets no new plan: nothing in it can be ordered any more. */
  const isPast = computed(() => addDays(weekStart.value, 6) < today);
  const dayOf = computed(() => new Map(days.value.map((d) => [d.date, d])));
  /** Years in view whose holidays are not announced yet (they would count as workdays). */
  const unannouncedYears = computed(() => [...new Set(days.value.filter((d) => !d.holidaysAnnounced).map((d) => d.date.slice(0, 4)))]);

  const bySlot = computed(() => {
    const slots = new Map<string, SetMeal[]>();
    for (const s of plan.value?.setMeals ?? []) {
      const key = slotKey(s.date, s.meal);
      slots.set(key, [...(slots.get(key) ?? []), s]);
    }
    return slots;
  });

  /** After the settings or a closing day change, the badges and service days change too. */
  async function reloadCalendar(): Promise<void> {
    const week = weekStart.value;
    try {
      update(week, { days: await canteenApi.calendar(siteId.value, week, addDays(week, 6)) });
    } catch (cause) {
      ElMessage.error(describe(cause).detail);
    }
  }

  // Not on the first load: the page is still writing `?tab=` then, and the two replaces would race.
  watch(weekStart, (week) => {
    skipped.value = [];
    if (route.query.week !== week) void router.replace({ query: { ...route.query, week } });
    void load();
  });
  void load();

  const goTo = (date: string): void => {
    if (isBusinessDate(date)) weekStart.value = mondayOf(date);
  };
  const shiftWeeks = (n: number): void => {
    weekStart.value = addDays(weekStart.value, 7 * n);
  };
  const goToThisWeek = (): void => {
    weekStart.value = thisMonday;
  };

  async function act(kind: Exclude<Busy, null>, run: () => Promise<Plan>, done: string, failTitle: string): Promise<void> {
    if (busy.value) return;
    busy.value = kind;
    const week = weekStart.value;
    try {
      const next = await run();
      if (week !== weekStart.value) return;
      update(week, { plan: next });
      skipped.value = next.skipped ?? [];
      ElMessage.success(done);
    } catch (cause) {
      ElMessage.error(t('canteen.plans.errors.titled', { title: t(failTitle), detail: actionDetail(cause) }));
      // Someone else may have made the plan meanwhile (409): show what is there now.
      if (isApiError(cause) && cause.status === 409) await load();
    } finally {
      busy.value = null;
    }
  }

  function actionDetail(cause: unknown): string {
    if (isApiError(cause) && cause.status === 404) return t('canteen.plans.errors.noPreviousPlan');
    if (isApiError(cause) && cause.status === 409) return t('canteen.plans.errors.conflict');
    if (isApiError(cause) && cause.status === 422 && cause.fieldMessage('setMeals')) return t('canteen.plans.errors.publishEmpty');
    return describe(cause).detail;
  }

  const createBlank = () =>
    act('create', () => canteenApi.createPlan(siteId.value, weekStart.value), t('canteen.plans.created'), 'canteen.plans.errors.create');
  const copyPrevious = () =>
    act('copy', () => canteenApi.copyPreviousPlan(siteId.value, weekStart.value), t('canteen.plans.copied'), 'canteen.plans.errors.copy');
  const publish = () => {
    const id = plan.value?.id;
    if (!id) return Promise.resolve();
    return act('publish', () => canteenApi.publishPlan(id), t('canteen.plans.publishedNow'), 'canteen.plans.errors.publish');
  };

  /** A draft's set meals, replaced whole (the dialog catches the errors to show them by field). */
  async function replaceSetMeals(setMeals: SetMealInput[]): Promise<void> {
    const current = shown.value;
    if (!current?.plan) return;
    update(current.week, { plan: await canteenApi.replacePlan(current.plan.id, setMeals) });
  }

  /** One set meal of a published plan. */
  async function changeSetMeal(id: string, fields: Partial<Omit<SetMealInput, 'date' | 'meal'>>): Promise<void> {
    const changed = await canteenApi.updateSetMeal(id, fields);
    const current = shown.value;
    if (current?.plan) update(current.week, { plan: { ...current.plan, setMeals: current.plan.setMeals.map((s) => (s.id === id ? changed : s)) } });
  }

  return {
    today,
    thisMonday,
    weekStart,
    dates,
    meals: MEALS,
    days,
    dayOf,
    unannouncedYears,
    plan,
    bySlot,
    skipped,
    state,
    failure,
    busy,
    isPast,
    load,
    reloadCalendar,
    goTo,
    shiftWeeks,
    goToThisWeek,
    createBlank,
    copyPrevious,
    publish,
    replaceSetMeals,
    changeSetMeal,
  };
}

export type PlanWeek = ReturnType<typeof usePlanWeek>;
