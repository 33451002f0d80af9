import type { EntityManager } from '@mikro-orm/core';
import { periodDates, periodOf } from '../../domain/reconciliation';
import { selectRows } from '../db';
import { businessDateOf, Clock } from '../../domain/shared/time';
import type { AuthUser } from '../auth/auth-user';
import { User } from '../auth/user.entity';
import { CanteenMember } from '../modules/canteen/member.entity';
import { Department } from '../modules/costsharing/department.entity';
import { buildClaims, submitClaim } from '../modules/reconciliation/claims.service';
import { recordPayment } from '../modules/reconciliation/payments.service';
import { ReconClaim, ReconFinding } from '../modules/reconciliation/reconciliation.entity';
import { addDays } from '../modules/canteen/plans.service';
import { historyStart } from './canteen';

/**
 * Last month's canteen claims of the demo site, from the order history: 民政's meal claim is
 * sent with a warning explained (a 低保 member whose certificate was found, after the meals, to
 * have ended mid-month) and 民政 has paid part of it. The history covers the last 14 days, so
 * last month has meals (and a meal claim) on the 1st to the 14th of a month. 卫健's childcare
 * claim (last month's slot-months, which the demo always bills) is sent on any day, unpaid.
 */
export async function seedReconciliationDemo(em: EntityManager, siteId: string, clock: Clock, operatorUsername: string): Promise<{ claims: number }> {
  const now = clock.now();
  const today = businessDateOf(now);
  // Last month: its meals when the canteen's history reaches back into it; childcare's slot-months always (the demo bills last month).
  const month = periodOf(addDays(periodDates(periodOf(today)).from, -1));
  if (await em.count(ReconClaim, { siteId })) return { claims: 0 };
  return em.transactional(async (tx) => {
    // A 低保 member who ate in the month: the certificate ended part-way through, recorded late.
    const ended = historyStart(today);
    const [ate] = await selectRows<{ person_ref: string }>(
      tx,
      "select `u`.`person_ref` from `served_unit` `u` join `served_unit_share` `s` on `s`.`served_unit_id` = `u`.`id` and `s`.`party_kind` = 'department' and `s`.`amount_fen` > 0 " +
        "where `u`.`site_id` = ? and `u`.`tier` = 'dibao' and `u`.`served_date` > ? and `u`.`served_date` <= ? and `u`.`person_ref` is not null and `u`.`voided` = ? order by `u`.`served_date`, `u`.`id` limit 1",
      [siteId, ended, periodDates(month).to, false],
    );
    const dibao = ate ? await tx.findOne(CanteenMember, { id: ate.person_ref }) : null;
    if (dibao) {
      dibao.categories = dibao.categories.map((c) => (c.category === 'dibao' ? { ...c, validUntil: ended } : c));
      dibao.updatedAt = now.toJSDate();
      await tx.flush();
    }
    const built = await buildClaims(tx, { siteIds: [siteId], month }, now.toJSDate());
    const operator = await tx.findOneOrFail(User, { username: operatorUsername });
    const user: AuthUser = { id: operator.id, username: operator.username, displayName: operator.displayName, role: operator.role, siteIds: [siteId], departmentId: null, householdId: null };
    const mca = await tx.findOneOrFail(Department, { code: 'mca' });
    const claim = await tx.findOne(ReconClaim, { siteId, period: month, departmentId: mca.id, programmeCode: 'mca-meal' });
    if (claim && claim.errorCount === 0) {
      const warnings = await tx.find(ReconFinding, { claimId: claim.id, severity: 'warning' });
      const reasons = warnings.map((f) => ({ lineId: f.lineId, check: f.checkCode as never, reason: '低保证明于月中到期，民政局确认当月按原标准补贴' }));
      await submitClaim(tx, user, claim.id, reasons, now);
      await recordPayment(
        tx,
        user,
        { sites: [siteId], householdId: null, departmentId: null },
        { departmentId: mca.id, siteId, paidOn: today, amountFen: Math.floor(claim.totalFen / 2), reference: `MZ-${month.replace('-', '')}-001`, payerAccount: '荆门市民政局 6222 0210 0001' },
        now,
      );
    }
    // 卫健's childcare claim is sent too, unpaid: the 卫健 login has a claim to review whatever the day of the month.
    const nhc = await tx.findOne(Department, { code: 'nhc' });
    const childcare = nhc ? await tx.findOne(ReconClaim, { siteId, period: month, departmentId: nhc.id, status: 'draft', errorCount: 0, warningCount: 0 }) : null;
    if (childcare) await submitClaim(tx, user, childcare.id, [], now);
    return { claims: built.claims };
  });
}
