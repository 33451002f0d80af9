/**
 * A courtesy reading of a 居民身份证号 (GB 11643-1999) in the browser, so the form shows the
 * birth date and sex while staff type and catches a mistyped digit before saving. The server
 * (domain/shared/identity.ts) is the authority and also checks the province code; that module
 * is not imported here because its date checks pull luxon into the web bundle.
 */

export type IdProblem = 'format' | 'birth_date' | 'check_digit' | 'future';

export type IdReading =
  | { ok: true; number: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `today` is the business date (YYYY-MM-DD): a birth date after it is a typo however valid the check digit. */
export function readIdNumber(raw: string, today: string): IdReading {
  const number = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'format' };
  const [y, m, d] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number);
  if (y < 1900 || !isRealDate(y, m, d)) return { ok: false, problem: 'birth_date' };
  if (checkCharacter(number) !== number[17]) return { ok: false, problem: 'check_digit' };
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'future' };
  return { ok: true, number, birthDate, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Whole years (周岁) on `date`; a 02-29 birthday comes on 03-01 in other years, as on the server. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m > bm || (m === bm && d >= bd) ? 0 : 1);
}
