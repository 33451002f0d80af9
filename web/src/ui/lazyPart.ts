/**
 * Code fetched when it is first shown: a page (a lazy route) or a part of one (a tab, a chart),
 * so a page's first load carries only what it shows first. A weak line drops requests, so a
 * failed fetch is tried twice more. A part shows the loading state while its code comes and,
 * if it never does, the error state, whose retry reloads the page (the cause left is usually a
 * new deployment with new file names); a page that never comes is App's to say (router.ts).
 */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue';
import BaseErrorState from '@/components/BaseErrorState.vue';
import BaseLoadingState from '@/components/BaseLoadingState.vue';
import { i18n } from '@/i18n';

const RETRIES = 2;

/** The loader, asked again up to twice when the fetch fails. */
export function retried<T>(loader: () => Promise<T>): () => Promise<T> {
  return async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await loader();
      } catch (cause) {
        if (attempt >= RETRIES) throw cause;
      }
    }
  };
}

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
  return defineAsyncComponent<T>({ loader: retried(loader), loadingComponent: BaseLoadingState, delay: 150, errorComponent: PartFailed });
}
