/**
 * Verifying a claimed fact on a waitlist, or taking it back: one at a time, a failure said in a
 * message, and the list read again either way (the queue is ranked again at once).
 */
import { ref } from 'vue';
import { ElMessage } from '@/ui/message';
import { useFailure } from './useFailure';

export function useFactToggle(verify: (id: string, fact: string, verified: boolean) => Promise<unknown>, reload: () => Promise<void>) {
  const describe = useFailure();
  const busy = ref<string | null>(null);

  async function toggle(id: string, fact: string, verified: boolean): Promise<void> {
    if (busy.value) return;
    busy.value = `${id}/${fact}`;
    try {
      await verify(id, fact, !verified);
    } catch (cause) {
      ElMessage.error(describe(cause).detail);
    } finally {
      busy.value = null;
      await reload();
    }
  }

  return { isBusy: (id: string, fact: string) => busy.value === `${id}/${fact}`, toggle };
}
