/**
 * The counter's member search: asks the server 150 ms after the last keystroke, drops
 * answers to queries no longer typed, and moves a highlight with the arrow keys. Enter may
 * come before the answer (a card reader types the number and Enter at once): then the
 * search runs at once and the first hit is picked when it answers, unless the query
 * changed in between.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useFailure, type Failure } from '@/composables/useFailure';
import { canteenApi, type MemberSearchHit } from '../canteen.api';

const DEBOUNCE_MS = 150;
const LIMIT = 8;

export type SearchState = 'idle' | 'searching' | 'ready' | 'error';

export function useMemberSearch(siteId: Readonly<Ref<string>>, date: Readonly<Ref<string>>, onPick: (hit: MemberSearchHit) => void) {
  const describe = useFailure();
  const query = ref('');
  const hits = shallowRef<MemberSearchHit[]>([]);
  const highlighted = ref(0);
  const state = ref<SearchState>('idle');
  const failure = shallowRef<Failure | null>(null);
  /** Enter came before the answer: pick the first hit of the query it was pressed on. */
  const pickPending = ref(false);
  let answered = '';
  let seq = 0;
  let timer: number | undefined;

  const term = computed(() => query.value.trim());
  const open = computed(() => term.value !== '');

  async function run(q: string): Promise<void> {
    window.clearTimeout(timer);
    const mine = ++seq;
    state.value = 'searching';
    try {
      const found = await canteenApi.searchMembers({ siteId: siteId.value, q, date: date.value, limit: LIMIT });
      if (mine !== seq) return;
      hits.value = found;
      highlighted.value = 0;
      answered = q;
      failure.value = null;
      state.value = 'ready';
      if (pickPending.value) {
        pickPending.value = false;
        if (found.length) onPick(found[0]);
      }
    } catch (cause) {
      if (mine !== seq) return;
      pickPending.value = false;
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  watch(term, (q) => {
    window.clearTimeout(timer);
    pickPending.value = false;
    if (!q) {
      seq++;
      hits.value = [];
      answered = '';
      state.value = 'idle';
      return;
    }
    state.value = 'searching';
    timer = window.setTimeout(() => void run(q), DEBOUNCE_MS);
  });

  function move(delta: 1 | -1): void {
    const n = hits.value.length;
    if (n) highlighted.value = (highlighted.value + delta + n) % n;
  }

  /** Enter: the highlighted hit now, or the first one once the typed query is answered. */
  function pick(): void {
    if (!term.value) return;
    if (answered === term.value && state.value === 'ready') {
      const hit = hits.value[highlighted.value];
      if (hit) onPick(hit);
      return;
    }
    pickPending.value = true;
    void run(term.value);
  }

  function clear(): void {
    query.value = '';
  }

  return { query, term, hits, highlighted, state, failure, open, pickPending, move, pick, clear };
}

export type MemberSearch = ReturnType<typeof useMemberSearch>;
