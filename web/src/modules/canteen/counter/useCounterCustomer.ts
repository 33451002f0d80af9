/**
 * Who stands at the counter: a member (picked from the search) or a guest, and what the
 * screen shows about them for the meal in front: the member's file (address, overdraft),
 * their orders of that day and their price for each set meal. Prices come from the server's
 * quote, one per set meal in parallel, so the screen shows exactly what the order will
 * charge, including a further portion at full price once the subsidised one is used.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useFailure, type LoadState } from '@/composables/useFailure';
import { canteenApi, type Channel, type Member, type MemberSearchHit, type Order, type OrderQuote, type SetMeal } from '../canteen.api';
import type { CounterSlot } from './useCounterSlot';

export type Customer = { kind: 'member'; member: MemberSearchHit } | { kind: 'guest' };

export type QuoteState = { state: 'loading' } | { state: 'ready'; quote: OrderQuote } | { state: 'error'; detail: string };

export function useCounterCustomer(siteId: Readonly<Ref<string>>, slot: CounterSlot) {
  const describe = useFailure();
  const customer = shallowRef<Customer | null>(null);
  const detail = shallowRef<Member | null>(null);
  /** The wallet after the last order; the search hit's balance until then. */
  const balanceFen = ref<number | null>(null);
  const orders = shallowRef<Order[]>([]);
  const ordersState = ref<LoadState>('ready');
  const quotes = shallowRef<Record<string, QuoteState>>({});
  let seq = 0;

  const member = computed(() => (customer.value?.kind === 'member' ? customer.value.member : null));
  const memberId = computed(() => member.value?.id ?? null);
  /** The member's orders of the day are being read: whether an order would be a repeat is not known yet. */
  const loading = computed(() => !!member.value && ordersState.value === 'loading');
  /** Portions the member has already ordered for the meal in front (a cancelled order gave its portions back). */
  const mealPortions = computed(() =>
    orders.value.filter((o) => o.meal === slot.meal.value && o.status !== 'cancelled').reduce((sum, o) => sum + o.quantity, 0),
  );

  async function loadOrders(mine: number): Promise<void> {
    const id = memberId.value;
    if (!id) {
      orders.value = [];
      return;
    }
    ordersState.value = 'loading';
    try {
      const page = await canteenApi.orders({ siteId: siteId.value, date: slot.date.value, memberId: id, limit: 50 });
      if (mine !== seq) return;
      orders.value = page.items;
      ordersState.value = 'ready';
    } catch {
      if (mine === seq) ordersState.value = 'error';
    }
  }

  /** A quote only needs a channel that is still open; the price does not depend on which. */
  async function quoteOne(setMeal: SetMeal, channel: Channel): Promise<[string, QuoteState]> {
    try {
      const quote = await canteenApi.quote({
        siteId: siteId.value,
        memberId: memberId.value,
        setMealId: setMeal.id,
        quantity: 1,
        channel,
        payment: { method: memberId.value ? 'wallet' : 'cash' },
      });
      return [setMeal.id, { state: 'ready', quote }];
    } catch (cause) {
      return [setMeal.id, { state: 'error', detail: describe(cause).detail }];
    }
  }

  async function loadQuotes(mine: number): Promise<void> {
    const channel = slot.openChannels.value[0];
    if (!customer.value || !channel) {
      quotes.value = {};
      return;
    }
    const sets = slot.setMeals.value;
    // keep the prices on screen while they are asked again (after an order), but never another customer's
    quotes.value = Object.fromEntries(sets.map((s) => [s.id, quotes.value[s.id]?.state === 'ready' ? quotes.value[s.id] : { state: 'loading' }]));
    const answered = await Promise.all(sets.map((s) => quoteOne(s, channel)));
    if (mine === seq) quotes.value = Object.fromEntries(answered);
  }

  /** The file does not change with the meal, so only another pick makes its answer moot. */
  async function loadDetail(): Promise<void> {
    const id = memberId.value;
    if (!id) return;
    try {
      const found = await canteenApi.member(id, slot.date.value);
      if (memberId.value === id) detail.value = found;
    } catch {
      // The search hit already shows what the counter needs; the file only adds the address and overdraft.
    }
  }

  /** Everything about the customer for the meal in front, again (after a pick, a meal change, an order). */
  function reload(withDetail = false): Promise<unknown> {
    const mine = ++seq;
    return Promise.all([loadOrders(mine), loadQuotes(mine), withDetail ? loadDetail() : null]);
  }

  function pick(next: Customer | null): Promise<unknown> {
    customer.value = next;
    detail.value = null;
    orders.value = [];
    quotes.value = {};
    balanceFen.value = next?.kind === 'member' ? next.member.walletBalanceFen : null;
    return reload(true);
  }

  watch(slot.key, () => {
    if (customer.value) void reload();
  });

  return { customer, member, memberId, loading, mealPortions, detail, balanceFen, orders, ordersState, quotes, pick, reload };
}

export type CounterCustomer = ReturnType<typeof useCounterCustomer>;
