import fc from 'fast-check';
import { formatCount, formatFen } from '../../../domain/shared/money-text';

const SEED = { seed: 42 };

/** Reads the text back: the sign, then the digits without the currency sign or separators. */
function readBack(text: string): number {
  const negative = text.startsWith('-');
  const digits = text.replace(/^-/, '').replace('¥', '').replace(/,/g, '').replace('.', '');
  return negative ? -Number(digits) : Number(digits);
}

describe('money and counts as people read them', () => {
  it('when an amount is negative, then the minus comes before the currency sign', () => {
    expect(formatFen(-441)).toBe('-¥4.41');
    expect(formatFen(-36)).toBe('-¥0.36');
  });

  it('when an amount is in the thousands, then its yuan are grouped by thousands', () => {
    expect(formatFen(14_600_000)).toBe('¥146,000.00');
    expect(formatFen(1250)).toBe('¥12.50');
    expect(formatFen(7)).toBe('¥0.07');
    expect(formatFen(-123_456_789)).toBe('-¥1,234,567.89');
  });

  it('zero has no sign, also when it comes as -0', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-0)).toBe('¥0.00');
    expect(formatCount(-0)).toBe('0');
  });

  it('when a count is in the thousands, then it is grouped by thousands', () => {
    expect(formatCount(146_000)).toBe('146,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(-1_234_567)).toBe('-1,234,567');
  });

  it('any whole amount of fen reads back exactly, in the one shape -¥1,234.56', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().filter((n) => n >= -Number.MAX_SAFE_INTEGER), (fen) => {
        const text = formatFen(fen);
        expect(text).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d\d$/);
        expect(text.startsWith('-')).toBe(fen < 0);
        expect(readBack(text)).toBe(fen);
      }),
      SEED,
    );
  });

  it('any whole count reads back exactly', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const text = formatCount(n);
        expect(text).toMatch(/^-?\d{1,3}(,\d{3})*$/);
        expect(Number(text.replace(/,/g, ''))).toBe(n);
      }),
      SEED,
    );
  });
});
