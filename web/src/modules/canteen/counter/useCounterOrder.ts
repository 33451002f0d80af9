/**
 * The order being keyed in: set meal, portions, channel, payment, and taking it. Each
 * attempt sends a fresh Idempotency-Key, except a retry after an attempt that may have
 * gone through unanswered (network cut, 5xx): that one sends the same key with the same
 * body, so the server replays the first order instead of charging twice. A refusal leaves
 * everything as it was, with the reason beside the confirm button. The last order's
 * confirmation stays until the next one is being keyed in.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { newIdempotencyKey } from '@/api/http';
import { useLocalText } from '@/composables/useLocalText';
import { canteenApi, CHANNEL_NAMES, type Channel, type Order, type OrderInput, type PaymentMethod } from '../canteen.api';
import { mayHaveGoneThrough, orderErrorText } from './orderErrors';
import type { CounterCustomer, QuoteState } from './useCounterCustomer';
import type { CounterSlot } from './useCounterSlot';

const MAX_QUANTITY = 20;

export function useCounterOrder(siteId: Readonly<Ref<string>>, slot: CounterSlot, who: CounterCustomer, onPlaced: (order: Order) => void) {
  const { t } = useI18n();
  const { text } = useLocalText();
  const setMealId = ref<string | null>(null);
  const quantity = ref(1);
  const channel = ref<Channel>('dine_in');
  const payment = ref<PaymentMethod>('wallet');
  const reference = ref('');
  const submitting = ref(false);
  const error = ref<string | null>(null);
  const confirmation = shallowRef<Order | null>(null);
  /** The price of more than one portion (the second may be at full price). */
  const multiQuote = shallowRef<QuoteState | null>(null);
  let retry: { key: string; body: string } | null = null;
  let quoteSeq = 0;

  const selected = computed(() => slot.setMeals.value.find((s) => s.id === setMealId.value) ?? null);
  const quote = computed<QuoteState | null>(() => {
    if (!setMealId.value) return null;
    return quantity.value === 1 ? (who.quotes.value[setMealId.value] ?? null) : multiQuote.value;
  });
  const channelOpen = computed(() => slot.openChannels.value.includes(channel.value));

  function resetSelection(): void {
    setMealId.value = null;
    quantity.value = 1;
    reference.value = '';
    error.value = null;
    multiQuote.value = null;
  }

  /** Channel and payment as most customers want them: dine-in (delivery for the homebound) from the wallet; a guest pays cash. */
  function applyDefaults(): void {
    const open = slot.openChannels.value;
    const wantsDelivery = !!who.member.value?.homebound && open.includes('delivery');
    channel.value = wantsDelivery ? 'delivery' : open.includes('dine_in') || !open.length ? 'dine_in' : open[0];
    payment.value = who.memberId.value ? 'wallet' : 'cash';
  }

  function chooseSet(index: number): void {
    confirmation.value = null;
    const setMeal = slot.setMeals.value[index];
    if (!setMeal) return;
    error.value = setMeal.remainingPortions === 0 ? t('canteen.counter.errors.soldOut') : null;
    if (error.value) return;
    if (setMealId.value !== setMeal.id) quantity.value = 1;
    setMealId.value = setMeal.id;
  }

  function chooseChannel(next: Channel): void {
    confirmation.value = null;
    channel.value = next;
    error.value = channelOpen.value ? null : t('canteen.counter.order.channelClosed', { channel: text(CHANNEL_NAMES[next]) });
  }

  function choosePayment(next: PaymentMethod): void {
    confirmation.value = null;
    if (next === 'wallet' && !who.memberId.value) {
      error.value = t('canteen.counter.order.guestWallet');
      return;
    }
    payment.value = next;
    error.value = null;
  }

  function changeQuantity(delta: 1 | -1): void {
    confirmation.value = null;
    quantity.value = Math.min(MAX_QUANTITY, Math.max(1, quantity.value + delta));
  }

  async function loadMultiQuote(): Promise<void> {
    const mine = ++quoteSeq;
    const id = setMealId.value;
    const open = slot.openChannels.value[0];
    if (!id || quantity.value === 1 || !open || !who.customer.value) {
      multiQuote.value = null;
      return;
    }
    multiQuote.value = { state: 'loading' };
    try {
      const q = await canteenApi.quote({ ...body(), channel: open, payment: { method: who.memberId.value ? 'wallet' : 'cash' } });
      if (mine === quoteSeq) multiQuote.value = { state: 'ready', quote: q };
    } catch (cause) {
      if (mine === quoteSeq) multiQuote.value = { state: 'error', detail: orderErrorText(cause, t) };
    }
  }
  watch([setMealId, quantity, who.quotes], () => void loadMultiQuote());

  function body(): OrderInput {
    return {
      siteId: siteId.value,
      memberId: who.memberId.value,
      setMealId: setMealId.value!,
      quantity: quantity.value,
      channel: channel.value,
      payment: payment.value === 'external' ? { method: 'external', reference: reference.value.trim() } : { method: payment.value },
    };
  }

  /** What stops the order before it is sent, in words; null when it can go. */
  function blocker(): string | null {
    if (!who.customer.value) return t('canteen.counter.order.chooseCustomer');
    if (!selected.value) return t('canteen.counter.order.chooseSet');
    if (!channelOpen.value) return t('canteen.counter.order.channelClosed', { channel: text(CHANNEL_NAMES[channel.value]) });
    if (payment.value === 'external' && !reference.value.trim()) return t('canteen.counter.order.needReference');
    return null;
  }

  async function confirm(): Promise<void> {
    if (submitting.value) return;
    confirmation.value = null;
    error.value = blocker();
    if (error.value) return;
    const input = body();
    const fingerprint = JSON.stringify(input);
    const key = retry?.body === fingerprint ? retry.key : newIdempotencyKey('counter');
    submitting.value = true;
    try {
      const order = await canteenApi.placeOrder(input, key);
      retry = null;
      confirmation.value = order;
      if (order.walletBalanceFen !== null) who.balanceFen.value = order.walletBalanceFen;
      resetSelection();
      onPlaced(order);
    } catch (cause) {
      retry = mayHaveGoneThrough(cause) ? { key, body: fingerprint } : null;
      error.value = orderErrorText(cause, t);
    } finally {
      submitting.value = false;
    }
  }

  return {
    setMealId,
    selected,
    quantity,
    channel,
    channelOpen,
    payment,
    reference,
    quote,
    submitting,
    error,
    confirmation,
    applyDefaults,
    resetSelection,
    chooseSet,
    chooseChannel,
    choosePayment,
    changeQuantity,
    confirm,
  };
}

export type CounterOrder = ReturnType<typeof useCounterOrder>;
