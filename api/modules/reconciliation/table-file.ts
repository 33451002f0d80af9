import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { badRequest, ruleBroken } from '../../errors';

/** A CSV or XLSX file's rows as text, each with its spreadsheet row number (the header is row 1). */
export interface TableFile {
  header: string[];
  rows: { row: number; cells: string[] }[];
}

/** Reads a base64 CSV (UTF-8, BOM allowed) or XLSX (first sheet) file; 400 when it is not base64, 422 when it cannot be read. */
export async function readTableFile(format: 'csv' | 'xlsx', content: string): Promise<TableFile> {
  if (!/^[A-Za-z0-9+/=\r\n]+$/.test(content)) throw badRequest('content must be base64', [{ field: 'content', code: 'not_base64', message: 'must be the file encoded as base64' }]);
  const bytes = Buffer.from(content, 'base64');
  const unreadable = () => ruleBroken(`The file cannot be read as ${format.toUpperCase()}`, [{ field: 'content', code: 'unreadable', params: { format }, message: `cannot be read as ${format}` }]);
  const empty = () => ruleBroken('The file is empty', [{ field: 'content', code: 'no_header', message: 'has no header row' }]);
  if (format === 'csv') {
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parseCsv(bytes.toString('utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
    } catch {
      throw unreadable();
    }
    if (!records.length) throw empty();
    const [header, ...data] = records;
    return { header: header.record, rows: data.map((r) => ({ row: r.info.lines, cells: r.record })) };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw empty();
  const cellsOf = (n: number) => {
    const row = sheet.getRow(n);
    return Array.from({ length: Math.max(row.cellCount, sheet.columnCount) }, (_, i) => row.getCell(i + 1).text ?? '');
  };
  const rows: TableFile['rows'] = [];
  for (let r = 2; r <= sheet.rowCount; r++) if (cellsOf(r).some((c) => c.trim() !== '')) rows.push({ row: r, cells: cellsOf(r) });
  return { header: cellsOf(1), rows };
}

/** The column index of each wanted field, by any of its names (case, spaces and underscores ignored). */
export function columnsOf<K extends string>(header: readonly string[], names: Record<K, readonly string[]>): Partial<Record<K, number>> {
  const norm = (s: string) => s.trim().replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_-]/g, '');
  const out: Partial<Record<K, number>> = {};
  for (const [field, aliases] of Object.entries(names) as [K, readonly string[]][]) {
    const i = header.findIndex((h) => aliases.some((a) => norm(a) === norm(h)));
    if (i >= 0) out[field] = i;
  }
  return out;
}

/** A money cell in yuan (1234.5, ¥1,234.50) as whole fen, or null when it is not one. */
export function yuanToFen(text: string): number | null {
  const t = text.trim().replace(/[¥￥,，\s]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, part = ''] = t.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(part.padEnd(2, '0'));
  return t.startsWith('-') ? -fen : fen;
}
