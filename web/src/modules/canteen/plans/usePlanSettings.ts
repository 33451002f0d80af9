/**
 * The site's canteen policy and closing days, for the "服务日历与截单" panel. Everyone
 * with the tab reads them; admins change them. Each change moves the service calendar,
 * so `onCalendarChanged` lets the week grid fetch its badges again.
 */
import { computed, reactive, ref, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { useServerText } from '@/composables/useServerText';
import { ElMessage } from '@/ui/message';
import { businessToday } from '@/ui/dates';
import { fenToYuanInput, parseYuanToFen } from '@/ui/money';
import { canteenApi, type CanteenSettings, type ClosedDay } from '../canteen.api';

export interface SettingsForm {
  tierPricedPortionsPerMeal: number;
  serveOnWeekends: boolean;
  serveOnHolidays: boolean;
  overdraftYuan: string;
}

type ClosedDayField = 'date' | 'reason';

export function usePlanSettings(siteId: Readonly<Ref<string>>, onCalendarChanged: () => void) {
  const { t } = useI18n();
  const describe = useFailure();
  const explain = useServerText();

  const settings = ref<CanteenSettings | null>(null);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);

  const form = reactive<SettingsForm>({ tierPricedPortionsPerMeal: 1, serveOnWeekends: true, serveOnHolidays: true, overdraftYuan: '0.00' });
  const overdraftError = ref<string | null>(null);
  const saving = ref(false);

  const newDay = reactive({ date: '', reason: '' });
  const closedErrors = ref<Partial<Record<ClosedDayField, string>>>({});
  const adding = ref(false);
  const removingId = ref<string | null>(null);

  function fill(s: CanteenSettings): void {
    settings.value = s;
    Object.assign(form, {
      tierPricedPortionsPerMeal: s.tierPricedPortionsPerMeal,
      serveOnWeekends: s.serveOnWeekends,
      serveOnHolidays: s.serveOnHolidays,
      overdraftYuan: fenToYuanInput(s.defaultOverdraftLimitFen),
    });
  }

  async function load(): Promise<void> {
    state.value = 'loading';
    failure.value = null;
    try {
      fill(await canteenApi.settings(siteId.value));
      state.value = 'ready';
    } catch (cause) {
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  async function save(): Promise<void> {
    const fen = parseYuanToFen(form.overdraftYuan);
    overdraftError.value = fen === null ? t('canteen.plans.settings.yuanInvalid') : null;
    if (fen === null || saving.value) return;
    saving.value = true;
    try {
      fill(
        await canteenApi.saveSettings({
          siteId: siteId.value,
          tierPricedPortionsPerMeal: form.tierPricedPortionsPerMeal,
          serveOnWeekends: form.serveOnWeekends,
          serveOnHolidays: form.serveOnHolidays,
          defaultOverdraftLimitFen: fen,
        }),
      );
      ElMessage.success(t('canteen.plans.settings.saved'));
      onCalendarChanged();
    } catch (cause) {
      const named = isApiError(cause) ? cause.problem.errors?.find((e) => e.field === 'defaultOverdraftLimitFen') : undefined;
      if (named) overdraftError.value = explain(named);
      else ElMessage.error(t('canteen.plans.errors.titled', { title: t('canteen.plans.settings.saveFailed'), detail: describe(cause).detail }));
    } finally {
      saving.value = false;
    }
  }

  /** Closing days from today on; past ones no longer change anything. */
  const upcoming = computed<ClosedDay[]>(() => (settings.value?.closedDays ?? []).filter((d) => d.date >= businessToday()));
  const pastCount = computed(() => (settings.value?.closedDays.length ?? 0) - upcoming.value.length);

  async function addClosedDay(): Promise<void> {
    if (adding.value) return;
    closedErrors.value = {};
    adding.value = true;
    try {
      const added = await canteenApi.addClosedDay(siteId.value, newDay.date, newDay.reason.trim());
      if (settings.value) {
        const closedDays = [...settings.value.closedDays, added].sort((a, b) => a.date.localeCompare(b.date));
        settings.value = { ...settings.value, closedDays };
      }
      ElMessage.success(t('canteen.plans.closedDays.added', { date: added.date }));
      Object.assign(newDay, { date: '', reason: '' });
      onCalendarChanged();
    } catch (cause) {
      const errors: Partial<Record<ClosedDayField, string>> = {};
      for (const e of (isApiError(cause) ? cause.problem.errors : undefined) ?? []) {
        if (e.field === 'date' || e.field === 'reason') errors[e.field] ??= explain(e);
      }
      closedErrors.value = errors;
      if (!Object.keys(errors).length) ElMessage.error(t('canteen.plans.errors.titled', { title: t('canteen.plans.closedDays.addFailed'), detail: describe(cause).detail }));
    } finally {
      adding.value = false;
    }
  }

  async function removeClosedDay(day: ClosedDay): Promise<void> {
    removingId.value = day.id;
    try {
      await canteenApi.removeClosedDay(day.id);
      if (settings.value) settings.value = { ...settings.value, closedDays: settings.value.closedDays.filter((d) => d.id !== day.id) };
      ElMessage.success(t('canteen.plans.closedDays.removed', { date: day.date }));
      onCalendarChanged();
    } catch (cause) {
      ElMessage.error(t('canteen.plans.errors.titled', { title: t('canteen.plans.closedDays.removeFailed'), detail: describe(cause).detail }));
    } finally {
      removingId.value = null;
    }
  }

  return { settings, state, failure, form, overdraftError, saving, newDay, closedErrors, adding, removingId, upcoming, pastCount, load, save, addClosedDay, removeClosedDay };
}
