import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import {
  type AdjustmentLine,
  claimAdjusted,
  claimSubmitted,
  closePeriod,
  correctionsFor,
  type ClaimLine,
  type Finding,
  nextPeriod,
  type Period,
  periodDates,
  periodOf,
  ReconciliationError,
  submissionBlockers,
  type WarningReason,
} from '../../../domain/reconciliation';
import type { BusinessDate } from '../../../domain/shared/business-date';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { insertRows, marks, runStatement, selectRows, skipExisting } from '../../db';
import { newId } from '../../entity-helpers';
import { conflict, FieldError, notFound, ruleBroken } from '../../errors';
import { CHECK_ENTRIES, type CheckRun, LINE_COLUMNS, LINES_FROM, type OnPhase, runChecks, timed, toClaimLine } from './checks';
import { postToLedger } from './ledger';
import { IReconClaim, IReconClaimLine, IReconFinding, ReconClaim, ReconClaimLine, ReconFinding, ReconPeriod } from './reconciliation.entity';

/** A domain refusal as the API says it: 422 naming each field. */
export function asProblem(err: unknown): unknown {
  if (err instanceof ReconciliationError) return ruleBroken(err.message, err.problems.map((p): FieldError => ({ field: p.field, code: p.code, params: p.params, message: p.message })));
  return err;
}

export async function closedPeriods(tx: EntityManager, siteIds: readonly string[]): Promise<Period[]> {
  if (!siteIds.length) return [];
  const rows = await tx.find(ReconPeriod, { siteId: { $in: [...siteIds] }, state: 'closed' });
  return rows.map((r) => ({ siteId: r.siteId, month: r.month, state: r.state }));
}

function refuseClosed(periods: readonly Period[], month: string): void {
  const closed = periods.filter((p) => p.month === month);
  if (closed.length) {
    throw ruleBroken(`${month} is closed at ${closed.length} site(s): its claims never change again`, [
      { field: 'month', code: 'period_closed', params: { month }, message: 'is closed' },
    ]);
  }
}

// ── Build ──────────────────────────────────────────────────────────────────────────────

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
const WITH_UNIT = 'join `served_unit` `u` on `u`.`id` = `s`.`served_unit_id`';

/** The claimed shares of the run, with their served units `u` unless `joins` says otherwise. */
function claimedShares(run: CheckRun, joins = WITH_UNIT): { sql: string; params: unknown[] } {
  const { from, to } = periodDates(run.month);
  return { sql: CLAIMED_SHARES.replace('JOINS', joins).replace('SITES', marks(run.siteIds)), params: [...run.siteIds, from, to, false] };
}

/** The claimed shares of the run with their served units `u` and the draft claim `c` each belongs in. */
function sharesInDrafts(run: CheckRun): { sql: string; params: unknown[] } {
  const draft = `join \`recon_claim\` \`c\` on \`c\`.\`department_id\` = ${DEPARTMENT} and \`c\`.\`programme_code\` = \`s\`.\`programme_code\` and \`c\`.\`site_id\` = \`s\`.\`site_id\` and \`c\`.\`period\` = ? and \`c\`.\`status\` = 'draft'`;
  const shares = claimedShares(run, `${WITH_UNIT} ${draft}`);
  return { sql: shares.sql, params: [run.month, ...shares.params] };
}

/** A unit line's columns and what each is built from: the share `s`, its party `p`, its served unit `u`, the draft claim `c`. */
const UNIT_LINE: readonly (readonly [column: string, value: string])[] = [
  ['id', '`s`.`id`'],
  ['claim_id', '`c`.`id`'],
  ['department_id', '`p`.`department_id`'],
  ['site_id', '`s`.`site_id`'],
  ['kind', "'unit'"],
  ['served_unit_id', '`s`.`served_unit_id`'],
  ['served_date', '`s`.`served_date`'],
  ['person_ref', '`u`.`person_ref`'],
  ['service_line', '`u`.`service_line`'],
  ['tier', '`u`.`tier`'],
  ['quantity', '`u`.`quantity`'],
  ['amount_fen', '`s`.`amount_fen`'],
  ['status', "'pending'"],
];

/** Equal, or both null (the one nullable column, a unit's person). */
const sameValue = (a: string, b: string) => `(${a} = ${b} or (${a} is null and ${b} is null))`;

export interface BuildOutcome {
  claims: number;
  lines: number;
  findings: number;
  /** Claims already submitted for these sites and month: they are not built again. */
  keptSubmitted: number;
}

/**
 * Builds the draft claims of the sites' month from their served units, set-based: one GROUP BY
 * says which claims there are, one INSERT … SELECT writes every line, each live check is one
 * query and its domain rule. A claim already submitted is left as it was sent.
 */
export async function buildClaims(tx: EntityManager, run: CheckRun, now: Date = new Date(), onPhase?: OnPhase): Promise<BuildOutcome> {
  refuseClosed(await closedPeriods(tx, run.siteIds), run.month);
  // From the shares' index alone: a share without its unit would make a claim with no line, which the end of the build drops.
  const shares = claimedShares(run, '');
  const keys = await timed(onPhase, 'claim keys', () =>
    selectRows<{ department_id: string; programme_code: string; site_id: string }>(
      tx,
      `select \`p\`.\`department_id\`, \`s\`.\`programme_code\`, \`s\`.\`site_id\` ${shares.sql} group by \`p\`.\`department_id\`, \`s\`.\`programme_code\`, \`s\`.\`site_id\``,
      shares.params,
    ),
  );
  const existing = await tx.find(ReconClaim, { siteId: { $in: [...run.siteIds] }, period: run.month });
  const keyOf = (d: string, p: string, s: string) => `${d}|${p}|${s}`;
  const have = new Map(existing.map((c) => [keyOf(c.departmentId, c.programmeCode, c.siteId), c]));
  const fresh: IReconClaim[] = keys
    .filter((k) => !have.has(keyOf(k.department_id, k.programme_code, k.site_id)))
    .map((k) => newClaim({ departmentId: k.department_id, programmeCode: k.programme_code, siteId: k.site_id, period: run.month }, now));
  await insertRows(tx, ReconClaim, fresh);

  const drafts = `select \`id\` from \`recon_claim\` where \`site_id\` in (${marks(run.siteIds)}) and \`period\` = ? and \`status\` = 'draft'`;
  const draftParams = [...run.siteIds, run.month];
  // A rebuild changes only what changed: lines whose share is gone or differs leave, shares
  // with no line yet come in, and a month already built rewrites nothing.
  const built = sharesInDrafts(run);
  await timed(onPhase, 'clear findings', () => runStatement(tx, `delete from \`recon_finding\` where \`claim_id\` in (${drafts})`, draftParams));
  await timed(onPhase, 'drop changed lines', () =>
    runStatement(
      tx,
      `delete from \`recon_claim_line\` where \`kind\` = 'unit' and \`claim_id\` in (${drafts})
       and not exists (select 1 ${built.sql} and ${UNIT_LINE.map(([column, value]) => sameValue(`\`recon_claim_line\`.\`${column}\``, value)).join(' and ')})`,
      [...draftParams, ...built.params],
    ),
  );
  // A line's id is its share's: a unit's share is claimed once, by its own department's claim.
  // The lines kept are passed over by their id (trying to insert each costs as much as a write).
  await timed(onPhase, 'insert new lines', () =>
    runStatement(
      tx,
      `insert into \`recon_claim_line\` (${UNIT_LINE.map(([column]) => `\`${column}\``).join(', ')}, \`created_at\`)
       select ${UNIT_LINE.map(([, value]) => value).join(', ')}, ? ${built.sql}
       and not exists (select 1 from \`recon_claim_line\` \`kept\` where \`kept\`.\`id\` = \`s\`.\`id\`)${skipExisting(tx, 'recon_claim_line')}`,
      [now, ...built.params],
    ),
  );

  const findings = await runChecks(tx, run, onPhase);
  const draftIds = new Set((await selectRows<{ id: string }>(tx, drafts, draftParams)).map((r) => r.id));
  const claimOfLine = await timed(onPhase, 'claims of findings', () => claimsOfLines(tx, [...new Set(findings.map((f) => f.lineId))]));
  const rows: IReconFinding[] = findings
    .filter((f) => draftIds.has(claimOfLine.get(f.lineId)!))
    .map((f) => ({
      id: newId(),
      claimId: claimOfLine.get(f.lineId)!,
      lineId: f.lineId,
      checkCode: f.check,
      severity: f.severity,
      reasonZh: f.reason.zh.slice(0, 200),
      reasonEn: f.reason.en.slice(0, 200),
      explanation: null,
    }));
  await timed(onPhase, 'insert findings', () => insertRows(tx, ReconFinding, rows));
  const lines = await timed(onPhase, 'totals', () => refreshTotals(tx, [...draftIds]));
  // A draft left with no line at all (every unit cancelled) is no claim.
  if (draftIds.size) {
    await timed(onPhase, 'drop empty drafts', () => runStatement(
      tx,
      `delete from \`recon_claim\` where \`id\` in (${marks([...draftIds])}) and not exists (select 1 from \`recon_claim_line\` \`l\` where \`l\`.\`claim_id\` = \`recon_claim\`.\`id\`)`,
      [...draftIds],
    ));
  }
  return {
    claims: (await selectRows(tx, drafts, draftParams)).length,
    lines,
    findings: rows.length,
    keptSubmitted: existing.filter((c) => c.status !== 'draft').length,
  };
}

function newClaim(key: { departmentId: string; programmeCode: string; siteId: string; period: string }, now: Date): IReconClaim {
  return {
    id: newId(),
    ...key,
    status: 'draft',
    totalFen: 0,
    quantity: 0,
    lineCount: 0,
    errorCount: 0,
    warningCount: 0,
    builtAt: now,
    submittedAt: null,
    submittedOn: null,
    submittedBy: null,
    reviewedAt: null,
    createdAt: now,
  };
}

async function claimsOfLines(tx: EntityManager, lineIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < lineIds.length; i += 1000) {
    const chunk = lineIds.slice(i, i + 1000);
    for (const r of await selectRows<{ id: string; claim_id: string }>(tx, `select \`id\`, \`claim_id\` from \`recon_claim_line\` where \`id\` in (${marks(chunk)})`, chunk)) out.set(r.id, r.claim_id);
  }
  return out;
}

/**
 * A claim's totals are sums of its lines (voided lines included: a void is a refund line elsewhere),
 * its counts its findings'. Answers how many unit lines the claims have, from the same GROUP BY.
 */
async function refreshTotals(tx: EntityManager, claimIds: readonly string[]): Promise<number> {
  if (!claimIds.length) return 0;
  const sums = await selectRows<{ claim_id: string; n: unknown; units: unknown; fen: unknown; q: unknown }>(
    tx,
    `select \`claim_id\`, count(*) as \`n\`, sum(case when \`kind\` = 'unit' then 1 else 0 end) as \`units\`, sum(\`amount_fen\`) as \`fen\`, sum(case when \`kind\` = 'unit' then \`quantity\` else 0 end) as \`q\` from \`recon_claim_line\` where \`claim_id\` in (${marks(claimIds)}) group by \`claim_id\``,
    claimIds,
  );
  const counts = await selectRows<{ claim_id: string; severity: string; n: unknown }>(
    tx,
    `select \`claim_id\`, \`severity\`, count(*) as \`n\` from \`recon_finding\` where \`claim_id\` in (${marks(claimIds)}) group by \`claim_id\`, \`severity\``,
    claimIds,
  );
  const claims = await tx.find(ReconClaim, { id: { $in: [...claimIds] } });
  for (const c of claims) {
    const s = sums.find((x) => x.claim_id === c.id);
    c.lineCount = Number(s?.n ?? 0);
    c.totalFen = Number(s?.fen ?? 0);
    c.quantity = Number(s?.q ?? 0);
    c.errorCount = Number(counts.find((x) => x.claim_id === c.id && x.severity === 'error')?.n ?? 0);
    c.warningCount = Number(counts.find((x) => x.claim_id === c.id && x.severity === 'warning')?.n ?? 0);
  }
  await tx.flush();
  return sums.reduce((n, s) => n + Number(s.units), 0);
}

// ── Submit and review ──────────────────────────────────────────────────────────────────

async function claimById(tx: EntityManager, claimId: string): Promise<IReconClaim> {
  const claim = await tx.findOne(ReconClaim, { id: claimId });
  if (!claim) throw notFound('Claim');
  return claim;
}

function findingOf(f: IReconFinding): Finding {
  return { check: f.checkCode as Finding['check'], severity: f.severity, lineId: f.lineId, reason: { zh: f.reasonZh, en: f.reasonEn } };
}

/**
 * Sends a draft claim to its department: refused (422, each finding by its line) while a check
 * finds an error, or a warning has no reason; the reasons are kept with the findings. The claim
 * accrues in the ledger: the department owes its total.
 */
export async function submitClaim(tx: EntityManager, user: AuthUser, claimId: string, reasons: readonly WarningReason[], now: DateTime): Promise<IReconClaim> {
  const claim = await claimById(tx, claimId);
  if (claim.status !== 'draft') throw conflict(`The claim is ${claim.status} already`);
  refuseClosed(await closedPeriods(tx, [claim.siteId]), claim.period);
  // A month's claim goes when the month is over, so no unit of it is served after it was sent.
  if (businessDateOf(now) <= periodDates(claim.period).to) {
    throw ruleBroken(`${claim.period} is not over yet`, [{ field: 'period', code: 'month_not_over', params: { month: claim.period }, message: 'is not over yet' }]);
  }
  const findings = await tx.find(ReconFinding, { claimId });
  const { errors, unexplained } = submissionBlockers(findings.map(findingOf), reasons);
  if (errors.length || unexplained.length) {
    throw ruleBroken(
      errors.length ? `${errors.length} line(s) fail a check that blocks submission` : `${unexplained.length} warning(s) need a reason`,
      [...errors, ...unexplained].slice(0, 100).map((f) => ({
        field: `lines.${f.lineId}`,
        code: f.severity === 'error' ? 'check_failed' : 'reason_needed',
        params: { check: f.check, reason: f.reason.zh, reasonEn: f.reason.en },
        message: f.reason.en,
      })),
    );
  }
  for (const f of findings) {
    const given = reasons.find((r) => r.lineId === f.lineId && r.check === f.checkCode);
    if (given) f.explanation = given.reason.trim().slice(0, 200);
  }
  claim.status = 'submitted';
  claim.submittedAt = now.toJSDate();
  claim.submittedOn = businessDateOf(now);
  claim.submittedBy = user.id;
  const key = { departmentId: claim.departmentId, programmeCode: claim.programmeCode, siteId: claim.siteId, period: claim.period };
  const [{ units, adjustments }] = await selectRows<{ units: unknown; adjustments: unknown }>(
    tx,
    "select coalesce(sum(case when `kind` = 'unit' then `amount_fen` else 0 end), 0) as `units`, coalesce(sum(case when `kind` <> 'unit' then `amount_fen` else 0 end), 0) as `adjustments` from `recon_claim_line` where `claim_id` = ?",
    [claimId],
  );
  const postings = [
    claimSubmitted(claim.id, key, Number(units)),
    ...claimAdjusted(claim.id, [{ kind: 'correction', claim: key, corrects: { lineId: claim.id, period: claim.period }, amountFen: Number(adjustments) }]),
  ];
  await postToLedger(tx, claim.siteId, postings, user.id, now);
  await tx.flush();
  return claim;
}

/** After a review or an answer: disputed lines make it part-disputed; nothing pending or disputed, approved. */
async function settleStatus(tx: EntityManager, claim: IReconClaim): Promise<void> {
  const rows = await selectRows<{ status: string; n: unknown }>(tx, 'select `status`, count(*) as `n` from `recon_claim_line` where `claim_id` = ? group by `status`', [claim.id]);
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  claim.status = count('disputed') > 0 ? 'part_disputed' : count('pending') > 0 ? 'submitted' : 'approved';
}

export interface Review {
  approve?: string[];
  approveAll?: boolean;
  dispute?: { lineId: string; reason: string }[];
}

/** The department's review of a submitted claim: lines approved, or disputed with a reason. */
export async function reviewClaim(tx: EntityManager, claimId: string, review: Review, now: DateTime): Promise<IReconClaim> {
  const claim = await claimById(tx, claimId);
  if (claim.status === 'draft') throw conflict('The claim has not been submitted');
  const named = [...(review.approve ?? []), ...(review.dispute ?? []).map((d) => d.lineId)];
  const lines = named.length ? await tx.find(ReconClaimLine, { id: { $in: named }, claimId }) : [];
  const problems: FieldError[] = [];
  const lineOf = (id: string, field: string) => {
    const line = lines.find((l) => l.id === id);
    if (!line) problems.push({ field, code: 'not_in_claim', message: `line ${id} is not in this claim` });
    else if (line.status === 'voided' || line.status === 'adjusted') problems.push({ field, code: 'answered', message: `line ${id} was ${line.status} already` });
    return line;
  };
  const approved = (review.approve ?? []).map((id, i) => lineOf(id, `approve[${i}]`));
  const disputed = (review.dispute ?? []).map((d, i) => ({ line: lineOf(d.lineId, `dispute[${i}].lineId`), reason: d.reason }));
  if (problems.length) throw ruleBroken('Some lines cannot be reviewed', problems);
  for (const l of approved) l!.status = 'approved';
  for (const d of disputed) {
    d.line!.status = 'disputed';
    d.line!.disputeReason = d.reason.trim().slice(0, 200);
  }
  await tx.flush();
  if (review.approveAll) await runStatement(tx, "update `recon_claim_line` set `status` = 'approved' where `claim_id` = ? and `status` = 'pending'", [claimId]);
  claim.reviewedAt = now.toJSDate();
  await settleStatus(tx, claim);
  await tx.flush();
  return claim;
}

// ── Adjustments in the open period ─────────────────────────────────────────────────────

/**
 * The draft claim that takes adjustments to `key`'s claims from `month` on: the first month not
 * closed whose claim for the key is still a draft (made when there is none).
 */
async function draftClaimFrom(tx: EntityManager, key: { departmentId: string; programmeCode: string; siteId: string }, month: string, periods: readonly Period[], now: Date): Promise<IReconClaim> {
  for (let m = month; ; m = nextPeriod(m)) {
    if (periods.some((p) => p.siteId === key.siteId && p.month === m)) continue;
    const claim = await tx.findOne(ReconClaim, { ...key, period: m });
    if (!claim) {
      const fresh = newClaim({ ...key, period: m }, now);
      await insertRows(tx, ReconClaim, [fresh]);
      return (await tx.findOne(ReconClaim, { id: fresh.id }))!;
    }
    if (claim.status === 'draft') return claim;
  }
}

type LineForCorrection = ClaimLine & { claimStatus: string };

async function domainLines(tx: EntityManager, lineIds: readonly string[]): Promise<LineForCorrection[]> {
  if (!lineIds.length) return [];
  const rows = await selectRows<Parameters<typeof toClaimLine>[0] & { status: string }>(
    tx,
    `select ${LINE_COLUMNS}, \`c\`.\`status\` ${LINES_FROM} where \`l\`.\`id\` in (${marks(lineIds)})`,
    lineIds,
  );
  return rows.map((r) => ({ ...toClaimLine(r), claimStatus: r.status }));
}

async function earlierAdjustments(tx: EntityManager, lineIds: readonly string[]): Promise<AdjustmentLine[]> {
  if (!lineIds.length) return [];
  const rows = await tx.find(ReconClaimLine, { correctsLineId: { $in: [...lineIds] } });
  const claims = await tx.find(ReconClaim, { id: { $in: [...new Set(rows.map((r) => r.claimId))] } });
  return rows.map((r) => {
    const c = claims.find((x) => x.id === r.claimId)!;
    return {
      kind: r.kind === 'refund' ? 'refund' : 'correction',
      claim: { departmentId: c.departmentId, programmeCode: c.programmeCode, siteId: c.siteId, period: c.period },
      corrects: { lineId: r.correctsLineId!, period: r.correctsPeriod! },
      amountFen: r.amountFen,
    };
  });
}

/**
 * Writes refund and correction lines for lines already sent or frozen, so that what has been
 * claimed for each becomes `amountFen` (0 for a unit that should not have been claimed). The
 * pairs come from the domain (`correctionsFor`): a sent line is treated as frozen, whatever its
 * month, since nothing in a sent claim is edited in place. They land in the draft claim of the
 * first open month from `today`; a pair that cancels is not written.
 */
async function correctLines(tx: EntityManager, lines: readonly LineForCorrection[], amountFen: (line: ClaimLine) => number, today: BusinessDate, note: string, now: Date): Promise<IReconClaimLine[]> {
  if (!lines.length) return [];
  const siteIds = [...new Set(lines.map((l) => l.siteId))];
  const closed = await closedPeriods(tx, siteIds);
  const asSent: Period[] = [...closed, ...lines.map((l) => ({ siteId: l.siteId, month: l.period, state: 'closed' as const }))];
  const written: IReconClaimLine[] = [];
  for (const siteId of siteIds) {
    const ofSite = lines.filter((l) => l.siteId === siteId);
    let openMonth = periodOf(today);
    while (asSent.some((p) => p.siteId === siteId && p.month === openMonth)) openMonth = nextPeriod(openMonth);
    let adjustments: AdjustmentLine[];
    try {
      adjustments = correctionsFor({
        periods: asSent,
        frozen: ofSite,
        earlier: await earlierAdjustments(tx, ofSite.map((l) => l.id)),
        after: ofSite.flatMap((l) => (amountFen(l) === 0 ? [] : [{ ...l, amountFen: amountFen(l) }])),
        openPeriod: openMonth,
      });
    } catch (err) {
      throw asProblem(err);
    }
    for (const a of adjustments) {
      const claim = await draftClaimFrom(tx, a.claim, a.claim.period, closed, now);
      const line = ofSite.find((l) => l.id === a.corrects.lineId)!;
      written.push({
        id: newId(),
        claimId: claim.id,
        departmentId: claim.departmentId,
        siteId: claim.siteId,
        kind: a.kind,
        servedUnitId: line.unitId,
        servedDate: line.date,
        personRef: line.personRef,
        serviceLine: line.serviceLine,
        tier: line.tier,
        quantity: line.quantity,
        amountFen: a.amountFen,
        status: 'pending',
        disputeReason: null,
        note: note.slice(0, 200),
        correctsLineId: line.id,
        correctsPeriod: line.period,
        createdAt: now,
      });
    }
  }
  await insertRows(tx, ReconClaimLine, written);
  await refreshTotals(tx, [...new Set(written.map((w) => w.claimId))]);
  return written;
}

/** The operator's answer to a disputed line: void it (a refund) or adjust it to an amount (refund and correction), in the open month. */
export async function answerDispute(tx: EntityManager, lineId: string, answer: { action: 'void' | 'adjust'; amountFen?: number; reason: string }, now: DateTime): Promise<IReconClaimLine[]> {
  const line = await tx.findOne(ReconClaimLine, { id: lineId });
  if (!line) throw notFound('Line');
  if (line.status !== 'disputed') throw conflict(`Only a disputed line is answered; this one is ${line.status}`);
  if (answer.action === 'adjust' && answer.amountFen === undefined) throw ruleBroken('An adjustment needs its amount', [{ field: 'amountFen', code: 'required', message: 'is needed to adjust' }]);
  const written = await correctLines(tx, await domainLines(tx, [lineId]), () => (answer.action === 'void' ? 0 : answer.amountFen!), businessDateOf(now), answer.reason, now.toJSDate());
  line.status = answer.action === 'void' ? 'voided' : 'adjusted';
  line.note = answer.reason.trim().slice(0, 200);
  await tx.flush();
  await settleStatus(tx, (await tx.findOne(ReconClaim, { id: line.claimId }))!);
  await tx.flush();
  return written;
}

/**
 * Served units being cancelled, seen by reconciliation. A line already sent to its department
 * is never edited: it gets a refund in the open month. A unit of a closed month is not voided
 * at all (the caller leaves it as it was frozen); a unit in a draft claim leaves the draft.
 * Answers the units that may be voided in place. Called by the one place that voids served
 * units (costsharing's markVoided).
 */
export async function unitsCancelled(tx: EntityManager, unitIds: readonly string[], now: Date): Promise<string[]> {
  if (!unitIds.length) return [];
  const lines = await selectRows<{ id: string; claim_id: string; status: string; served_unit_id: string; site_id: string; period: string }>(
    tx,
    `select \`l\`.\`id\`, \`l\`.\`claim_id\`, \`c\`.\`status\`, \`l\`.\`served_unit_id\`, \`c\`.\`site_id\`, \`c\`.\`period\` from \`recon_claim_line\` \`l\` join \`recon_claim\` \`c\` on \`c\`.\`id\` = \`l\`.\`claim_id\`
     where \`l\`.\`kind\` = 'unit' and \`l\`.\`served_unit_id\` in (${marks(unitIds)})`,
    unitIds,
  );
  const drafts = lines.filter((l) => l.status === 'draft');
  if (drafts.length) {
    const ids = drafts.map((l) => l.id);
    await runStatement(tx, `delete from \`recon_finding\` where \`line_id\` in (${marks(ids)})`, ids);
    await runStatement(tx, `delete from \`recon_claim_line\` where \`id\` in (${marks(ids)})`, ids);
    await refreshTotals(tx, [...new Set(drafts.map((l) => l.claim_id))]);
  }
  const sent = lines.filter((l) => l.status !== 'draft');
  await correctLines(tx, await domainLines(tx, sent.map((l) => l.id)), () => 0, businessDateOf(DateTime.fromJSDate(now)), '已申报后取消 cancelled after the claim was sent', now);
  const units = await selectRows<{ id: string; site_id: string; served_date: string }>(
    tx,
    `select \`id\`, \`site_id\`, \`served_date\` from \`served_unit\` where \`id\` in (${marks(unitIds)})`,
    unitIds,
  );
  const closed = await closedPeriods(tx, [...new Set(units.map((u) => u.site_id))]);
  const frozen = new Set(units.filter((u) => closed.some((p) => p.siteId === u.site_id && p.month === periodOf(u.served_date))).map((u) => u.id));
  return unitIds.filter((id) => !frozen.has(id));
}

// ── Close ──────────────────────────────────────────────────────────────────────────────

/** Closes a site's month: its claims must all have been sent; from now on nothing in it changes. */
export async function closeMonth(tx: EntityManager, user: AuthUser, siteId: string, month: string, now: DateTime) {
  const periods = await closedPeriods(tx, [siteId]);
  try {
    closePeriod(periods, siteId, month);
  } catch (err) {
    throw asProblem(err);
  }
  const drafts = await tx.count(ReconClaim, { siteId, period: month, status: 'draft' });
  if (drafts) throw ruleBroken(`${drafts} claim(s) of ${month} are still drafts: submit them first`, [{ field: 'month', code: 'drafts_open', params: { drafts }, message: 'has unsent claims' }]);
  const { from, to } = periodDates(month);
  const [{ n }] = await selectRows<{ n: unknown }>(
    tx,
    `select count(*) as \`n\` ${claimedShares({ siteIds: [siteId], month }).sql} and not exists (select 1 from \`recon_claim_line\` \`l\` where \`l\`.\`id\` = \`s\`.\`id\`)`,
    claimedShares({ siteIds: [siteId], month }).params,
  );
  if (Number(n) > 0) {
    throw ruleBroken(`${n} department share(s) served from ${from} to ${to} are in no claim: build the claims first`, [
      { field: 'month', code: 'unclaimed_units', params: { units: Number(n) }, message: 'has served units in no claim' },
    ]);
  }
  const period = tx.create(ReconPeriod, { id: newId(), siteId, month, state: 'closed', closedAt: now.toJSDate(), closedBy: user.id });
  await tx.flush();
  return period;
}

export const checkList = () =>
  CHECK_ENTRIES.map((e) => ({ code: e.code }));
