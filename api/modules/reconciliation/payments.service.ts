import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import {
  type Allocation,
  allocateOldestFirst,
  AGEING_BUCKETS,
  checkAllocations,
  type ClaimDue,
  paymentAllocated,
  paymentReceived,
  type PaymentRow,
  receivablesAgeing,
  rowsToImport,
} from '../../../domain/reconciliation';
import { isBusinessDate } from '../../../domain/shared/business-date';
import type { AuthUser } from '../../auth/auth-user';
import { insertRows, marks, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { FieldError, notFound, ruleBroken } from '../../errors';
import type { Reach } from '../../http/scope';
import { Department } from '../costsharing/department.entity';
import { asProblem } from './claims.service';
import { postToLedger } from './ledger';
import { IReconAllocation, IReconPayment, ReconAllocation, ReconClaim, ReconPayment, ReconPaymentImport } from './reconciliation.entity';
import { columnsOf, readTableFile, yuanToFen } from './table-file';

/** A department login records and sees only its own department's payments. */
async function departmentInReach(tx: EntityManager, reach: Reach, departmentId: string): Promise<void> {
  if ((reach.departmentId !== null && reach.departmentId !== departmentId) || !(await tx.count(Department, { id: departmentId }))) throw notFound('Department');
}

/** What the department's sent claims at the site are due, and what payments already cover. */
async function claimsDue(tx: EntityManager, departmentId: string, siteId: string): Promise<ClaimDue[]> {
  const rows = await selectRows<{ id: string; period: string; submitted_on: string; total_fen: unknown; allocated: unknown }>(
    tx,
    `select \`c\`.\`id\`, \`c\`.\`period\`, \`c\`.\`submitted_on\`, \`c\`.\`total_fen\`, coalesce((select sum(\`a\`.\`amount_fen\`) from \`recon_allocation\` \`a\` where \`a\`.\`claim_id\` = \`c\`.\`id\`), 0) as \`allocated\`
     from \`recon_claim\` \`c\` where \`c\`.\`department_id\` = ? and \`c\`.\`site_id\` = ? and \`c\`.\`status\` <> 'draft'`,
    [departmentId, siteId],
  );
  return rows.map((r) => ({ claimId: r.id, departmentId, period: r.period, submittedOn: r.submitted_on, dueFen: Number(r.total_fen), allocatedFen: Number(r.allocated) }));
}

const allocationRows = (allocations: readonly Allocation[], payment: IReconPayment, by: string): IReconAllocation[] =>
  allocations.map((a) => ({ id: newId(), paymentId: a.paymentId, claimId: a.claimId, departmentId: payment.departmentId, siteId: payment.siteId, amountFen: a.amountFen, allocatedBy: by, createdAt: new Date() }));

export interface PaymentInput {
  departmentId: string;
  siteId: string;
  paidOn: string;
  amountFen: number;
  reference: string;
  payerAccount?: string;
  /** Oldest claim first (the default), or left on account to allocate by hand. */
  allocate?: 'oldest_first' | 'none';
}

/** Payments received, each with its allocations (oldest first unless told otherwise) and its posting, in the caller's transaction. */
async function receive(tx: EntityManager, user: AuthUser, inputs: readonly (PaymentInput & { rowKey?: string; importId?: string })[], now: DateTime): Promise<IReconPayment[]> {
  const payments: IReconPayment[] = [];
  const allocations: IReconAllocation[] = [];
  const due = new Map<string, ClaimDue[]>();
  for (const input of inputs) {
    const payment: IReconPayment = {
      id: newId(),
      departmentId: input.departmentId,
      siteId: input.siteId,
      paidOn: input.paidOn,
      amountFen: input.amountFen,
      allocatedFen: 0,
      reference: input.reference.trim(),
      payerAccount: input.payerAccount?.trim() || null,
      rowKey: input.rowKey ?? null,
      importId: input.importId ?? null,
      recordedBy: user.id,
      createdAt: now.toJSDate(),
    };
    const dueKey = `${input.departmentId}|${input.siteId}`;
    if (!due.has(dueKey)) due.set(dueKey, await claimsDue(tx, input.departmentId, input.siteId));
    const claims = due.get(dueKey)!;
    const made = input.allocate === 'none' ? [] : allocateOldestFirst([{ paymentId: payment.id, departmentId: payment.departmentId, paidOn: payment.paidOn, amountFen: payment.amountFen, allocatedFen: 0 }], claims);
    for (const a of made) claims.find((c) => c.claimId === a.claimId)!.allocatedFen += a.amountFen;
    payment.allocatedFen = made.reduce((s, a) => s + a.amountFen, 0);
    payments.push(payment);
    allocations.push(...allocationRows(made, payment, user.id));
    await postToLedger(tx, payment.siteId, [paymentReceived({ paymentId: payment.id, departmentId: payment.departmentId, amountFen: payment.amountFen }, made)], user.id, now);
  }
  await insertRows(tx, ReconPayment, payments);
  await insertRows(tx, ReconAllocation, allocations);
  return payments;
}

export async function recordPayment(tx: EntityManager, user: AuthUser, reach: Reach, input: PaymentInput, now: DateTime): Promise<IReconPayment> {
  await departmentInReach(tx, reach, input.departmentId);
  const [payment] = await receive(tx, user, [input], now);
  return payment;
}

/** Allocates a payment's money on account to claims of its department and site: by hand, or oldest first. */
export async function allocatePayment(tx: EntityManager, user: AuthUser, paymentId: string, request: { allocations?: { claimId: string; amountFen: number }[]; oldestFirst?: boolean }, now: DateTime) {
  const payment = await tx.findOne(ReconPayment, { id: paymentId });
  if (!payment) throw notFound('Payment');
  const claims = await claimsDue(tx, payment.departmentId, payment.siteId);
  const free = { paymentId, departmentId: payment.departmentId, paidOn: payment.paidOn, amountFen: payment.amountFen, allocatedFen: payment.allocatedFen };
  let made: Allocation[];
  try {
    made = request.oldestFirst ? allocateOldestFirst([free], claims) : checkAllocations([free], claims, (request.allocations ?? []).map((a) => ({ paymentId, ...a })));
  } catch (err) {
    throw asProblem(err);
  }
  await insertRows(tx, ReconAllocation, allocationRows(made, payment, user.id));
  payment.allocatedFen += made.reduce((s, a) => s + a.amountFen, 0);
  await postToLedger(tx, payment.siteId, [paymentAllocated({ paymentId, departmentId: payment.departmentId }, made)], user.id, now);
  await tx.flush();
  return payment;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

const PAYMENT_COLUMNS = {
  paidOn: ['paidOn', '日期', '付款日期', '到账日期', 'date'],
  amount: ['amount', '金额', '付款金额', '金额（元）', '金额(元)'],
  reference: ['reference', '流水号', '交易流水号', '凭证号'],
  payerAccount: ['payerAccount', '付款账号', '付款账户'],
} as const;

export interface ImportOutcome {
  importId: string;
  /** The same file was imported before: nothing changed. */
  repeated: boolean;
  rows: number;
  imported: number;
  /** Rows whose payment was imported before (from this file or another). */
  alreadyImported: number;
  paymentIds: string[];
}

/**
 * Imports a department's finance file (CSV or XLSX: date, amount in yuan, reference, payer
 * account). Every row is read first: any wrong row refuses the file (422, each by its row
 * number) and nothing is written. The same file twice, or a row seen before, changes nothing.
 */
export async function importPayments(
  tx: EntityManager,
  user: AuthUser,
  reach: Reach,
  input: { departmentId: string; siteId: string; format: 'csv' | 'xlsx'; content: string; fileName?: string },
  now: DateTime,
): Promise<ImportOutcome> {
  await departmentInReach(tx, reach, input.departmentId);
  const fileHash = sha256(Buffer.from(input.content, 'base64'));
  const before = await tx.findOne(ReconPaymentImport, { siteId: input.siteId, departmentId: input.departmentId, fileHash });
  if (before) {
    const ids = (await tx.find(ReconPayment, { importId: before.id }, { orderBy: { id: 'asc' } })).map((p) => p.id);
    return { importId: before.id, repeated: true, rows: before.rows, imported: 0, alreadyImported: before.rows, paymentIds: ids };
  }
  const table = await readTableFile(input.format, input.content);
  const col = columnsOf(table.header, PAYMENT_COLUMNS);
  const missing = (['paidOn', 'amount', 'reference'] as const).filter((k) => col[k] === undefined);
  if (missing.length) {
    throw ruleBroken(`The file has no ${missing.join(', ')} column`, missing.map((m) => ({ field: 'content', code: 'missing_column', params: { column: m }, message: `needs a ${m} column` })));
  }
  const errors: (FieldError & { row: number })[] = [];
  const rows: (PaymentRow & { row: number })[] = [];
  for (const r of table.rows) {
    const cell = (k: keyof typeof PAYMENT_COLUMNS) => (col[k] === undefined ? '' : (r.cells[col[k]!] ?? '').trim());
    const paidOn = cell('paidOn').replace(/[/.]/g, '-');
    const amountFen = yuanToFen(cell('amount'));
    const fail = (field: string, code: string, message: string) => errors.push({ row: r.row, field: `rows[${r.row}].${field}`, code, message });
    if (!isBusinessDate(paidOn)) fail('paidOn', 'not_a_date', 'must be a date YYYY-MM-DD');
    if (amountFen === null || amountFen <= 0) fail('amount', 'not_an_amount', 'must be a positive amount in yuan');
    if (cell('reference') === '') fail('reference', 'required', 'a payment needs its reference');
    rows.push({ row: r.row, departmentId: input.departmentId, paidOn, amountFen: amountFen ?? 0, reference: cell('reference'), payerAccount: cell('payerAccount') });
  }
  if (errors.length) throw ruleBroken(`${new Set(errors.map((e) => e.row)).size} row(s) cannot be imported; nothing was`, errors);
  if (!rows.length) throw ruleBroken('The file has no payment rows', [{ field: 'content', code: 'no_rows', message: 'has no rows' }]);

  // A row's key is hashed with its site: the same transfer imported twice is one payment.
  const hashOf = (key: string) => sha256(`${input.siteId}|${key}`);
  const once = rowsToImport(rows, new Set());
  const allHashes = once.map((x) => hashOf(x.key));
  const seen = allHashes.length
    ? new Set((await selectRows<{ row_key: string }>(tx, `select \`row_key\` from \`recon_payment\` where \`row_key\` in (${marks(allHashes)})`, allHashes)).map((r) => r.row_key))
    : new Set<string>();
  const fresh = once.filter((x) => !seen.has(hashOf(x.key)));
  const record = { id: newId(), departmentId: input.departmentId, siteId: input.siteId, fileHash, fileName: input.fileName?.slice(0, 200) ?? null, rows: rows.length, imported: fresh.length, importedBy: user.id, createdAt: now.toJSDate() };
  await insertRows(tx, ReconPaymentImport, [record]);
  const payments = await receive(
    tx,
    user,
    fresh.map(({ key, row }) => ({ departmentId: input.departmentId, siteId: input.siteId, paidOn: row.paidOn, amountFen: row.amountFen, reference: row.reference, payerAccount: row.payerAccount, rowKey: hashOf(key), importId: record.id })),
    now,
  );
  return { importId: record.id, repeated: false, rows: rows.length, imported: payments.length, alreadyImported: rows.length - payments.length, paymentIds: payments.map((p) => p.id) };
}

/** What each department owes at the sites in reach, by age since submission. */
export async function receivables(tx: EntityManager, where: object, asOf: string) {
  const claims = await tx.find(ReconClaim, { ...where, status: { $ne: 'draft' } });
  const due: ClaimDue[] = [];
  if (claims.length) {
    const ids = claims.map((c) => c.id);
    const paid = await selectRows<{ claim_id: string; fen: unknown }>(tx, `select \`claim_id\`, sum(\`amount_fen\`) as \`fen\` from \`recon_allocation\` where \`claim_id\` in (${marks(ids)}) group by \`claim_id\``, ids);
    for (const c of claims) {
      due.push({ claimId: c.id, departmentId: c.departmentId, period: c.period, submittedOn: c.submittedOn!, dueFen: c.totalFen, allocatedFen: Number(paid.find((p) => p.claim_id === c.id)?.fen ?? 0) });
    }
  }
  const ageing = receivablesAgeing(due, asOf);
  const departments = await tx.find(Department, { id: { $in: [...ageing.keys()] } });
  return [...ageing].map(([departmentId, buckets]) => {
    const d = departments.find((x) => x.id === departmentId)!;
    return { departmentId, departmentName: d.name, departmentNameEn: d.nameEn, buckets: AGEING_BUCKETS.map((bucket) => ({ bucket, amountFen: buckets[bucket] })), totalFen: AGEING_BUCKETS.reduce((s, b) => s + buckets[b], 0) };
  });
}

/** A claim's payment state from its allocations. */
export async function paidOf(tx: EntityManager, claimIds: readonly string[]): Promise<Map<string, number>> {
  if (!claimIds.length) return new Map();
  const rows = await selectRows<{ claim_id: string; fen: unknown }>(tx, `select \`claim_id\`, sum(\`amount_fen\`) as \`fen\` from \`recon_allocation\` where \`claim_id\` in (${marks(claimIds)}) group by \`claim_id\``, claimIds);
  return new Map(rows.map((r) => [r.claim_id, Number(r.fen)]));
}
