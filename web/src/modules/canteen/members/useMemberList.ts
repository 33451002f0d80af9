/**
 * The members list: server-paged with filters, or, while something is typed in the search
 * box, the counter's own search (best match first). A late answer to an earlier query is
 * dropped, so fast typing never shows the results of what was typed before.
 */
import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { businessToday } from '@/ui/dates';
import { canteenApi, type Category, type MemberSearchHit, type MemberSummary } from '../canteen.api';

export type StatusFilter = 'active' | 'inactive' | 'all';
export type HomeboundFilter = 'all' | 'yes' | 'no';

const SEARCH_LIMIT = 50;
const TYPING_PAUSE_MS = 250;

export function useMemberList(siteId: Readonly<Ref<string>>) {
  const describe = useFailure();
  const filters = reactive({
    status: 'active' as StatusFilter,
    building: '',
    homebound: 'all' as HomeboundFilter,
    category: '' as Category | '',
  });
  /** The day the subsidy tier is worked out for (a birthday or an expired certificate changes it). */
  const tierDate = ref(businessToday());
  const query = ref('');
  const page = ref(1);
  const pageSize = ref(20);

  const items = ref<(MemberSummary | MemberSearchHit)[]>([]);
  const total = ref(0);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  /** What the shown rows answer: the typed search, or '' for the filtered list. */
  const shownQuery = ref('');
  const searching = computed(() => query.value.trim() !== '');

  let seq = 0;
  /** `quiet` keeps the rows on screen while they refresh (after a save elsewhere on the page). */
  async function load(options: { quiet?: boolean } = {}): Promise<void> {
    const mine = ++seq;
    const q = query.value.trim();
    if (!options.quiet || state.value !== 'ready') state.value = 'loading';
    failure.value = null;
    try {
      if (q) {
        const hits = await canteenApi.searchMembers({
          siteId: siteId.value,
          q,
          includeInactive: filters.status !== 'active',
          date: tierDate.value,
          limit: SEARCH_LIMIT,
        });
        if (mine !== seq) return;
        items.value = filters.status === 'inactive' ? hits.filter((h) => !h.active) : hits;
        total.value = items.value.length;
      } else {
        const list = await canteenApi.members({
          siteId: siteId.value,
          active: filters.status === 'all' ? undefined : filters.status === 'active',
          building: filters.building.trim() || undefined,
          homebound: filters.homebound === 'all' ? undefined : filters.homebound === 'yes',
          category: filters.category || undefined,
          date: tierDate.value,
          limit: pageSize.value,
          offset: (page.value - 1) * pageSize.value,
        });
        if (mine !== seq) return;
        items.value = list.items;
        total.value = list.total;
      }
      shownQuery.value = q;
      state.value = 'ready';
    } catch (cause) {
      if (mine !== seq) return;
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  let typing: ReturnType<typeof setTimeout> | undefined;
  watch(query, () => {
    clearTimeout(typing);
    typing = setTimeout(() => void load(), TYPING_PAUSE_MS);
  });
  /** The rows for exactly what is typed now: Enter in the search box does not wait for the pause. */
  async function settle(): Promise<void> {
    clearTimeout(typing);
    if (shownQuery.value !== query.value.trim() || state.value !== 'ready') await load();
  }

  watch([() => ({ ...filters }), tierDate, pageSize], () => {
    // Back to the first page; the page watcher loads, unless the page was already 1.
    if (page.value !== 1) page.value = 1;
    else void load();
  });
  watch(page, () => void load());
  watch(siteId, () => void load(), { immediate: true });

  return { filters, tierDate, query, page, pageSize, items, total, state, failure, searching, shownQuery, load, settle };
}
