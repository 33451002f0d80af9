import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { CLAIM_PAYMENT_STATUS_NAMES, claimPaymentStatus, type ClaimLine, compareWithTheirList, type TheirRow } from '../../../domain/reconciliation';
import { serviceLine, TIER_LABELS } from '../../../domain/costsharing/service-lines';
import { maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import { formatFen } from '../../../domain/shared/money-text';
import { marks, selectRows } from '../../db';
import { notFound, ruleBroken } from '../../errors';
import { Department } from '../costsharing/department.entity';
import { Site } from '../sites/site.entity';
import { programmeNames } from './overview';
import { paidOf } from './payments.service';
import { IReconClaim, ReconClaim, ReconPeriod } from './reconciliation.entity';
import { linesOfClaim } from './lines';
import { columnsOf, readTableFile, yuanToFen } from './table-file';

export const CLAIM_STATUS_NAMES: Record<IReconClaim['status'], { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已申报', en: 'submitted' },
  approved: { zh: '已核准', en: 'approved' },
  part_disputed: { zh: '部分有异议', en: 'part-disputed' },
};
export const LINE_STATUS_NAMES: Record<string, { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'pending' },
  approved: { zh: '已核准', en: 'approved' },
  disputed: { zh: '有异议', en: 'disputed' },
  voided: { zh: '已作废', en: 'voided' },
  adjusted: { zh: '已调整', en: 'adjusted' },
};
export const LINE_KIND_NAMES: Record<string, { zh: string; en: string }> = {
  unit: { zh: '服务', en: 'served' },
  refund: { zh: '冲回', en: 'refund' },
  correction: { zh: '更正', en: 'correction' },
  adjustment: { zh: '调整', en: 'adjustment' },
};

/** A claim as every page and statement shows it. */
export async function describeClaims(tx: EntityManager, claims: readonly IReconClaim[]) {
  const departments = await tx.find(Department, { id: { $in: [...new Set(claims.map((c) => c.departmentId))] } });
  const sites = await tx.find(Site, { id: { $in: [...new Set(claims.map((c) => c.siteId))] } });
  const closed = await tx.find(ReconPeriod, { siteId: { $in: [...new Set(claims.map((c) => c.siteId))] }, state: 'closed' });
  const paid = await paidOf(tx, claims.map((c) => c.id));
  const programmes = await programmeNames(tx, departments.map((d) => d.id));
  return claims.map((c) => {
    const d = departments.find((x) => x.id === c.departmentId)!;
    const paidFen = paid.get(c.id) ?? 0;
    const programme = programmes.get(`${c.departmentId}|${c.programmeCode}`);
    return {
      id: c.id,
      departmentId: c.departmentId,
      departmentName: d.name,
      departmentNameEn: d.nameEn,
      programmeCode: c.programmeCode,
      programmeName: programme?.zh ?? c.programmeCode,
      programmeNameEn: programme?.en ?? c.programmeCode,
      siteId: c.siteId,
      siteName: sites.find((s) => s.id === c.siteId)!.name,
      period: c.period,
      periodClosed: closed.some((p) => p.siteId === c.siteId && p.month === c.period),
      status: c.status,
      totalFen: c.totalFen,
      quantity: c.quantity,
      lineCount: c.lineCount,
      errorCount: c.errorCount,
      warningCount: c.warningCount,
      submittedOn: c.submittedOn ?? null,
      builtAt: new Date(c.builtAt).toISOString(),
      paidFen,
      paymentStatus: c.status === 'draft' ? null : claimPaymentStatus(c.totalFen, paidFen),
    };
  });
}

export async function claimOrFail(tx: EntityManager, claimId: string): Promise<IReconClaim> {
  const claim = await tx.findOne(ReconClaim, { id: claimId });
  if (!claim) throw notFound('Claim');
  return claim;
}

export interface LineFilter {
  status?: string;
  kind?: string;
  check?: string;
  serviceLine?: string;
  personRef?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

type LineRow = {
  id: string;
  kind: string;
  served_date: string;
  person_ref: string | null;
  person_name: string | null;
  id_number: string | null;
  service_line: string;
  tier: string;
  quantity: unknown;
  amount_fen: unknown;
  status: string;
  dispute_reason: string | null;
  note: string | null;
  corrects_line_id: string | null;
  corrects_period: string | null;
};

/**
 * Whom a line serves: a canteen member (meals), a childcare application's child (slot-months)
 * or an after-school child (sessions), by the served unit's person reference.
 */
const PEOPLE =
  'left join `canteen_member` `m` on `m`.`id` = `l`.`person_ref` left join `childcare_application` `ca` on `ca`.`id` = `l`.`person_ref` left join `afterschool_child` `ac` on `ac`.`id` = `l`.`person_ref`';
const PERSON_NAME = 'coalesce(`m`.`name`, `ca`.`child_name`, `ac`.`name`)';

/** A claim's lines with the person's name, filtered, and each line's findings. */
export async function claimLines(tx: EntityManager, claim: Parameters<typeof linesOfClaim>[0], filter: LineFilter = {}) {
  const lines = linesOfClaim(claim);
  const where: string[] = ['1 = 1'];
  const params: unknown[] = [...lines.params];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.status) add('`l`.`status` = ?', filter.status);
  if (filter.kind) add('`l`.`kind` = ?', filter.kind);
  if (filter.check) add('exists (select 1 from `recon_finding` `f` where `f`.`line_id` = `l`.`id` and `f`.`claim_id` = `l`.`claim_id` and `f`.`check_code` = ?)', filter.check);
  if (filter.serviceLine) add('`l`.`service_line` = ?', filter.serviceLine);
  if (filter.personRef) add('`l`.`person_ref` = ?', filter.personRef);
  if (filter.q) add(`(${PERSON_NAME} like ? or \`l\`.\`served_date\` = ?)`, `%${filter.q}%`, filter.q);
  const from = `from ${lines.sql} ${PEOPLE} where ${where.join(' and ')}`;
  const [{ n }] = await selectRows<{ n: unknown }>(tx, `select count(*) as \`n\` ${from}`, params);
  const limit = filter.limit ?? 10_000_000;
  const rows = await selectRows<LineRow>(
    tx,
    `select \`l\`.\`id\`, \`l\`.\`kind\`, \`l\`.\`served_date\`, \`l\`.\`person_ref\`, ${PERSON_NAME} as \`person_name\`, coalesce(\`m\`.\`id_number\`, \`ca\`.\`id_number\`, \`ac\`.\`id_number\`) as \`id_number\`, \`l\`.\`service_line\`, \`l\`.\`tier\`, \`l\`.\`quantity\`, \`l\`.\`amount_fen\`,
     \`l\`.\`status\`, \`l\`.\`dispute_reason\`, \`l\`.\`note\`, \`l\`.\`corrects_line_id\`, \`l\`.\`corrects_period\` ${from} order by \`l\`.\`served_date\`, \`l\`.\`id\` limit ${Number(limit)} offset ${Number(filter.offset ?? 0)}`,
    params,
  );
  const ids = rows.map((r) => r.id);
  const findings = ids.length
    ? await selectRows<{ line_id: string; check_code: string; severity: 'error' | 'warning'; reason_zh: string; reason_en: string; explanation: string | null }>(
        tx,
        `select \`line_id\`, \`check_code\`, \`severity\`, \`reason_zh\`, \`reason_en\`, \`explanation\` from \`recon_finding\` where \`claim_id\` = ? and \`line_id\` in (${marks(ids)})`,
        [claim.id, ...ids],
      )
    : [];
  return {
    total: Number(n),
    lines: rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'unit' | 'refund' | 'correction' | 'adjustment',
      servedDate: r.served_date,
      personRef: r.person_ref,
      personName: r.person_name,
      idNumberMasked: r.id_number ? maskIdNumber(r.id_number) : null,
      serviceLine: r.service_line,
      tier: r.tier,
      quantity: Number(r.quantity),
      amountFen: Number(r.amount_fen),
      status: r.status as 'pending' | 'approved' | 'disputed' | 'voided' | 'adjusted',
      disputeReason: r.dispute_reason,
      note: r.note,
      correctsLineId: r.corrects_line_id,
      correctsPeriod: r.corrects_period,
      findings: findings
        .filter((f) => f.line_id === r.id)
        .map((f) => ({ check: f.check_code, severity: f.severity, reasonZh: f.reason_zh, reasonEn: f.reason_en, explanation: f.explanation })),
    })),
  };
}

// ── Statements ─────────────────────────────────────────────────────────────────────────

const HEADER = ['站点 Site', '项目 Programme', '日期 Date', '姓名 Name', '身份证号 ID', '服务 Service line', '类别 Tier', '数量 Qty', '金额（元） Amount', '类型 Kind', '状态 Status', '说明 Note'];
const AMOUNT_COLUMN = HEADER.indexOf('金额（元） Amount');

/** What a statement shows: one claim, or a department's sent claims of a month across its sites. */
export interface Statement {
  title: string;
  fileName: string;
  summary: string[];
  rows: (string | number)[][];
}

/** One claim's statement: its lines, its status and what is paid. */
export async function claimStatement(tx: EntityManager, claim: IReconClaim): Promise<Statement> {
  const [described] = await describeClaims(tx, [claim]);
  return {
    title: `${described.siteName} ${described.period} ${described.departmentName} ${described.programmeName} 补贴申报结算单`,
    fileName: `statement-${claim.period}-${claim.programmeCode}`,
    summary: [`申报状态 Status：${CLAIM_STATUS_NAMES[claim.status].zh} ${CLAIM_STATUS_NAMES[claim.status].en}`, ...totalsOf([described])],
    rows: await rowsOf(tx, [described]),
  };
}

/** A department's month: every claim it was sent for the month, at every site in the list, line by line. */
export async function departmentMonthStatement(tx: EntityManager, claims: readonly IReconClaim[]): Promise<Statement> {
  const described = await describeClaims(tx, claims);
  const { departmentName, period } = described[0];
  const sites = new Set(described.map((c) => c.siteId)).size;
  return {
    title: `${departmentName} ${period} 补贴申报结算单（${sites} 个站点，${described.length} 份申报）`,
    fileName: `statement-${period}-${claims[0].departmentId}`,
    summary: totalsOf(described),
    rows: await rowsOf(tx, described),
  };
}

type Described = Awaited<ReturnType<typeof describeClaims>>[number];

function totalsOf(claims: readonly Described[]): string[] {
  const total = claims.reduce((s, c) => s + c.totalFen, 0);
  const paid = claims.reduce((s, c) => s + c.paidFen, 0);
  const statuses = claims.flatMap((c) => (c.paymentStatus ? [c.paymentStatus] : []));
  return [
    `合计 Total：${formatFen(total)}（${claims.reduce((s, c) => s + c.quantity, 0)} 份 units，${claims.reduce((s, c) => s + c.lineCount, 0)} 行 lines）`,
    `已付 Paid：${formatFen(paid)}${claims.length === 1 && statuses.length ? `（${CLAIM_PAYMENT_STATUS_NAMES[statuses[0]].zh}）` : ''}`,
  ];
}

async function rowsOf(tx: EntityManager, claims: readonly Described[]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const c of claims) {
    const { lines } = await claimLines(tx, c);
    for (const l of lines) {
      rows.push([
        c.siteName,
        c.programmeName,
        l.servedDate,
        l.personName ?? '',
        l.idNumberMasked ?? '',
        serviceLine(l.serviceLine)?.label.zh ?? l.serviceLine,
        TIER_LABELS[l.tier]?.zh ?? l.tier,
        l.quantity,
        formatFen(l.amountFen).replace('¥', ''),
        LINE_KIND_NAMES[l.kind].zh,
        LINE_STATUS_NAMES[l.status].zh,
        [l.disputeReason, l.note].filter(Boolean).join('；'),
      ]);
    }
  }
  return rows;
}

export const STATEMENT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];
export const STATEMENT_TYPES: Record<StatementFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Sends a statement as a download in the format asked for. */
export async function sendStatement(res: Response, statement: Statement, format: StatementFormat): Promise<void> {
  const bytes = format === 'pdf' ? await statementPdf(statement) : format === 'csv' ? statementCsv(statement) : await statementXlsx(statement);
  res.status(200).type(STATEMENT_TYPES[format]).attachment(`${statement.fileName}.${format}`).send(bytes);
}

function statementCsv({ rows }: Statement): Buffer {
  // A BOM, so that Excel opens the Chinese text as UTF-8.
  return Buffer.from(`\uFEFF${stringify([HEADER, ...rows])}`, 'utf8');
}

async function statementXlsx({ rows, title, summary }: Statement): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('结算单 Statement');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  for (const s of summary) sheet.addRow([s]);
  sheet.addRow([]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map((v, i) => (i === AMOUNT_COLUMN ? Number(v) : v)));
  sheet.columns.forEach((c, i) => (c.width = [14, 14, 12, 10, 20, 22, 10, 8, 14, 8, 10, 30][i]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Noto Sans CJK (Debian's fonts-noto-cjk): the Simplified Chinese face of its collection. */
export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

async function statementPdf({ rows, title, summary }: Statement): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT)) throw ruleBroken('The server has no Chinese font for PDF statements (install fonts-noto-cjk)', [{ field: 'format', code: 'no_cjk_font', message: 'pdf needs fonts-noto-cjk' }]);
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', CJK_FONT, 'NotoSansCJKsc-Regular');
  doc.font('cjk').fontSize(15).text(title);
  doc.moveDown(0.3).fontSize(10);
  for (const s of summary) doc.text(s);
  doc.moveDown(0.5);
  const widths = [60, 62, 56, 48, 100, 60, 64, 28, 52, 32, 44, 164];
  // Laying out CJK text is slow and a month repeats its dates, names and words: measure each once.
  const heights = new Map<string, number>();
  const heightOf = (text: string, width: number, bold: boolean) => {
    const key = `${bold ? 'b' : ''}${width}|${text}`;
    let height = heights.get(key);
    if (height === undefined) heights.set(key, (height = doc.heightOfString(text, { width })));
    return height;
  };
  const drawRow = (cells: readonly (string | number)[], bold = false) => {
    const y = doc.y;
    let x = doc.page.margins.left;
    doc.fontSize(bold ? 8.5 : 8);
    const height = Math.max(...cells.map((c, i) => heightOf(String(c), widths[i] - 4, bold)));
    if (y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      return drawRow(cells, bold);
    }
    cells.forEach((c, i) => {
      doc.text(String(c), x + 2, y, { width: widths[i] - 4, lineBreak: true });
      x += widths[i];
    });
    doc.y = y + height + 3;
    doc.x = doc.page.margins.left;
  };
  drawRow(HEADER, true);
  for (const r of rows) drawRow(r);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

// ── The department's own list ──────────────────────────────────────────────────────────

const LIST_COLUMNS = {
  idNumber: ['idNumber', '身份证号', '身份证号码', '居民身份证号'],
  name: ['name', '姓名'],
  quantity: ['quantity', '次数', '数量', '份数', '人次'],
  amount: ['amount', '金额', '补贴金额', '金额（元）', '金额(元)'],
} as const;

/**
 * The claim beside the department's list (CSV or XLSX: ID number, and optionally name, count,
 * amount in yuan), person by person: match, difference (which field), only in the claim, only
 * in their list. A person is matched by ID number with the site's canteen members.
 */
export async function compareClaim(tx: EntityManager, claim: IReconClaim, file: { format: 'csv' | 'xlsx'; content: string }) {
  const table = await readTableFile(file.format, file.content);
  const col = columnsOf(table.header, LIST_COLUMNS);
  if (col.idNumber === undefined) throw ruleBroken('The list has no ID number column', [{ field: 'content', code: 'missing_column', params: { column: 'idNumber' }, message: 'needs an ID number column' }]);
  const errors: { row: number; field: string; code: string; message: string }[] = [];
  const theirs: (TheirRow & { idNumber: string; name: string })[] = [];
  for (const r of table.rows) {
    const cell = (k: keyof typeof LIST_COLUMNS) => (col[k] === undefined ? '' : (r.cells[col[k]!] ?? '').trim());
    const idNumber = cell('idNumber').toUpperCase();
    if (!parseIdNumber(idNumber).ok) errors.push({ row: r.row, field: `rows[${r.row}].idNumber`, code: 'id_number', message: 'is not a valid ID number' });
    const quantity = cell('quantity') === '' ? undefined : Number(cell('quantity'));
    if (quantity !== undefined && !Number.isSafeInteger(quantity)) errors.push({ row: r.row, field: `rows[${r.row}].quantity`, code: 'not_a_count', message: 'must be a whole number' });
    const amountFen = cell('amount') === '' ? undefined : yuanToFen(cell('amount'));
    if (amountFen === null) errors.push({ row: r.row, field: `rows[${r.row}].amount`, code: 'not_an_amount', message: 'must be an amount in yuan' });
    theirs.push({ idNumber, name: cell('name'), personRef: `id:${idNumber}`, ...(quantity === undefined ? {} : { quantity }), ...(amountFen == null ? {} : { amountFen }) });
  }
  if (errors.length) throw ruleBroken(`${new Set(errors.map((e) => e.row)).size} row(s) of the list cannot be read`, errors);
  const members = await selectRows<{ id: string; name: string; id_number: string }>(tx, 'select `id`, `name`, `id_number` from `canteen_member` where `site_id` = ?', [claim.siteId]);
  const byIdNumber = new Map(members.map((m) => [m.id_number.toUpperCase(), m]));
  const theirRows = theirs.map((t) => ({ ...t, personRef: byIdNumber.get(t.idNumber)?.id ?? t.personRef }));
  const claimed = linesOfClaim(claim);
  const ours = await selectRows<{ id: string; person_ref: string | null; quantity: unknown; amount_fen: unknown; kind: string }>(
    tx,
    `select \`id\`, \`person_ref\`, \`quantity\`, \`amount_fen\`, \`kind\` from ${claimed.sql} where \`status\` not in ('voided')`,
    claimed.params,
  );
  const lines = ours.map((l) => ({ personRef: l.person_ref, quantity: l.kind === 'unit' ? Number(l.quantity) : 0, amountFen: Number(l.amount_fen) }) as unknown as ClaimLine);
  const byId = new Map(members.map((m) => [m.id, m]));
  return compareWithTheirList(lines, theirRows).map((c) => {
    const member = byId.get(c.personRef);
    const idNumber = member?.id_number ?? c.personRef.replace(/^id:/, '');
    return {
      personRef: c.personRef,
      name: member?.name ?? (theirs.find((t) => t.personRef === c.personRef)?.name || null),
      idNumberMasked: maskIdNumber(idNumber),
      status: c.status,
      ours: 'ours' in c ? c.ours : null,
      theirs: 'theirs' in c ? c.theirs : null,
      differences: c.status === 'difference' ? c.differences : [],
    };
  });
}
