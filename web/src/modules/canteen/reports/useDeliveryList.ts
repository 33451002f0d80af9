/**
 * The delivery list's state: a day and a meal (or all), the runs the API sorted building by
 * building (2栋 before 10栋), and the counts a volunteer checks against the boxes.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { canteenApi, DIETARY_TAG_NAMES, type DietaryTag, type Meal } from '../canteen.api';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { businessToday } from '@/ui/dates';

export type MealChoice = Meal | 'all';

const TAG_OF_ZH_NAME = new Map(Object.entries(DIETARY_TAG_NAMES).map(([tag, name]) => [name.zh, tag as DietaryTag]));
const ALLERGY = '过敏：';

/** How a stop's notes are said in the reader's language. */
export interface NoteWords {
  tag(tag: DietaryTag): string;
  /** Between two diet tags: 、 or , */
  sep: string;
  allergy(what: string): string;
}

/**
 * A stop's notes as the API joins them (the member's diet tags in Chinese joined by 、, then
 * 「过敏：…」, then the order's note, parted by ；), split so allergies stand out, with the diet
 * tags and the word allergy in the reader's language. What staff typed stays as typed.
 */
export function noteParts(notes: string | null, words: NoteWords): { text: string; allergy: boolean }[] {
  if (!notes) return [];
  return notes
    .split('；')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith(ALLERGY)) return { text: words.allergy(part.slice(ALLERGY.length)), allergy: true };
      const tags = part.split('、').map((name) => TAG_OF_ZH_NAME.get(name));
      const known = tags.every((tag): tag is DietaryTag => tag !== undefined);
      return { text: known ? tags.map((tag) => words.tag(tag)).join(words.sep) : part, allergy: false };
    });
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
