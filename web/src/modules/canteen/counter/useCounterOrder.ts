/**
 * The order being keyed in: set meal, portions, channel, payment, the optional words (a
 * guest's name, a note, a guest's delivery address), and taking it. Each attempt sends a
 * fresh Idempotency-Key, except a retry after an attempt that may have gone through
 * unanswered (network cut, 5xx): that one sends the same key with the same body, so the
 * server replays the first order instead of charging twice. A refusal leaves everything as
 * it was, with the reason beside the confirm button. The last order's confirmation stays
 * until the next one is being keyed in.
 *
 * A member's second order for the same meal is never taken on Enter alone: the counter
 * first asks, with the price the server quotes for it (past the subsidised portion, the
 * full price), and takes it only when that question is answered.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { newIdempotencyKey } from '@/api/http';
import { useLocalText } from '@/composables/useLocalText';
import { canteenApi, CHANNEL_NAMES, type Channel, type Order, type OrderInput, type OrderQuote, type PaymentMethod } from '../canteen.api';
import type { Field } from './counterKeys';
import { mayHaveGoneThrough, orderErrorText } from './orderErrors';
import type { CounterCustomer, QuoteState } from './useCounterCustomer';
import type { CounterSlot } from './useCounterSlot';

const MAX_QUANTITY = 20;

/** A repeat order waiting for its answer: the portions it would be (the 2nd, the 2nd–3rd) and its quoted price. */
export type RepeatCheck = { state: 'loading' } | { state: 'ready'; quote: OrderQuote; from: number; to: number };

export interface OrderEvents {
  placed(order: Order): void;
  /** The order cannot go before this text box is filled in. */
  need(field: Field): void;
  /** The repeat question is on screen. */
  asked(): void;
}

const orNull = (text: string) => text.trim() || null;

export function useCounterOrder(siteId: Readonly<Ref<string>>, slot: CounterSlot, who: CounterCustomer, on: OrderEvents) {
  const { t } = useI18n();
  const { text } = useLocalText();
  const setMealId = ref<string | null>(null);
  const quantity = ref(1);
  const channel = ref<Channel>('dine_in');
  const payment = ref<PaymentMethod>('wallet');
  const reference = ref('');
  const guestName = ref('');
  const note = ref('');
  const address = ref('');
  /** B opened the note (and a guest's name); they stay shown while they hold words. */
  const extrasOpen = ref(false);
  const submitting = ref(false);
  const error = ref<string | null>(null);
  const confirmation = shallowRef<Order | null>(null);
  const repeat = shallowRef<RepeatCheck | null>(null);
  /** The price of more than one portion (the second may be at full price). */
  const multiQuote = shallowRef<QuoteState | null>(null);
  let retry: { key: string; body: string } | null = null;
  /** The refusal that wants a text box filled in: typing into that box takes it away. */
  let fillIn: { field: Field; text: string } | null = null;
  let quoteSeq = 0;
  let repeatSeq = 0;

  const selected = computed(() => slot.setMeals.value.find((s) => s.id === setMealId.value) ?? null);
  const quote = computed<QuoteState | null>(() => {
    if (!setMealId.value) return null;
    return quantity.value === 1 ? (who.quotes.value[setMealId.value] ?? null) : multiQuote.value;
  });
  const channelOpen = computed(() => slot.openChannels.value.includes(channel.value));
  const isGuest = computed(() => who.customer.value?.kind === 'guest');
  /** A guest has no address on file: a delivery for one must say where to. */
  const needsAddress = computed(() => isGuest.value && channel.value === 'delivery');

  function resetSelection(): void {
    setMealId.value = null;
    quantity.value = 1;
    reference.value = '';
    guestName.value = '';
    note.value = '';
    address.value = '';
    extrasOpen.value = false;
    error.value = null;
    multiQuote.value = null;
    cancelRepeat();
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
    if (!error.value && needsAddress.value && !address.value.trim()) on.need('address');
  }

  function choosePayment(next: PaymentMethod): void {
    confirmation.value = null;
    if (next === 'wallet' && !who.memberId.value) {
      error.value = t('canteen.counter.order.guestWallet');
      return;
    }
    payment.value = next;
    error.value = null;
    if (next === 'external') on.need('reference');
  }

  function changeQuantity(delta: 1 | -1): void {
    confirmation.value = null;
    quantity.value = Math.min(MAX_QUANTITY, Math.max(1, quantity.value + delta));
  }

  /** B: the note, and for a guest their name first. */
  function openExtras(): void {
    extrasOpen.value = true;
    on.need(isGuest.value ? 'guestName' : 'note');
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
      const q = await canteenApi.quote({ ...body(), channel: open, delivery: null, payment: { method: who.memberId.value ? 'wallet' : 'cash' } });
      if (mine === quoteSeq) multiQuote.value = { state: 'ready', quote: q };
    } catch (cause) {
      if (mine === quoteSeq) multiQuote.value = { state: 'error', detail: orderErrorText(cause, t) };
    }
  }
  watch([setMealId, quantity, who.quotes], () => void loadMultiQuote());

  function filledIn(field: Field): void {
    if (fillIn?.field === field && error.value === fillIn.text) error.value = null;
  }
  watch(reference, () => filledIn('reference'));
  watch(address, () => filledIn('address'));

  function body(): OrderInput {
    return {
      siteId: siteId.value,
      memberId: who.memberId.value,
      guestName: isGuest.value ? orNull(guestName.value) : null,
      setMealId: setMealId.value!,
      quantity: quantity.value,
      channel: channel.value,
      // a member's delivery goes to the address on file
      delivery: needsAddress.value ? { address: address.value.trim() } : null,
      payment: payment.value === 'external' ? { method: 'external', reference: reference.value.trim() } : { method: payment.value },
      note: orNull(note.value),
    };
  }

  /** What stops the order before it is sent, in words (and the text box to fill in); null when it can go. */
  function blocker(): { text: string; field?: Field } | null {
    if (!who.customer.value) return { text: t('canteen.counter.order.chooseCustomer') };
    if (!selected.value) return { text: t('canteen.counter.order.chooseSet') };
    if (!channelOpen.value) return { text: t('canteen.counter.order.channelClosed', { channel: text(CHANNEL_NAMES[channel.value]) }) };
    if (payment.value === 'external' && !reference.value.trim()) return { text: t('canteen.counter.order.needReference'), field: 'reference' };
    if (needsAddress.value && !address.value.trim()) return { text: t('canteen.counter.order.needAddress'), field: 'address' };
    if (who.member.value && who.ordersState.value === 'error') {
      void who.reload();
      return { text: t('canteen.counter.order.ordersUnknown') };
    }
    if (who.loading.value) return { text: t('canteen.counter.order.ordersLoading') };
    return null;
  }

  /** Enter: the order goes, unless something stops it or it is the member's second for the meal (then the counter asks first). */
  async function confirm(): Promise<void> {
    if (submitting.value || repeat.value) return;
    confirmation.value = null;
    const stop = blocker();
    error.value = stop?.text ?? null;
    fillIn = stop?.field ? { field: stop.field, text: stop.text } : null;
    if (stop) {
      if (stop.field) on.need(stop.field);
      return;
    }
    if (who.mealPortions.value > 0) return askRepeat(who.mealPortions.value);
    await place();
  }

  async function askRepeat(before: number): Promise<void> {
    const mine = ++repeatSeq;
    const input = body();
    repeat.value = { state: 'loading' };
    try {
      const priced = await canteenApi.quote(input);
      if (mine !== repeatSeq) return;
      repeat.value = { state: 'ready', quote: priced, from: before + 1, to: before + input.quantity };
      on.asked();
    } catch (cause) {
      if (mine !== repeatSeq) return;
      repeat.value = null;
      error.value = orderErrorText(cause, t);
    }
  }

  /** The repeat question answered yes (Shift+Enter, or its button). */
  async function takeRepeat(): Promise<void> {
    if (repeat.value?.state !== 'ready') return;
    repeat.value = null;
    await place();
  }

  function cancelRepeat(): void {
    repeatSeq++;
    repeat.value = null;
  }

  async function place(): Promise<void> {
    const input = body();
    const fingerprint = JSON.stringify(input);
    const key = retry?.body === fingerprint ? retry.key : newIdempotencyKey('counter');
    submitting.value = true;
    try {
      const order = await canteenApi.placeOrder(input, key);
      retry = null;
      confirmation.value = order;
      resetSelection();
      on.placed(order);
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
    guestName,
    note,
    address,
    extrasOpen,
    needsAddress,
    quote,
    submitting,
    error,
    confirmation,
    repeat,
    applyDefaults,
    resetSelection,
    chooseSet,
    chooseChannel,
    choosePayment,
    changeQuantity,
    openExtras,
    confirm,
    takeRepeat,
    cancelRepeat,
  };
}

export type CounterOrder = ReturnType<typeof useCounterOrder>;
