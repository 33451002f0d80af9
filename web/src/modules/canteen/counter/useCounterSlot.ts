/**
 * The meal in front of the counter: a date and one of its meals, with the menu's set meals
 * and order windows. It starts at the nearest meal still open for ordering, today or (late
 * in the evening, on a closed day) the next day with one, and says when it moved ahead.
 * PgUp/PgDn walk meal by meal across days; the menu is re-read after each order and every
 * minute, so remaining portions and cut-offs stay true during the rush.
 */
import { computed, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { addDays, businessToday } from '@/ui/dates';
import { canteenApi, CHANNELS, type Channel, type Meal, type Menu } from '../canteen.api';

/** How far ahead the counter looks for a menu (the plans cover this week and next). */
const LOOK_AHEAD_DAYS = 14;
const REFRESH_MS = 60_000;

type MenuMeal = Menu['meals'][number];

const isOpen = (m: MenuMeal) => CHANNELS.some((c) => m.windows[c].open);

/** `shown` tells whether the counter is on screen: a hidden tab or window refreshes nothing. */
export function useCounterSlot(siteId: Readonly<Ref<string>>, shown: () => boolean) {
  const describe = useFailure();
  const today = ref(businessToday());
  const menu = shallowRef<Menu | null>(null);
  const meal = ref<Meal | null>(null);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  /** Set when the counter moved past today because nothing could be ordered any more. */
  const movedAhead = ref(false);
  /** A day is being read (the menu on screen may be about to change). */
  const busy = ref(false);
  let seq = 0;

  const date = computed(() => menu.value?.date ?? today.value);
  const current = computed<MenuMeal | null>(() => menu.value?.meals.find((m) => m.meal === meal.value) ?? null);
  const setMeals = computed(() => current.value?.setMeals ?? []);
  const openChannels = computed<Channel[]>(() => CHANNELS.filter((c) => current.value?.windows[c].open));
  const key = computed(() => (meal.value ? `${date.value}:${meal.value}` : date.value));

  /** Runs a load; a newer one (a quick PgDn PgDn) makes the older one's answer moot. */
  async function load(work: (isCurrent: () => boolean) => Promise<void>): Promise<void> {
    const mine = ++seq;
    const isCurrent = () => mine === seq;
    if (!menu.value) state.value = 'loading';
    busy.value = true;
    try {
      await work(isCurrent);
      if (isCurrent()) {
        failure.value = null;
        state.value = 'ready';
      }
    } catch (cause) {
      if (!isCurrent()) return;
      failure.value = describe(cause);
      state.value = 'error';
    } finally {
      if (isCurrent()) busy.value = false;
    }
  }

  function show(next: Menu, wanted: Meal | null): void {
    menu.value = next;
    meal.value = wanted;
  }

  /** The nearest day from `from` (walking `step` days) whose menu has a meal `accept`s. */
  async function find(from: string, step: 1 | -1, accept: (m: MenuMeal) => boolean, isCurrent: () => boolean) {
    for (let d = 0; d < LOOK_AHEAD_DAYS; d++) {
      const day = addDays(from, d * step);
      if (day < today.value) return null;
      const next = await canteenApi.menu(siteId.value, day);
      if (!isCurrent()) return null;
      if (next.meals.some(accept)) return next;
    }
    return null;
  }

  /** The nearest open meal from today on. */
  function start(): Promise<void> {
    today.value = businessToday();
    return load(async (isCurrent) => {
      const found = await find(today.value, 1, isOpen, isCurrent);
      if (!isCurrent()) return;
      if (found) {
        show(found, found.meals.find(isOpen)!.meal);
        movedAhead.value = found.date !== today.value;
      } else {
        show(await canteenApi.menu(siteId.value, today.value), null);
        movedAhead.value = false;
      }
    });
  }

  /** Staff chose a date: its first open meal, else its first meal. */
  function goTo(day: string): Promise<void> {
    return load(async (isCurrent) => {
      const next = await canteenApi.menu(siteId.value, day);
      if (!isCurrent()) return;
      show(next, (next.meals.find(isOpen) ?? next.meals[0])?.meal ?? null);
      movedAhead.value = false;
    });
  }

  /** The next or previous meal with a menu, crossing into other days; never before today. */
  function stepMeal(step: 1 | -1): Promise<void> {
    const meals = menu.value?.meals ?? [];
    const at = meals.findIndex((m) => m.meal === meal.value);
    const within = meals[at + step];
    if (within && at >= 0) {
      meal.value = within.meal;
      movedAhead.value = false;
      return Promise.resolve();
    }
    return load(async (isCurrent) => {
      const found = await find(addDays(date.value, step), step, () => true, isCurrent);
      if (!found || !isCurrent()) return;
      show(found, found.meals[step === 1 ? 0 : found.meals.length - 1].meal);
      movedAhead.value = false;
    });
  }

  /**
   * Re-reads the shown day (portions left, windows), keeping the meal. A failure here keeps
   * the menu on screen: the order itself is checked by the server, and the next refresh retries.
   */
  async function refresh(): Promise<void> {
    const day = date.value;
    const mine = seq;
    try {
      const next = await canteenApi.menu(siteId.value, day);
      if (mine !== seq || date.value !== day) return;
      const wanted = meal.value;
      show(next, wanted && next.meals.some((m) => m.meal === wanted) ? wanted : (next.meals[0]?.meal ?? null));
    } catch {
      // kept as it was; see above
    }
  }

  const timer = window.setInterval(() => {
    if (state.value === 'ready' && !document.hidden && shown()) void refresh();
  }, REFRESH_MS);
  onBeforeUnmount(() => window.clearInterval(timer));

  return { today, date, meal, menu, current, setMeals, openChannels, key, state, failure, movedAhead, busy, start, goTo, stepMeal, refresh };
}

export type CounterSlot = ReturnType<typeof useCounterSlot>;
