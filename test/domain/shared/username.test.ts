import fc from 'fast-check';
import { clashingUsernames, normaliseUsername } from '../../../domain/shared/username';

/** Any text, rich in what normalising changes: wide forms, ligatures, signs that fold to letters, combining marks, odd spaces. */
const names = fc.string({
  unit: fc.oneof(fc.constantFrom(' ', '\u3000', '\t', 'Ａ', 'ｆ', 'İ', 'ẞ', 'ß', 'ﬁ', '\u212a', '\u2126', '㎏', 'e\u0301', '\u0301', 'Ⅻ'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  maxLength: 12,
});

describe('login names', () => {
  it('when a name differs only by spaces around it, width or case, then it is the same name', () => {
    for (const spelling of ['family', 'family ', 'family  ', ' Family', 'ＦＡＭＩＬＹ', 'ｆａｍｉｌｙ', 'family\u3000', 'FAMILY\t']) {
      expect(normaliseUsername(spelling)).toBe('family');
    }
  });

  it('when names differ in their letters, then they stay apart', () => {
    expect(normaliseUsername('family1')).not.toBe(normaliseUsername('family'));
    expect(normaliseUsername('fam ily')).toBe('fam ily');
    expect(normaliseUsername('王芳')).toBe('王芳');
  });

  it('normalising is idempotent, so a stored name looks itself up', () => {
    fc.assert(
      fc.property(names, (name) => {
        const once = normaliseUsername(name);
        expect(normaliseUsername(once)).toBe(once);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('a normalised name has no whitespace at either end and no upper-case letter a lower-case one maps from', () => {
    fc.assert(
      fc.property(names, (name) => {
        const n = normaliseUsername(name);
        expect(n).toBe(n.trim());
        expect(n.toLowerCase()).toBe(n);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('login names that clash', () => {
  it('when two names are one once normalised, then they are reported together as spelt', () => {
    expect(clashingUsernames(['family', 'care', 'ｆａｍｉｌｙ', 'Family ', 'canteen'])).toEqual([['family', 'ｆａｍｉｌｙ', 'Family ']]);
  });

  it('when every name is its own, then nothing clashes', () => {
    expect(clashingUsernames(['family', 'family1', 'care'])).toEqual([]);
  });
});
