import { defineEntity, InferEntity } from '@mikro-orm/core';
import type { LeaveTier, ReviewFlag } from '../../../domain/carehome';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

/** One bed-day of a bill: served (its served unit keeps the quote) or on leave (charged by the leave rules, no subsidy). */
export type BilledBedDay =
  | { date: string; kind: 'served'; servedUnitId: string; familyFen: number }
  | { date: string; kind: 'leave'; tier: LeaveTier; absenceDays: number; familyFen: number; mealRefundFen: number; careReductionFen: number; chargedFen: number };

/** One party's part of the served bed-days, in names: 民政's bed subsidy, the voucher, the family's share … */
export interface BillSplit {
  partyKind: string;
  party: { zh: string; en: string };
  what: { zh: string; en: string };
  amountFen: number;
}

/** A resident's month: one row per residence and month (unique, so a month is never billed twice). */
export const CarehomeBill = defineEntity({
  name: 'CarehomeBill',
  tableName: 'carehome_bill',
  uniques: [{ properties: ['residenceId', 'month'] }],
  indexes: [{ properties: ['siteId', 'month'] }, { properties: ['householdId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    residenceId: foreignId(),
    applicationId: foreignId(),
    /** `YYYY-MM`. */
    month: p.string().length(7),
    careLevel: p.string().length(32),
    serviceLine: p.string().length(64),
    tier: p.string().length(32),
    servedDays: p.integer(),
    leaveDays: p.integer(),
    /** What the family pays for the served bed-days, by their quotes. */
    servedFamilyFen: fen(),
    leaveChargedFen: fen(),
    chargedFen: fen(),
    /** What departments pay for the served bed-days (subsidies and the voucher). */
    departmentFen: fen(),
    /** The full cost of the served bed-days (the operator's price before anyone's part). */
    fullCostFen: fen(),
    split: p.json<BillSplit[]>(),
    days: p.json<BilledBedDay[]>(),
    reviewFlags: p.json<ReviewFlag[]>(),
    billedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeBill = InferEntity<typeof CarehomeBill>;

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'mobile'] as const;

/** A family's payment towards a resident's bills. */
export const CarehomePayment = defineEntity({
  name: 'CarehomePayment',
  tableName: 'carehome_payment',
  indexes: [{ properties: ['residenceId'] }, { properties: ['siteId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    residenceId: foreignId(),
    amountFen: fen(),
    paidOn: businessDate(),
    method: p.enum([...PAYMENT_METHODS]),
    note: p.string().length(200).nullable(),
    recordedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomePayment = InferEntity<typeof CarehomePayment>;

/** A recorded decision to settle arrears from the deposit held: who, when, how much and why. */
export const CarehomeDepositUse = defineEntity({
  name: 'CarehomeDepositUse',
  tableName: 'carehome_deposit_use',
  indexes: [{ properties: ['residenceId'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    householdId: foreignId(),
    residenceId: foreignId(),
    amountFen: fen(),
    reason: p.string().length(200),
    decidedOn: businessDate(),
    decidedBy: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICarehomeDepositUse = InferEntity<typeof CarehomeDepositUse>;

export const carehomeBillingEntities = [CarehomeBill, CarehomePayment, CarehomeDepositUse];
