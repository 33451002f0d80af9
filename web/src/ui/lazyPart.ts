/**
 * A part of a page whose code is fetched when it is first shown (a tab, a chart), so a page's
 * first load carries only what it shows first. While the code comes, the loading state; a
 * failed fetch is tried twice more (a weak line drops requests), then the error state, whose
 * retry reloads the page (the usual cause left is a new deployment with new file names).
 */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue';
import BaseErrorState from '@/components/BaseErrorState.vue';
import BaseLoadingState from '@/components/BaseLoadingState.vue';
import { i18n } from '@/i18n';

const RETRIES = 2;

const PartFailed = defineComponent({
  name: 'PartFailed',
  setup: () => () =>
    h(BaseErrorState, {
      title: i18n.global.t('failure.load'),
      detail: i18n.global.t('failure.partCode'),
      onRetry: () => window.location.reload(),
    }),
});

export function lazyPart<T extends Component>(loader: () => Promise<{ default: T }>): T {
  return defineAsyncComponent({
    loader,
    loadingComponent: BaseLoadingState,
    delay: 150,
    errorComponent: PartFailed,
    onError: (_error, retry, fail, attempts) => (attempts <= RETRIES ? retry() : fail()),
  }) as T;
}
