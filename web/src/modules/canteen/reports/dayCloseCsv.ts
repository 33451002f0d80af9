/**
 * The day close as spreadsheet rows: one per staff member and a grand total, amounts in
 * yuan as numbers (so the sheet can add them), every payment method by channel, then the
 * wallet moves, the cash to hand over and the subsidies per tier.
 */
import { CHANNELS, TIERS, type Channel, type PaymentMethod, type Tier } from '../canteen.api';
import type { CsvCell } from '@/ui/csv';
import { METHODS, type GrandTotal, type StaffRow } from './useDayClose';

export interface CsvWords {
  staffName: (row: StaffRow) => string;
  method: (m: PaymentMethod) => string;
  channel: (c: Channel) => string;
  tier: (t: Tier) => string;
  date: string;
  staff: string;
  total: string;
  grandTotal: string;
  topUps: string;
  refunds: string;
  cashDrawer: string;
  subsidyPortions: string;
  subsidyAmount: string;
}

const yuan = (fen: number): number => fen / 100;

export function dayCloseCsvRows(date: string, rows: readonly StaffRow[], grand: GrandTotal, w: CsvWords): CsvCell[][] {
  const tiers = TIERS.filter((tier) => grand.tiers[tier]);
  const header: CsvCell[] = [
    w.date,
    w.staff,
    ...METHODS.flatMap((m) => CHANNELS.map((c) => `${w.method(m)}-${w.channel(c)}`)),
    ...METHODS.map((m) => `${w.method(m)}-${w.total}`),
    w.topUps,
    w.refunds,
    w.cashDrawer,
    ...tiers.flatMap((tier) => [`${w.tier(tier)}-${w.subsidyPortions}`, `${w.tier(tier)}-${w.subsidyAmount}`]),
    w.subsidyPortions,
    w.subsidyAmount,
  ];
  const body = rows.map((r): CsvCell[] => [
    date,
    w.staffName(r),
    ...METHODS.flatMap((m) => CHANNELS.map((c) => yuan(r.close.takings[m][c]))),
    ...METHODS.map((m) => yuan(r.totals[m])),
    yuan(r.walletTopUpsFen),
    yuan(r.walletRefundsFen),
    yuan(r.cashDrawerFen),
    ...tiers.flatMap((tier) => {
      const granted = r.close.subsidiesByTier[tier];
      return [granted?.portions ?? 0, yuan(granted?.subsidyFen ?? 0)];
    }),
    r.subsidyPortions,
    yuan(r.subsidyFen),
  ]);
  const channelSum = (m: PaymentMethod, c: Channel) => rows.reduce((n, r) => n + r.close.takings[m][c], 0);
  const total: CsvCell[] = [
    date,
    w.grandTotal,
    ...METHODS.flatMap((m) => CHANNELS.map((c) => yuan(channelSum(m, c)))),
    ...METHODS.map((m) => yuan(grand.totals[m])),
    yuan(grand.walletTopUpsFen),
    yuan(grand.walletRefundsFen),
    yuan(grand.cashDrawerFen),
    ...tiers.flatMap((tier) => [grand.tiers[tier]!.portions, yuan(grand.tiers[tier]!.subsidyFen)]),
    grand.subsidyPortions,
    yuan(grand.subsidyFen),
  ];
  return [header, ...body, total];
}
