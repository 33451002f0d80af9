/**
 * Which site a page works on: the login's own sites, or every site for a login scoped
 * to none (a department). Names come from `/sites`; without them the ids still work.
 */
import { computed, ref } from 'vue';
import { storeToRefs } from 'pinia';
import { http } from '@/api/http';
import type { Answer, Schema } from '@/api/types';
import { useSessionStore } from '@/stores/session';

export type Site = Schema<'Site'>;

export function useSiteChoice() {
  const { user } = storeToRefs(useSessionStore());
  const sites = ref<Site[]>([]);
  const siteId = ref<string | null>(null);

  const ids = computed(() => {
    const own = user.value?.siteIds ?? [];
    return own.length ? own : sites.value.map((s) => s.id);
  });

  /** Sites the user may choose among (a page shows the choice only when there is more than one). */
  const siteOptions = computed(() => ids.value.map((id) => ({ id, name: sites.value.find((s) => s.id === id)?.name ?? id })));

  async function loadSites(): Promise<void> {
    try {
      sites.value = await http.get<Answer<'/sites', 'get'>>('/sites');
    } catch (cause) {
      if (!(user.value?.siteIds ?? []).length) throw cause;
      sites.value = [];
    }
    if (!siteId.value || !ids.value.includes(siteId.value)) siteId.value = ids.value[0] ?? null;
  }

  return { sites, siteId, siteOptions, loadSites };
}
