/**
 * The set-meal dialog: add, change or remove one set meal of a cell (a date and a meal).
 * A draft is saved whole (`PUT /canteen/plans/:id` with every set meal of the week); a
 * published plan changes the one set meal (`PATCH /canteen/set-meals/:id`). The server
 * checks the rules; its messages come back by field (`setMeals.3.name` for a draft, `name`
 * for one set meal) and are shown beside that field, in the user's language where known.
 */
import { computed, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError, type ProblemFieldError } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useLocalText } from '@/composables/useLocalText';
import { useServerText } from '@/composables/useServerText';
import { ElMessage } from '@/ui/message';
import { MEAL_NAMES, type Meal, type SetMeal, type SetMealInput } from '../canteen.api';
import { toInput, type PlanWeek } from './usePlanWeek';

export const FIELDS = ['name', 'dishes', 'nutritionTags', 'portionLimit', 'date'] as const;
export type SetMealField = (typeof FIELDS)[number];

export interface SetMealForm {
  name: string;
  dishes: string[];
  nutritionTags: string[];
  unlimited: boolean;
  portionLimit: number;
}

const DEFAULT_LIMIT = 100;

export function useSetMealEditor(week: PlanWeek) {
  const { t } = useI18n();
  const { text } = useLocalText();
  const describe = useFailure();
  const explain = useServerText();

  const visible = ref(false);
  const slot = ref<{ date: string; meal: Meal }>({ date: '', meal: 'lunch' });
  const editing = ref<SetMeal | null>(null);
  const form = reactive<SetMealForm>({ name: '', dishes: [], nutritionTags: [], unlimited: true, portionLimit: DEFAULT_LIMIT });
  const errors = ref<Partial<Record<SetMealField, string>>>({});
  /** Messages the server gave about other set meals of the week, or about none in particular. */
  const otherErrors = ref<string[]>([]);
  const failure = ref<string | null>(null);
  const saving = ref(false);
  const removing = ref(false);

  const published = computed(() => week.plan.value?.status === 'published');

  function start(date: string, meal: Meal, setMeal: SetMeal | null = null): void {
    slot.value = { date, meal };
    editing.value = setMeal;
    Object.assign(form, {
      name: setMeal?.name ?? '',
      dishes: [...(setMeal?.dishes ?? [])],
      nutritionTags: [...(setMeal?.nutritionTags ?? [])],
      unlimited: setMeal ? setMeal.portionLimit === null : true,
      portionLimit: setMeal?.portionLimit ?? DEFAULT_LIMIT,
    });
    clearMessages();
    visible.value = true;
  }

  function clearMessages(): void {
    errors.value = {};
    otherErrors.value = [];
    failure.value = null;
  }

  // A field's message is stale once the field changes.
  watch(
    () => form.name,
    () => delete errors.value.name,
  );
  watch(
    () => form.dishes.length,
    () => delete errors.value.dishes,
  );
  watch(
    () => form.nutritionTags.length,
    () => delete errors.value.nutritionTags,
  );
  watch(
    () => [form.unlimited, form.portionLimit],
    () => delete errors.value.portionLimit,
  );

  function fields(): Omit<SetMealInput, 'date' | 'meal'> {
    return {
      name: form.name.trim(),
      dishes: form.dishes,
      nutritionTags: form.nutritionTags,
      portionLimit: form.unlimited ? null : form.portionLimit,
    };
  }

  function describeSetMeal(s: SetMealInput): string {
    return t('canteen.plans.dialog.otherSetMeal', { date: s.date, meal: text(MEAL_NAMES[s.meal]), name: s.name || '—' });
  }

  /**
   * Puts each server message beside its field: `prefix` is how the server names the set
   * meal being edited (`setMeals.3.` in a whole-week save, nothing in a one-meal change).
   */
  function showErrors(cause: unknown, prefix: string, sent: SetMealInput[] = []): void {
    const named: Partial<Record<SetMealField, string>> = {};
    const others: string[] = [];
    for (const e of (isApiError(cause) ? cause.problem.errors : undefined) ?? ([] as ProblemFieldError[])) {
      const own = e.field.startsWith(prefix) ? e.field.slice(prefix.length) : null;
      const [key, item] = (own ?? '').split('.');
      if (own !== null && (FIELDS as readonly string[]).includes(key)) {
        const message = explain(e);
        named[key as SetMealField] ??= item === undefined ? message : t('canteen.plans.dialog.itemError', { n: Number(item) + 1, message });
        continue;
      }
      const other = /^setMeals\.(\d+)\./.exec(e.field);
      const about = other ? sent[Number(other[1])] : undefined;
      others.push(about ? t('canteen.plans.errors.titled', { title: describeSetMeal(about), detail: explain(e) }) : explain(e));
    }
    errors.value = named;
    otherErrors.value = others;
    if (!Object.keys(named).length && !others.length) {
      failure.value = isApiError(cause) && cause.status === 409 ? t('canteen.plans.errors.conflict') : describe(cause).detail;
    }
  }

  /** Saves the dialog; true when saved (and the dialog closes). */
  async function save(): Promise<boolean> {
    const plan = week.plan.value;
    if (!plan || saving.value) return false;
    clearMessages();
    saving.value = true;
    const sent = plan.setMeals.map(toInput);
    let index = sent.length;
    try {
      if (published.value && editing.value) {
        await week.changeSetMeal(editing.value.id, fields());
      } else {
        const next = { ...slot.value, ...fields() };
        const at = editing.value ? plan.setMeals.findIndex((s) => s.id === editing.value?.id) : -1;
        if (at >= 0) {
          index = at;
          sent[at] = next;
        } else {
          sent.push(next);
        }
        await week.replaceSetMeals(sent);
      }
      visible.value = false;
      ElMessage.success(t('canteen.plans.dialog.saved', { name: fields().name }));
      return true;
    } catch (cause) {
      showErrors(cause, published.value ? '' : `setMeals.${index}.`, sent);
      if (isApiError(cause) && cause.status === 409 && !published.value) await week.load();
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** Takes the set meal out of a draft. */
  async function remove(): Promise<void> {
    const plan = week.plan.value;
    const gone = editing.value;
    if (!plan || !gone || published.value) return;
    clearMessages();
    removing.value = true;
    try {
      await week.replaceSetMeals(plan.setMeals.filter((s) => s.id !== gone.id).map(toInput));
      visible.value = false;
      ElMessage.success(t('canteen.plans.dialog.removed', { name: gone.name }));
    } catch (cause) {
      failure.value = describe(cause).detail;
    } finally {
      removing.value = false;
    }
  }

  return { visible, slot, editing, form, errors, otherErrors, failure, saving, removing, published, start, save, remove };
}
