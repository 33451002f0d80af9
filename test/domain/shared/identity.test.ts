import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ageOn, makeIdNumber, maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';

/** 荆门市东宝区, the 浏河社区's district. */
const DONGBAO = '420802';

function parsed(raw: string) {
  const result = parseIdNumber(raw);
  if (!result.ok) throw new Error(`expected ${raw} to parse, got ${result.error.reason}`);
  return result.id;
}

function problem(raw: string) {
  const result = parseIdNumber(raw);
  if (result.ok) throw new Error(`expected ${raw} to be refused`);
  return result.error.reason;
}

describe('居民身份证号 parsing', () => {
  it('when the number is the GB 11643 specimen, then it parses with birth date and sex', () => {
    expect(parsed('11010519491231002X')).toEqual({ number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' });
  });

  it('when the check character is a lower-case x with spaces around, then it is normalised', () => {
    expect(parsed(' 11010519491231002x ').number).toBe('11010519491231002X');
  });

  it('when the sequence code is odd, then the holder is male', () => {
    expect(parsed(makeIdNumber(DONGBAO, '1950-03-01', 123)).sex).toBe('male');
  });

  it('when the number has 15 digits or letters inside, then the format is refused', () => {
    expect(problem('420802500301123')).toBe('format');
    expect(problem('4208021950A301123X')).toBe('format');
  });

  it('when the province code does not exist, then the region is refused', () => {
    expect(problem('990802195003011231')).toBe('region');
  });

  it('when the birth date is 02-29 of a non-leap year, then the birth date is refused', () => {
    expect(problem(`${DONGBAO}19500229123X`)).toBe('birth_date');
  });

  it('when the birth date is 02-29 of a leap year, then it parses', () => {
    expect(parsed(makeIdNumber(DONGBAO, '1948-02-29', 42)).birthDate).toBe('1948-02-29');
  });

  it('when the birth date is month 13 or before 1900, then it is refused', () => {
    expect(problem(`${DONGBAO}19501301123X`)).toBe('birth_date');
    expect(problem(`${DONGBAO}18991231123X`)).toBe('birth_date');
  });

  it('when the check character is wrong, then the checksum is refused', () => {
    const valid = makeIdNumber(DONGBAO, '1950-03-01', 123);
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(problem(wrong)).toBe('check_digit');
  });

  it('when a number is refused, then the error is a typed IdNumberError with a message', () => {
    const result = parseIdNumber('nope');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(Error);
      expect(result.error.name).toBe('IdNumberError');
      expect(result.error.message).toMatch(/17 digits/);
    }
  });
});

describe('making test ID numbers', () => {
  it('when the region or sequence is out of shape, then making one throws', () => {
    expect(() => makeIdNumber('4208', '1950-03-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('990802', '1950-03-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber(DONGBAO, '1950-02-30', 1)).toThrow(RangeError);
    expect(() => makeIdNumber(DONGBAO, '1950-03-01', 1000)).toThrow(RangeError);
  });
});

describe('masking', () => {
  it('when an ID number is shown, then only the region and the last four are readable', () => {
    expect(maskIdNumber('420802195003011234')).toBe('420802********1234');
  });

  it('when the value is not 18 characters, then nothing of it is shown', () => {
    expect(maskIdNumber('420802500301123')).toBe('*'.repeat(18));
  });
});

describe('age in whole years', () => {
  it('when the date is the birthday, then the person is a year older that day', () => {
    expect(ageOn('1945-06-15', '2025-06-14')).toBe(79);
    expect(ageOn('1945-06-15', '2025-06-15')).toBe(80);
  });

  it('when born on 02-29, then in a non-leap year the age changes on 03-01', () => {
    expect(ageOn('1956-02-29', '2026-02-28')).toBe(69);
    expect(ageOn('1956-02-29', '2026-03-01')).toBe(70);
  });

  it('when born on 02-29, then in a leap year the age changes on 02-29', () => {
    expect(ageOn('1944-02-29', '2024-02-28')).toBe(79);
    expect(ageOn('1944-02-29', '2024-02-29')).toBe(80);
  });

  it('when the date is before the birth or not a date, then it throws', () => {
    expect(() => ageOn('1950-01-01', '1949-12-31')).toThrow(RangeError);
    expect(() => ageOn('1950-1-1', '2025-01-01')).toThrow(RangeError);
  });
});

describe('ID number properties', () => {
  const EPOCH = DateTime.fromISO('1900-01-01', { zone: 'utc' });
  const birthDate = fc.integer({ min: 0, max: 46_000 }).map((d) => EPOCH.plus({ days: d }).toISODate()!);
  const region = fc.tuple(fc.constantFrom('11', '31', '42', '44', '65', '81'), fc.integer({ min: 0, max: 9999 })).map(
    ([p, rest]) => `${p}${String(rest).padStart(4, '0')}`,
  );
  const sequence = fc.integer({ min: 0, max: 999 });

  it('when a valid number is generated, then it always parses back to the same birth date and sex', () => {
    fc.assert(
      fc.property(region, birthDate, sequence, (r, b, s) => {
        const id = parsed(makeIdNumber(r, b, s));
        return id.birthDate === b && id.sex === (s % 2 === 1 ? 'male' : 'female');
      }),
      { numRuns: 2000 },
    );
  });

  it('when any single character of a valid number is changed, then it no longer validates', () => {
    const change = fc.tuple(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }));
    fc.assert(
      fc.property(region, birthDate, sequence, change, (r, b, s, [at, shift]) => {
        const valid = makeIdNumber(r, b, s);
        const alphabet = at === 17 ? '0123456789X' : '0123456789';
        const now = alphabet.indexOf(valid[at]);
        const replacement = alphabet[(now + shift) % alphabet.length];
        if (replacement === valid[at]) return true;
        const result = parseIdNumber(valid.slice(0, at) + replacement + valid.slice(at + 1));
        if (result.ok) return false;
        // Region and birth-date changes may be caught earlier; the checksum catches everything else.
        return at < 14 || result.error.reason === 'check_digit';
      }),
      { numRuns: 2000 },
    );
  });

  it('when anything is masked, then at most 10 characters of it are revealed', () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.tuple(region, birthDate, sequence).map(([r, b, s]) => makeIdNumber(r, b, s)),
    );
    fc.assert(
      fc.property(anyValue, (value) => {
        const masked = maskIdNumber(value);
        const shown = [...masked].filter((c) => c !== '*').length;
        return shown <= 10 && masked.length === 18 && masked.slice(6, 14) === '********';
      }),
      { numRuns: 2000 },
    );
  });
});
