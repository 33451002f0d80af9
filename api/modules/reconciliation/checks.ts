import type { EntityManager } from '@mikro-orm/core';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { type CheckCode, type CheckFacts, CHECK_CODES, checkByCode, type ClaimLine, type Finding, type PersonFacts } from '../../../domain/reconciliation';
import type { MemberProfile } from '../../../domain/canteen/tier';
import { type ClassKind, STANDARD_CLASSES } from '../../../domain/childcare';
import { periodDates } from '../../../domain/reconciliation';
import { addDays } from '../../../domain/shared/business-date';
import { businessDateOf, startOfBusinessDate } from '../../../domain/shared/time';
import { fromDatetime, fromJson, marks, selectRows } from '../../db';
import { asDraftLine, type CheckRun, draftLines, type Sql, sql, STORED_LINES_FROM } from './lines';

/*
 * The checks a build runs, each a set-based query that finds the lines a rule could trip on
 * (the groups over a cap, the lines of deactivated members …) with the facts it needs, and
 * then the domain's rule itself (domain/reconciliation/checks.ts) over just those: the rule
 * says what is wrong and in which words, the query keeps a month of a city from being loaded.
 */

/** The care home's bed lines (one per care level) as one licensed capacity. */
const BED_LINE = 'carehome.bed';

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
  find(tx: EntityManager, run: CheckRun): Promise<Found>;
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

/** A unit line as the domain sees it, over the line `l`, its claim `c` and its served unit `u`. */
export const LINE_COLUMNS = [
  ['l', 'id'],
  ['c', 'department_id'],
  ['c', 'programme_code'],
  ['l', 'site_id'],
  ['c', 'period'],
  ['l', 'served_unit_id'],
  ['u', 'source_id'],
  ['u', 'service'],
  ['l', 'service_line'],
  ['l', 'served_date'],
  ['l', 'person_ref'],
  ['l', 'tier'],
  ['l', 'quantity'],
  ['l', 'amount_fen'],
]
  .map(([table, column]) => `\`${table}\`.\`${column}\` as \`${column}\``)
  .join(', ');

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

/** What a check reads of the run's unit lines, written over the line `l`, its claim `c` and its served unit `u`. */
interface LineQuery {
  /** Columns beside the line's own: `, x as y`. */
  extra?: string;
  join?: Sql;
  /** Conditions, each after `and`. */
  where?: Sql;
  /** The lines of the run's claims already sent as well (a check across claims counts them). */
  sent?: boolean;
  /** False when nothing read is the served unit's: a draft's lines are then read from the shares' index alone. */
  unit?: boolean;
}

/**
 * The run's unit lines with `columns`: the drafts' read from their shares, and with `sent` the
 * sent claims' stored lines beside them. Findings are kept only on a draft's lines.
 */
function unitLinesSql(run: CheckRun, columns: string, q: LineQuery): Sql {
  const join = q.join ?? sql('');
  const where = q.where ?? sql('');
  const drafts = draftLines(run, { join: sql(asDraftLine(join.sql), join.params), unit: q.unit });
  const branches = [sql(`select ${asDraftLine(columns)} ${drafts.sql} ${asDraftLine(where.sql)}`, [...drafts.params, ...where.params])];
  if (q.sent) {
    branches.push(
      sql(
        `select ${columns} ${STORED_LINES_FROM} ${join.sql} where \`c\`.\`site_id\` in (${marks(run.siteIds)}) and \`c\`.\`period\` = ? and \`c\`.\`status\` <> 'draft' and \`l\`.\`kind\` = 'unit' ${where.sql}`,
        [...join.params, ...run.siteIds, run.month, ...where.params],
      ),
    );
  }
  return sql(branches.map((b) => b.sql).join(' union all '), branches.flatMap((b) => b.params));
}

async function lineRows<X extends object = object>(tx: EntityManager, run: CheckRun, q: LineQuery): Promise<(LineRow & X)[]> {
  const query = unitLinesSql(run, `${LINE_COLUMNS}${q.extra ?? ''}`, q);
  return selectRows<LineRow & X>(tx, query.sql, query.params);
}

const linesWhere = async (tx: EntityManager, run: CheckRun, q: LineQuery): Promise<ClaimLine[]> => (await lineRows(tx, run, q)).map(toClaimLine);

/** Who a line's person is: its person, or for an anonymous unit the unit itself. */
const PERSON = 'coalesce(`l`.`person_ref`, `l`.`served_unit_id`)';

/** A grouping of a person's day over some claims' lines: a day is found when `over` holds. */
interface PersonDayScan {
  claims: readonly { id: string; status: string }[];
  /** A person's day is found when this holds of its lines for which `ofScan` holds (these claims' lines that `where` keeps), e.g. a sum past a cap. */
  over: (ofScan: Sql) => Sql;
  /** Which of those lines are read back and grouped. */
  where: Sql;
}

/**
 * The lines of each scan's claims on the person-days it finds, a day at a time: a day's persons
 * group in memory where a month's (a city's million lines) would group in a temporary table on
 * disk, and only the few persons found are read in full. The scans share one pass (each day is
 * grouped once over all their claims, each scan's condition on its own claims' lines); every line
 * of a found person's day in the scan's claims comes back, so the domain rule sees the whole day.
 */
async function linesOfPersonDays(tx: EntityManager, run: CheckRun, scans: readonly PersonDayScan[]): Promise<ClaimLine[][]> {
  const out: ClaimLine[][] = scans.map(() => []);
  const active = scans.map((s, at) => ({ ...s, at, claimIds: s.claims.map((c) => c.id) })).filter((s) => s.claimIds.length);
  if (!active.length) return out;
  const allClaims = [...new Set(active.flatMap((s) => s.claimIds))];
  // A sent claim's lines are rows: only read beside the drafts' shares when one is scanned.
  const sent = active.some((s) => s.claims.some((c) => c.status !== 'draft'));
  const inClaims = (ids: readonly string[]) => `\`l\`.\`claim_id\` in (${marks(ids)})`;
  // Each scan's condition sees only its own claims' lines (and the lines its `where` keeps).
  const conditions = active.map((s) => s.over(sql(`${inClaims(s.claimIds)} ${s.where.sql}`, [...s.claimIds, ...s.where.params])));
  const conditionParams = conditions.flatMap((c) => c.params);
  const grouped = ['claim_id', 'department_id', 'person_ref', 'served_unit_id', 'amount_fen'].map((c) => `\`l\`.\`${c}\` as \`${c}\``).join(', ');
  const { from, to } = periodDates(run.month);
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = unitLinesSql(run, grouped, { sent, unit: false, where: sql(`and ${inClaims(allClaims)} and \`l\`.\`served_date\` = ?`, [...allClaims, date]) });
    const persons = await selectRows<Record<string, unknown>>(
      tx,
      `select ${PERSON} as \`person\`, ${conditions.map((c, i) => `case when ${c.sql} then 1 else 0 end as \`f${i}\``).join(', ')} from (${day.sql}) \`l\`
        group by ${PERSON} having ${conditions.map((c) => c.sql).join(' or ')}`,
      [...conditionParams, ...day.params, ...conditionParams],
    );
    for (const [i, scan] of active.entries()) {
      const found = persons.filter((r) => Number(r[`f${i}`]) === 1).map((r) => r.person as string);
      for (let k = 0; k < found.length; k += 500) {
        const chunk = found.slice(k, k + 500);
        const where = sql(`and ${inClaims(scan.claimIds)} and \`l\`.\`served_date\` = ? ${scan.where.sql} and ${PERSON} in (${marks(chunk)})`, [...scan.claimIds, date, ...scan.where.params, ...chunk]);
        out[scan.at].push(...(await linesWhere(tx, run, { sent, where })));
      }
    }
  }
  return out;
}

/** The drafts' lines of these persons (a few members), found through the served units' person index (the unit's person is its shares'). */
async function linesOfPersons(tx: EntityManager, run: CheckRun, personRefs: readonly string[]): Promise<ClaimLine[]> {
  const out: ClaimLine[] = [];
  for (let i = 0; i < personRefs.length; i += 500) {
    const chunk = personRefs.slice(i, i + 500);
    out.push(...(await linesWhere(tx, run, { where: sql(`and \`u\`.\`service\` = 'canteen' and \`u\`.\`person_ref\` in (${marks(chunk)})`, chunk) })));
  }
  return out;
}

/**
 * The care home's bed-day lines of the run with `extra` columns, through each unit's bill (`b`,
 * carehome_bill: a served bed-day's source) to whatever `join` adds. A bed-day's person is the
 * resident's application.
 */
async function bedDayRows<X extends object>(tx: EntityManager, run: CheckRun, extra: string, join: Sql, where: Sql): Promise<{ line: ClaimLine; row: X }[]> {
  const rows = await lineRows<X>(tx, run, {
    extra,
    join: sql(`join \`carehome_bill\` \`b\` on \`b\`.\`id\` = \`u\`.\`source_id\` ${join.sql}`, join.params),
    where: sql(`and \`u\`.\`service\` = 'carehome' ${where.sql}`, where.params),
  });
  return rows.map((row) => ({ line: toClaimLine(row), row }));
}

const dayBefore = (date: string) => addDays(date, -1);

/** Residents discharged for one of `reasons` whose bed-days are dated after it: the lines, and each person's day. */
async function bedDaysAfterLeaving(tx: EntityManager, run: CheckRun, reasons: readonly string[]) {
  const rows = await bedDayRows<{ left_on: string }>(
    tx,
    run,
    ', `r`.`discharged_on` as `left_on`',
    sql('join `carehome_residence` `r` on `r`.`id` = `b`.`residence_id`'),
    sql(`and \`r\`.\`discharge_reason\` in (${marks(reasons)}) and \`l\`.\`served_date\` > \`r\`.\`discharged_on\``, [...reasons]),
  );
  return { lines: rows.map((r) => r.line), leftOn: new Map(rows.map((r) => [r.line.personRef!, r.row.left_on])) };
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

/**
 * What double_claim and over_daily_cap look at, found in one pass over the month's person-days
 * (each would otherwise group the same lines a day at a time on its own); once per `runChecks`.
 */
const personDaysOfRun = new WeakMap<CheckRun, Promise<{ doubleClaim: Found; overDailyCap: Found }>>();
function personDayChecks(tx: EntityManager, run: CheckRun): Promise<{ doubleClaim: Found; overDailyCap: Found }> {
  let found = personDaysOfRun.get(run);
  if (!found) {
    found = findPersonDays(tx, run);
    personDaysOfRun.set(run, found);
  }
  return found;
}

async function findPersonDays(tx: EntityManager, run: CheckRun): Promise<{ doubleClaim: Found; overDailyCap: Found }> {
  const { purposes, caps } = await programmeRules(tx, run);
  // A programme whose rule is not at these sites pays for the unit too.
  const purposeOf = (programme: string) => purposes[programme] ?? PER_UNIT;
  // Only a purpose that two departments' claims pay for can be claimed twice: the month's
  // other lines are never grouped for it (usually there are none).
  const claims = await selectRows<{ id: string; department_id: string; programme_code: string; status: string }>(
    tx,
    `select \`id\`, \`department_id\`, \`programme_code\`, \`status\` from \`recon_claim\` where \`site_id\` in (${marks(run.siteIds)}) and \`period\` = ?`,
    [...run.siteIds, run.month],
  );
  const departmentsOf = new Map<string, Set<string>>();
  for (const c of claims) departmentsOf.set(purposeOf(c.programme_code), (departmentsOf.get(purposeOf(c.programme_code)) ?? new Set()).add(c.department_id));
  const candidates = claims.filter((c) => departmentsOf.get(purposeOf(c.programme_code))!.size > 1);
  const capped = claims.filter((c) => caps.has(c.programme_code));
  const [doubled, overCap] = await linesOfPersonDays(tx, run, [
    // A person's day paid by two of these claims' departments: the rule then keeps the lines
    // of one service line that pay for the same purpose.
    { claims: candidates, where: sql(''), over: (ofScan) => sql(`count(distinct case when ${ofScan.sql} then \`l\`.\`department_id\` end) > 1`, ofScan.params) },
    // Summed over every capped programme, and only what each line pays, a person's day is over
    // the lowest cap whenever one of its programmes' running sums could be; the rule then
    // applies each programme's own.
    {
      claims: capped,
      where: sql('and `l`.`person_ref` is not null'),
      over: (ofScan) => sql(`sum(case when ${ofScan.sql} and \`l\`.\`amount_fen\` > 0 then \`l\`.\`amount_fen\` else 0 end) > ?`, [...ofScan.params, Math.min(...caps.values())]),
    },
  ]);
  const shared = [...new Set(candidates.map((c) => c.programme_code))];
  return {
    doubleClaim: { lines: doubled, facts: shared.length ? { programmePurposes: Object.fromEntries(shared.map((p) => [p, purposeOf(p)])) } : {} },
    overDailyCap: { lines: overCap, facts: caps.size ? { dailyCaps: [...caps].map(([programmeCode, dayFen]) => ({ programmeCode, dayFen })) } : {} },
  };
}

export const CHECK_ENTRIES: readonly CheckEntry[] = [
  {
    code: 'double_claim',
    find: async (tx, run) => (await personDayChecks(tx, run)).doubleClaim,
  },
  {
    // The care home's beds are one licensed capacity across care levels: its bed-day lines are
    // counted as one line, carehome.bed. (Childcare's slot-months are not checked here yet.)
    code: 'over_capacity',
    async find(tx, run) {
      const beds = await selectRows<{ site_id: string; n: unknown }>(
        tx,
        `select \`site_id\`, count(*) as \`n\` from \`carehome_bed\` where \`site_id\` in (${marks(run.siteIds)}) group by \`site_id\``,
        [...run.siteIds],
      );
      if (!beds.length) return { lines: [], facts: {} };
      // The smallest site finds every day that could be over; the rule then applies each site's own.
      const fewest = Math.min(...beds.map((b) => Number(b.n)));
      // Only the sites with beds: a day over is sought over their bed-day lines, the sent claims' too.
      const homes: CheckRun = { siteIds: beds.map((b) => b.site_id), month: run.month };
      const bedLines = sql("and `l`.`service_line` like 'carehome.%'");
      const days = unitLinesSql(homes, '`l`.`site_id` as `site_id`, `l`.`served_date` as `served_date`, `l`.`served_unit_id` as `served_unit_id`', { sent: true, where: bedLines });
      const over = await selectRows<{ site_id: string; served_date: string }>(
        tx,
        `select \`site_id\`, \`served_date\` from (${days.sql}) \`l\` group by \`site_id\`, \`served_date\` having count(distinct \`served_unit_id\`) > ?`,
        [...days.params, fewest],
      );
      if (!over.length) return { lines: [], facts: {} };
      const lines = await linesWhere(tx, homes, {
        sent: true,
        where: sql(`${bedLines.sql} and (${over.map(() => '(`l`.`site_id` = ? and `l`.`served_date` = ?)').join(' or ')})`, over.flatMap((d) => [d.site_id, d.served_date])),
      });
      const { from } = periodDates(run.month);
      return {
        lines: lines.map((l) => ({ ...l, serviceLine: BED_LINE })),
        facts: { capacities: beds.map((b) => ({ siteId: b.site_id, serviceLine: BED_LINE, from, places: Number(b.n) })) },
      };
    },
  },
  {
    code: 'place_out_of_service',
    async find(tx, run) {
      const { to } = periodDates(run.month);
      const changes = await selectRows<{ bed_id: string; to_state: string; changed_at: unknown }>(
        tx,
        `select \`bed_id\`, \`to_state\`, \`changed_at\` from \`carehome_bed_state_change\` where \`site_id\` in (${marks(run.siteIds)}) and \`bed_id\` in
          (select \`bed_id\` from \`carehome_bed_state_change\` where \`to_state\` = 'out_of_service' and \`site_id\` in (${marks(run.siteIds)})) order by \`bed_id\`, \`changed_at\`, \`id\``,
        [...run.siteIds, ...run.siteIds],
      );
      // A bed is out of service from the day it was put so until the day before it came back.
      const spans: { placeId: string; from: string; to?: string }[] = [];
      changes.forEach((c, i) => {
        if (c.to_state !== 'out_of_service') return;
        const next = changes[i + 1]?.bed_id === c.bed_id ? changes[i + 1] : undefined;
        const dateOf = (at: unknown) => businessDateOf(DateTime.fromJSDate(fromDatetime(at)));
        spans.push({ placeId: c.bed_id, from: dateOf(c.changed_at), ...(next ? { to: dayBefore(dateOf(next.changed_at)) } : {}) });
      });
      const inMonth = spans.filter((p) => p.from <= to);
      if (!inMonth.length) return { lines: [], facts: {} };
      const bedIds = [...new Set(inMonth.map((p) => p.placeId))];
      const rows = await bedDayRows<{ bed_id: string }>(
        tx,
        run,
        ', `st`.`bed_id`',
        sql('join `carehome_bed_stay` `st` on `st`.`residence_id` = `b`.`residence_id` and `st`.`from_date` <= `l`.`served_date` and (`st`.`to_date` is null or `st`.`to_date` > `l`.`served_date`)'),
        sql(`and \`st\`.\`bed_id\` in (${marks(bedIds)})`, bedIds),
      );
      return { lines: rows.map((r) => r.line), facts: { placeOfUnit: Object.fromEntries(rows.map((r) => [r.line.unitId, r.row.bed_id])), placesOutOfService: inMonth } };
    },
  },
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
      // A care-home resident leaves by discharge (moved out or to hospital): no bed-day after that day.
      const care = await bedDaysAfterLeaving(tx, run, ['moved', 'hospital']);
      for (const [person, on] of care.leftOn) persons[person] = { dischargedOn: on };
      return { lines: [...lines, ...care.lines], facts: { persons } };
    },
  },
  {
    code: 'after_death',
    async find(tx, run) {
      const care = await bedDaysAfterLeaving(tx, run, ['deceased']);
      return { lines: care.lines, facts: { persons: Object.fromEntries([...care.leftOn].map(([person, on]) => [person, { diedOn: on }])) } };
    },
  },
  {
    code: 'absent_day',
    async find(tx, run) {
      // A leave or hospital stay recorded after its days were billed leaves served bed-days on days away.
      const rows = await bedDayRows<{ leave_from: string; returned_on: string | null; leave_kind: 'leave' | 'hospital' }>(
        tx,
        run,
        ', `lv`.`from_date` as `leave_from`, `lv`.`returned_on`, `lv`.`kind` as `leave_kind`',
        sql('join `carehome_leave` `lv` on `lv`.`residence_id` = `b`.`residence_id` and `lv`.`from_date` <= `l`.`served_date` and (`lv`.`returned_on` is null or `lv`.`returned_on` > `l`.`served_date`)'),
        sql(''),
      );
      const persons: Record<string, PersonFacts> = {};
      for (const { line, row } of rows) {
        const spell = { from: row.leave_from, ...(row.returned_on ? { to: dayBefore(row.returned_on) } : {}), kind: row.leave_kind };
        const absences = persons[line.personRef!]?.absences ?? [];
        if (!absences.some((a) => a.from === spell.from)) persons[line.personRef!] = { absences: [...absences, spell] };
      }
      return { lines: rows.map((r) => r.line), facts: { persons } };
    },
  },
  {
    code: 'over_daily_cap',
    find: async (tx, run) => (await personDayChecks(tx, run)).overDailyCap,
  },
  {
    // A slot-month's child, through its fee (a slot-month's source) to the enrolment's class and
    // the application's birth date: at most a centre's children a month, so every line is read.
    code: 'child_over_band',
    async find(tx, run) {
      const rows = await lineRows<{ birth_date: string; kind: ClassKind; from_date: string; to_date: string | null }>(tx, run, {
        extra: ', `a`.`birth_date`, `k`.`kind`, `e`.`from_date`, `e`.`to_date`',
        join: sql(`join \`childcare_fee\` \`f\` on \`f\`.\`id\` = \`u\`.\`source_id\` join \`childcare_enrolment\` \`e\` on \`e\`.\`id\` = \`f\`.\`enrolment_id\`
          join \`childcare_class\` \`k\` on \`k\`.\`id\` = \`e\`.\`class_id\` join \`childcare_application\` \`a\` on \`a\`.\`id\` = \`f\`.\`application_id\``),
        where: sql("and `u`.`service` = 'childcare'"),
      });
      const persons: Record<string, PersonFacts> = {};
      for (const r of rows) {
        const band = STANDARD_CLASSES.kinds[r.kind];
        const span = { from: r.from_date, ...(r.to_date ? { to: dayBefore(r.to_date) } : {}), fromMonths: band.fromMonths, toMonths: band.toMonths };
        persons[r.person_ref!] = { birthDate: r.birth_date, ageBands: [...(persons[r.person_ref!]?.ageBands ?? []), span] };
      }
      return { lines: rows.map(toClaimLine), facts: { persons } };
    },
  },
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
      // Sought by the shares' index on the closed sites' dates.
      const lines = await linesWhere(tx, { siteIds: [...new Set(days.map((d) => d.site_id))], month: run.month }, {
        where: sql(`and \`u\`.\`service\` = 'canteen' and (${days.map(() => '(`l`.`site_id` = ? and `l`.`served_date` = ?)').join(' or ')})`, days.flatMap((d) => [d.site_id, d.date])),
      });
      const closures = [...new Map(lines.map((l) => [`${l.siteId}|${l.date}`, { siteId: l.siteId, from: l.date, to: l.date }])).values()];
      return { lines, facts: { closures } };
    },
  },
  {
    code: 'assessment_lapsed',
    async find(tx, run) {
      const lines = (
        await bedDayRows(
          tx,
          run,
          '',
          sql(''),
          sql('and not exists (select 1 from `carehome_assessment` `a` where `a`.`application_id` = `b`.`application_id` and `a`.`assessed_on` <= `l`.`served_date` and `a`.`valid_until` > `l`.`served_date`)'),
        )
      ).map((r) => r.line);
      const people = [...new Set(lines.map((l) => l.personRef!))];
      if (!people.length) return { lines, facts: {} };
      const assessments = await selectRows<{ application_id: string; assessed_on: string; valid_until: string; care_level: string }>(
        tx,
        `select \`application_id\`, \`assessed_on\`, \`valid_until\`, \`care_level\` from \`carehome_assessment\` where \`application_id\` in (${marks(people)})`,
        people,
      );
      const persons: Record<string, PersonFacts> = Object.fromEntries(
        people.map((p) => [p, { assessments: assessments.filter((a) => a.application_id === p).map((a) => ({ from: a.assessed_on, to: dayBefore(a.valid_until), level: a.care_level })) }]),
      );
      return { lines, facts: { persons } };
    },
  },
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

// Every domain check has its entry.
if (CHECK_ENTRIES.map((c) => c.code).join() !== CHECK_CODES.join()) throw new Error('reconciliation checks and domain CHECK_CODES differ');

/** Every check over the run's lines: the domain rule's findings on what each query found, each with its line. */
export async function runChecks(tx: EntityManager, run: CheckRun, onPhase?: OnPhase): Promise<(Finding & { line: ClaimLine })[]> {
  const found: (Finding & { line: ClaimLine })[] = [];
  // The person-day pass is shared by the checks of this one call, never kept for a later one.
  personDaysOfRun.delete(run);
  try {
    for (const entry of CHECK_ENTRIES) {
      const { lines, facts } = await timed(onPhase, `check ${entry.code}`, () => entry.find(tx, run));
      const byId = new Map(lines.map((l) => [l.id, l]));
      if (lines.length) found.push(...checkByCode(entry.code).run(lines, facts).map((f) => ({ ...f, line: byId.get(f.lineId)! })));
    }
  } finally {
    personDaysOfRun.delete(run);
  }
  return found;
}
