/** "1 portion", "3 portions", "3 份": the reports' counted words, chosen by n in code. */
import { useI18n } from 'vue-i18n';

export type Counted = 'portions' | 'stops' | 'buildings' | 'unit';

export function useCount() {
  const { t } = useI18n();
  return (kind: Counted, n: number): string => t(`canteen.reports.counts.${kind}.${n === 1 ? 'one' : 'other'}`, { n });
}
