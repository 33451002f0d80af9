import { AGEING_BUCKETS, CHECK_CODES, CLAIM_PAYMENT_STATUS_NAMES, COMPARISON_STATUS_NAMES, isPeriodMonth, RECON_ACCOUNT_KINDS } from '../../../domain/reconciliation';
import { z } from '../../openapi';
import { dateField, siteIdField } from '../canteen/canteen.schemas';
import { CLAIM_STATUSES, LINE_KINDS, LINE_STATUSES } from './reconciliation.entity';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const idField = z.string().min(1).max(64);
export const monthField = z.string().refine(isPeriodMonth, { message: 'must be a month YYYY-MM', params: { code: 'month' } });
const positiveFen = z.number().int('must be whole fen').min(1, 'must be more than 0').max(100_000_000_000, 'is too large');
const anyFen = z.number().int('must be whole fen').min(-100_000_000_000).max(100_000_000_000);
const file = {
  format: z.enum(['csv', 'xlsx']),
  /** The file, base64-encoded (≤ 1.5 MB decoded). */
  content: z.string().min(1).max(2_000_000, 'the file is too large (1.5 MB at most)'),
};

export const siteMonth = z.object({ siteId: siteIdField, month: monthField }).openapi('ReconSiteMonth');

export const buildOutcome = z
  .object({ claims: z.number().int(), lines: z.number().int(), findings: z.number().int(), keptSubmitted: z.number().int() })
  .openapi('ReconBuildOutcome');

export const checkInfo = z.object({ code: z.enum(CHECK_CODES) }).openapi('ReconCheck');

export const claim = z
  .object({
    id: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    departmentNameEn: z.string(),
    programmeCode: z.string(),
    /** The programme's name (its subsidy rules' label; the code when no rule names it). */
    programmeName: z.string(),
    programmeNameEn: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    period: z.string(),
    periodClosed: z.boolean(),
    status: z.enum(CLAIM_STATUSES),
    totalFen: z.number().int(),
    quantity: z.number().int(),
    lineCount: z.number().int(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    submittedOn: z.string().nullable(),
    /** When the claim was last built: a draft's totals and check results are as of then (its lines are its shares now). */
    builtAt: z.string(),
    paidFen: z.number().int(),
    paymentStatus: z.enum(Object.keys(CLAIM_PAYMENT_STATUS_NAMES) as ['unpaid', 'part_paid', 'paid', 'overpaid']).nullable(),
  })
  .openapi('ReconClaim');

export const claimsQuery = z.object({
  siteId: siteIdField.optional(),
  month: monthField.optional(),
  status: z.enum(CLAIM_STATUSES).optional(),
});

export const linesQuery = z.object({
  status: z.enum(LINE_STATUSES).optional(),
  kind: z.enum(LINE_KINDS).optional(),
  check: z.enum(CHECK_CODES).optional(),
  serviceLine: z.string().min(1).max(64).optional(),
  /** One person's lines (a member id, as a line's personRef). */
  personRef: z.string().min(1).max(64).optional(),
  /** A person's name (part of it) or a date. */
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const claimLine = z
  .object({
    id: z.string(),
    kind: z.enum(LINE_KINDS),
    servedDate: z.string(),
    personRef: z.string().nullable(),
    personName: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    serviceLine: z.string(),
    tier: z.string(),
    quantity: z.number().int(),
    amountFen: z.number().int(),
    status: z.enum(LINE_STATUSES),
    disputeReason: z.string().nullable(),
    note: z.string().nullable(),
    correctsLineId: z.string().nullable(),
    correctsPeriod: z.string().nullable(),
    findings: z.array(
      z.object({ check: z.string(), severity: z.enum(['error', 'warning']), reasonZh: z.string(), reasonEn: z.string(), explanation: z.string().nullable() }),
    ),
  })
  .openapi('ReconClaimLine');

export const claimLines = z.object({ total: z.number().int(), lines: z.array(claimLine) }).openapi('ReconClaimLines');

export const submitBody = z
  .object({
    /** A reason for each warning, by its line and check. */
    reasons: z.array(z.object({ lineId: idField, check: z.enum(CHECK_CODES), reason: text(200) })).max(10_000).optional(),
  })
  .openapi('ReconSubmit');

export const reviewBody = z
  .object({
    approve: z.array(idField).max(10_000).optional(),
    /** Approves every line still pending (after the disputes below). */
    approveAll: z.boolean().optional(),
    dispute: z.array(z.object({ lineId: idField, reason: text(200) })).max(10_000).optional(),
  })
  .refine((r) => (r.approve?.length ?? 0) + (r.dispute?.length ?? 0) > 0 || r.approveAll, { message: 'approve or dispute at least one line', path: ['approve'], params: { code: 'nothing_to_review' } })
  .openapi('ReconReview');

export const answerBody = z
  .object({ action: z.enum(['void', 'adjust']), amountFen: anyFen.optional(), reason: text(200) })
  .openapi('ReconAnswer');

export const period = z.object({ siteId: z.string(), month: z.string(), state: z.enum(['open', 'closed']), closedAt: z.string().nullable() }).openapi('ReconPeriod');

export const paymentBody = z
  .object({
    departmentId: idField,
    siteId: siteIdField,
    paidOn: dateField,
    amountFen: positiveFen,
    reference: text(64),
    payerAccount: text(64).optional(),
    allocate: z.enum(['oldest_first', 'none']).optional(),
  })
  .openapi('ReconPaymentCreate');

export const payment = z
  .object({
    id: z.string(),
    departmentId: z.string(),
    siteId: z.string(),
    paidOn: z.string(),
    amountFen: z.number().int(),
    allocatedFen: z.number().int(),
    reference: z.string(),
    payerAccount: z.string().nullable(),
    imported: z.boolean(),
  })
  .openapi('ReconPayment');

export const paymentsQuery = z.object({ siteId: siteIdField.optional(), departmentId: idField.optional() });

export const allocateBody = z
  .object({
    allocations: z.array(z.object({ claimId: idField, amountFen: positiveFen })).max(500).optional(),
    oldestFirst: z.boolean().optional(),
  })
  .refine((a) => (a.allocations?.length ?? 0) > 0 !== (a.oldestFirst === true), { message: 'give allocations or oldestFirst, one of them', path: ['allocations'], params: { code: 'one_of' } })
  .openapi('ReconAllocate');

export const importBody = z.object({ departmentId: idField, siteId: siteIdField, fileName: z.string().max(200).optional(), ...file }).openapi('ReconPaymentImport');

export const importOutcome = z
  .object({ importId: z.string(), repeated: z.boolean(), rows: z.number().int(), imported: z.number().int(), alreadyImported: z.number().int(), paymentIds: z.array(z.string()) })
  .openapi('ReconImportOutcome');

export const receivablesQuery = z.object({ asOf: dateField.optional(), siteId: siteIdField.optional() });
export const receivable = z
  .object({
    departmentId: z.string(),
    departmentName: z.string(),
    departmentNameEn: z.string(),
    buckets: z.array(z.object({ bucket: z.enum(AGEING_BUCKETS), amountFen: z.number().int() })),
    totalFen: z.number().int(),
  })
  .openapi('ReconReceivable');

export const compareBody = z.object(file).openapi('ReconCompare');
const totals = z.object({ quantity: z.number().int().optional(), amountFen: z.number().int().optional() });
export const comparison = z
  .object({
    personRef: z.string(),
    name: z.string().nullable(),
    idNumberMasked: z.string(),
    status: z.enum(Object.keys(COMPARISON_STATUS_NAMES) as ['match', 'difference', 'only_in_claim', 'only_in_list']),
    ours: totals.nullable(),
    theirs: totals.nullable(),
    differences: z.array(z.object({ field: z.enum(['quantity', 'amountFen']), ours: z.number().int(), theirs: z.number().int() })),
  })
  .openapi('ReconComparison');

export const statementQuery = z.object({ format: z.enum(['xlsx', 'csv', 'pdf']).optional() });
export const departmentStatementQuery = statementQuery.extend({ departmentId: idField, month: monthField, siteId: siteIdField.optional() });

export const budgetQuery = z.object({ year: z.coerce.number().int().min(2000, 'must be a year').max(2100, 'must be a year') });
export const programmeBudget = z
  .object({
    departmentId: z.string(),
    departmentName: z.string(),
    departmentNameEn: z.string(),
    programmeCode: z.string(),
    programmeName: z.string(),
    programmeNameEn: z.string(),
    limitFen: z.number().int(),
    usedFen: z.number().int(),
    months: z.array(z.object({ month: z.string(), usedFen: z.number().int() })),
  })
  .openapi('ReconProgrammeBudget');

export const ledgerQuery = z.object({ siteId: siteIdField });
export const ledger = z
  .object({
    debitFen: z.number().int(),
    creditFen: z.number().int(),
    accounts: z.array(
      z.object({
        account: z.string(),
        kind: z.enum(RECON_ACCOUNT_KINDS),
        /** What the account is of, by name: the department, the programme, the site, the charity pool, the resident; null for the bank. */
        name: z.string().nullable(),
        nameEn: z.string().nullable(),
        debitFen: z.number().int(),
        creditFen: z.number().int(),
        balanceFen: z.number().int(),
      }),
    ),
  })
  .openapi('ReconLedger');

export const ledgerEntriesQuery = z.object({
  siteId: siteIdField,
  account: z.string().min(1).max(100),
  month: monthField.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ledgerEntry = z
  .object({
    id: z.string(),
    journalId: z.string(),
    postedOn: z.string(),
    kind: z.enum(['claim.submitted', 'payment.received', 'payment.allocated', 'claim.adjusted', 'family.billed', 'family.paid', 'deposit.received', 'deposit.applied', 'deposit.returned']),
    debitFen: z.number().int(),
    creditFen: z.number().int(),
    /** What the entry came from: a claim, a department's payment, a care-home bill, a family's payment, a deposit; its label null when it is gone. */
    source: z.object({ type: z.enum(['claim', 'payment', 'bill', 'family_payment', 'deposit']), id: z.string(), label: z.string().nullable(), labelEn: z.string().nullable() }),
  })
  .openapi('ReconLedgerEntry');
/** A page of an account's entries: `total` counts them all (of the month, when asked); `hasMore` says a later page has some. */
export const ledgerEntries = z.object({ total: z.number().int(), hasMore: z.boolean(), entries: z.array(ledgerEntry) }).openapi('ReconLedgerEntries');
