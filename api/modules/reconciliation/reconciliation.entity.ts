import { defineEntity, InferEntity } from '@mikro-orm/core';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

export const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'part_disputed'] as const;
/** A unit line comes from a served unit; refunds, corrections and adjustments land in an open month, linked to the line they correct. */
export const LINE_KINDS = ['unit', 'refund', 'correction', 'adjustment'] as const;
export const LINE_STATUSES = ['pending', 'approved', 'disputed', 'voided', 'adjusted'] as const;

/** A site's month once it is closed (frozen); a month without a row is open. */
export const ReconPeriod = defineEntity({
  name: 'ReconPeriod',
  tableName: 'recon_period',
  uniques: [{ properties: ['siteId', 'month'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    month: p.string().length(7),
    state: p.enum(['open', 'closed']),
    closedAt: p.datetime().nullable(),
    closedBy: foreignId().nullable(),
  }),
});
export type IReconPeriod = InferEntity<typeof ReconPeriod>;

/** What one department owes for one programme at one site for one month: the sum of its lines. */
export const ReconClaim = defineEntity({
  name: 'ReconClaim',
  tableName: 'recon_claim',
  uniques: [{ properties: ['departmentId', 'programmeCode', 'siteId', 'period'] }],
  indexes: [{ properties: ['siteId', 'period'] }],
  properties: (p) => ({
    id: idProperty(),
    departmentId: foreignId(),
    programmeCode: p.string().length(64),
    siteId: foreignId(),
    period: p.string().length(7),
    status: p.enum([...CLAIM_STATUSES]),
    totalFen: fen(),
    quantity: p.integer(),
    lineCount: p.integer(),
    errorCount: p.integer(),
    warningCount: p.integer(),
    builtAt: p.datetime(),
    submittedAt: p.datetime().nullable(),
    submittedOn: businessDate().nullable(),
    submittedBy: foreignId().nullable(),
    reviewedAt: p.datetime().nullable(),
    createdAt: createdAt(),
  }),
});
export type IReconClaim = InferEntity<typeof ReconClaim>;

/** One stored line of a claim: a sent claim's unit lines, and every refund, correction or adjustment. A unit line's id is its served unit share's; its amount never changes once the claim leaves. */
export const ReconClaimLine = defineEntity({
  name: 'ReconClaimLine',
  tableName: 'recon_claim_line',
  indexes: [
    // A claim's lines by date, with every column its totals and the grouped checks read.
    { name: 'recon_claim_line_claim_index', properties: ['claimId', 'servedDate', 'kind', 'personRef', 'serviceLine', 'departmentId', 'amountFen', 'quantity', 'servedUnitId'] },
    { properties: ['correctsLineId'] },
    { properties: ['servedUnitId'] },
  ],
  properties: (p) => ({
    id: idProperty(),
    claimId: foreignId(),
    departmentId: foreignId(),
    siteId: foreignId(),
    kind: p.enum([...LINE_KINDS]),
    servedUnitId: foreignId().nullable(),
    servedDate: businessDate(),
    personRef: foreignId().nullable(),
    serviceLine: p.string().length(64),
    tier: p.string().length(32),
    quantity: p.integer(),
    amountFen: fen(),
    status: p.enum([...LINE_STATUSES]),
    disputeReason: p.string().length(200).nullable(),
    note: p.string().length(200).nullable(),
    correctsLineId: foreignId().nullable(),
    correctsPeriod: p.string().length(7).nullable(),
    createdAt: p.datetime(),
  }),
});
export type IReconClaimLine = InferEntity<typeof ReconClaimLine>;

/** A check's finding on a line; a warning's explanation is kept from the submission. */
export const ReconFinding = defineEntity({
  name: 'ReconFinding',
  tableName: 'recon_finding',
  indexes: [{ properties: ['claimId', 'checkCode'] }],
  properties: (p) => ({
    id: idProperty(),
    claimId: foreignId(),
    lineId: foreignId(),
    checkCode: p.string().length(32),
    severity: p.enum(['error', 'warning']),
    reasonZh: p.string().length(200),
    reasonEn: p.string().length(200),
    explanation: p.string().length(200).nullable(),
  }),
});
export type IReconFinding = InferEntity<typeof ReconFinding>;

/** A department's transfer for a site's claims; an imported one keeps its row key (SHA-256) so it is imported once. */
export const ReconPayment = defineEntity({
  name: 'ReconPayment',
  tableName: 'recon_payment',
  indexes: [{ properties: ['siteId', 'departmentId'] }],
  properties: (p) => ({
    id: idProperty(),
    departmentId: foreignId(),
    siteId: foreignId(),
    paidOn: businessDate(),
    amountFen: fen(),
    allocatedFen: fen(),
    reference: p.string().length(64),
    payerAccount: p.string().length(64).nullable(),
    rowKey: p.string().length(64).nullable().unique(),
    importId: foreignId().nullable(),
    recordedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IReconPayment = InferEntity<typeof ReconPayment>;

export const ReconAllocation = defineEntity({
  name: 'ReconAllocation',
  tableName: 'recon_allocation',
  properties: () => ({
    id: idProperty(),
    paymentId: foreignId().index(),
    claimId: foreignId().index(),
    departmentId: foreignId(),
    siteId: foreignId(),
    amountFen: fen(),
    allocatedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IReconAllocation = InferEntity<typeof ReconAllocation>;

/** A finance file imported once: the same file again answers what it did the first time. */
export const ReconPaymentImport = defineEntity({
  name: 'ReconPaymentImport',
  tableName: 'recon_payment_import',
  uniques: [{ properties: ['siteId', 'departmentId', 'fileHash'] }],
  properties: (p) => ({
    id: idProperty(),
    departmentId: foreignId(),
    siteId: foreignId(),
    fileHash: p.string().length(64),
    fileName: p.string().length(200).nullable(),
    rows: p.integer(),
    imported: p.integer(),
    importedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IReconPaymentImport = InferEntity<typeof ReconPaymentImport>;

/** A posting of the reconciliation ledger (domain reconAccount): its lines' debits equal its credits. */
export const ReconJournal = defineEntity({
  name: 'ReconJournal',
  tableName: 'recon_journal',
  indexes: [{ properties: ['siteId', 'postedOn'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    kind: p.string().length(32),
    ref: p.string().length(200),
    postedOn: businessDate(),
    postedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type IReconJournal = InferEntity<typeof ReconJournal>;

export const ReconPosting = defineEntity({
  name: 'ReconPosting',
  tableName: 'recon_posting',
  indexes: [{ properties: ['siteId', 'account'] }],
  properties: (p) => ({
    id: idProperty(),
    journalId: foreignId().index(),
    siteId: foreignId(),
    account: p.string().length(100),
    debitFen: fen(),
    creditFen: fen(),
  }),
});
export type IReconPosting = InferEntity<typeof ReconPosting>;
