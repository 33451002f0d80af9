/**
 * The counter's keys, as data: the legend and the buttons show the same letters the handlers
 * read. Letters are the pinyin initials of what they choose (堂 T, 自 Z, 送 S; 卡 K, 现 X,
 * 外 W), so staff remember them by the word on the button; digits are the set meals.
 */
import type { Channel, PaymentMethod } from '../canteen.api';

export const CHANNEL_KEYS: Record<Channel, string> = { dine_in: 'T', pickup: 'Z', delivery: 'S' };
export const PAYMENT_KEYS: Record<PaymentMethod, string> = { wallet: 'K', cash: 'X', external: 'W' };

export type PanelCommand =
  | { kind: 'set'; index: number }
  | { kind: 'channel'; channel: Channel }
  | { kind: 'payment'; method: PaymentMethod }
  | { kind: 'quantity'; delta: 1 | -1 }
  | { kind: 'confirm' }
  | { kind: 'back' };

export type GlobalCommand = { kind: 'search' } | { kind: 'guest' } | { kind: 'meal'; step: 1 | -1 };

type Key = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>;

const byLetter = <T extends string>(keys: Record<T, string>, letter: string): T | undefined =>
  (Object.keys(keys) as T[]).find((name) => keys[name] === letter);

/** What a key means while the order panel has the focus (a member or guest is picked). */
export function panelCommand(event: Key): PanelCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const { key } = event;
  if (/^[1-9]$/.test(key)) return { kind: 'set', index: Number(key) - 1 };
  if (key === 'Enter') return { kind: 'confirm' };
  if (key === 'Escape') return { kind: 'back' };
  if (key === '+' || key === '=') return { kind: 'quantity', delta: 1 };
  if (key === '-' || key === '_') return { kind: 'quantity', delta: -1 };
  const letter = key.length === 1 ? key.toUpperCase() : '';
  const channel = byLetter(CHANNEL_KEYS, letter);
  if (channel) return { kind: 'channel', channel };
  const method = byLetter(PAYMENT_KEYS, letter);
  if (method) return { kind: 'payment', method };
  return null;
}

/**
 * Keys that work wherever the focus is on the counter. `/` only outside other fields (a
 * payment reference may contain one), but in the search box too, where it cannot be meant.
 */
export function globalCommand(event: Key, inOtherField: boolean): GlobalCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key === 'F2' || (event.key === '/' && !inOtherField)) return { kind: 'search' };
  if (event.key === 'F4') return { kind: 'guest' };
  if (event.key === 'PageDown') return { kind: 'meal', step: 1 };
  if (event.key === 'PageUp') return { kind: 'meal', step: -1 };
  return null;
}
