/** zh or en of a `{zh, en}` pair (as the domain writes reasons and labels), following the locale switch. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

export interface LocalText {
  zh: string;
  en: string;
}

export function useLocalText() {
  const { locale } = useI18n();
  const isEn = computed(() => locale.value === 'en');
  return {
    isEn,
    text: (value: LocalText | undefined | null): string => (value ? (isEn.value ? value.en : value.zh) : ''),
    partyName: (party: { name: string; nameEn: string } | undefined, fallback = ''): string =>
      party ? (isEn.value ? party.nameEn : party.name) : fallback,
  };
}
