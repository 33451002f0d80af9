/**
 * What every canteen tab needs first: the site it works on and what the login may do
 * there. Writes are shown only to roles that hold the action (api/auth/permissions.ts).
 */
import { computed, ref, shallowRef } from 'vue';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { useSiteChoice } from '@/composables/useSiteChoice';
import { useSessionStore } from '@/stores/session';
import './messages';

export function useCanteen() {
  const session = useSessionStore();
  const describe = useFailure();
  const { siteId, siteOptions, loadSites } = useSiteChoice();

  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);

  const may = computed(() => ({
    takeOrders: session.can('canteen.orders.write'),
    editMembers: session.can('canteen.members.write'),
    readIdentity: session.can('canteen.members.identity'),
    editPlans: session.can('canteen.plans.write'),
    editSettings: session.can('canteen.settings.write'),
    moveWallet: session.can('canteen.wallet.write'),
  }));

  async function load(): Promise<void> {
    state.value = 'loading';
    failure.value = null;
    try {
      await loadSites();
      state.value = 'ready';
    } catch (cause) {
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  return { state, failure, siteId, siteOptions, may, load };
}

export type CanteenPermissions = ReturnType<typeof useCanteen>['may']['value'];
