/**
 * The one way a page loads its data: loading, ready or error in words, and only the newest
 * request's answer counts, so stepping quickly through dates or typing fast never shows what
 * an older request found. `data` may be replaced in place after a save (the page's own edit).
 */
import { ref, shallowRef, type ShallowRef } from 'vue';
import { useFailure, type Failure, type LoadState } from './useFailure';

export function useLatestLoad<T>(fetch: () => Promise<T>) {
  const describe = useFailure();
  const data: ShallowRef<T | null> = shallowRef(null);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  let seq = 0;

  /** `quiet` keeps what is on screen while it refreshes (after a save elsewhere on the page). */
  async function load(options: { quiet?: boolean } = {}): Promise<void> {
    const mine = ++seq;
    if (!options.quiet || state.value !== 'ready') state.value = 'loading';
    failure.value = null;
    try {
      const body = await fetch();
      if (mine !== seq) return;
      data.value = body;
      state.value = 'ready';
    } catch (cause) {
      if (mine !== seq) return;
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  return { data, state, failure, load };
}
