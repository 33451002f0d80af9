/**
 * What every cost-sharing page needs first: who is looking (may they edit, are they a
 * department), which site (the login's own; a department chooses among all sites), the
 * service lines with their tiers, and the site's parties.
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { storeToRefs } from 'pinia';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { useSiteChoice } from '@/composables/useSiteChoice';
import { useSessionStore } from '@/stores/session';
import { costsharingApi, type Party, type ServiceLine } from './costsharing.api';
import './messages';

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
  const { siteId, siteOptions, loadSites } = useSiteChoice();
  const serviceLines = ref<ServiceLine[]>([]);
  const parties = ref<Party[]>([]);

  const partiesById = computed(() => new Map(parties.value.map((p) => [p.id, p])));
  // Keyed by any string: the page looks a line up by the code in its address.
  const linesByCode = computed(() => new Map<string, ServiceLine>(serviceLines.value.map((l) => [l.code, l])));

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
