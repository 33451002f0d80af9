import { badRequest, FieldError } from '../errors';

const NUL = '\u0000';

/**
 * Refuses a request whose params, query or body hold a NUL character (U+0000) anywhere, in a
 * value or a key, naming each field. No field of ours has a use for one, and MikroORM 6 writes
 * values into the statement text instead of binding them: SQLite reads that text as a C string,
 * so a NUL cut the statement short (a 500) where MariaDB stored it. Refusing it at the edge
 * answers the same on both databases, before any handler or SQL sees it.
 */
export function refuseNul(value: unknown, where: string): void {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: where === 'body' ? [] : [where] }];
  // A loop, not recursion: a JSON body may nest deeper than the stack.
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: v, path } = next;
    if (typeof v === 'string') {
      if (v.includes(NUL)) errors.push({ field: path.join('.') || '(body)', code: 'nul_char', message: 'must not contain a NUL character (U+0000)' });
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const at = [...path, key];
        if (key.includes(NUL)) errors.push({ field: at.join('.'), code: 'nul_char', message: 'must not contain a NUL character (U+0000)' });
        pending.push({ value: child, path: at });
      }
    }
  }
  if (errors.length) throw badRequest(`Invalid ${where}`, errors.reverse());
}
