/**
 * The margin dashboard's state: a month (this month in Asia/Shanghai by default), the
 * report for it with its lines in the order of the service lines (breakfast, lunch, dinner),
 * each line's margin rate judged against its band, and the totals by party kind for the chart.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { costsharingApi, PARTY_KINDS, type MarginReportLine, type ServiceLine } from './costsharing.api';
import { businessMonth } from '@/ui/dates';
import { useLatestLoad } from '@/composables/useLatestLoad';

export type BandPosition = 'below' | 'within' | 'above' | 'none';

/** Where a line's margin rate sits: under the floor (red), in the band (green), over the cap (amber). */
export function bandPosition(line: Pick<MarginReportLine, 'marginRate' | 'band'>): BandPosition {
  if (!line.band || line.marginRate === null) return 'none';
  const rate = Number(line.marginRate);
  // Rates are 4-decimal strings and bands are fractions: compare in basis points, as integers.
  const bp = Math.round(rate * 10000);
  if (bp < Math.round(line.band.floor * 10000)) return 'below';
  if (bp > Math.round(line.band.cap * 10000)) return 'above';
  return 'within';
}

export function useMarginReport(siteId: Readonly<Ref<string | null>>, linesByCode: Readonly<Ref<Map<string, ServiceLine>>>, initialMonth?: string) {
  const month = ref(initialMonth && /^\d{4}-(0[1-9]|1[0-2])$/.test(initialMonth) ? initialMonth : businessMonth());
  const latest = useLatestLoad(() => costsharingApi.marginReport(siteId.value as string, month.value));
  const { data: report, state, failure } = latest;

  async function load(): Promise<void> {
    if (siteId.value && month.value) await latest.load();
  }

  watch([siteId, month], () => void load(), { immediate: true });

  const lines = computed(() => {
    const order = [...linesByCode.value.keys()];
    return (report.value?.lines ?? [])
      .map((l) => ({ ...l, position: bandPosition(l) }))
      .sort((a, b) => order.indexOf(a.serviceLine) - order.indexOf(b.serviceLine));
  });
  const isEmpty = computed(() => state.value === 'ready' && lines.value.every((l) => l.units === 0));
  const byKind = computed(() => PARTY_KINDS.map((kind) => ({ kind, fen: report.value?.byPartyKind[kind] ?? 0 })));
  const totals = computed(() =>
    lines.value.reduce(
      (sum, l) => ({
        fullCostFen: sum.fullCostFen + l.fullCostFen,
        residentPaysFen: sum.residentPaysFen + l.residentPaysFen,
        marginFen: sum.marginFen + l.marginFen,
      }),
      { fullCostFen: 0, residentPaysFen: 0, marginFen: 0 },
    ),
  );

  return { month, report, state, failure, lines, isEmpty, byKind, totals, load };
}
