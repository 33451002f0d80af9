/**
 * The login list's state: which attempts to show (all, successes, failures) and the newest
 * LIMIT of them, reloaded when the choice changes; only the newest request's answer counts.
 */
import { computed, ref, watch } from 'vue';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { auditApi, type LoginOutcome } from './audit.api';

export type OutcomeChoice = LoginOutcome | 'all';

/** As many as an admin reads on one screen before narrowing to failures. */
export const LIMIT = 200;

/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai, where the sites are, whatever the browser's zone. */
export function loginTime(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function useLoginEvents() {
  const outcome = ref<OutcomeChoice>('all');
  const { data, state, failure, load } = useLatestLoad(() => auditApi.logins({ outcome: outcome.value === 'all' ? undefined : outcome.value, limit: LIMIT }));

  watch(outcome, () => void load(), { immediate: true });

  const events = computed(() => data.value ?? []);
  const isEmpty = computed(() => state.value === 'ready' && events.value.length === 0);
  const failures = computed(() => events.value.filter((e) => e.outcome === 'failure').length);

  return { outcome, events, isEmpty, failures, state, failure, load };
}
