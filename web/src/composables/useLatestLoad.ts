/**
 * A report that reloads when its inputs change, where only the newest request's answer
 * counts: stepping quickly through dates never shows an older day's figures.
 */
import { ref, shallowRef, type ShallowRef } from 'vue';
import { useFailure, type Failure, type LoadState } from './useFailure';

export function useLatestLoad<T>(fetch: () => Promise<T>) {
  const describe = useFailure();
  const data: ShallowRef<T | null> = shallowRef(null);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    state.value = 'loading';
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
