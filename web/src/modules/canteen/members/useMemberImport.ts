/**
 * Importing members from a CSV or XLSX file, read as base64 in the browser. The file is
 * checked first (a dry run that lists every wrong row and field) and can be imported only
 * after a clean check of that very file; the server imports all rows or none.
 */
import { ref, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError, type ProblemFieldError } from '@/api/http';
import { useFailure, type Failure } from '@/composables/useFailure';
import { useServerText } from '@/composables/useServerText';
import { canteenApi, type ImportResult } from '../canteen.api';
import { columnHeader } from './importColumns';

/** The API takes at most 2,000,000 base64 characters, about 1.5 MB of file. */
const MAX_BYTES = 1_500_000;

export interface PickedFile {
  name: string;
  format: 'csv' | 'xlsx';
  content: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A data: URL is `data:<type>;base64,<content>`; the API wants the content alone.
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function useMemberImport(siteId: Readonly<Ref<string>>) {
  const { t, locale } = useI18n();
  const describe = useFailure();
  const serverText = useServerText();

  const file = shallowRef<PickedFile | null>(null);
  const fileError = ref('');
  const busy = ref<'reading' | 'checking' | 'importing' | null>(null);
  /** A clean dry run of the current file: only then may it be imported. */
  const checked = shallowRef<ImportResult | null>(null);
  const problems = ref<RowProblem[]>([]);
  const rowCounts = ref<{ wrong: number; rows: number } | null>(null);
  const failure = shallowRef<Failure | null>(null);
  /** How many the last import brought in, shown until another file is chosen. */
  const imported = ref<number | null>(null);

  function clearOutcome(): void {
    checked.value = null;
    problems.value = [];
    rowCounts.value = null;
    failure.value = null;
  }

  function reset(): void {
    file.value = null;
    fileError.value = '';
    imported.value = null;
    clearOutcome();
  }

  async function pick(chosen: File | undefined): Promise<void> {
    reset();
    if (!chosen) return;
    const format = /\.xlsx$/i.test(chosen.name) ? 'xlsx' : /\.csv$/i.test(chosen.name) ? 'csv' : null;
    if (!format) {
      fileError.value = t('canteen.members.import.wrongType');
      return;
    }
    if (chosen.size > MAX_BYTES) {
      fileError.value = t('canteen.members.import.tooLarge');
      return;
    }
    busy.value = 'reading';
    try {
      file.value = { name: chosen.name, format, content: await readBase64(chosen) };
    } catch {
      fileError.value = t('canteen.members.import.unreadable');
    } finally {
      busy.value = null;
    }
  }

  function explain(cause: unknown): void {
    if (!isApiError(cause)) {
      failure.value = describe(cause, 'canteen.members.import.failed');
      return;
    }
    const rowErrors = cause.problem.rowErrors as (ProblemFieldError & { row: number })[] | undefined;
    if (rowErrors?.length) {
      problems.value = rowErrors.map((e) => ({ row: e.row, column: columnHeader(e.field), message: serverText(e) }));
      rowCounts.value = { wrong: new Set(rowErrors.map((e) => e.row)).size, rows: Number(cause.problem.rows ?? 0) };
      return;
    }
    const about = (cause.problem.errors ?? []).map((e) => serverText(e));
    failure.value = about.length
      ? { forbidden: false, title: t('canteen.members.import.failed'), detail: about.join(locale.value === 'en' ? '; ' : '；') }
      : describe(cause, 'canteen.members.import.failed');
  }

  async function check(): Promise<void> {
    const f = file.value;
    if (!f || busy.value) return;
    clearOutcome();
    busy.value = 'checking';
    try {
      const result = await canteenApi.checkImport(siteId.value, f.format, f.content);
      if (file.value === f) checked.value = result;
    } catch (cause) {
      if (file.value === f) explain(cause);
    } finally {
      busy.value = null;
    }
  }

  /** Imports the checked file; how many members were imported, or null. */
  async function commit(): Promise<number | null> {
    const f = file.value;
    if (!f || !checked.value || busy.value) return null;
    busy.value = 'importing';
    try {
      const result = await canteenApi.importMembers(siteId.value, f.format, f.content);
      reset();
      imported.value = result.imported;
      return result.imported;
    } catch (cause) {
      clearOutcome();
      explain(cause);
      return null;
    } finally {
      busy.value = null;
    }
  }

  return { file, fileError, busy, checked, problems, rowCounts, failure, imported, reset, pick, check, commit };
}
