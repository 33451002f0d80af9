/**
 * The members list: server-paged with filters, or, while something is typed in the search
 * box, the counter's own search (best match first). A late answer to an earlier query is
 * dropped, so fast typing never shows the results of what was typed before.
 */
import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { businessToday } from '@/ui/dates';
import { canteenApi, type Category, type MemberSearchHit, type MemberSummary } from '../canteen.api';

export type StatusFilter = 'active' | 'inactive' | 'all';
export type HomeboundFilter = 'all' | 'yes' | 'no';

const SEARCH_LIMIT = 50;
const TYPING_PAUSE_MS = 250;

export function useMemberList(siteId: Readonly<Ref<string>>) {
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

  const searching = computed(() => query.value.trim() !== '');

  const { data, state, failure, load } = useLatestLoad(async (): Promise<{ query: string; items: (MemberSummary | MemberSearchHit)[]; total: number }> => {
    const q = query.value.trim();
    if (q) {
      const hits = await canteenApi.searchMembers({
        siteId: siteId.value,
        q,
        includeInactive: filters.status !== 'active',
        date: tierDate.value,
        limit: SEARCH_LIMIT,
      });
      const items = filters.status === 'inactive' ? hits.filter((h) => !h.active) : hits;
      return { query: q, items, total: items.length };
    }
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
    return { query: '', items: list.items, total: list.total };
  });
  const items = computed(() => data.value?.items ?? []);
  const total = computed(() => data.value?.total ?? 0);
  /** What the shown rows answer: the typed search, or '' for the filtered list. */
  const shownQuery = computed(() => data.value?.query ?? '');

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
