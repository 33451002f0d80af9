/**
 * The counter screen's state and keys. Two places hold the focus: the search box (typing
 * finds a member, Enter picks) and the order panel (a digit picks the set meal, letters the
 * channel and payment, Enter takes the order). One order is: the query, Enter, a digit,
 * Enter; after it the focus is back in an empty search box for the next person in the queue.
 */
import { nextTick, onBeforeUnmount, onMounted, useTemplateRef, watch, type Ref } from 'vue';
import type { MemberSearchHit } from '../canteen.api';
import { globalCommand, panelCommand } from './counterKeys';
import { useCounterCustomer, type Customer } from './useCounterCustomer';
import { useCounterOrder } from './useCounterOrder';
import { useCounterSlot } from './useCounterSlot';
import { useMemberSearch } from './useMemberSearch';

const isField = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/** IME composition (typing 张 through pinyin) uses Enter and the arrows itself. */
const composing = (e: KeyboardEvent) => e.isComposing || e.keyCode === 229;

export function useCounter(siteId: Readonly<Ref<string>>) {
  // the template names them with ref="counterRoot", "searchBox", "orderPanel"
  const root = useTemplateRef<HTMLElement>('counterRoot');
  const searchBox = useTemplateRef<HTMLInputElement>('searchBox');
  const panel = useTemplateRef<HTMLElement>('orderPanel');

  const slot = useCounterSlot(siteId, () => isShown());
  const who = useCounterCustomer(siteId, slot);
  const order = useCounterOrder(siteId, slot, who, placed);
  const search = useMemberSearch(siteId, slot.date, pickMember);

  function focusSearch(): void {
    void nextTick(() => {
      searchBox.value?.focus();
      searchBox.value?.select();
    });
  }

  function focusPanel(): void {
    void nextTick(() => panel.value?.focus());
  }

  function serve(customer: Customer | null): void {
    order.confirmation.value = null;
    order.resetSelection();
    void who.pick(customer);
    order.applyDefaults();
    search.clear();
    if (customer) focusPanel();
    else focusSearch();
  }

  function pickMember(hit: MemberSearchHit): void {
    serve({ kind: 'member', member: hit });
  }

  function pickGuest(): void {
    serve({ kind: 'guest' });
  }

  function placed(): void {
    search.clear();
    focusSearch();
    void who.reload();
    void slot.refresh();
  }

  // another meal: its own set meals and open channels
  watch(slot.key, () => {
    order.resetSelection();
    if (who.customer.value) order.applyDefaults();
  });

  function onSearchKeydown(e: KeyboardEvent): void {
    if (composing(e)) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      search.move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (search.term.value) search.pick();
      else if (who.customer.value) focusPanel();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (search.term.value) search.clear();
      else if (who.customer.value) serve(null);
    }
  }

  function onPanelKeydown(e: KeyboardEvent): void {
    if (isField(e.target) || composing(e)) return;
    const command = panelCommand(e);
    if (!command) return;
    e.preventDefault();
    switch (command.kind) {
      case 'set':
        order.chooseSet(command.index);
        return;
      case 'channel':
        order.chooseChannel(command.channel);
        return;
      case 'payment':
        order.choosePayment(command.method);
        return;
      case 'quantity':
        order.changeQuantity(command.delta);
        return;
      case 'confirm':
        void order.confirm();
        return;
      case 'back':
        focusSearch();
    }
  }

  function onReferenceKeydown(e: KeyboardEvent): void {
    if (composing(e)) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      void order.confirm();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      focusPanel();
    }
  }

  /** Another tab of the page hides the counter (display: none leaves no offsetParent). */
  function isShown(): boolean {
    return !!root.value && root.value.offsetParent !== null;
  }

  /** F2, /, F4 and PgUp/PgDn work from anywhere on the counter, while its tab is shown. */
  function onWindowKeydown(e: KeyboardEvent): void {
    if (!isShown() || composing(e)) return;
    const command = globalCommand(e, isField(e.target) && e.target !== searchBox.value);
    if (!command) return;
    e.preventDefault();
    if (command.kind === 'search') focusSearch();
    else if (command.kind === 'guest') pickGuest();
    else void slot.stepMeal(command.step);
  }

  async function start(): Promise<void> {
    focusSearch();
    await slot.start();
  }

  onMounted(() => {
    window.addEventListener('keydown', onWindowKeydown);
    void start();
  });
  onBeforeUnmount(() => window.removeEventListener('keydown', onWindowKeydown));

  return {
    slot,
    who,
    order,
    search,
    pickMember,
    pickGuest,
    focusPanel,
    onSearchKeydown,
    onPanelKeydown,
    onReferenceKeydown,
  };
}
