/**
 * What every cost-sharing page needs first: who is looking (may they edit, are they a
 * department), which site (the login's own; a department chooses among all sites), the
 * service lines with their tiers, and the site's parties. Also the shared helpers that
 * turn an API failure into words and pick zh or en from a `{zh, en}` pair.
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';
import { useSessionStore } from '@/stores/session';
import { costsharingApi, type LocalText, type Party, type ServiceLine, type Site } from './costsharing.api';
import './messages';

export type LoadState = 'loading' | 'ready' | 'error';

/** A failure as a title and a detail in the current locale; 403 is told apart so pages can explain. */
export interface Failure {
  forbidden: boolean;
  title: string;
  detail: string;
}

export function useFailure() {
  const { t } = useI18n();
  return (cause: unknown, titleKey = 'costsharing.errors.load'): Failure => {
    if (isApiError(cause) && cause.status === 403) {
      return { forbidden: true, title: t('costsharing.errors.forbidden'), detail: t('costsharing.errors.forbiddenDetail') };
    }
    if (isApiError(cause) && (cause.isNetworkError || cause.status >= 502)) {
      return { forbidden: false, title: t(titleKey), detail: t('costsharing.errors.network') };
    }
    const detail = isApiError(cause) ? (cause.problem.detail ?? cause.problem.title) : t('costsharing.errors.generic');
    return { forbidden: false, title: t(titleKey), detail };
  };
}

/** zh or en of a `{zh, en}` pair, following the locale switch. */
export function useLocalText() {
  const { locale } = useI18n();
  const isEn = computed(() => locale.value === 'en');
  return {
    isEn,
    text: (value: LocalText | undefined | null): string => (value ? (isEn.value ? value.en : value.zh) : ''),
    partyName: (party: Pick<Party, 'name' | 'nameEn'> | undefined, fallback = ''): string =>
      party ? (isEn.value ? party.nameEn : party.name) : fallback,
  };
}

export function useCostsharing() {
  const session = useSessionStore();
  const { user } = storeToRefs(session);
  const describe = useFailure();

  const role = computed(() => user.value?.role ?? null);
  /** Operator and community admins read and write cost models, rules and reports. */
  const isAdmin = computed(() => role.value === 'operator_admin' || role.value === 'community_admin');
  /** A department reads only the contribution rules that name it, at any site. */
  const isDepartment = computed(() => role.value === 'department');

  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  const sites = ref<Site[]>([]);
  const siteId = ref<string | null>(null);
  const serviceLines = ref<ServiceLine[]>([]);
  const parties = ref<Party[]>([]);

  const partiesById = computed(() => new Map(parties.value.map((p) => [p.id, p])));
  const linesByCode = computed(() => new Map(serviceLines.value.map((l) => [l.code, l])));

  async function loadSites(): Promise<void> {
    const own = user.value?.siteIds ?? [];
    try {
      sites.value = await costsharingApi.sites();
    } catch (cause) {
      // Names are a nicety: without them the login's own site ids still work.
      if (!own.length) throw cause;
      sites.value = [];
    }
    const ids = own.length ? own : sites.value.map((s) => s.id);
    if (!siteId.value || !ids.includes(siteId.value)) siteId.value = ids[0] ?? null;
  }

  async function loadParties(): Promise<void> {
    parties.value = siteId.value ? await costsharingApi.parties(siteId.value) : [];
  }

  async function load(): Promise<void> {
    state.value = 'loading';
    failure.value = null;
    try {
      const [lines] = await Promise.all([costsharingApi.serviceLines(), loadSites()]);
      serviceLines.value = lines;
      await loadParties();
      state.value = 'ready';
    } catch (cause) {
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  /** Sites the user may choose among (only shown when there is more than one). */
  const siteOptions = computed(() => {
    const own = user.value?.siteIds ?? [];
    const ids = own.length ? own : sites.value.map((s) => s.id);
    return ids.map((id) => ({ id, name: sites.value.find((s) => s.id === id)?.name ?? id }));
  });

  watch(siteId, (next, previous) => {
    if (previous && next !== previous) void loadParties().catch(() => undefined);
  });

  return {
    state,
    failure,
    isAdmin,
    isDepartment,
    siteId,
    siteOptions,
    serviceLines,
    linesByCode,
    parties,
    partiesById,
    load,
  };
}

export type CostsharingContext = ReturnType<typeof useCostsharing>;
