/**
 * A form's errors as the API names them: each field's first complaint beside that field, in
 * the user's words, and anything else (or, with nothing named, the failure itself) above the
 * buttons.
 */
import { ref } from 'vue';
import { isApiError } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useServerText } from '@/composables/useServerText';

export function useFieldErrors<Field extends string>(fields: readonly Field[]) {
  const explain = useServerText();
  const describe = useFailure();
  const errors = ref<Partial<Record<Field, string>>>({});
  const otherError = ref('');

  function clear(): void {
    errors.value = {};
    otherError.value = '';
  }

  /** `namedNote` is said above the buttons when every complaint has its field. */
  function show(cause: unknown, namedNote = ''): void {
    const named: Partial<Record<Field, string>> = {};
    const others: string[] = [];
    for (const e of (isApiError(cause) ? cause.problem.errors : undefined) ?? []) {
      const key = e.field.split(/[.[]/)[0] as Field;
      if (fields.includes(key)) named[key] ??= explain(e);
      else others.push(explain(e));
    }
    errors.value = named as Partial<Record<Field, string>>;
    otherError.value = others.join('；') || (Object.keys(named).length ? namedNote : describe(cause).detail);
  }

  return { errors, otherError, clear, show };
}
