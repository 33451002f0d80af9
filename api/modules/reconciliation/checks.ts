import type { EntityManager } from '@mikro-orm/core';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { type CheckCode, type CheckFacts, CHECK_CODES, checkByCode, type ClaimLine, type Finding, type PersonFacts } from '../../../domain/reconciliation';
import type { MemberProfile } from '../../../domain/canteen/tier';
import { periodDates } from '../../../domain/reconciliation';
import { businessDateOf, startOfBusinessDate } from '../../../domain/shared/time';
import { fromDatetime, fromJson, marks, selectRows } from '../../db';

/*
 * The checks a build runs, each a set-based query that finds the lines a rule could trip on
 * (the groups over a cap, the lines of deactivated members …) with the facts it needs, and
 * then the domain's rule itself (domain/reconciliation/checks.ts) over just those: the rule
 * says what is wrong and in which words, the query keeps a month of a city from being loaded.
 * A check whose facts do not exist yet (bed-days, slot-months, assessments) is listed with what
 * it waits for; it goes live by giving it a `find`.
 */

/** The sites and month a build covers. */
export interface CheckRun {
  siteIds: readonly string[];
  month: string;
}

/** Told how long each step of a build took, by name (the close bench prints where the time goes). */
export type OnPhase = (phase: string, ms: number) => void;

/** Runs a step, telling `onPhase` its wall time. */
export async function timed<T>(onPhase: OnPhase | undefined, phase: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    onPhase?.(phase, performance.now() - start);
  }
}

interface Found {
  lines: ClaimLine[];
  facts: CheckFacts;
}

export interface CheckEntry {
  code: CheckCode;
  /** What the check needs that the platform does not record yet; absent when it runs. */
  waitsFor?: { zh: string; en: string };
  find?(tx: EntityManager, run: CheckRun): Promise<Found>;
}

type LineRow = {
  id: string;
  department_id: string;
  programme_code: string;
  site_id: string;
  period: string;
  served_unit_id: string;
  source_id: string;
  service: ClaimLine['service'];
  service_line: string;
  served_date: string;
  person_ref: string | null;
  tier: string;
  quantity: unknown;
  amount_fen: unknown;
};

/** The unit lines of the run's claims, as the domain sees them, from `l` (line), `c` (claim) and `u` (served unit). */
export const LINE_COLUMNS =
  '`l`.`id`, `c`.`department_id`, `c`.`programme_code`, `l`.`site_id`, `c`.`period`, `l`.`served_unit_id`, `u`.`source_id`, `u`.`service`, `l`.`service_line`, `l`.`served_date`, `l`.`person_ref`, `l`.`tier`, `l`.`quantity`, `l`.`amount_fen`';
export const LINES_FROM =
  'from `recon_claim_line` `l` join `recon_claim` `c` on `c`.`id` = `l`.`claim_id` join `served_unit` `u` on `u`.`id` = `l`.`served_unit_id`';

export function inRun(run: CheckRun, alias = 'c'): { sql: string; params: unknown[] } {
  return { sql: `\`${alias}\`.\`site_id\` in (${marks(run.siteIds)}) and \`${alias}\`.\`period\` = ?`, params: [...run.siteIds, run.month] };
}

export const toClaimLine = (r: LineRow): ClaimLine => ({
  id: r.id,
  departmentId: r.department_id,
  programmeCode: r.programme_code,
  siteId: r.site_id,
  period: r.period,
  unitId: r.served_unit_id,
  sourceId: r.source_id,
  service: r.service,
  serviceLine: r.service_line,
  date: r.served_date,
  personRef: r.person_ref,
  tier: r.tier,
  quantity: Number(r.quantity),
  amountFen: Number(r.amount_fen),
});

interface Sql {
  sql: string;
  params: unknown[];
}
const sql = (text: string, params: unknown[] = []): Sql => ({ sql: text, params });

async function linesWhere(tx: EntityManager, run: CheckRun, join: Sql, where: Sql): Promise<ClaimLine[]> {
  const scope = inRun(run);
  const rows = await selectRows<LineRow>(tx, `select ${LINE_COLUMNS} ${LINES_FROM} ${join.sql} where ${scope.sql} and \`l\`.\`kind\` = 'unit' ${where.sql}`, [
    ...join.params,
    ...scope.params,
    ...where.params,
  ]);
  return rows.map(toClaimLine);
}

/** The lines of the groups (by `key` columns of `l`/`c`) that a HAVING finds. */
async function linesOfGroups(tx: EntityManager, run: CheckRun, key: string[], having: Sql, where: Sql = sql(''), keyParams: unknown[] = []): Promise<ClaimLine[]> {
  const scope = inRun(run, 'c2');
  const inner = (text: string) => text.replace(/`([lc])`\./g, '`$12`.');
  const names = key.map((_, i) => `k${i}`);
  const groups = `select ${key.map((k, i) => `${inner(k)} as \`${names[i]}\``).join(', ')} from \`recon_claim_line\` \`l2\` join \`recon_claim\` \`c2\` on \`c2\`.\`id\` = \`l2\`.\`claim_id\`
    where ${scope.sql} and \`l2\`.\`kind\` = 'unit' ${inner(where.sql)} group by ${key.map(inner).join(', ')} having ${having.sql}`;
  const on = key.map((k, i) => `\`g\`.\`${names[i]}\` = ${k}`).join(' and ');
  // The key's own parameters (a CASE) appear in the select, the group by and the join.
  return linesWhere(tx, run, sql(`join (${groups}) \`g\` on ${on}`, [...keyParams, ...scope.params, ...where.params, ...keyParams, ...having.params, ...keyParams]), where);
}

/** The lines of these persons (a few members), by the person index rather than a scan of the month. */
async function linesOfPersons(tx: EntityManager, run: CheckRun, personRefs: readonly string[]): Promise<ClaimLine[]> {
  const out: ClaimLine[] = [];
  for (let i = 0; i < personRefs.length; i += 500) {
    const chunk = personRefs.slice(i, i + 500);
    out.push(...(await linesWhere(tx, run, sql(''), sql(`and \`u\`.\`service\` = 'canteen' and \`l\`.\`person_ref\` in (${marks(chunk)})`, chunk))));
  }
  return out;
}

/** What a department's per-unit subsidy pays for unless its rule names another purpose: the unit itself. */
const PER_UNIT = '按人次补贴';

/** Per-unit subsidy rules at the run's sites: each programme's purpose and daily cap, from its contribution settings. */
async function programmeRules(tx: EntityManager, run: CheckRun) {
  const rows = await selectRows<{ settings: unknown }>(
    tx,
    `select \`settings\` from \`contribution_rule\` where \`mechanism\` = 'tier_subsidy' and \`site_id\` in (${marks(run.siteIds)})`,
    run.siteIds,
  );
  const purposes: Record<string, string> = {};
  const caps = new Map<string, number>();
  for (const r of rows) {
    const s = fromJson<{ programmeCode?: string; purpose?: string; perPersonCapFen?: { day?: number } }>(r.settings);
    if (!s.programmeCode) continue;
    // Every department's per-unit subsidy pays for the unit itself unless its rule names another purpose.
    purposes[s.programmeCode] = s.purpose ?? PER_UNIT;
    const day = s.perPersonCapFen?.day;
    if (day !== undefined) caps.set(s.programmeCode, Math.min(day, caps.get(s.programmeCode) ?? Infinity));
  }
  return { purposes, caps };
}

export const CHECK_ENTRIES: readonly CheckEntry[] = [
  {
    code: 'double_claim',
    async find(tx, run) {
      const { purposes } = await programmeRules(tx, run);
      // Grouped by purpose in SQL too, so two departments paying for different things are never loaded.
      const entries = Object.entries(purposes);
      const purpose = entries.length ? `case \`c\`.\`programme_code\` ${entries.map(() => 'when ? then ?').join(' ')} else ? end` : '?';
      const purposeParams = [...entries.flat(), PER_UNIT];
      const person = 'coalesce(`l`.`person_ref`, `l`.`served_unit_id`)';
      const lines = await linesOfGroups(tx, run, [person, '`l`.`served_date`', '`l`.`service_line`', purpose], sql('count(distinct `l2`.`department_id`) > 1'), sql(''), purposeParams);
      // A programme whose rule is not at these sites pays for the unit too.
      for (const l of lines) purposes[l.programmeCode] ??= PER_UNIT;
      return { lines, facts: { programmePurposes: purposes } };
    },
  },
  { code: 'over_capacity', waitsFor: { zh: '床位日、托位月（核定名额）', en: 'bed-days and slot-months (licensed places)' } },
  { code: 'place_out_of_service', waitsFor: { zh: '床位日（停用床位）', en: 'bed-days (out-of-service beds)' } },
  {
    code: 'after_discharge',
    async find(tx, run) {
      // A canteen member leaves by being deactivated: meals after that day are not theirs to claim.
      const members = await selectRows<{ id: string; deactivated_at: unknown }>(
        tx,
        `select \`id\`, \`deactivated_at\` from \`canteen_member\` where \`site_id\` in (${marks(run.siteIds)}) and \`active\` = ?`,
        [...run.siteIds, false],
      );
      const lines = await linesOfPersons(tx, run, members.map((m) => m.id));
      const persons: Record<string, PersonFacts> = {};
      for (const m of members) if (m.deactivated_at != null) persons[m.id] = { dischargedOn: businessDateOf(DateTime.fromJSDate(fromDatetime(m.deactivated_at))) };
      return { lines, facts: { persons } };
    },
  },
  { code: 'after_death', waitsFor: { zh: '死亡登记（养老院出院/身故记录）', en: 'a recorded death (the care home’s discharges)' } },
  { code: 'absent_day', waitsFor: { zh: '床位日（请假、住院）', en: 'bed-days (leave and hospital days)' } },
  {
    code: 'over_daily_cap',
    async find(tx, run) {
      const { caps } = await programmeRules(tx, run);
      if (!caps.size) return { lines: [], facts: {} };
      const codes = [...caps.keys()];
      // The lowest cap finds every day that could be over; the rule then applies each programme's own.
      const lines = await linesOfGroups(
        tx,
        run,
        ['`l`.`person_ref`', '`c`.`programme_code`', '`l`.`served_date`'],
        sql('sum(`l2`.`amount_fen`) > ?', [Math.min(...caps.values())]),
        sql(`and \`l\`.\`person_ref\` is not null and \`c\`.\`programme_code\` in (${marks(codes)})`, codes),
      );
      return { lines, facts: { dailyCaps: [...caps].map(([programmeCode, dayFen]) => ({ programmeCode, dayFen })) } };
    },
  },
  { code: 'child_over_band', waitsFor: { zh: '托位月（班级年龄段）', en: 'slot-months (class age bands)' } },
  {
    code: 'site_closed',
    async find(tx, run) {
      const { from, to } = periodDates(run.month);
      const days = await selectRows<{ site_id: string; date: string }>(
        tx,
        `select \`site_id\`, \`date\` from \`canteen_closed_day\` where \`site_id\` in (${marks(run.siteIds)}) and \`date\` >= ? and \`date\` <= ?`,
        [...run.siteIds, from, to],
      );
      if (!days.length) return { lines: [], facts: {} };
      const lines = await linesWhere(
        tx,
        run,
        sql(''),
        sql(`and \`u\`.\`service\` = 'canteen' and (${days.map(() => '(`l`.`site_id` = ? and `l`.`served_date` = ?)').join(' or ')})`, days.flatMap((d) => [d.site_id, d.date])),
      );
      const closures = [...new Map(lines.map((l) => [`${l.siteId}|${l.date}`, { siteId: l.siteId, from: l.date, to: l.date }])).values()];
      return { lines, facts: { closures } };
    },
  },
  { code: 'assessment_lapsed', waitsFor: { zh: '床位日（护理等级评估）', en: 'bed-days (care-level assessments)' } },
  {
    code: 'tier_unsupported',
    async find(tx, run) {
      // Age tiers follow the birth date, which never changes; a category tier can lose its evidence
      // later, and only a member edited since the month began can have lost it.
      const members = await selectRows<{ id: string; birth_date: string; categories: unknown }>(
        tx,
        `select \`id\`, \`birth_date\`, \`categories\` from \`canteen_member\` where \`site_id\` in (${marks(run.siteIds)}) and \`updated_at\` >= ?`,
        [...run.siteIds, startOfBusinessDate(periodDates(run.month).from).toJSDate()],
      );
      const lines = (await linesOfPersons(tx, run, members.map((m) => m.id))).filter((l) => l.tier === 'dibao' || l.tier === 'tekun');
      const persons: Record<string, PersonFacts> = Object.fromEntries(
        members.map((m) => [m.id, { canteenProfile: { birthDate: m.birth_date, categories: fromJson<MemberProfile['categories']>(m.categories) } }]),
      );
      return { lines, facts: { persons } };
    },
  },
];

// Every domain check has its entry, live or waiting.
if (CHECK_ENTRIES.map((c) => c.code).join() !== CHECK_CODES.join()) throw new Error('reconciliation checks and domain CHECK_CODES differ');

/** Every live check over the run's lines: the domain rule's findings on what each query found. */
export async function runLiveChecks(tx: EntityManager, run: CheckRun, onPhase?: OnPhase): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const entry of CHECK_ENTRIES) {
    if (!entry.find) continue;
    const { lines, facts } = await timed(onPhase, `check ${entry.code}`, () => entry.find!(tx, run));
    if (lines.length) found.push(...checkByCode(entry.code).run(lines, facts));
  }
  return found;
}
