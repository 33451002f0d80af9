/**
 * The counter's keys, as data: the legend and the buttons show the same letters the handler
 * reads. Letters are the pinyin initials of what they choose (堂 T, 自 Z, 送 S; 卡 K, 现 X,
 * 外 W; 备注 B), so staff remember them by the word on the button; digits are the set meals.
 * What a key does depends only on where the counter is (its place), so a key typed ahead
 * can be read later, against the place it was meant for.
 */
import type { Channel, PaymentMethod } from '../../../../../domain/canteen/vocabulary';

export const CHANNEL_KEYS: Record<Channel, string> = { dine_in: 'T', pickup: 'Z', delivery: 'S' };
export const PAYMENT_KEYS: Record<PaymentMethod, string> = { wallet: 'K', cash: 'X', external: 'W' };
/** 备注: the order's note, and a guest's name. */
export const EXTRAS_KEY = 'B';

/** The text boxes of the order panel; each one's words go into the order. */
export const FIELDS = ['guestName', 'note', 'address', 'reference'] as const;
export type Field = (typeof FIELDS)[number];

/**
 * Where the counter's keys go: the search box, the order panel, one of its text boxes, or
 * the question that a repeat order asks.
 */
export type Place = 'search' | 'panel' | 'repeat' | Field;

export type Command =
  | { kind: 'type'; text: string }
  | { kind: 'erase' }
  | { kind: 'move'; delta: 1 | -1 }
  | { kind: 'pick' }
  | { kind: 'set'; index: number }
  | { kind: 'channel'; channel: Channel }
  | { kind: 'payment'; method: PaymentMethod }
  | { kind: 'quantity'; delta: 1 | -1 }
  | { kind: 'extras' }
  | { kind: 'confirm' }
  | { kind: 'acknowledge' }
  | { kind: 'back' }
  | { kind: 'search' }
  | { kind: 'guest' }
  | { kind: 'meal'; step: 1 | -1 }
  /** The repeat question takes only its own two answers; any other key is swallowed. */
  | { kind: 'ignore' };

export type Key = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>;

/** One character (a letter, a digit, 张), not a named key such as Enter or F2. */
export const isCharacter = (key: string): boolean => [...key].length === 1;

const withModifier = (event: Key) => event.ctrlKey || event.altKey || event.metaKey;

const byLetter = <T extends string>(keys: Record<T, string>, letter: string): T | undefined =>
  (Object.keys(keys) as T[]).find((name) => keys[name] === letter);

/**
 * Keys that work wherever the focus is on the counter. `/` not in a text box other than the
 * search box (a note or a payment reference may contain one).
 */
export function globalCommand(event: Key, inOtherField: boolean): Command | null {
  if (withModifier(event)) return null;
  if (event.key === 'F2' || (event.key === '/' && !inOtherField)) return { kind: 'search' };
  if (event.key === 'F4') return { kind: 'guest' };
  if (event.key === 'PageDown') return { kind: 'meal', step: 1 };
  if (event.key === 'PageUp') return { kind: 'meal', step: -1 };
  return null;
}

function panelCommand(key: string): Command | null {
  if (/^[1-9]$/.test(key)) return { kind: 'set', index: Number(key) - 1 };
  if (key === 'Enter') return { kind: 'confirm' };
  if (key === '+' || key === '=') return { kind: 'quantity', delta: 1 };
  if (key === '-' || key === '_') return { kind: 'quantity', delta: -1 };
  const letter = key.length === 1 ? key.toUpperCase() : '';
  if (letter === EXTRAS_KEY) return { kind: 'extras' };
  const channel = byLetter(CHANNEL_KEYS, letter);
  if (channel) return { kind: 'channel', channel };
  const method = byLetter(PAYMENT_KEYS, letter);
  if (method) return { kind: 'payment', method };
  return null;
}

/**
 * What a key does at a place; null when it is not the counter's (Tab, Ctrl+C: the browser's).
 * A repeat order is taken only with Shift+Enter, a key no order typed from memory contains,
 * so neither a stray Enter nor the next customer's keys can answer it.
 */
export function commandAt(place: Place, event: Key): Command | null {
  if (withModifier(event)) return null;
  const { key } = event;
  if (place === 'repeat') {
    if (key === 'Enter' && event.shiftKey) return { kind: 'acknowledge' };
    if (key === 'Escape') return { kind: 'back' };
    return isCharacter(key) || commandAt('panel', event) ? { kind: 'ignore' } : null;
  }
  const inField = place !== 'search' && place !== 'panel';
  const global = globalCommand(event, inField);
  if (global) return global;
  if (key === 'Escape') return { kind: 'back' };
  if (place === 'panel') return panelCommand(key);
  if (key === 'Backspace') return { kind: 'erase' };
  if (key === 'Enter') return place === 'search' ? { kind: 'pick' } : { kind: 'confirm' };
  if (place === 'search' && (key === 'ArrowDown' || key === 'ArrowUp')) return { kind: 'move', delta: key === 'ArrowDown' ? 1 : -1 };
  return isCharacter(key) ? { kind: 'type', text: key } : null;
}
