import type { z } from 'zod';

/**
 * The machine-readable half of a field error: `code` says what is wrong in words a client
 * can translate, `params` carry the numbers those words need. `message` stays English for
 * people reading the API. Codes are ours, not zod's, so a zod upgrade does not change the
 * API; a refinement names its own with `params: { code }`.
 *
 * | code | params | when |
 * | --- | --- | --- |
 * | required | | an empty text or list, or a refinement asking for the field |
 * | too_short, too_long | min, max | text length |
 * | too_few, too_many | min, max | list length |
 * | too_small, too_big | min, max | numbers |
 * | not_integer | | a number with a fraction |
 * | not_one_of | values | a value outside an enumeration |
 * | invalid_type | expected | a value of the wrong type, or a missing one |
 * | format | format | a text not in the expected shape |
 * | unknown_keys | keys | fields the request may not have |
 * | nul_char | | a text holding a NUL character (U+0000), which no field accepts |
 * | invalid | | anything else: read `message` |
 */
export interface FieldCode {
  code: string;
  params?: Record<string, unknown>;
}

type Issue = z.core.$ZodIssue;

const isText = (origin: string) => origin === 'string';
const isList = (origin: string) => origin === 'array' || origin === 'set';

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): FieldCode {
  const min = Number(issue.minimum);
  if ((isText(issue.origin) || isList(issue.origin)) && min <= 1) return { code: 'required' };
  if (isText(issue.origin)) return { code: 'too_short', params: { min } };
  if (isList(issue.origin)) return { code: 'too_few', params: { min } };
  return { code: 'too_small', params: { min } };
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): FieldCode {
  const max = Number(issue.maximum);
  if (isText(issue.origin)) return { code: 'too_long', params: { max } };
  if (isList(issue.origin)) return { code: 'too_many', params: { max } };
  return { code: 'too_big', params: { max } };
}

export function fieldCodeOf(issue: Issue): FieldCode {
  switch (issue.code) {
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof code !== 'string') return { code: 'invalid' };
      return Object.keys(params).length ? { code, params } : { code };
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_type':
      return issue.expected === 'int' ? { code: 'not_integer' } : { code: 'invalid_type', params: { expected: issue.expected } };
    case 'invalid_value':
      return { code: 'not_one_of', params: { values: issue.values.map(String) } };
    case 'invalid_union':
      // A discriminated union whose discriminator matched no option.
      return 'options' in issue && Array.isArray(issue.options) ? { code: 'not_one_of', params: { values: issue.options.map(String) } } : { code: 'invalid' };
    case 'invalid_format':
      return { code: 'format', params: { format: issue.format } };
    case 'unrecognized_keys':
      return { code: 'unknown_keys', params: { keys: issue.keys } };
    default:
      return { code: 'invalid' };
  }
}
