/**
 * The columns a member file may have, as api/modules/canteen/member-import.ts reads them:
 * the Chinese header the template uses, its English alias, and an example cell. The
 * examples are data, not words of the UI, so they stay out of the message files.
 */
export interface ImportColumn {
  header: string;
  alias: string;
  example: string;
  required?: boolean;
}

export const IMPORT_COLUMNS: ImportColumn[] = [
  { header: '卡号', alias: 'cardNumber', example: 'XFL-0101', required: true },
  { header: '姓名', alias: 'name', example: '张三丰', required: true },
  { header: '身份证号', alias: 'idNumber', example: '420802194403011234', required: true },
  { header: '电话', alias: 'phone', example: '13800001234' },
  { header: '地址', alias: 'address', example: '荆门市东宝区浏河社区3栋2单元201' },
  { header: '楼栋', alias: 'building', example: '3栋' },
  { header: '房间', alias: 'room', example: '2单元201' },
  { header: '居家送餐', alias: 'homebound', example: '是 / 否' },
  { header: '紧急联系人', alias: 'emergencyContactName', example: '张军' },
  { header: '紧急联系电话', alias: 'emergencyContactPhone', example: '13900005678' },
  { header: '关系', alias: 'emergencyContactRelation', example: '儿子' },
  { header: '饮食', alias: 'dietaryTags', example: '低盐、软食' },
  { header: '过敏', alias: 'allergies', example: '花生' },
  { header: '类别', alias: 'categories', example: '低保@2026-01-01..2026-12-31；失能:中度@2025-06-01' },
];

/** The column a row error names (`idNumber`, `categories.0.validFrom`) as the file's header calls it. */
export function columnHeader(field: string): string {
  const [head, sub] = field.split('.');
  const alias = head === 'emergencyContact' ? `emergencyContact${sub ? sub[0].toUpperCase() + sub.slice(1) : 'Name'}` : head;
  return IMPORT_COLUMNS.find((c) => c.alias === alias)?.header ?? field;
}

/** A CSV with the header row only; the BOM makes Excel read it as UTF-8. */
export function templateCsv(): Blob {
  return new Blob([`\uFEFF${IMPORT_COLUMNS.map((c) => c.header).join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });
}
