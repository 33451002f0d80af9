/**
 * The counter screen's state and keys. The keys go to a place: the search box (typing finds
 * a member, Enter picks), the order panel (a digit picks the set meal, letters the channel
 * and payment, Enter takes the order), a text box of the order, or the question a repeat
 * order asks. One order is: the query, Enter, a digit, Enter; after it the counter is clear,
 * with the focus in an empty search box for the next person in the queue.
 *
 * While the counter waits for the server (Enter was pressed on a query not yet answered,
 * the member's orders are being read, an order is being taken), the keys typed meanwhile
 * wait too (typeAhead.ts) and are read in order once the answer is in, at the place it
 * leads to. Anything that does not go as the keys assumed — an error shown, a search that
 * does not name one member, the repeat question — drops them.
 */
import { computed, nextTick, onBeforeUnmount, onMounted, ref, useTemplateRef, watch, type Ref } from 'vue';
import type { MemberSearchHit } from '../canteen.api';
import { commandAt, globalCommand, type Command, type Field, type Place } from './counterKeys';
import { typeAhead } from './typeAhead';
import { useCounterCustomer, type Customer } from './useCounterCustomer';
import { useCounterOrder } from './useCounterOrder';
import { useCounterSlot } from './useCounterSlot';
import { useMemberSearch } from './useMemberSearch';

const isField = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/** IME composition (typing 张 through pinyin) uses Enter and the arrows itself. */
const composing = (e: KeyboardEvent) => e.isComposing || e.keyCode === 229;

export function useCounter(siteId: Readonly<Ref<string>>) {
  // the template names it with ref="counterRoot"; places are marked with data-place
  const root = useTemplateRef<HTMLElement>('counterRoot');
  /** Where the keys go, unless the repeat question is up. */
  const at = ref<Exclude<Place, 'repeat'>>('search');
  /** How many typed keys wait for an answer. */
  const waitingKeys = ref(0);
  const keys = typeAhead((n) => (waitingKeys.value = n));

  const slot = useCounterSlot(siteId, () => isShown());
  const who = useCounterCustomer(siteId, slot);
  const order = useCounterOrder(siteId, slot, who, { placed, need: goTo, asked: keys.drop });
  const search = useMemberSearch(siteId, slot.date, { pick: pickMember, halt: keys.drop });

  const place = computed<Place>(() => (order.repeat.value ? 'repeat' : at.value));
  const texts: Record<'search' | Field, Ref<string>> = {
    search: search.query,
    guestName: order.guestName,
    note: order.note,
    address: order.address,
    reference: order.reference,
  };

  /** The counter is waiting for an answer the next keys depend on. */
  const busy = computed(
    () =>
      search.pickPending.value ||
      order.submitting.value ||
      order.repeat.value?.state === 'loading' ||
      (place.value !== 'search' && (who.loading.value || slot.busy.value)),
  );

  function focusPlace(): void {
    const el = root.value?.querySelector<HTMLElement>(`[data-place="${place.value}"]`);
    if (!el || document.activeElement === el) return;
    el.focus();
    if (place.value === 'search' && el instanceof HTMLInputElement) el.select();
  }

  /** Moves the keys (and, once it is on screen, the focus) to a place. */
  function goTo(next: Exclude<Place, 'repeat'>): void {
    at.value = next;
    void nextTick(focusPlace);
  }
  watch(place, () => void nextTick(focusPlace));

  function serve(customer: Customer | null): void {
    order.confirmation.value = null;
    order.resetSelection();
    void who.pick(customer);
    order.applyDefaults();
    search.clear();
    goTo(customer ? 'panel' : 'search');
  }

  function pickMember(hit: MemberSearchHit): void {
    serve({ kind: 'member', member: hit });
  }

  function pickGuest(): void {
    serve({ kind: 'guest' });
  }

  /** After an order the counter is clear: its confirmation stays in sight, nobody is picked, an Enter picks nothing. */
  function placed(): void {
    void who.pick(null);
    search.clear();
    goTo('search');
    void slot.refresh();
  }

  // another meal: its own set meals and open channels
  watch(slot.key, () => {
    order.resetSelection();
    if (who.customer.value) order.applyDefaults();
  });

  // An error on screen means a key did not do what it was typed for: the keys after it would act on the wrong thing
  watch(order.error, (shown) => shown && keys.drop());
  watch(() => who.ordersState.value === 'error' && !!who.member.value, (failed) => failed && keys.drop());
  // on the tick after: whatever else the same answer set off (an error shown, keys dropped) has happened by then
  watch(busy, (waiting) => {
    if (!waiting) void nextTick(() => keys.replay(() => busy.value, (key) => run(commandAt(place.value, key), false), nextTick));
  });

  function back(): void {
    if (place.value === 'repeat') order.cancelRepeat();
    else if (at.value === 'panel') goTo('search');
    else if (at.value !== 'search') goTo('panel');
    else if (search.term.value) search.clear();
    else if (who.customer.value) serve(null);
  }

  /** `native`: the browser is typing the character into the focused text box itself. */
  function run(command: Command | null, native: boolean): void {
    if (!command) return;
    switch (command.kind) {
      case 'type':
      case 'erase': {
        if (native || at.value === 'panel') return;
        const box = texts[at.value];
        box.value = command.kind === 'type' ? box.value + command.text : box.value.slice(0, -1);
        return;
      }
      case 'move':
        return search.move(command.delta);
      case 'pick':
        // an empty search box picks nobody: never the member just served
        if (search.term.value) search.pick();
        else if (who.customer.value) goTo('panel');
        return;
      case 'set':
        return order.chooseSet(command.index);
      case 'channel':
        return order.chooseChannel(command.channel);
      case 'payment':
        return order.choosePayment(command.method);
      case 'quantity':
        return order.changeQuantity(command.delta);
      case 'extras':
        return order.openExtras();
      case 'confirm':
        return void order.confirm();
      case 'acknowledge':
        return void order.takeRepeat();
      case 'back':
        return back();
      case 'search':
        return goTo('search');
      case 'guest':
        return pickGuest();
      case 'meal':
        return void slot.stepMeal(command.step);
      case 'ignore':
        return;
    }
  }

  /** Another tab of the page hides the counter (display: none leaves no offsetParent). */
  function isShown(): boolean {
    return !!root.value && root.value.offsetParent !== null;
  }

  /** The place an element belongs to; 'page' for no focus at all, null for another control (the date picker, the side nav). */
  function placeOf(target: EventTarget | null): Place | 'page' | null {
    if (target === document.body) return 'page';
    if (!(target instanceof Element) || !root.value?.contains(target)) return null;
    return (target.closest('[data-place]')?.getAttribute('data-place') as Place | null) ?? null;
  }

  /** Every key on the counter comes here first (capture phase), so a key that must wait never reaches a text box. */
  function onKeydown(e: KeyboardEvent): void {
    if (!isShown() || composing(e)) return;
    const from = placeOf(e.target);
    if (from === null) {
      // another control has the focus: only the keys that work anywhere
      if (busy.value) return;
      const command = globalCommand(e, isField(e.target));
      if (command) e.preventDefault();
      return run(command, false);
    }
    if (busy.value && e.key !== 'Escape') {
      if (keys.hold(e)) e.preventDefault();
      return;
    }
    // Escape never waits: it drops what was typed ahead, and steps back
    if (e.key === 'Escape') keys.drop();
    const command = commandAt(place.value, e);
    if (!command) return;
    const native = (command.kind === 'type' || command.kind === 'erase') && from === place.value;
    if (!native) e.preventDefault();
    run(command, native);
  }

  /** A click or Tab into the search box, the panel or a text box moves the keys there too. */
  function onFocusIn(e: FocusEvent): void {
    const from = placeOf(e.target);
    if (from && from !== 'page' && from !== 'repeat') at.value = from;
  }

  /**
   * On arrival the keys go to the search box, unless the user has meanwhile gone to a field
   * or a button elsewhere (log out, the language) while the page loaded: that one keeps them.
   */
  async function start(): Promise<void> {
    const active = document.activeElement;
    const elsewhere = active instanceof HTMLElement && !root.value?.contains(active) && (isField(active) || active.tagName === 'BUTTON');
    if (!elsewhere) goTo('search');
    await slot.start();
  }

  onMounted(() => {
    window.addEventListener('keydown', onKeydown, { capture: true });
    void start();
  });
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, { capture: true }));

  /** A click on a set meal: as its digit key. */
  function chooseSet(index: number): void {
    order.chooseSet(index);
    if (who.customer.value) goTo('panel');
  }

  return { slot, who, order, search, busy, waitingKeys, pickMember, pickGuest, chooseSet, onFocusIn };
}
