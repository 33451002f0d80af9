import type { Quote, QuoteReason } from './types';

/**
 * What a served unit keeps of its quote: the breakdown it was served at. Its shares are the
 * unit's share rows (the sums by kind and by party follow from them), and each reason keeps its
 * code and figures but not its two sentences: those are wording for whoever reads a quote, and
 * would be half of every stored unit.
 */
export type QuoteSnapshot = Omit<Quote, 'shares' | 'reasons'> & { reasons: Pick<QuoteReason, 'code' | 'params'>[] };

export function snapshotOf({ shares: _shares, reasons, ...breakdown }: Quote): QuoteSnapshot {
  return { ...breakdown, reasons: reasons.map(({ code, params }) => ({ code, params })) };
}
