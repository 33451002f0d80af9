/**
 * The day close's state: a day (by when orders were taken, not the meal date), each staff
 * member's close with the sums the summary table needs, and the grand total a shift leader
 * counts the drawers against.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { canteenApi, CHANNELS, TIERS, type DayClose, type PaymentMethod, type Tier } from '../canteen.api';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { businessToday } from '@/ui/dates';

export const METHODS: readonly PaymentMethod[] = ['wallet', 'cash', 'external'];

export type StaffClose = DayClose['staff'][number];

export interface CloseSums {
  totals: Record<PaymentMethod, number>;
  walletTopUpsFen: number;
  walletRefundsFen: number;
  cashDrawerFen: number;
  subsidyPortions: number;
  subsidyFen: number;
}

export interface StaffRow extends CloseSums {
  close: StaffClose;
  /** Tiers that granted a subsidy, least to most favourable. */
  tiers: { tier: Tier; portions: number; subsidyFen: number }[];
}

function rowOf(close: StaffClose): StaffRow {
  const tiers = TIERS.flatMap((tier) => {
    const granted = close.subsidiesByTier[tier];
    return granted ? [{ tier, ...granted }] : [];
  });
  return {
    close,
    tiers,
    totals: close.totals,
    walletTopUpsFen: close.walletTopUpsFen,
    walletRefundsFen: close.walletRefundsFen,
    cashDrawerFen: close.cashDrawerFen,
    subsidyPortions: tiers.reduce((n, x) => n + x.portions, 0),
    subsidyFen: tiers.reduce((n, x) => n + x.subsidyFen, 0),
  };
}

export interface GrandTotal extends CloseSums {
  tiers: Partial<Record<Tier, { portions: number; subsidyFen: number }>>;
}

export function grandTotalOf(rows: readonly StaffRow[]): GrandTotal {
  const sum = (pick: (r: StaffRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const tiers: Partial<Record<Tier, { portions: number; subsidyFen: number }>> = {};
  for (const r of rows) {
    for (const x of r.tiers) {
      const t = tiers[x.tier] ?? { portions: 0, subsidyFen: 0 };
      tiers[x.tier] = { portions: t.portions + x.portions, subsidyFen: t.subsidyFen + x.subsidyFen };
    }
  }
  return {
    totals: { wallet: sum((r) => r.totals.wallet), cash: sum((r) => r.totals.cash), external: sum((r) => r.totals.external) },
    walletTopUpsFen: sum((r) => r.walletTopUpsFen),
    walletRefundsFen: sum((r) => r.walletRefundsFen),
    cashDrawerFen: sum((r) => r.cashDrawerFen),
    subsidyPortions: sum((r) => r.subsidyPortions),
    subsidyFen: sum((r) => r.subsidyFen),
    tiers,
  };
}

/** A staff member's takings for one payment method across the channels. */
export function channelRow(close: StaffClose, method: PaymentMethod): number[] {
  return CHANNELS.map((ch) => close.takings[method][ch]);
}

export function useDayClose(siteId: Readonly<Ref<string>>) {
  const date = ref(businessToday());
  const { data: report, state, failure, load } = useLatestLoad(() => canteenApi.dayClose(siteId.value, date.value));

  watch([siteId, date], () => void load(), { immediate: true });

  const rows = computed(() => (report.value?.staff ?? []).map(rowOf));
  const grandTotal = computed(() => grandTotalOf(rows.value));
  const isEmpty = computed(() => state.value === 'ready' && rows.value.length === 0);

  return { date, rows, grandTotal, isEmpty, state, failure, load };
}
