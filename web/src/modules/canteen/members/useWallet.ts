/**
 * A member's meal-card wallet: balance, overdraft limit, recent journal entries, and
 * top-ups and refunds typed in yuan. Each move carries an Idempotency-Key made when the
 * form is filled, so a double Enter or a retried request moves the money once.
 */
import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError, newIdempotencyKey } from '@/api/http';
import { useFailure, type Failure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { useServerText } from '@/composables/useServerText';
import { formatFen, parseYuanToFen } from '@/ui/money';
import { ElMessage } from '@/ui/message';
import { canteenApi, type JournalEntry } from '../canteen.api';

const ENTRIES_SHOWN = 20;

export function useWallet(memberId: Readonly<Ref<string | null>>) {
  const { t } = useI18n();
  const describe = useFailure();
  const serverText = useServerText();

  // Only the newest answer counts: flicking through members never shows another's wallet.
  const { data: wallet, state, failure, load: loadLatest } = useLatestLoad(() => canteenApi.wallet(memberId.value!, ENTRIES_SHOWN));
  const load = async (): Promise<void> => {
    if (memberId.value) await loadLatest();
  };

  const move = reactive({ direction: 'top_up' as 'top_up' | 'refund', method: 'cash' as 'cash' | 'external', amount: '', reference: '', memo: '' });
  const errors = ref<{ amount?: string; reference?: string }>({});
  const moveFailure = shallowRef<Failure | null>(null);
  const moving = ref(false);
  let key = newIdempotencyKey('wallet');

  watch(memberId, () => {
    Object.assign(move, { direction: 'top_up', method: 'cash', amount: '', reference: '', memo: '' });
    errors.value = {};
    moveFailure.value = null;
    void load();
  }, { immediate: true });
  // A changed request is a new request: it gets its own key.
  watch(move, () => {
    key = newIdempotencyKey('wallet');
  });

  /** What the wallet's own journal line did to the balance: a credit raises it. */
  function change(entry: JournalEntry): number {
    const own = `wallet:${memberId.value}`;
    return entry.lines.filter((l) => l.account === own).reduce((sum, l) => sum + l.creditFen - l.debitFen, 0);
  }

  /** The other side of the entry: cash, a transfer, the meal revenue, the opening balance. */
  function via(entry: JournalEntry): string {
    const own = `wallet:${memberId.value}`;
    const other = entry.lines.find((l) => l.account !== own)?.account.split(':')[0] ?? '';
    const name = ['cash', 'external', 'revenue', 'opening'].includes(other) ? t(`canteen.members.wallet.accounts.${other}`) : other;
    return entry.reference ? `${name} · ${entry.reference}` : name;
  }

  const kindName = (kind: string) => {
    const k = kind.replace('.', '_');
    const known = ['wallet_top_up', 'wallet_refund', 'wallet_opening', 'order_payment', 'order_refund'];
    return known.includes(k) ? t(`canteen.members.wallet.kinds.${k}`) : kind;
  };

  const available = computed(() => (wallet.value ? wallet.value.balanceFen + wallet.value.overdraftLimitFen : 0));

  /** Tops up or refunds; the new balance, or null when something is to be fixed first. */
  async function submit(): Promise<number | null> {
    const id = memberId.value;
    if (moving.value || !id) return null;
    moveFailure.value = null;
    const amountFen = parseYuanToFen(move.amount);
    const next: typeof errors.value = {};
    if (amountFen === null || amountFen < 1) next.amount = t('canteen.members.form.amountFormat');
    else if (move.direction === 'refund' && wallet.value && amountFen > wallet.value.balanceFen) {
      next.amount = t('canteen.members.wallet.refundTooMuch', { balance: formatFen(Math.max(0, wallet.value.balanceFen)) });
    }
    if (move.method === 'external' && !move.reference.trim()) next.reference = t('canteen.members.wallet.referenceRequired');
    errors.value = next;
    if (Object.keys(next).length || amountFen === null) return null;

    moving.value = true;
    const body = {
      amountFen,
      method: move.method,
      ...(move.method === 'external' ? { reference: move.reference.trim() } : {}),
      ...(move.memo.trim() ? { memo: move.memo.trim() } : {}),
    };
    try {
      const done = move.direction === 'top_up' ? await canteenApi.topUp(id, body, key) : await canteenApi.refund(id, body, key);
      ElMessage.success(
        t(move.direction === 'top_up' ? 'canteen.members.wallet.toppedUp' : 'canteen.members.wallet.refunded', {
          amount: formatFen(amountFen),
          balance: formatFen(done.balanceFen),
        }),
      );
      Object.assign(move, { amount: '', reference: '', memo: '' });
      await load();
      return done.balanceFen;
    } catch (cause) {
      const named: typeof errors.value = {};
      for (const e of isApiError(cause) ? (cause.problem.errors ?? []) : []) {
        if (e.field === 'amountFen') named.amount = serverText(e);
        if (e.field === 'reference') named.reference = serverText(e);
      }
      errors.value = named;
      moveFailure.value = describe(cause, 'canteen.members.wallet.moveFailed');
      return null;
    } finally {
      moving.value = false;
    }
  }

  return { wallet, state, failure, load, move, errors, moveFailure, moving, available, change, via, kindName, submit };
}
