/**
 * A refused order in the staff's words. The server's problem+json carries the facts
 * (shortfallFen and balanceFen for a wallet, remainingPortions for a sold-out set, the
 * deadline of a passed cut-off); they are said in the current locale, and anything else
 * falls back to the problem's own detail and the fields it names.
 */
import { isApiError } from '@/api/http';
import { formatFen } from '@/ui/money';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Whether the order may have been taken although no answer came: retry with the same Idempotency-Key. */
export function mayHaveGoneThrough(cause: unknown): boolean {
  if (!isApiError(cause)) return false;
  return cause.isNetworkError || cause.status >= 500;
}

const timeOf = (iso: string) => iso.slice(11, 16);

export function orderErrorText(cause: unknown, t: Translate): string {
  if (!isApiError(cause)) return t('failure.generic');
  const p = cause.problem;
  if (cause.isNetworkError || cause.status >= 500) return t('canteen.counter.errors.network');
  if (cause.status === 403) return t('canteen.counter.errors.forbidden');
  if (typeof p.remainingPortions === 'number') {
    return p.remainingPortions > 0 ? t('canteen.counter.errors.onlyLeft', { n: p.remainingPortions }) : t('canteen.counter.errors.soldOut');
  }
  if (typeof p.shortfallFen === 'number') {
    return t('canteen.counter.errors.wallet', { shortfall: formatFen(p.shortfallFen), balance: formatFen(Number(p.balanceFen ?? 0)) });
  }
  if (typeof p.deadline === 'string') return t('canteen.counter.errors.cutoff', { time: `${p.deadline.slice(0, 10)} ${timeOf(p.deadline)}` });
  // A meal whose year has no budget open (or no cost model): said with the names the server gives.
  const unpriced = (p.errors ?? []).filter((e) => e.code === 'no_funding_account' || e.code === 'no_cost_model');
  if (unpriced.length) return unpriced.map((e) => t(`serverText.codes.${e.code}`, e.params)).join(' ');
  const field = p.errors?.[0]?.field;
  if (field === 'delivery.address') return t('canteen.counter.errors.noAddress');
  if (field === 'channel') return t('canteen.counter.errors.channelUnavailable');
  const fields = (p.errors ?? []).map((e) => `${e.field} ${e.message}`).join('; ');
  return [p.detail ?? p.title, fields].filter(Boolean).join(' — ');
}
