/**
 * A year's funding accounts as the agreements in force need them: which are open and which
 * are missing (units drawing on a missing one are refused), and opening the missing ones from
 * the agreements (the year rollover).
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { costsharingApi, type FundingYearAccount } from './costsharing.api';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { ElMessage } from '@/ui/message';

export function useFundingYear(options: { siteId: Readonly<Ref<string>>; year: Readonly<Ref<number>>; onOpened: () => void }) {
  const { t } = useI18n();
  const describe = useFailure();

  const accounts = ref<FundingYearAccount[]>([]);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);
  const opening = ref(false);
  const openFailure = shallowRef<Failure | null>(null);

  const missing = computed(() => accounts.value.filter((a) => a.state === 'missing'));
  /** Missing accounts whose agreement states what they open with. */
  const openable = computed(() => missing.value.filter((a) => a.openingFen !== null));

  async function load(): Promise<void> {
    const siteId = options.siteId.value;
    const year = options.year.value;
    state.value = 'loading';
    failure.value = null;
    openFailure.value = null;
    try {
      const answer = await costsharingApi.fundingYear(siteId, year);
      // A later choice of year may have answered first.
      if (siteId !== options.siteId.value || year !== options.year.value) return;
      accounts.value = answer.accounts;
      state.value = 'ready';
    } catch (cause) {
      failure.value = describe(cause, 'costsharing.fundingYear.checkFailed');
      state.value = 'error';
    }
  }

  async function open(): Promise<void> {
    if (opening.value) return;
    opening.value = true;
    openFailure.value = null;
    try {
      const answer = await costsharingApi.openFundingYear(options.siteId.value, options.year.value);
      accounts.value = answer.accounts;
      ElMessage.success(t('costsharing.fundingYear.opened', { count: answer.opened.length, year: answer.year }));
      options.onOpened();
    } catch (cause) {
      openFailure.value = describe(cause, 'costsharing.fundingYear.openFailed');
    } finally {
      opening.value = false;
    }
  }

  watch([options.siteId, options.year], () => void load(), { immediate: true });

  return { accounts, state, failure, missing, openable, opening, openFailure, load, open };
}
