import type { EntityManager } from '@mikro-orm/core';
import { lastMonth } from '../../domain/childcare';
import { depositReceived } from '../../domain/reconciliation';
import { businessDateOf, type Clock } from '../../domain/shared/time';
import type { AuthUser } from '../auth/auth-user';
import { CarehomeBill } from '../modules/carehome/billing.entity';
import { runBills } from '../modules/carehome/billing.service';
import { CarehomeApplication, CarehomeLeave, CarehomeResidence } from '../modules/carehome/carehome.entity';
import { postToLedger } from '../modules/reconciliation/ledger';

/**
 * DEMO: the care home's money. Each resident's deposit is held in the ledger from the admission;
 * the resident on leave is the family login's relative too (so its bills view has leave days);
 * and last month is billed as the staff bill it, before the month's claims are built.
 */
export async function seedCarehomeBills(em: EntityManager, siteId: string, clock: Clock, options: { staff: AuthUser; familyHouseholdId: string }) {
  if (await em.count(CarehomeBill, { siteId })) return { residents: 0 };
  return em.transactional(async (tx) => {
    const residences = await tx.find(CarehomeResidence, { siteId, dischargedOn: null }, { orderBy: { id: 'asc' } });
    for (const r of residences) await postToLedger(tx, siteId, [depositReceived(r, r.depositFen)], options.staff.id, clock.now(), r.admittedOn);
    const leave = await tx.findOne(CarehomeLeave, { siteId, returnedOn: null });
    if (leave) {
      const r = residences.find((x) => x.id === leave.residenceId)!;
      const app = await tx.findOneOrFail(CarehomeApplication, { id: r.applicationId });
      for (const row of [r, app, leave]) row.householdId = options.familyHouseholdId;
      await tx.flush();
    }
    return runBills(tx, options.staff, siteId, lastMonth(businessDateOf(clock.now())), clock.now());
  });
}
