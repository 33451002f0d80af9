import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ABILITY_GRADE_NAMES, ABILITY_GRADES, AbilityGrade, Category, CATEGORIES, CATEGORY_NAMES } from '../../../domain/shared/categories';
import { parseIdNumber } from '../../../domain/shared/identity';
import type { BusinessDate } from '../../../domain/shared/time';
import { badRequest, conflict, FieldError, fieldErrorsOf, ruleBroken } from '../../errors';
import { MemberFields, memberRow } from './canteen.schemas';
import { siteSettings } from './canteen.policy';
import { DIETARY_TAG_NAMES, DIETARY_TAGS, DietaryTag } from '../../../domain/canteen';
import { CanteenMember } from './member.entity';
import { newMember, normaliseCard } from './members.service';

/**
 * Member import from a CSV or XLSX file (first sheet), sent base64-encoded in JSON. The
 * first row names the columns, in English or Chinese:
 *
 * | column | also | example |
 * | --- | --- | --- |
 * | cardNumber | 卡号, 餐卡号 | XFL-0001 |
 * | name | 姓名 | 张三丰 |
 * | idNumber | 身份证号, 居民身份证号 | 420802194403011234 |
 * | phone | 电话, 手机 | 13800001234 |
 * | address, building, room | 地址, 楼栋, 房间 | 浏河社区3栋2单元, 3栋, 201 |
 * | homebound | 居家送餐 | 是 / 否 |
 * | emergencyContactName, emergencyContactPhone, emergencyContactRelation | 紧急联系人, 紧急联系电话, 关系 | |
 * | dietaryTags | 饮食 | 低盐、软食 (or low_salt;soft) |
 * | allergies | 过敏 | 花生 |
 * | categories | 类别 | dibao@2026-01-01..2026-12-31; disabled_care:moderate@2025-06-01 (or 低保@…, 失能:中度@…) |
 *
 * Every row is checked; if any row is wrong nothing is written and the answer lists each
 * wrong row and field (spreadsheet row numbers, the header being row 1).
 */
export const MAX_IMPORT_ROWS = 5000;

const COLUMNS: Record<string, string> = {
  cardnumber: 'cardNumber', 卡号: 'cardNumber', 餐卡号: 'cardNumber',
  name: 'name', 姓名: 'name',
  idnumber: 'idNumber', 身份证号: 'idNumber', 居民身份证号: 'idNumber', 身份证号码: 'idNumber',
  phone: 'phone', 电话: 'phone', 手机: 'phone', 联系电话: 'phone',
  address: 'address', 地址: 'address', 住址: 'address',
  building: 'building', 楼栋: 'building',
  room: 'room', 房间: 'room', 房号: 'room',
  homebound: 'homebound', 居家送餐: 'homebound', 送餐: 'homebound',
  emergencycontactname: 'emergencyContactName', 紧急联系人: 'emergencyContactName',
  emergencycontactphone: 'emergencyContactPhone', 紧急联系电话: 'emergencyContactPhone',
  emergencycontactrelation: 'emergencyContactRelation', 关系: 'emergencyContactRelation', 与本人关系: 'emergencyContactRelation',
  dietarytags: 'dietaryTags', 饮食: 'dietaryTags', 饮食要求: 'dietaryTags',
  allergies: 'allergies', 过敏: 'allergies', 过敏史: 'allergies',
  categories: 'categories', 类别: 'categories', 身份类别: 'categories',
};

/** A category by its code or any of its Chinese names (独居 for 独居/空巢, 退役军人 for 优抚对象). */
const CATEGORY_BY_NAME: Record<string, Category> = {
  ...Object.fromEntries(CATEGORIES.flatMap((c) => [[c, c], ...CATEGORY_NAMES[c].zh.split('/').map((zh) => [zh, c])])),
  退役军人: 'veteran',
};
/** A grade by its code, its name (中度失能) or its first two characters (中度). */
const GRADE_BY_NAME: Record<string, AbilityGrade> = Object.fromEntries(
  ABILITY_GRADES.flatMap((g) => [[g, g], [ABILITY_GRADE_NAMES[g].zh, g], [ABILITY_GRADE_NAMES[g].zh.slice(0, 2), g]]),
);
const TAG_BY_NAME = new Map<string, DietaryTag>(
  DIETARY_TAGS.flatMap((t) => [[t, t] as [string, DietaryTag], [DIETARY_TAG_NAMES[t].zh, t] as [string, DietaryTag]]),
);

export interface RowError extends FieldError {
  row: number;
}

interface RawRow {
  row: number;
  values: Record<string, string>;
}

const splitList = (s: string) => s.split(/[;,、，；|]/).map((x) => x.trim()).filter(Boolean);

function yesNo(value: string): boolean | 'bad' {
  const v = value.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1'].includes(v)) return true;
  if (['否', 'n', 'no', 'false', '0', ''].includes(v)) return false;
  return 'bad';
}

/** Turns one row's text cells into the fields a registration takes, noting what cannot be read. */
function fieldsOf(raw: RawRow, errors: RowError[]): unknown {
  const v = (key: string) => raw.values[key]?.trim() ?? '';
  const opt = (key: string) => v(key) || undefined;
  const fail = (field: string, code: string, message: string, params?: Record<string, unknown>) =>
    errors.push({ row: raw.row, field, code, ...(params ? { params } : {}), message });
  const homebound = yesNo(v('homebound'));
  if (homebound === 'bad') fail('homebound', 'yes_no', 'must be 是/否 (yes/no)');
  const tags = splitList(v('dietaryTags')).map((t) => {
    const tag = TAG_BY_NAME.get(t) ?? TAG_BY_NAME.get(t.toLowerCase());
    if (!tag) fail('dietaryTags', 'unknown_dietary_tag', `${t} is not a known dietary note (${DIETARY_TAGS.map((x) => DIETARY_TAG_NAMES[x].zh).join('、')})`, { value: t });
    return tag;
  });
  const categories = splitList(v('categories').replace(/,/g, ';')).map((text) => {
    const m = /^([^:@]+)(?::([^@]+))?@(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text.replace(/\s/g, ''));
    if (!m) {
      fail('categories', 'category_format', `${text} must read category[:grade]@YYYY-MM-DD[..YYYY-MM-DD]`, { value: text });
      return undefined;
    }
    const category = CATEGORY_BY_NAME[m[1]] ?? m[1];
    return {
      category,
      ...(m[2] ? { abilityGrade: GRADE_BY_NAME[m[2]] ?? m[2] } : {}),
      validFrom: m[3],
      ...(m[4] ? { validUntil: m[4] } : {}),
    };
  });
  const contactName = opt('emergencyContactName');
  const contactPhone = opt('emergencyContactPhone');
  return {
    cardNumber: v('cardNumber'),
    name: v('name'),
    idNumber: v('idNumber'),
    phone: opt('phone'),
    address: opt('address'),
    building: opt('building'),
    room: opt('room'),
    homebound: homebound === true,
    emergencyContact: contactName || contactPhone ? { name: contactName ?? '', phone: contactPhone ?? '', relation: opt('emergencyContactRelation') } : undefined,
    dietaryTags: tags.filter(Boolean),
    allergies: opt('allergies'),
    categories: categories.filter(Boolean),
  };
}

function columnOf(header: string): string | undefined {
  const h = header.trim().replace(/^\uFEFF/, '');
  return COLUMNS[h] ?? COLUMNS[h.toLowerCase().replace(/[\s_-]/g, '')];
}

function rowsFrom(headers: string[], records: { row: number; cells: string[] }[]): RawRow[] {
  const keys = headers.map(columnOf);
  const unknown = headers.filter((h, i) => h.trim() && !keys[i]);
  if (unknown.length) {
    throw ruleBroken(`Unknown columns: ${unknown.join(', ')}`, [
      { field: 'content', code: 'unknown_columns', params: { columns: unknown }, message: `has unknown columns: ${unknown.join(', ')}` },
    ]);
  }
  for (const needed of ['cardNumber', 'name', 'idNumber']) {
    if (!keys.includes(needed)) {
      throw ruleBroken(`The file has no ${needed} column`, [{ field: 'content', code: 'missing_column', params: { column: needed }, message: `needs a ${needed} column` }]);
    }
  }
  return records
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({ row: r.row, values: Object.fromEntries(keys.flatMap((k, i) => (k ? [[k, r.cells[i] ?? '']] : []))) }));
}

async function readRows(format: 'csv' | 'xlsx', content: string): Promise<RawRow[]> {
  if (!/^[A-Za-z0-9+/=\r\n]+$/.test(content)) throw badRequest('content must be base64', [{ field: 'content', code: 'not_base64', message: 'must be the file encoded as base64' }]);
  const bytes = Buffer.from(content, 'base64');
  const unreadable = (why: string) =>
    ruleBroken(`The file cannot be read as ${format.toUpperCase()}: ${why}`, [{ field: 'content', code: 'unreadable', params: { format }, message: `cannot be read as ${format}` }]);
  if (format === 'csv') {
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parseCsv(bytes.toString('utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
    } catch (err) {
      throw unreadable((err as Error).message);
    }
    if (!records.length) throw ruleBroken('The file is empty', [{ field: 'content', code: 'no_header', message: 'has no header row' }]);
    const [header, ...data] = records;
    return rowsFrom(header.record, data.map((r) => ({ row: r.info.lines, cells: r.record })));
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw ruleBroken('The workbook is empty', [{ field: 'content', code: 'no_header', message: 'has no header row' }]);
  const cellsOf = (rowNumber: number) => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: Math.max(row.cellCount, sheet.columnCount) }, (_, i) => row.getCell(i + 1).text ?? '');
  };
  const data: { row: number; cells: string[] }[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) data.push({ row: r, cells: cellsOf(r) });
  return rowsFrom(cellsOf(1), data);
}

export interface ImportOutcome {
  dryRun: boolean;
  rows: number;
  imported: number;
  members: { row: number; id: string | null; cardNumber: string; name: string }[];
}

/**
 * Checks every row (fields, ID numbers, duplicates in the file and at the site) and, unless
 * `dryRun`, registers all of them in one transaction: all or nothing.
 */
export async function importMembers(
  em: EntityManager,
  input: { siteId: string; format: 'csv' | 'xlsx'; content: string },
  today: BusinessDate,
  dryRun: boolean,
): Promise<ImportOutcome> {
  const raw = await readRows(input.format, input.content);
  if (raw.length === 0) throw ruleBroken('The file has no member rows', [{ field: 'content', code: 'no_rows', message: 'has no rows under the header' }]);
  if (raw.length > MAX_IMPORT_ROWS) {
    throw ruleBroken(`At most ${MAX_IMPORT_ROWS} rows per file`, [
      { field: 'content', code: 'too_many_rows', params: { rows: raw.length, max: MAX_IMPORT_ROWS }, message: `has ${raw.length} rows` },
    ]);
  }

  const errors: RowError[] = [];
  const valid: { row: number; fields: MemberFields }[] = [];
  // Card and ID number of every row that has readable ones, for the duplicate checks.
  const keys: { row: number; card: string | null; id: string | null }[] = [];
  for (const r of raw) {
    const before = errors.length;
    const candidate = fieldsOf(r, errors);
    const parsed = memberRow.safeParse(candidate);
    if (!parsed.success) for (const e of fieldErrorsOf(parsed.error)) errors.push({ row: r.row, ...e });
    const id = parseIdNumber(r.values.idNumber ?? '');
    if (id.ok && id.id.birthDate > today) errors.push({ row: r.row, field: 'idNumber', code: 'id_birth_date_future', message: 'has a birth date in the future' });
    const card = (r.values.cardNumber ?? '').trim();
    keys.push({ row: r.row, card: /^[A-Za-z0-9-]{1,32}$/.test(card) ? normaliseCard(card) : null, id: id.ok ? id.id.number : null });
    if (parsed.success && errors.length === before) valid.push({ row: r.row, fields: parsed.data });
  }

  // Duplicates inside the file, then against the members the site already has.
  const repeats = (row: number) => ({ code: 'repeats_row', params: { row }, message: `repeats row ${row}` });
  const cards = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const k of keys) {
    if (k.card && cards.has(k.card)) errors.push({ row: k.row, field: 'cardNumber', ...repeats(cards.get(k.card)!) });
    else if (k.card) cards.set(k.card, k.row);
    if (k.id && ids.has(k.id)) errors.push({ row: k.row, field: 'idNumber', ...repeats(ids.get(k.id)!) });
    else if (k.id) ids.set(k.id, k.row);
  }
  const cardList = [...cards.keys()];
  const idList = [...ids.keys()];
  for (let i = 0; i < Math.max(cardList.length, idList.length); i += 500) {
    const existing = await em.find(
      CanteenMember,
      { siteId: input.siteId, $or: [{ cardNumber: { $in: cardList.slice(i, i + 500) } }, { idNumber: { $in: idList.slice(i, i + 500) } }] },
      { fields: ['cardNumber', 'idNumber'] },
    );
    for (const m of existing) {
      if (cards.has(m.cardNumber)) errors.push({ row: cards.get(m.cardNumber)!, field: 'cardNumber', code: 'card_taken', message: 'is already the card of a member at this site' });
      if (ids.has(m.idNumber)) errors.push({ row: ids.get(m.idNumber)!, field: 'idNumber', code: 'id_taken', message: 'is already registered at this site' });
    }
  }

  if (errors.length) {
    errors.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
    const rowsWrong = new Set(errors.map((e) => e.row)).size;
    throw ruleBroken(
      `${rowsWrong} of ${raw.length} rows cannot be imported; nothing was imported`,
      errors.map(({ row, ...e }) => ({ ...e, field: `row ${row}: ${e.field}` })),
      { rowErrors: errors, rows: raw.length },
    );
  }
  if (dryRun) {
    return { dryRun: true, rows: raw.length, imported: 0, members: valid.map((v) => ({ row: v.row, id: null, cardNumber: normaliseCard(v.fields.cardNumber), name: v.fields.name })) };
  }
  // In the route's transaction: the file lands whole or not at all.
  const settings = await siteSettings(em, input.siteId);
  const created = valid.map((v) => ({ row: v.row, m: newMember(em, input.siteId, v.fields, settings.defaultOverdraftLimitFen) }));
  await em.flush().catch((err) => {
    // A member registered at the counter while the file was checked.
    if (err instanceof UniqueConstraintViolationException) throw conflict('A card number or ID number in the file was registered meanwhile; nothing was imported');
    throw err;
  });
  return { dryRun: false, rows: raw.length, imported: created.length, members: created.map(({ row, m }) => ({ row, id: m.id, cardNumber: m.cardNumber, name: m.name })) };
}
