/// <reference types="jest" />
/* The web app's pure modules, type-checked with the web app (web/tsconfig.json), run by Jest. */
import fc from 'fast-check';
import { commandAt, type Key, type Place } from '../../../web/src/modules/canteen/counter/counterKeys';
import { typeAhead, waits } from '../../../web/src/modules/canteen/counter/typeAhead';

const key = (k: string, mods: Partial<Key> = {}): Key => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });
const settled = () => Promise.resolve();

describe('the counter keys', () => {
  it('in the search box, characters are typed, Enter picks, the arrows move through the hits and Esc steps back', () => {
    expect(commandAt('search', key('z'))).toEqual({ kind: 'type', text: 'z' });
    expect(commandAt('search', key('1'))).toEqual({ kind: 'type', text: '1' });
    expect(commandAt('search', key('张'))).toEqual({ kind: 'type', text: '张' });
    expect(commandAt('search', key('Enter'))).toEqual({ kind: 'pick' });
    expect(commandAt('search', key('ArrowDown'))).toEqual({ kind: 'move', delta: 1 });
    expect(commandAt('search', key('Backspace'))).toEqual({ kind: 'erase' });
    expect(commandAt('search', key('Escape'))).toEqual({ kind: 'back' });
    expect(commandAt('search', key('/'))).toEqual({ kind: 'search' });
  });

  it('in the order panel, a digit is a set meal, the pinyin letters choose, B opens the note, Enter confirms; other letters do nothing', () => {
    expect(commandAt('panel', key('2'))).toEqual({ kind: 'set', index: 1 });
    expect(commandAt('panel', key('s'))).toEqual({ kind: 'channel', channel: 'delivery' });
    expect(commandAt('panel', key('X'))).toEqual({ kind: 'payment', method: 'cash' });
    expect(commandAt('panel', key('+'))).toEqual({ kind: 'quantity', delta: 1 });
    expect(commandAt('panel', key('b'))).toEqual({ kind: 'extras' });
    expect(commandAt('panel', key('Enter'))).toEqual({ kind: 'confirm' });
    expect(commandAt('panel', key('c'))).toBeNull();
    expect(commandAt('panel', key('0'))).toBeNull();
  });

  it('in a text box of the order, every character is text (a / too), Enter confirms and Esc goes back to the panel', () => {
    for (const field of ['guestName', 'note', 'address', 'reference'] as const) {
      expect(commandAt(field, key('s'))).toEqual({ kind: 'type', text: 's' });
      expect(commandAt(field, key('/'))).toEqual({ kind: 'type', text: '/' });
      expect(commandAt(field, key('Enter'))).toEqual({ kind: 'confirm' });
      expect(commandAt(field, key('Escape'))).toEqual({ kind: 'back' });
      expect(commandAt(field, key('F4'))).toEqual({ kind: 'guest' });
    }
  });

  it('the repeat question is answered by Shift+Enter only: Enter, digits and letters are swallowed, Esc lets it go', () => {
    expect(commandAt('repeat', key('Enter', { shiftKey: true }))).toEqual({ kind: 'acknowledge' });
    expect(commandAt('repeat', key('Escape'))).toEqual({ kind: 'back' });
    for (const k of ['Enter', '1', 'c', 'z', '+', 'F4', 'PageDown']) expect(commandAt('repeat', key(k))).toEqual({ kind: 'ignore' });
    expect(commandAt('repeat', key('Tab'))).toBeNull();
  });

  it('no place acknowledges a repeat but the question itself', () => {
    const places: Place[] = ['search', 'panel', 'guestName', 'note', 'address', 'reference'];
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.string({ minLength: 1, maxLength: 2 }), fc.boolean(), (place, k, shiftKey) => {
        expect(commandAt(place, key(k, { shiftKey }))?.kind).not.toBe('acknowledge');
      }),
    );
  });

  it('with Ctrl, Alt or Meta a key is the browser’s, at every place', () => {
    for (const place of ['search', 'panel', 'repeat', 'note'] as const) {
      expect(commandAt(place, key('c', { ctrlKey: true }))).toBeNull();
      expect(commandAt(place, key('Enter', { altKey: true }))).toBeNull();
      expect(commandAt(place, key('1', { metaKey: true }))).toBeNull();
    }
  });
});

describe('keys typed ahead', () => {
  it('characters and the counter’s named keys wait; Escape, Tab, lone modifiers and shortcuts do not', () => {
    for (const k of ['a', '1', '+', '张', 'Enter', 'Backspace', 'ArrowDown', 'F2', 'F4', 'PageDown']) expect(waits(key(k))).toBe(true);
    for (const k of ['Escape', 'Tab', 'Shift', 'Control', 'ArrowLeft']) expect(waits(key(k))).toBe(false);
    expect(waits(key('r', { ctrlKey: true }))).toBe(false);
  });

  it('are read in the order they were typed, once the counter stops waiting, and not before', async () => {
    const read: string[] = [];
    let busy = true;
    const keys = typeAhead();
    for (const k of ['1', 'Enter', 'c', 'f']) keys.hold(key(k));
    await keys.replay(() => busy, (k) => read.push(k.key), settled);
    expect(read).toEqual([]);
    busy = false;
    await keys.replay(() => busy, (k) => read.push(k.key), settled);
    expect(read).toEqual(['1', 'Enter', 'c', 'f']);
    expect(keys.size).toBe(0);
  });

  it('a key that makes the counter wait again leaves the rest waiting, to be read after the next answer', async () => {
    const read: string[] = [];
    let busy = false;
    const keys = typeAhead();
    for (const k of ['1', 'Enter', 'c', 'f', 'Enter', '2']) keys.hold(key(k));
    const act = (k: Key) => {
      read.push(k.key);
      if (k.key === 'Enter') busy = true;
    };
    await keys.replay(() => busy, act, settled);
    expect(read).toEqual(['1', 'Enter']);
    busy = false;
    await keys.replay(() => busy, act, settled);
    expect(read).toEqual(['1', 'Enter', 'c', 'f', 'Enter']);
    busy = false;
    await keys.replay(() => busy, act, settled);
    expect(read).toEqual(['1', 'Enter', 'c', 'f', 'Enter', '2']);
  });

  it('dropped, they are never read: not the rest of a replay either', async () => {
    const read: string[] = [];
    const keys = typeAhead();
    for (const k of ['2', 'Enter', 'c']) keys.hold(key(k));
    await keys.replay(
      () => false,
      (k) => {
        read.push(k.key);
        keys.drop(); // the set was sold out: an error on screen
      },
      settled,
    );
    expect(read).toEqual(['2']);
    expect(keys.size).toBe(0);
  });

  it('a second replay while one is reading does not read a key twice', async () => {
    const read: string[] = [];
    const keys = typeAhead();
    for (const k of ['a', 'b', 'c']) keys.hold(key(k));
    const act = (k: Key) => read.push(k.key);
    await Promise.all([keys.replay(() => false, act, settled), keys.replay(() => false, act, settled)]);
    expect(read).toEqual(['a', 'b', 'c']);
  });

  it('whatever makes the counter wait, every waiting key is read exactly once and in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', '1', 'Enter', '+', 'x'), { maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 30 }), async (typed, waitsAfter) => {
        const read: string[] = [];
        let busy = false;
        const keys = typeAhead();
        typed.forEach((k) => keys.hold(key(k)));
        const act = (k: Key) => {
          busy = waitsAfter[read.length] ?? false;
          read.push(k.key);
        };
        for (let answers = 0; answers <= typed.length; answers++) {
          busy = false;
          await keys.replay(() => busy, act, settled);
        }
        expect(read).toEqual(typed);
      }),
    );
  });

  it('tells how many keys wait', async () => {
    const counts: number[] = [];
    const keys = typeAhead((n) => counts.push(n));
    keys.hold(key('a'));
    keys.hold(key('Tab'));
    keys.hold(key('b'));
    await keys.replay(() => false, () => {}, settled);
    keys.hold(key('c'));
    keys.drop();
    expect(counts).toEqual([1, 2, 1, 0, 1, 0]);
  });
});
