/**
 * Allocating a payment's money on account by hand: its department's open claims at its site
 * (unpaid or part-paid, oldest first, each with what it still owes), an amount in yuan typed per
 * claim, what is left of the payment as they are typed, and the save, sent once per
 * Idempotency-Key (a second Enter while it is on its way does nothing; an answer that never came
 * keeps the key, so the retry allocates once). A refusal is shown beside the claim it names.
 */
import { computed, reactive, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError, newIdempotencyKey } from '@/api/http';
import { useServerText } from '@/composables/useServerText';
import { parseYuanToFen } from '@/ui/money';
import { olderClaimFirst } from '../../../../domain/reconciliation/payments';
import { reconciliationApi, type Claim, type Payment } from './reconciliation.api';

export interface OpenClaim {
  claim: Claim;
  dueFen: number;
}

export function usePaymentAllocation(payment: Ref<Payment | null>, claims: Ref<readonly Claim[]>, onSaved: (p: Payment) => void | Promise<void>) {
  const { t } = useI18n();
  const serverText = useServerText();

  const freeFen = computed(() => (payment.value ? payment.value.amountFen - payment.value.allocatedFen : 0));
  const open = computed<OpenClaim[]>(() => {
    const p = payment.value;
    if (!p) return [];
    return claims.value
      .filter((c) => c.departmentId === p.departmentId && c.siteId === p.siteId && (c.paymentStatus === 'unpaid' || c.paymentStatus === 'part_paid'))
      .map((claim) => ({ claim, dueFen: claim.totalFen - claim.paidFen }))
      .sort((a, b) => olderClaimFirst({ claimId: a.claim.id, period: a.claim.period, submittedOn: a.claim.submittedOn ?? '' }, { claimId: b.claim.id, period: b.claim.period, submittedOn: b.claim.submittedOn ?? '' }));
  });

  /** The yuan typed per claim, by claim id. */
  const amounts = reactive<Record<string, string>>({});
  const refused = reactive<Record<string, string>>({});
  const failure = ref<string | null>(null);

  const fenOf = (claimId: string): number | null => {
    const typed = (amounts[claimId] ?? '').trim();
    return typed === '' ? 0 : parseYuanToFen(typed);
  };
  /** What is wrong with a claim's amount: typed badly, more than it owes, or what the server said of it. */
  function rowError(o: OpenClaim): string | null {
    const fen = fenOf(o.claim.id);
    if (fen === null) return t('reconciliation.allocate.notAnAmount');
    if (fen > o.dueFen) return t('reconciliation.allocate.moreThanDue');
    return refused[o.claim.id] ?? null;
  }
  const chosenFen = computed(() => open.value.reduce((s, o) => s + (fenOf(o.claim.id) ?? 0), 0));
  const leftFen = computed(() => freeFen.value - chosenFen.value);
  const canSave = computed(() => chosenFen.value > 0 && leftFen.value >= 0 && open.value.every((o) => rowError(o) === null));

  let key = newIdempotencyKey('recon-allocate');
  const saving = ref(false);

  function reset(): void {
    for (const id of Object.keys(amounts)) delete amounts[id];
    for (const id of Object.keys(refused)) delete refused[id];
    failure.value = null;
    key = newIdempotencyKey('recon-allocate');
  }

  /** Fills each claim, oldest first, with what it owes until the payment is spent: the default, to adjust by hand. */
  function fillOldestFirst(): void {
    let free = freeFen.value;
    for (const o of open.value) {
      const fen = Math.min(free, o.dueFen);
      amounts[o.claim.id] = fen > 0 ? (fen / 100).toFixed(2) : '';
      free -= fen;
    }
  }

  async function save(): Promise<void> {
    const p = payment.value;
    if (!p || saving.value || !canSave.value) return;
    const sent = open.value.flatMap((o) => ((fenOf(o.claim.id) ?? 0) > 0 ? [{ claimId: o.claim.id, amountFen: fenOf(o.claim.id)! }] : []));
    saving.value = true;
    failure.value = null;
    for (const id of Object.keys(refused)) delete refused[id];
    try {
      const saved = await reconciliationApi.allocate(p.id, { allocations: sent }, key);
      reset();
      await onSaved(saved);
    } catch (cause) {
      if (!isApiError(cause)) {
        failure.value = String(cause);
        return;
      }
      // An answer that never came keeps its key: the retry allocates once.
      if (!cause.isNetworkError) key = newIdempotencyKey('recon-allocate');
      const rest: string[] = [];
      for (const e of cause.problem.errors ?? []) {
        const at = /^allocations\[(\d+)\]/.exec(e.field);
        const claimId = at ? sent[Number(at[1])]?.claimId : undefined;
        if (claimId) refused[claimId] = serverText(e);
        else rest.push(serverText(e));
      }
      if (cause.isNetworkError) failure.value = t('failure.network');
      else if (!cause.problem.errors?.length) failure.value = cause.problem.detail ?? cause.problem.title;
      else failure.value = rest.length ? rest.join('；') : null;
    } finally {
      saving.value = false;
    }
  }

  /** Typing again clears what the server said of that claim. */
  function typed(claimId: string, value: string): void {
    amounts[claimId] = value;
    delete refused[claimId];
  }

  return { open, amounts, freeFen, chosenFen, leftFen, canSave, saving, failure, rowError, typed, save, reset, fillOldestFirst };
}
