/**
 * The delivery list's state: a day and a meal (or all), the runs the API sorted building by
 * building (2栋 before 10栋), and the counts a volunteer checks against the boxes.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { canteenApi, type Meal } from '../canteen.api';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { businessToday } from '@/ui/dates';

export type MealChoice = Meal | 'all';

/** A stop's notes split so allergies stand out from the diet tags (the API joins them with '；'). */
export function noteParts(notes: string | null): { text: string; allergy: boolean }[] {
  if (!notes) return [];
  return notes
    .split('；')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => ({ text: part, allergy: part.startsWith('过敏') }));
}

export function useDeliveryList(siteId: Readonly<Ref<string>>) {
  const date = ref(businessToday());
  const meal = ref<MealChoice>('all');
  const { data: list, state, failure, load } = useLatestLoad(() => canteenApi.delivery(siteId.value, date.value, meal.value === 'all' ? undefined : meal.value));

  watch([siteId, date, meal], () => void load(), { immediate: true });

  const runs = computed(() =>
    (list.value?.runs ?? []).map((run) => ({
      ...run,
      stops: run.buildings.reduce((n, b) => n + b.stops.length, 0),
      portions: run.buildings.reduce((n, b) => n + b.portions, 0),
    })),
  );
  const isEmpty = computed(() => state.value === 'ready' && runs.value.length === 0);

  return { date, meal, runs, isEmpty, state, failure, load };
}
