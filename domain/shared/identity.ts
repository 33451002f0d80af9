import { type BusinessDate, isBusinessDate } from './business-date';

/**
 * 居民身份证号 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
 * whose parity gives the sex, and an ISO 7064 MOD 11-2 check character.
 */
export type Sex = 'male' | 'female';

export interface ParsedIdNumber {
  /** Normalised: trimmed, check character `X` upper-case. */
  number: string;
  birthDate: BusinessDate;
  sex: Sex;
}

export type IdNumberProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

export class IdNumberError extends Error {
  constructor(
    readonly reason: IdNumberProblem,
    message: string,
  ) {
    super(message);
    this.name = 'IdNumberError';
  }
}

export type IdNumberResult = { ok: true; id: ParsedIdNumber } | { ok: false; error: IdNumberError };

/**
 * Province-level prefixes of GB/T 2260, plus 81/82/83 which 港澳台居民居住证 share with the
 * 居民身份证 format. Only the province is checked: county codes are renamed and merged too
 * often for a hand list, and a number issued under a since-abolished county is still valid.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Nobody alive was born before this; it also rejects digit runs that happen to form a date. */
const EARLIEST_BIRTH_YEAR = 1900;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function parseIdNumber(raw: string): IdNumberResult {
  const number = raw.trim().toUpperCase();
  const fail = (reason: IdNumberProblem, message: string): IdNumberResult => ({
    ok: false,
    error: new IdNumberError(reason, message),
  });
  if (!/^\d{17}[\dX]$/.test(number)) return fail('format', 'an ID number is 17 digits followed by a digit or X');
  if (!PROVINCES.has(number.slice(0, 2))) return fail('region', `unknown province code ${number.slice(0, 2)}`);
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isBusinessDate(birthDate) || Number(number.slice(6, 10)) < EARLIEST_BIRTH_YEAR) {
    return fail('birth_date', `${number.slice(6, 14)} is not a real birth date`);
  }
  if (checkCharacter(number) !== number[17]) return fail('check_digit', 'the check character does not match');
  return { ok: true, id: { number, birthDate, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' } };
}

const MASK = '********';

/**
 * `420802********1234`: region and last four stay readable so staff can tell members apart
 * at the counter. Anything that is not 18 characters is masked whole, since we cannot know
 * which part of it is safe to show.
 */
export function maskIdNumber(n: string): string {
  const s = n.trim();
  if (s.length !== 18) return '*'.repeat(18);
  return `${s.slice(0, 6)}${MASK}${s.slice(14)}`;
}

function dateParts(date: BusinessDate, what: string): [number, number, number] {
  if (!isBusinessDate(date)) throw new RangeError(`${what} must be a YYYY-MM-DD date, got ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/**
 * Whole years (周岁) on `date`. Someone born on 02-29 turns a year older on 03-01 in
 * non-leap years: the birthday has not yet come on 02-28, and the subsidy rules (70+, 80+)
 * should not start a day before the person really reaches the age.
 */
export function ageOn(birthDate: BusinessDate, date: BusinessDate): number {
  const [by, bm, bd] = dateParts(birthDate, 'birthDate');
  const [y, m, d] = dateParts(date, 'date');
  if (date < birthDate) throw new RangeError(`${date} is before the birth date ${birthDate}`);
  const birthdayPassed = m > bm || (m === bm && d >= bd);
  return y - by - (birthdayPassed ? 0 : 1);
}

/**
 * A valid ID number for tests and demo seeding. `sequence` is the 3-digit 顺序码:
 * odd for a man, even for a woman.
 */
export function makeIdNumber(region: string, birthDate: BusinessDate, sequence: number): string {
  if (!/^\d{6}$/.test(region)) throw new RangeError(`region must be 6 digits, got ${region}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be 0–999, got ${sequence}`);
  }
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  const parsed = parseIdNumber(first17 + (/^\d{17}$/.test(first17) ? checkCharacter(first17) : ''));
  if (!parsed.ok) throw new RangeError(`cannot make an ID number: ${parsed.error.message}`);
  return parsed.id.number;
}
