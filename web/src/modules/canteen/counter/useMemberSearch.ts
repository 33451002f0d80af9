/**
 * The counter's member search: asks the server 150 ms after the last keystroke, drops
 * answers to queries no longer typed, and moves a highlight with the arrow keys. Enter on
 * an answer in sight picks the highlighted member. Enter before the answer (a worker typing
 * from memory, a card reader typing the number and Enter at once) waits for the answer to
 * that query and picks only a member it leaves no choice about: several (or none) stop
 * there, with the list in sight, and the keys typed after Enter are dropped.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useFailure, type Failure } from '@/composables/useFailure';
import { canteenApi, type MemberSearchHit } from '../canteen.api';

const DEBOUNCE_MS = 150;
const LIMIT = 8;

export type SearchState = 'idle' | 'searching' | 'ready' | 'error';

export interface SearchOutcome {
  /** Enter picked this member. */
  pick(hit: MemberSearchHit): void;
  /** Enter picked nobody: the answer leaves a choice to make, or none. */
  halt(): void;
}

export function useMemberSearch(siteId: Readonly<Ref<string>>, date: Readonly<Ref<string>>, on: SearchOutcome) {
  const describe = useFailure();
  const query = ref('');
  const hits = shallowRef<MemberSearchHit[]>([]);
  /** More members match than the list shows: the worker types more, or picks from those in sight. */
  const more = ref(false);
  const highlighted = ref(0);
  const state = ref<SearchState>('idle');
  const failure = shallowRef<Failure | null>(null);
  /** Enter came before the answer: act on the answer to the query it was pressed on. */
  const pickPending = ref(false);
  /** That answer named several members: the list asks for a choice. */
  const choose = ref(false);
  let answered = '';
  /** The query of the request in flight, so an Enter on it waits for that answer instead of asking again. */
  let asking: string | null = null;
  let seq = 0;
  let timer: number | undefined;

  const term = computed(() => query.value.trim());
  const open = computed(() => term.value !== '');

  function settlePending(found: MemberSearchHit[] | null): void {
    if (!pickPending.value) return;
    pickPending.value = false;
    choose.value = (found?.length ?? 0) > 1;
    if (found?.length === 1) on.pick(found[0]);
    else on.halt();
  }

  async function run(q: string): Promise<void> {
    window.clearTimeout(timer);
    const mine = ++seq;
    asking = q;
    state.value = 'searching';
    try {
      // one more than shown, to know whether the list is all of them
      const answer = await canteenApi.searchMembers({ siteId: siteId.value, q, date: date.value, limit: LIMIT + 1 });
      if (mine !== seq) return;
      const found = answer.slice(0, LIMIT);
      asking = null;
      hits.value = found;
      more.value = answer.length > LIMIT;
      highlighted.value = 0;
      answered = q;
      failure.value = null;
      state.value = 'ready';
      settlePending(found);
    } catch (cause) {
      if (mine !== seq) return;
      asking = null;
      failure.value = describe(cause);
      state.value = 'error';
      settlePending(null);
    }
  }

  watch(term, (q) => {
    window.clearTimeout(timer);
    pickPending.value = false;
    choose.value = false;
    if (!q) {
      seq++;
      asking = null;
      hits.value = [];
      more.value = false;
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

  /** Enter: the highlighted hit of an answer in sight, or whatever the typed query's answer allows. */
  function pick(): void {
    if (!term.value) return;
    if (answered === term.value && state.value === 'ready') {
      const hit = hits.value[highlighted.value];
      if (hit) on.pick(hit);
      else on.halt();
      return;
    }
    pickPending.value = true;
    if (asking !== term.value) void run(term.value);
  }

  function clear(): void {
    query.value = '';
    pickPending.value = false;
  }

  return { query, term, hits, more, highlighted, state, failure, open, pickPending, choose, move, pick, clear };
}

export type MemberSearch = ReturnType<typeof useMemberSearch>;
