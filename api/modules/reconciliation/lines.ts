import { periodDates } from '../../../domain/reconciliation';
import { marks } from '../../db';

/*
 * A claim's lines. While a claim is a draft its unit lines are not stored: each is a live
 * department share (the line's id is the share's), read through the shares' covering index
 * whenever the draft is built, checked, listed or totalled, so building a city's month copies
 * no million lines. Sending the claim writes its unit lines; from then on they are rows of
 * recon_claim_line and nothing in them is edited in place. Refund, correction and adjustment
 * lines are always rows.
 */

/** SQL text and its parameters, in order. */
export interface Sql {
  sql: string;
  params: unknown[];
}
export const sql = (text: string, params: unknown[] = []): Sql => ({ sql: text, params });

/** The sites and month a build covers. */
export interface CheckRun {
  siteIds: readonly string[];
  month: string;
}

/** The share's department, '' when its party has none (then it is no department's share). */
const DEPARTMENT = "coalesce(`p`.`department_id`, '')";

/**
 * A department share a claim takes (`s`, with its party's department `p`): live, from a per-unit
 * subsidy of a programme, not 0 fen. The party is a LEFT JOIN kept by a COALESCE, which MariaDB
 * does not turn into an inner join: so the shares' covering index (sites, month) leads. Joined
 * from the three-row party table, it walked (party_id, served_date) and looked up every share.
 */
const CLAIMED_SHARES = `from \`served_unit_share\` \`s\` left join \`party\` \`p\` on \`p\`.\`id\` = \`s\`.\`party_id\` JOINS
  where \`s\`.\`site_id\` in (SITES) and \`s\`.\`served_date\` >= ? and \`s\`.\`served_date\` <= ? and \`s\`.\`voided\` = ?
  and \`s\`.\`party_kind\` = 'department' and \`s\`.\`source\` = 'tier_subsidy' and \`s\`.\`programme_code\` is not null and \`s\`.\`amount_fen\` <> 0
  and ${DEPARTMENT} <> ''`;
export const WITH_UNIT = 'join `served_unit` `u` on `u`.`id` = `s`.`served_unit_id`';

/** The claimed shares of the run, with their served units `u` unless `joins` says otherwise (its parameters first). */
export function claimedShares(run: CheckRun, joins: Sql = sql(WITH_UNIT)): Sql {
  const { from, to } = periodDates(run.month);
  return { sql: CLAIMED_SHARES.replace('JOINS', joins.sql).replace('SITES', marks(run.siteIds)), params: [...joins.params, ...run.siteIds, from, to, false] };
}

/** What each column of a draft's unit line is: over its share `s`, the share's served unit `u` and the draft claim `c`. */
export const DRAFT_LINE: Readonly<Record<string, string>> = {
  id: '`s`.`id`',
  claim_id: '`c`.`id`',
  department_id: '`c`.`department_id`',
  site_id: '`s`.`site_id`',
  kind: "'unit'",
  served_unit_id: '`s`.`served_unit_id`',
  served_date: '`s`.`served_date`',
  person_ref: '`s`.`person_ref`',
  service_line: '`u`.`service_line`',
  tier: '`u`.`tier`',
  quantity: '`s`.`quantity`',
  amount_fen: '`s`.`amount_fen`',
  status: "'pending'",
};

/** SQL written over a line `l` made to read a draft's unit line: each of `l`'s columns becomes what DRAFT_LINE says it is. */
export function asDraftLine(text: string): string {
  return text.replace(/`l`\.`(\w+)`/g, (_, column: string) => {
    const value = DRAFT_LINE[column];
    if (!value) throw new Error(`a draft's unit line has no ${column}`);
    return value;
  });
}

/**
 * The unit lines of the run's draft claims (of `claimIds` only, when given): FROM … WHERE over
 * the share `s`, its party `p`, its served unit `u` (unless `unit` is false: what is summed or
 * grouped is all in the shares' index), the draft claim `c` and whatever `join` adds; a
 * caller's further conditions follow with `and`.
 */
export function draftLines(run: CheckRun, { join = sql(''), claimIds, unit = true }: { join?: Sql; claimIds?: readonly string[]; unit?: boolean } = {}): Sql {
  const draft = `join \`recon_claim\` \`c\` on \`c\`.\`department_id\` = ${DEPARTMENT} and \`c\`.\`programme_code\` = \`s\`.\`programme_code\` and \`c\`.\`site_id\` = \`s\`.\`site_id\` and \`c\`.\`period\` = ? and \`c\`.\`status\` = 'draft'`;
  const shares = claimedShares(run, sql(`${unit ? WITH_UNIT : ''} ${draft} ${join.sql}`, [run.month, ...join.params]));
  if (!claimIds) return shares;
  return { sql: `${shares.sql} and \`c\`.\`id\` in (${marks(claimIds)})`, params: [...shares.params, ...claimIds] };
}

/** A claim's stored lines `l` with their claim `c` and served unit `u`. */
export const STORED_LINES_FROM =
  'from `recon_claim_line` `l` join `recon_claim` `c` on `c`.`id` = `l`.`claim_id` join `served_unit` `u` on `u`.`id` = `l`.`served_unit_id`';

/** The columns of recon_claim_line a claim's lines are read with. */
const LINE_FIELDS = ['id', 'claim_id', 'kind', 'served_unit_id', 'served_date', 'person_ref', 'service_line', 'tier', 'quantity', 'amount_fen', 'status', 'dispute_reason', 'note', 'corrects_line_id', 'corrects_period'];

/** A claim's lines as a table `l` with recon_claim_line's columns: the stored ones and, for a draft, its unit lines from its shares. */
export function linesOfClaim(claim: { id: string; siteId: string; period: string; status: string }): Sql {
  const stored = `select ${LINE_FIELDS.map((f) => `\`l\`.\`${f}\``).join(', ')} from \`recon_claim_line\` \`l\` where \`l\`.\`claim_id\` = ?`;
  if (claim.status !== 'draft') return sql(`(${stored}) \`l\``, [claim.id]);
  const units = draftLines({ siteIds: [claim.siteId], month: claim.period }, { claimIds: [claim.id] });
  return sql(`(${stored} union all select ${LINE_FIELDS.map((f) => `${DRAFT_LINE[f] ?? 'null'} as \`${f}\``).join(', ')} ${units.sql}) \`l\``, [claim.id, ...units.params]);
}

/** Writes a draft's unit lines as rows, as it leaves: each line as its share says now. */
export function writeUnitLines(claim: { id: string; siteId: string; period: string }, now: Date): Sql {
  const columns = Object.keys(DRAFT_LINE);
  const units = draftLines({ siteIds: [claim.siteId], month: claim.period }, { claimIds: [claim.id] });
  return sql(
    `insert into \`recon_claim_line\` (${columns.map((c) => `\`${c}\``).join(', ')}, \`created_at\`) select ${columns.map((c) => DRAFT_LINE[c]).join(', ')}, ? ${units.sql}`,
    [now, ...units.params],
  );
}
