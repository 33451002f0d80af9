import type { EntityManager } from '@mikro-orm/core';
import { type ContractTerms, termsForMonth } from '../../../domain/carehome';
import { CarehomeContractAmendment, type ICarehomeContractAmendment, type ICarehomeResidence } from './carehome.entity';

/** Each residence's contract amendments, in the order they were recorded. */
export async function amendmentsOf(em: EntityManager, residenceIds: readonly string[]): Promise<Map<string, ICarehomeContractAmendment[]>> {
  const rows = await em.find(CarehomeContractAmendment, { residenceId: { $in: [...residenceIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const byResidence = new Map<string, ICarehomeContractAmendment[]>();
  for (const a of rows) byResidence.set(a.residenceId, [...(byResidence.get(a.residenceId) ?? []), a]);
  return byResidence;
}

/** A residence's terms in force for a month: the admission's, or an amendment's from its month on. */
export const termsOf = (r: ICarehomeResidence, amendments: readonly ICarehomeContractAmendment[], month: string): ContractTerms => termsForMonth(r, amendments, month);

/** Each residence's terms in force for a month (a date's month: amendments start on a first day). */
export async function termsIn(em: EntityManager, residences: readonly ICarehomeResidence[], month: string): Promise<Map<string, ContractTerms>> {
  const amendments = await amendmentsOf(
    em,
    residences.map((r) => r.id),
  );
  return new Map(residences.map((r) => [r.id, termsOf(r, amendments.get(r.id) ?? [], month)]));
}
