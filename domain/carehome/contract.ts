/**
 * A resident's contract over time: the terms of the admission, then each amendment from the
 * first day of its month. A change of care level and price takes effect from a month's first day
 * (护理等级变更次月生效 is the common rule), so every month is billed on one care level and price.
 */
import { type Fen } from '../shared/money';

export interface ContractTerms {
  careLevel: string;
  monthlyPriceFen: Fen;
}

export interface ContractAmendment extends ContractTerms {
  /** YYYY-MM: the terms stand from this month's first day. */
  fromMonth: string;
}

/**
 * The terms in force for a month (and so on each of its days): the amendment from the latest
 * month not after it, of two from one month the later recorded (`amendments` in recorded order);
 * with none, the admission's terms.
 */
export function termsForMonth(admission: ContractTerms, amendments: readonly ContractAmendment[], month: string): ContractTerms {
  let inForce: ContractAmendment | null = null;
  for (const a of amendments) {
    if (a.fromMonth <= month && (inForce === null || a.fromMonth >= inForce.fromMonth)) inForce = a;
  }
  return inForce ? { careLevel: inForce.careLevel, monthlyPriceFen: inForce.monthlyPriceFen } : { careLevel: admission.careLevel, monthlyPriceFen: admission.monthlyPriceFen };
}
