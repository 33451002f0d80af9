/**
 * A form's errors as the API names them: each field's first complaint beside that field, in
 * the user's words, and anything else (or, with nothing named, the failure itself) above the
 * buttons; and the one way a form saves: once at a time, its old complaints cleared first.
 */
import { ref } from 'vue';
import { isApiError } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useServerText } from '@/composables/useServerText';

/**
 * `fields`: the form's fields, each named by the first part of the API's field path; or, for a
 * form of rows, how an API field path names the form's field (undefined: not one of them).
 */
export function useFieldErrors<Field extends string>(fields: readonly Field[] | ((apiField: string) => Field | undefined)) {
  const explain = useServerText();
  const describe = useFailure();
  const errors = ref<Partial<Record<Field, string>>>({});
  const otherError = ref('');
  const saving = ref(false);
  const fieldOf =
    typeof fields === 'function'
      ? fields
      : (apiField: string) => {
          const key = apiField.split(/[.[]/)[0] as Field;
          return fields.includes(key) ? key : undefined;
        };

  function clear(): void {
    errors.value = {};
    otherError.value = '';
  }

  /** `namedNote` is said above the buttons when every complaint has its field. */
  function show(cause: unknown, namedNote = ''): void {
    const named: Partial<Record<Field, string>> = {};
    const others: string[] = [];
    for (const e of (isApiError(cause) ? cause.problem.errors : undefined) ?? []) {
      const key = fieldOf(e.field);
      if (key !== undefined) named[key] ??= explain(e);
      else others.push(explain(e));
    }
    errors.value = named as Partial<Record<Field, string>>;
    otherError.value = others.join('；') || (Object.keys(named).length ? namedNote : describe(cause).detail);
  }

  /** Runs a save unless one is under way; a failure is shown on the form. Answers whether it saved. */
  async function attempt(save: () => Promise<void>, namedNote = ''): Promise<boolean> {
    if (saving.value) return false;
    saving.value = true;
    clear();
    try {
      await save();
      return true;
    } catch (cause) {
      show(cause, namedNote);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { errors, otherError, saving, clear, show, attempt };
}
