/**
 * Closing a city's month on MariaDB: at least 1,000,000 meals across 100 sites (with 民政's
 * subsidy on each, 残联's on the disabled members', a few faults for the checks to find), the
 * bed-days of 20 care homes (民政's nursing subsidy) and the slot-months of 30 nurseries (卫健's),
 * then building every department's claims for the month with every live check, beside the
 * baseline of one hand-written GROUP BY over the same served-unit shares, in the same run.
 * Prints both, the ratio and where a build's time goes (each phase); asserts nothing.
 * Target: under 10 s, within 3× the baseline.
 * Run: DATABASE_URL=mysql://root@127.0.0.1:3306/bench_close npm run bench:close
 * (the database is dropped and made again). BENCH_SCALE=0.1 makes a tenth of the units (the
 * same 100 sites), for trying a change without a full month.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../api/config';
import { initORM, insertRows, selectRows } from '../../api/db';
import { newId } from '../../api/entity-helpers';
import { CanteenClosedDay } from '../../api/modules/canteen/calendar.entity';
import { CanteenMember, ICanteenMember } from '../../api/modules/canteen/member.entity';
import { ContributionRule } from '../../api/modules/costsharing/cost-model.entity';
import { Department } from '../../api/modules/costsharing/department.entity';
import { Party } from '../../api/modules/costsharing/party.entity';
import { IServedUnit, IServedUnitShare, ServedUnit, ServedUnitShare } from '../../api/modules/costsharing/served-unit.entity';
import { buildClaims } from '../../api/modules/reconciliation/claims.service';
import { Site } from '../../api/modules/sites/site.entity';
import { seededRandom } from '../../api/seed/random';
import { periodDates } from '../../domain/reconciliation';
import { addDays } from '../../domain/shared/business-date';
import { makeIdNumber } from '../../domain/shared/identity';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`BENCH_SCALE is a fraction in (0, 1], not ${process.env.BENCH_SCALE}`);
const SITES = 100;
const MEMBERS_PER_SITE = 400;
const MEALS = Math.round(1_000_000 * SCALE);
const CARE_HOMES = 20;
const BEDS_PER_HOME = Math.max(1, Math.round(60 * SCALE));
const NURSERIES = 30;
const CHILDREN_PER_NURSERY = Math.max(1, Math.round(40 * SCALE));
const MONTH = '2026-11';
const DAYS = 30;

// The same month on every run, so runs compare.
const random = seededRandom(20261130);

async function freshDatabase(url: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name) || name === 'test') throw new Error(`a bench database of its own, please, not ${name}`);
  u.pathname = '/';
  const connection = await mysql.createConnection(u.toString());
  await connection.query(`drop database if exists \`${name}\``);
  await connection.query(`create database \`${name}\``);
  await connection.end();
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('mysql://') && !url?.startsWith('mariadb://')) throw new Error('set DATABASE_URL=mysql://…/bench_close (MariaDB): the month is measured where it runs in production');
  await freshDatabase(url);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: 'bench-close-secret-0123456789abcdef' });
  const orm = await initORM(config.database);
  const em = orm.em.fork();
  const now = new Date();

  let t0 = performance.now();
  const mca = { id: newId(), code: 'mca', name: '民政局', nameEn: 'Civil Affairs', createdAt: now };
  const dpf = { id: newId(), code: 'dpf', name: '残联', nameEn: 'Disabled Persons’ Federation', createdAt: now };
  const nhc = { id: newId(), code: 'nhc', name: '卫健委', nameEn: 'Health Commission', createdAt: now };
  await insertRows(em, Department, [mca, dpf, nhc]);
  const mcaParty = { id: newId(), kind: 'department' as const, name: mca.name, nameEn: mca.nameEn, siteId: null, departmentId: mca.id, createdAt: now };
  const dpfParty = { id: newId(), kind: 'department' as const, name: dpf.name, nameEn: dpf.nameEn, siteId: null, departmentId: dpf.id, createdAt: now };
  const nhcParty = { id: newId(), kind: 'department' as const, name: nhc.name, nameEn: nhc.nameEn, siteId: null, departmentId: nhc.id, createdAt: now };
  await insertRows(em, Party, [mcaParty, dpfParty, nhcParty]);
  const sites = Array.from({ length: SITES }, (_, i) => ({ id: newId(), code: `bench-${i}`, name: `站点${i}`, community: '社区', district: '区', householdCount: 1000, createdAt: now }));
  await insertRows(em, Site, sites);
  await insertRows(
    em,
    ContributionRule,
    sites.flatMap((s) => [
      { id: newId(), siteId: s.id, serviceLine: 'canteen.lunch', partyId: mcaParty.id, mechanism: 'tier_subsidy' as const, labelZh: '老年助餐补贴', labelEn: 'Elderly meal subsidy', effectiveFrom: null, effectiveTo: null, settings: { programmeCode: 'mca-meal', perPersonCapFen: { day: 500 } }, createdAt: now },
      // 残联's subsidy pays for care, not the meal: a disabled member's lunch on both is no double claim.
      { id: newId(), siteId: s.id, serviceLine: 'canteen.lunch', partyId: dpfParty.id, mechanism: 'tier_subsidy' as const, labelZh: '残疾人照护补贴', labelEn: 'Disability care subsidy', effectiveFrom: null, effectiveTo: null, settings: { programmeCode: 'dpf-care', purpose: '照护' }, createdAt: now },
    ]),
  );
  await insertRows(em, ContributionRule, [
    ...sites.slice(0, CARE_HOMES).map((s) => ({ id: newId(), siteId: s.id, serviceLine: 'carehome.bed.disabled', partyId: mcaParty.id, mechanism: 'tier_subsidy' as const, labelZh: '护理补贴', labelEn: 'Nursing subsidy', effectiveFrom: null, effectiveTo: null, settings: { programmeCode: 'mca-care', purpose: '护理' }, createdAt: now })),
    ...sites.slice(SITES - NURSERIES).map((s) => ({ id: newId(), siteId: s.id, serviceLine: 'childcare.full_day', partyId: nhcParty.id, mechanism: 'tier_subsidy' as const, labelZh: '普惠托育补贴', labelEn: 'Childcare subsidy', effectiveFrom: null, effectiveTo: null, settings: { programmeCode: 'nhc-childcare' }, createdAt: now })),
  ]);
  const members: ICanteenMember[] = [];
  for (const [si, s] of sites.entries()) {
    for (let i = 0; i < MEMBERS_PER_SITE; i++) {
      const deactivated = i < 2;
      members.push({
        id: newId(), siteId: s.id, cardNumber: `C${si}-${i}`, name: `会员${i}`, idNumber: makeIdNumber('420802', '1945-03-01', (si * MEMBERS_PER_SITE + i) % 999), birthDate: '1945-03-01', sex: 'male',
        phone: null, address: null, building: null, room: null, homebound: false, emergencyContactName: null, emergencyContactPhone: null, emergencyContactRelation: null,
        dietaryTags: [], allergies: null, categories: [], walletBalanceFen: 0, overdraftLimitFen: 0, searchInitials: 'hy', searchPinyin: 'huiyuan', sortName: 'hui yuan', phoneLast4: null,
        idLast4: '0000', active: !deactivated, deactivatedAt: deactivated ? new Date('2026-11-20T02:00:00Z') : null, deactivationReason: deactivated ? '迁出' : null, createdAt: now, updatedAt: new Date('2026-10-01T00:00:00Z'),
      });
    }
  }
  await insertRows(em, CanteenMember, members);
  await insertRows(em, CanteenClosedDay, sites.map((s) => ({ id: newId(), siteId: s.id, date: '2026-11-18', reason: '检修', createdBy: null, createdAt: now })));

  // The meals: each site's members eat on every day of the month, 民政 pays ¥3 a lunch, 残联 ¥2 more for one member in ten.
  const { from } = periodDates(MONTH);
  const perSiteDay = Math.ceil(MEALS / SITES / DAYS);
  let units: IServedUnit[] = [];
  let shares: IServedUnitShare[] = [];
  let written = 0;
  const flush = async () => {
    await insertRows(em, ServedUnit, units);
    await insertRows(em, ServedUnitShare, shares);
    written += units.length;
    units = [];
    shares = [];
  };
  for (const [si, s] of sites.entries()) {
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(from, d);
      for (let k = 0; k < perSiteDay; k++) {
        const member = members[si * MEMBERS_PER_SITE + (k % MEMBERS_PER_SITE)];
        const unit: IServedUnit = {
          id: newId(), siteId: s.id, service: 'canteen', serviceLine: 'canteen.lunch', sourceId: newId(), servedDate: date, personRef: member.id, tier: 'age80', quantity: 1,
          costModelVersionId: s.id, fullCostFen: 1500, residentPaysFen: 1000, marginFen: 45, voided: false, quote: { drawdowns: [] } as never, createdAt: now,
        };
        units.push(unit);
        // One lunch in 5,000 is subsidised twice past the cap: the checks must find it.
        const amount = random.chance(0.0002) ? 600 : 300;
        shares.push({ id: newId(), servedUnitId: unit.id, siteId: s.id, servedDate: date, partyId: mcaParty.id, partyKind: 'department', source: 'tier_subsidy', programmeCode: 'mca-meal', amountFen: amount, personRef: member.id, quantity: 1, voided: false });
        if (k % 10 === 0) shares.push({ id: newId(), servedUnitId: unit.id, siteId: s.id, servedDate: date, partyId: dpfParty.id, partyKind: 'department', source: 'tier_subsidy', programmeCode: 'dpf-care', amountFen: 200, personRef: member.id, quantity: 1, voided: false });
      }
      if (units.length >= 20_000) await flush();
    }
  }
  await flush();
  const meals = written;

  // The bed-days of the care homes (民政 ¥40 a day of care) and the slot-months of the nurseries (卫健 ¥400 a month).
  const serve = (s: { id: string }, date: string, personRef: string, service: IServedUnit['service'], serviceLine: string, tier: string, party: { id: string }, programmeCode: string, amountFen: number) => {
    const unit: IServedUnit = {
      id: newId(), siteId: s.id, service, serviceLine, sourceId: newId(), servedDate: date, personRef, tier, quantity: 1,
      costModelVersionId: s.id, fullCostFen: amountFen * 4, residentPaysFen: amountFen * 3, marginFen: 0, voided: false, quote: { drawdowns: [] } as never, createdAt: now,
    };
    units.push(unit);
    shares.push({ id: newId(), servedUnitId: unit.id, siteId: s.id, servedDate: date, partyId: party.id, partyKind: 'department', source: 'tier_subsidy', programmeCode, amountFen, personRef, quantity: 1, voided: false });
  };
  for (const s of sites.slice(0, CARE_HOMES)) {
    const residents = Array.from({ length: BEDS_PER_HOME }, () => newId());
    for (let d = 0; d < DAYS; d++) for (const r of residents) serve(s, addDays(from, d), r, 'carehome', 'carehome.bed.disabled', 'disabled', mcaParty, 'mca-care', 4000);
    await flush();
  }
  const bedDays = written - meals;
  for (const s of sites.slice(SITES - NURSERIES)) {
    for (let c = 0; c < CHILDREN_PER_NURSERY; c++) serve(s, from, newId(), 'childcare', 'childcare.full_day', 'standard', nhcParty, 'nhc-childcare', 40000);
  }
  await flush();
  const slotMonths = written - meals - bedDays;
  const [{ n }] = await selectRows<{ n: unknown }>(em, 'select count(*) as `n` from `served_unit_share`');
  console.log(`generated ${meals.toLocaleString()} meals, ${bedDays.toLocaleString()} bed-days and ${slotMonths.toLocaleString()} slot-months (${Number(n).toLocaleString()} shares) at ${SITES} sites in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await selectRows(em, 'analyze table `served_unit`, `served_unit_share`, `canteen_member`');

  // The baseline: one GROUP BY over the same shares, what a claim's totals need at the least.
  const [fromDate, toDate] = [periodDates(MONTH).from, periodDates(MONTH).to];
  const baselineRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    t0 = performance.now();
    const rows = await selectRows(
      em,
      "select `p`.`department_id`, `s`.`programme_code`, `s`.`site_id`, count(*) as `lines`, sum(`s`.`amount_fen`) as `fen` from `served_unit_share` `s` join `party` `p` on `p`.`id` = `s`.`party_id` where `s`.`served_date` >= ? and `s`.`served_date` <= ? and `s`.`voided` = ? and `s`.`party_kind` = 'department' and `s`.`source` = 'tier_subsidy' group by `p`.`department_id`, `s`.`programme_code`, `s`.`site_id`",
      [fromDate, toDate, false],
    );
    baselineRuns.push(performance.now() - t0);
    if (r === 0) console.log(`baseline: ${rows.length} claim totals`);
  }
  const baseline = Math.min(...baselineRuns);

  // The first build makes the month's claims; the second builds them again, as a rebuild after a late change does.
  const buildRuns: number[] = [];
  for (let r = 0; r < 2; r++) {
    const phases: [string, number][] = [];
    t0 = performance.now();
    const outcome = await orm.em.fork().transactional((tx) => buildClaims(tx, { siteIds: sites.map((s) => s.id), month: MONTH }, new Date(), (phase, ms) => phases.push([phase, ms])));
    buildRuns.push(performance.now() - t0);
    console.log(`build ${r + 1}: ${outcome.claims} claims, ${outcome.lines.toLocaleString()} lines, ${outcome.findings} findings in ${(buildRuns[r] / 1000).toFixed(2)} s`);
    for (const [phase, ms] of phases) console.log(`  ${phase.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
  }
  const build = Math.min(...buildRuns);
  console.log(`baseline GROUP BY: ${(baseline / 1000).toFixed(2)} s (best of 3)`);
  console.log(`build with all checks: ${(build / 1000).toFixed(2)} s (best of 2; target < 10 s)`);
  console.log(`ratio: ${(build / baseline).toFixed(1)}× the baseline (target ≤ 3×)`);
  await orm.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
