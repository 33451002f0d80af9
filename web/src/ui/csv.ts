/**
 * A CSV download built in the browser with csv-stringify: RFC 4180 quoting, text a
 * spreadsheet would run as a formula defused, and a byte-order mark so Excel reads the
 * Chinese as UTF-8. csv-stringify is fetched on the first export, not with the page.
 */
export type CsvCell = string | number;

export async function toCsv(rows: readonly (readonly CsvCell[])[]): Promise<string> {
  const { stringify } = await import('csv-stringify/browser/esm/sync');
  return stringify(rows as CsvCell[][], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}

export async function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): Promise<void> {
  const url = URL.createObjectURL(new Blob([await toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
