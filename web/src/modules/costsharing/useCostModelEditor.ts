/**
 * The cost model editor's state and behaviour for one site and service line:
 * - the versions (newest first), the one in force today, and the form seeded from it;
 * - the form in yuan and percent, checked as typed and converted to fen and fractions exactly;
 * - a live preview: 300 ms after the numbers settle, `POST /costsharing/quotes` with the
 *   unsaved numbers as `draft` for the chosen date (older answers are dropped);
 * - save as a new version, with 400/409/422 shown beside the fields the server names;
 * - withdraw a version nothing was served under.
 */
import { computed, onBeforeUnmount, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';
import { ElMessage } from '@/ui/message';
import {
  COST_COMPONENTS,
  costsharingApi,
  type CostComponent,
  type CostModelNumbers,
  type CostModelVersion,
  type PriceRounding,
  type Quote,
  type ServiceLine,
} from './costsharing.api';
import { addDays, businessToday } from '@/ui/dates';
import { fenToYuanInput, fractionToPercentInput, parsePercentToFraction, parseYuanToFen } from '@/ui/money';
import { useFailure, type Failure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';

export const PREVIEW_DEBOUNCE_MS = 300;

export type BandKey = 'floor' | 'target' | 'cap';
export const BAND_KEYS: readonly BandKey[] = ['floor', 'target', 'cap'];

/** Field names as the API names them in `problem.errors[].field`. */
export type FieldKey =
  | `componentsFen.${CostComponent}`
  | 'componentsFen'
  | `marginBand.${BandKey}`
  | 'marginBand'
  | 'priceStepFen'
  | 'minPriceFen'
  | 'priceRounding'
  | 'effectiveFrom';

export interface CostModelForm {
  components: Record<CostComponent, string>;
  band: Record<BandKey, string>;
  priceStep: string;
  minPrice: string;
  rounding: PriceRounding;
  effectiveFrom: string;
}

export type VersionStatus = 'inForce' | 'scheduled' | 'superseded';

const KNOWN_FIELDS = new Set<string>([
  ...COST_COMPONENTS.map((c) => `componentsFen.${c}`),
  'componentsFen',
  ...BAND_KEYS.map((k) => `marginBand.${k}`),
  'marginBand',
  'priceStepFen',
  'minPriceFen',
  'priceRounding',
  'effectiveFrom',
]);

function blankForm(): CostModelForm {
  return {
    components: Object.fromEntries(COST_COMPONENTS.map((c) => [c, '0.00'])) as Record<CostComponent, string>,
    band: { floor: '0', target: '3', cap: '5' },
    priceStep: '0.50',
    minPrice: '0.00',
    rounding: 'half-up',
    effectiveFrom: '',
  };
}

export function useCostModelEditor(siteId: Readonly<Ref<string | null>>, serviceLine: Readonly<Ref<ServiceLine['code']>>) {
  const { t } = useI18n();
  const describe = useFailure();
  const today = ref(businessToday());

  // ── versions ────────────────────────────────────────────────────────────────────────
  const {
    data: loadedVersions,
    state: versionsState,
    failure: versionsFailure,
    load: loadLatestVersions,
  } = useLatestLoad(async () => {
    const rows = await costsharingApi.costModels(siteId.value as string, serviceLine.value);
    return [...rows].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  });
  /** Newest first. */
  const versions = computed<CostModelVersion[]>(() => loadedVersions.value ?? []);

  /** The newest version whose date has come: what prices a unit served today. */
  const inForce = computed(() => versions.value.find((v) => v.effectiveFrom <= today.value) ?? null);

  function statusOf(v: CostModelVersion): VersionStatus {
    if (v.effectiveFrom > today.value) return 'scheduled';
    return inForce.value?.id === v.id ? 'inForce' : 'superseded';
  }

  /** Tomorrow, or the day after the last scheduled version (a date can hold one version). */
  function nextFreeDate(): string {
    const tomorrow = addDays(today.value, 1);
    const latest = versions.value[0]?.effectiveFrom;
    return latest && latest >= tomorrow ? addDays(latest, 1) : tomorrow;
  }

  // ── form ────────────────────────────────────────────────────────────────────────────
  const form = reactive<CostModelForm>(blankForm());
  const saving = ref(false);
  const saveFailure = shallowRef<Failure | null>(null);
  /** Messages the server gave, by field; a field's message goes when the field changes. */
  const serverErrors = ref<Partial<Record<FieldKey, string>>>({});

  function fill(v: CostModelNumbers | null, effectiveFrom = nextFreeDate()): void {
    const next = blankForm();
    if (v) {
      for (const c of COST_COMPONENTS) next.components[c] = fenToYuanInput(v.componentsFen[c]);
      for (const k of BAND_KEYS) next.band[k] = fractionToPercentInput(v.marginBand[k]);
      next.priceStep = fenToYuanInput(v.priceStepFen);
      next.minPrice = fenToYuanInput(v.minPriceFen);
      next.rounding = v.priceRounding;
    }
    next.effectiveFrom = effectiveFrom;
    Object.assign(form, next);
    form.components = next.components;
    form.band = next.band;
    serverErrors.value = {};
    saveFailure.value = null;
  }

  const parsed = computed(() => {
    const componentsFen = Object.fromEntries(COST_COMPONENTS.map((c) => [c, parseYuanToFen(form.components[c])])) as Record<
      CostComponent,
      number | null
    >;
    const band = Object.fromEntries(BAND_KEYS.map((k) => [k, parsePercentToFraction(form.band[k])])) as Record<BandKey, number | null>;
    return {
      componentsFen,
      band,
      priceStepFen: parseYuanToFen(form.priceStep),
      minPriceFen: parseYuanToFen(form.minPrice),
    };
  });

  /** Full unit cost of what is typed so far (components that do not parse count as 0). */
  const fullCostFen = computed(() => COST_COMPONENTS.reduce((sum, c) => sum + (parsed.value.componentsFen[c] ?? 0), 0));

  /** What is wrong with the form as typed, by field, in the current locale. */
  const clientErrors = computed(() => {
    const errors: Partial<Record<FieldKey, string>> = {};
    const p = parsed.value;
    for (const c of COST_COMPONENTS) if (p.componentsFen[c] === null) errors[`componentsFen.${c}`] = t('costsharing.validation.yuan');
    if (COST_COMPONENTS.every((c) => p.componentsFen[c] !== null) && fullCostFen.value <= 0) {
      errors.componentsFen = t('costsharing.validation.costPositive');
    }
    for (const k of BAND_KEYS) if (p.band[k] === null) errors[`marginBand.${k}`] = t('costsharing.validation.percent');
    const { floor, target, cap } = p.band;
    if (floor !== null && target !== null && cap !== null && !(floor <= target && target <= cap)) {
      errors.marginBand = t('costsharing.validation.band');
    }
    if (p.priceStepFen === null) errors.priceStepFen = t('costsharing.validation.yuan');
    else if (p.priceStepFen < 1) errors.priceStepFen = t('costsharing.validation.stepPositive');
    if (p.minPriceFen === null) errors.minPriceFen = t('costsharing.validation.yuan');
    if (!form.effectiveFrom) errors.effectiveFrom = t('costsharing.validation.date');
    return errors;
  });

  /** The numbers to price and save, or null while any of them is not valid. */
  const draft = computed<CostModelNumbers | null>(() => {
    const e = clientErrors.value;
    const numberKeys = Object.keys(e).filter((k) => k !== 'effectiveFrom');
    if (numberKeys.length) return null;
    const p = parsed.value;
    return {
      componentsFen: p.componentsFen as Record<CostComponent, number>,
      marginBand: p.band as Record<BandKey, number>,
      priceStepFen: p.priceStepFen!,
      minPriceFen: p.minPriceFen!,
      priceRounding: form.rounding,
    };
  });

  /** The message beside a field: the server's (until the field changes), else what is wrong as typed. */
  function fieldError(key: FieldKey): string | undefined {
    return serverErrors.value[key] ?? clientErrors.value[key];
  }

  // A field's server message is stale once the field changes.
  watch(
    () => JSON.stringify(form),
    (now, before) => {
      if (!before || !Object.keys(serverErrors.value).length) return;
      const a = JSON.parse(now) as CostModelForm;
      const b = JSON.parse(before) as CostModelForm;
      const next = { ...serverErrors.value };
      for (const c of COST_COMPONENTS) {
        if (a.components[c] === b.components[c]) continue;
        delete next[`componentsFen.${c}`];
        delete next.componentsFen;
      }
      for (const k of BAND_KEYS) {
        if (a.band[k] === b.band[k]) continue;
        delete next[`marginBand.${k}`];
        delete next.marginBand;
      }
      if (a.priceStep !== b.priceStep) delete next.priceStepFen;
      if (a.minPrice !== b.minPrice) delete next.minPriceFen;
      if (a.rounding !== b.rounding) delete next.priceRounding;
      if (a.effectiveFrom !== b.effectiveFrom) delete next.effectiveFrom;
      serverErrors.value = next;
    },
  );

  // ── live preview ────────────────────────────────────────────────────────────────────
  const quotes = ref<Quote[]>([]);
  const previewState = ref<'idle' | 'loading' | 'ready' | 'error' | 'invalid'>('idle');
  const previewFailure = shallowRef<Failure | null>(null);
  const previewDate = computed(() => form.effectiveFrom || today.value);
  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let previewAbort: AbortController | null = null;
  let previewSeq = 0;
  /** What the quotes on screen were priced from, so the same numbers are not priced twice. */
  let pricedKey = '';

  /** Drops any preview in flight or scheduled (its answer would belong to other numbers). */
  function cancelPreview(): void {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = null;
    previewAbort?.abort();
    previewSeq += 1;
    pricedKey = '';
  }

  async function runPreview(): Promise<void> {
    const site = siteId.value;
    const numbers = draft.value;
    if (!site || !serviceLine.value || versionsState.value !== 'ready') return;
    if (!numbers) {
      previewState.value = 'invalid';
      return;
    }
    if (!versions.value.length) {
      quotes.value = [];
      previewState.value = 'idle';
      return;
    }
    const request = { siteId: site, serviceLine: serviceLine.value, date: previewDate.value, draft: numbers };
    const key = JSON.stringify(request);
    if (key === pricedKey && previewState.value === 'ready') return;
    previewAbort?.abort();
    const abort = new AbortController();
    previewAbort = abort;
    const seq = ++previewSeq;
    previewState.value = 'loading';
    try {
      const body = await costsharingApi.quotes(request, abort.signal);
      if (seq !== previewSeq) return;
      pricedKey = key;
      quotes.value = body.quotes;
      previewFailure.value = null;
      previewState.value = 'ready';
    } catch (cause) {
      if (seq !== previewSeq || (isApiError(cause) && cause.problem.type === 'about:blank#aborted')) return;
      // The engine says what it could not price, e.g. no version in force on that date.
      previewFailure.value = describe(cause, 'costsharing.preview.error');
      previewState.value = 'error';
    }
  }

  function schedulePreview(delay = PREVIEW_DEBOUNCE_MS): void {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewTimer = null;
      void runPreview();
    }, delay);
  }

  watch([() => JSON.stringify(draft.value), previewDate], () => schedulePreview());

  onBeforeUnmount(cancelPreview);

  // ── loading the line ────────────────────────────────────────────────────────────────
  /** `quiet` refreshes the list in place (after a save) instead of showing the loading state. */
  async function loadVersions(options: { quiet?: boolean } = {}): Promise<void> {
    if (!siteId.value || !serviceLine.value) return;
    today.value = businessToday();
    await loadLatestVersions(options);
  }

  /** Loads the line's versions and seeds the form from the version in force. */
  async function reload(): Promise<void> {
    cancelPreview();
    quotes.value = [];
    previewState.value = 'idle';
    await loadVersions();
    if (versionsState.value !== 'ready') return;
    fill(inForce.value ?? versions.value[versions.value.length - 1] ?? null);
    schedulePreview(0);
  }

  watch([siteId, serviceLine], () => void reload(), { immediate: true });

  function resetToInForce(): void {
    fill(inForce.value ?? versions.value[versions.value.length - 1] ?? null);
  }

  function useAsDraft(v: CostModelVersion): void {
    fill(v);
  }

  // ── saving and withdrawing ──────────────────────────────────────────────────────────
  function applyServerErrors(cause: unknown): void {
    if (!isApiError(cause)) return;
    const next: Partial<Record<FieldKey, string>> = {};
    if (cause.status === 409) next.effectiveFrom = t('costsharing.errors.duplicateDate');
    for (const e of cause.problem.errors ?? []) {
      if (KNOWN_FIELDS.has(e.field)) next[e.field as FieldKey] = t('costsharing.errors.rejected', { message: e.message });
    }
    serverErrors.value = next;
  }

  /** Saves the form as a new version; true when saved. */
  async function save(): Promise<boolean> {
    if (saving.value) return false;
    saveFailure.value = null;
    const numbers = draft.value;
    const site = siteId.value;
    if (!numbers || !form.effectiveFrom || !site) {
      saveFailure.value = { forbidden: false, title: t('costsharing.errors.save'), detail: t('costsharing.validation.fixFirst') };
      return false;
    }
    saving.value = true;
    try {
      const created = await costsharingApi.createCostModel({ siteId: site, serviceLine: serviceLine.value, effectiveFrom: form.effectiveFrom, ...numbers });
      ElMessage.success(t('costsharing.editor.saved', { date: created.effectiveFrom }));
      await loadVersions({ quiet: true });
      serverErrors.value = {};
      form.effectiveFrom = nextFreeDate();
      return true;
    } catch (cause) {
      applyServerErrors(cause);
      const failure = describe(cause, 'costsharing.errors.save');
      const named = Object.keys(serverErrors.value).length > 0;
      const detail = isApiError(cause) && cause.status === 409 ? t('costsharing.errors.duplicateDateDetail') : t('costsharing.validation.fixFirst');
      saveFailure.value = named ? { ...failure, detail } : failure;
      return false;
    } finally {
      saving.value = false;
    }
  }

  const deletingId = ref<string | null>(null);
  async function withdraw(v: CostModelVersion): Promise<void> {
    deletingId.value = v.id;
    try {
      await costsharingApi.deleteCostModel(v.id);
      ElMessage.success(t('costsharing.versions.deleted', { date: v.effectiveFrom }));
      await loadVersions({ quiet: true });
      pricedKey = '';
      schedulePreview(0);
    } catch (cause) {
      const message = isApiError(cause) && cause.status === 422 ? t('costsharing.errors.servedUnder') : describe(cause, 'costsharing.errors.delete').detail;
      ElMessage.error(`${t('costsharing.errors.delete')}: ${message}`);
    } finally {
      deletingId.value = null;
    }
  }

  return {
    today,
    versions,
    versionsState,
    versionsFailure,
    inForce,
    statusOf,
    form,
    fullCostFen,
    fieldError,
    saving,
    saveFailure,
    quotes,
    previewState,
    previewFailure,
    previewDate,
    reload,
    resetToInForce,
    useAsDraft,
    save,
    withdraw,
    deletingId,
  };
}
