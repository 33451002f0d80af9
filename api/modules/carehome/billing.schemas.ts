import { z } from '../../openapi';
import { dateField, siteIdField } from '../canteen/canteen.schemas';
import { monthField, statementsQuery } from '../childcare/childcare.schemas';
import { PAYMENT_METHODS } from './billing.entity';

const words = z.object({ zh: z.string(), en: z.string() });
const fen = z.number().int();
const amountField = z.number().int('must be whole fen').min(1, 'must be more than 0').max(100_000_000, 'is too large');

export const billRunBody = z.object({ siteId: siteIdField, month: monthField }).openapi('CarehomeBillRun');
export const billRunResult = z
  .object({
    siteId: z.string(),
    month: z.string(),
    /** Residences billed by this request; 0 when the month was billed already. */
    billedNow: z.number().int(),
    /** Residences billed for the month in all. */
    residents: z.number().int(),
    servedDays: z.number().int(),
    leaveDays: z.number().int(),
    chargedFen: fen,
    departmentFen: fen,
  })
  .openapi('CarehomeBillRunResult');

export const account = z
  .object({
    billedFen: fen,
    paidFen: fen,
    depositUsedFen: fen,
    /** Billed less paid less settled from the deposit; below 0 the family is in credit. */
    arrearsFen: fen,
    depositFen: fen,
    depositHeldFen: fen,
    lastBilledMonth: z.string().nullable(),
  })
  .openapi('CarehomeAccount');

export const accountsQuery = z.object({ siteId: siteIdField });
export const residentAccount = account
  .extend({
    residenceId: z.string(),
    name: z.string(),
    householdId: z.string(),
    householdName: z.string(),
    careLevel: z.string(),
    careLevelName: words,
    dischargedOn: z.string().nullable(),
  })
  .openapi('CarehomeResidentAccount');

export { statementsQuery };
export const statement = z
  .object({
    householdId: z.string(),
    householdName: z.string(),
    month: z.string(),
    lines: z.array(
      z.object({
        billId: z.string(),
        residenceId: z.string(),
        name: z.string(),
        careLevel: z.string(),
        careLevelName: words,
        servedDays: z.number().int(),
        leaveDays: z.number().int(),
        /** The full cost of the served bed-days, before anyone's part. */
        fullCostFen: fen,
        departmentFen: fen,
        /** Who pays which part of the served bed-days, in names. */
        split: z.array(z.object({ partyKind: z.string(), party: words, what: words, amountFen: fen })),
        servedFamilyFen: fen,
        leaveChargedFen: fen,
        chargedFen: fen,
        leave: z.array(
          z.object({
            date: z.string(),
            tier: z.enum(['full', 'meals_refunded', 'reduced_care']),
            absenceDays: z.number().int(),
            familyFen: fen,
            mealRefundFen: fen,
            careReductionFen: fen,
            chargedFen: fen,
          }),
        ),
        /** Absences over the review length: the contract is to be reviewed. */
        reviewFlags: z.array(z.object({ from: z.string(), to: z.string(), days: z.number().int() })),
        account,
      }),
    ),
    totalFen: fen,
  })
  .openapi('CarehomeStatement');

export const paymentBody = z
  .object({
    amountFen: amountField,
    paidOn: dateField,
    method: z.enum(PAYMENT_METHODS),
    note: z.string().trim().max(200, 'must be at most 200 characters').nullable().optional(),
  })
  .openapi('CarehomePaymentCreate');

export const depositUseBody = z
  .object({
    amountFen: amountField,
    reason: z.string().trim().min(2, 'must say why').max(200, 'must be at most 200 characters'),
  })
  .openapi('CarehomeDepositUseCreate');
