/**
 * Keys typed while the counter waits for the server (a search Enter was pressed on, the
 * member just picked, an order being taken). A counter worker types from memory and does
 * not wait: `zsf⏎1⏎` is a member, a set and a confirmation, whatever the line's delay. So
 * the keys wait here, in order, and are read one by one once the answer is in, each at the
 * place the counter is then at; a key that makes the counter wait again leaves the rest
 * waiting. When the answer is not the one the keys were typed for (several members found,
 * an order refused, a repeat to confirm), the counter drops them: they would act on the
 * wrong thing.
 */
import { isCharacter, type Key } from './counterKeys';

/** Named keys that wait their turn; Escape never waits (it stops), Tab and Ctrl+… are the browser's. */
const WAITING = new Set(['Enter', 'Backspace', 'ArrowUp', 'ArrowDown', 'F2', 'F4', 'PageUp', 'PageDown']);

export function waits(event: Key): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey) return false;
  return isCharacter(event.key) || WAITING.has(event.key);
}

/** `onCount` hears how many keys are waiting, whenever that changes (the screen shows it). */
export function typeAhead(onCount: (waiting: number) => void = () => {}) {
  const held: Key[] = [];
  let replaying = false;

  return {
    get size(): number {
      return held.length;
    },
    /** Keeps a key typed while the counter waits; false when it is not one that waits. */
    hold(event: Key): boolean {
      if (!waits(event)) return false;
      const { key, shiftKey, ctrlKey, altKey, metaKey } = event;
      held.push({ key, shiftKey, ctrlKey, altKey, metaKey });
      onCount(held.length);
      return true;
    },
    drop(): void {
      held.length = 0;
      onCount(0);
    },
    /**
     * Reads the kept keys in order while the counter does not wait. After each key, `settle`
     * lets the screen catch up (as between two real keystrokes), so the next key finds the
     * counter as that key left it: waiting again, somewhere else, or with the rest dropped.
     */
    async replay(busy: () => boolean, act: (key: Key) => void, settle: () => Promise<unknown>): Promise<void> {
      if (replaying) return;
      replaying = true;
      try {
        while (held.length && !busy()) {
          const key = held.shift()!;
          onCount(held.length);
          act(key);
          await settle();
        }
      } finally {
        replaying = false;
      }
    },
  };
}

export type TypeAhead = ReturnType<typeof typeAhead>;
