/**
 * The kitchen board's state: the counts of a day merged with its menu (for the portion
 * limits), refreshed on a timer while someone can see the board. One request at a time; a
 * refresh that fails keeps the last counts on screen with a warning, as a blank board in
 * the middle of service is worse than a board a minute old.
 */
import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { canteenApi, CHANNELS, MEALS, type Channel, type KitchenCounts, type Meal, type Menu } from '../canteen.api';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { businessToday } from '@/ui/dates';

export const DEFAULT_REFRESH_MS = 15_000;

export interface BoardSetMeal {
  setMealId: string;
  name: string;
  dishes: string[];
  portions: number;
  byChannel: Record<Channel, number>;
  portionLimit: number | null;
}

export interface BoardMeal {
  meal: Meal;
  portions: number;
  byChannel: Record<Channel, number>;
  setMeals: BoardSetMeal[];
}

const noChannels = (): Record<Channel, number> => ({ dine_in: 0, pickup: 0, delivery: 0 });

/**
 * Every set meal on the menu, in the menu's order, with its counts (0 when nobody ordered it
 * yet, so the cook sees the whole day); a counted set meal missing from the menu (taken off
 * after orders came in) is still listed, as its portions must be cooked.
 */
export function boardOf(counts: KitchenCounts, menu: Menu): BoardMeal[] {
  return MEALS.flatMap((meal) => {
    const onMenu = menu.meals.find((m) => m.meal === meal)?.setMeals ?? [];
    const counted = counts.counts.filter((c) => c.meal === meal);
    const setMeals: BoardSetMeal[] = onMenu.map((s) => {
      const count = counted.find((c) => c.setMealId === s.id);
      return { setMealId: s.id, name: s.name, dishes: s.dishes, portions: count?.portions ?? 0, byChannel: count?.byChannel ?? noChannels(), portionLimit: s.portionLimit };
    });
    for (const c of counted) {
      if (!onMenu.some((s) => s.id === c.setMealId)) {
        setMeals.push({ setMealId: c.setMealId, name: c.setMealName, dishes: [], portions: c.portions, byChannel: c.byChannel, portionLimit: null });
      }
    }
    if (!setMeals.length) return [];
    const byChannel = noChannels();
    for (const s of setMeals) for (const ch of CHANNELS) byChannel[ch] += s.byChannel[ch];
    return [{ meal, portions: setMeals.reduce((n, s) => n + s.portions, 0), byChannel, setMeals }];
  });
}

export interface KitchenBoardOptions {
  refreshMs: number;
  /** False while another tab of the page is shown: the board is mounted but nobody sees it. */
  active: Readonly<Ref<boolean>>;
}

export function useKitchenBoard(siteId: Readonly<Ref<string>>, options: KitchenBoardOptions) {
  const describe = useFailure();
  const date = ref(businessToday());
  /** Until someone picks a day, the board follows the calendar: a screen left on overnight shows the new day. */
  const followsToday = ref(true);
  const meals = shallowRef<BoardMeal[]>([]);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  const refreshFailure = shallowRef<Failure | null>(null);
  const refreshing = ref(false);
  const updatedAt = ref<Date | null>(null);

  let generation = 0;
  let inFlight: Promise<BoardMeal[]> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const watched = () => !stopped && !document.hidden && options.active.value;

  function schedule(): void {
    clearTimeout(timer);
    if (watched()) timer = setTimeout(tick, options.refreshMs);
  }

  async function fetchBoard(): Promise<BoardMeal[]> {
    const [counts, menu] = await Promise.all([canteenApi.kitchen(siteId.value, date.value), canteenApi.menu(siteId.value, date.value)]);
    return boardOf(counts, menu);
  }

  /** Runs one fetch; only the latest day's answer lands (an older one is dropped). */
  async function run(kind: 'load' | 'refresh'): Promise<void> {
    const mine = kind === 'load' ? ++generation : generation;
    const request = fetchBoard();
    inFlight = request;
    try {
      const next = await request;
      if (mine !== generation) return;
      meals.value = next;
      updatedAt.value = new Date();
      state.value = 'ready';
      failure.value = null;
      refreshFailure.value = null;
    } catch (cause) {
      if (mine !== generation) return;
      if (state.value === 'ready') refreshFailure.value = describe(cause);
      else {
        failure.value = describe(cause);
        state.value = 'error';
      }
    } finally {
      if (inFlight === request) inFlight = null;
      if (mine === generation) {
        refreshing.value = false;
        schedule();
      }
    }
  }

  function load(): Promise<void> {
    state.value = 'loading';
    failure.value = null;
    refreshFailure.value = null;
    refreshing.value = false;
    return run('load');
  }

  function refresh(): void {
    if (inFlight || !watched()) return;
    refreshing.value = true;
    void run('refresh');
  }

  function tick(): void {
    const today = businessToday();
    if (followsToday.value && date.value !== today) date.value = today;
    else refresh();
  }

  function setDate(next: string): void {
    followsToday.value = next === businessToday();
    date.value = next;
  }

  function onVisibility(): void {
    if (watched()) tick();
    else clearTimeout(timer);
  }

  watch([siteId, date], () => void load(), { immediate: true });
  watch(options.active, onVisibility);
  onMounted(() => document.addEventListener('visibilitychange', onVisibility));
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });

  const total = computed(() => meals.value.reduce((n, m) => n + m.portions, 0));
  const isEmpty = computed(() => state.value === 'ready' && total.value === 0);

  return { date, setDate, meals, total, isEmpty, state, failure, refreshFailure, refreshing, updatedAt, load };
}
