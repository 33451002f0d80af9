import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import {
  type AdjustmentLine,
  claimAdjusted,
  claimSubmitted,
  closePeriod,
  correctionsFor,
  groupBy,
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
import { insertRows, marks, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { conflict, FieldError, notFound, ruleBroken } from '../../errors';
import { CHECK_ENTRIES, LINE_COLUMNS, type OnPhase, runChecks, timed, toClaimLine } from './checks';
import { type CheckRun, claimedShares, draftLines, sql, STORED_LINES_FROM, writeUnitLines } from './lines';
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

export interface BuildOutcome {
  claims: number;
  lines: number;
  findings: number;
  /** Claims already submitted for these sites and month: they are not built again. */
  keptSubmitted: number;
}

/** A claim's unit lines summed: how many, their amount and their quantity. */
interface UnitSums {
  lines: number;
  fen: number;
  quantity: number;
}

const SUMS = 'count(*) as `n`, sum(`s`.`amount_fen`) as `fen`, sum(`s`.`quantity`) as `q`';
const toSums = (r: { n: unknown; fen: unknown; q: unknown }): UnitSums => ({ lines: Number(r.n), fen: Number(r.fen ?? 0), quantity: Number(r.q ?? 0) });

/**
 * Builds the draft claims of the sites' month from their served units, set-based: one GROUP BY
 * over the claimed shares says which claims there are and what their unit lines come to, each
 * live check is one query and its domain rule. A draft's unit lines are its shares (lines.ts):
 * nothing is copied line by line. A claim already submitted is left as it was sent.
 */
export async function buildClaims(tx: EntityManager, run: CheckRun, now: Date = new Date(), onPhase?: OnPhase): Promise<BuildOutcome> {
  refuseClosed(await closedPeriods(tx, run.siteIds), run.month);
  const shares = claimedShares(run, sql(''));
  const keys = await timed(onPhase, 'claims and totals', () =>
    selectRows<{ department_id: string; programme_code: string; site_id: string; n: unknown; fen: unknown; q: unknown }>(
      tx,
      `select \`p\`.\`department_id\`, \`s\`.\`programme_code\`, \`s\`.\`site_id\`, ${SUMS} ${shares.sql} group by \`p\`.\`department_id\`, \`s\`.\`programme_code\`, \`s\`.\`site_id\``,
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

  const drafts = [...existing.filter((c) => c.status === 'draft'), ...fresh];
  const sumsOf = new Map(keys.map((k) => [keyOf(k.department_id, k.programme_code, k.site_id), toSums(k)]));
  const unitSums = new Map(drafts.map((c) => [c.id, sumsOf.get(keyOf(c.departmentId, c.programmeCode, c.siteId)) ?? { lines: 0, fen: 0, quantity: 0 }]));
  const findings = await checkClaims(tx, run, drafts, onPhase);
  // Every draft's totals and findings are as of this build (the flush is refreshTotals').
  for (const c of await tx.find(ReconClaim, { id: { $in: drafts.map((d) => d.id) } })) c.builtAt = now;
  const lines = await timed(onPhase, 'totals', () => refreshTotals(tx, drafts.map((c) => c.id), unitSums));
  // A draft left with no line at all (every unit cancelled) is no claim.
  const empty = (await tx.find(ReconClaim, { id: { $in: drafts.map((c) => c.id) }, lineCount: 0 })).map((c) => c.id);
  if (empty.length) await runStatement(tx, `delete from \`recon_claim\` where \`id\` in (${marks(empty)})`, empty);
  return { claims: drafts.length - empty.length, lines, findings, keptSubmitted: existing.filter((c) => c.status !== 'draft').length };
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

/**
 * Runs every check over the run's lines and keeps what they find on these draft claims' lines
 * (their earlier findings go). A finding's claim is its line's key's; a line of another claim
 * (a sent one, for a check across claims) keeps nothing. Answers how many were kept.
 */
async function checkClaims(tx: EntityManager, run: CheckRun, drafts: readonly IReconClaim[], onPhase?: OnPhase): Promise<number> {
  if (!drafts.length) return 0;
  const ids = drafts.map((c) => c.id);
  await timed(onPhase, 'clear findings', () => runStatement(tx, `delete from \`recon_finding\` where \`claim_id\` in (${marks(ids)})`, ids));
  const keyOf = (k: { departmentId: string; programmeCode: string; siteId: string }) => `${k.departmentId}|${k.programmeCode}|${k.siteId}`;
  const draftOf = new Map(drafts.map((c) => [keyOf(c), c.id]));
  const rows: IReconFinding[] = (await runChecks(tx, run, onPhase)).flatMap((f) => {
    const claimId = draftOf.get(keyOf(f.line));
    return claimId
      ? [{ id: newId(), claimId, lineId: f.lineId, checkCode: f.check, severity: f.severity, reasonZh: f.reason.zh.slice(0, 200), reasonEn: f.reason.en.slice(0, 200), explanation: null }]
      : [];
  });
  await timed(onPhase, 'insert findings', () => insertRows(tx, ReconFinding, rows));
  return rows.length;
}

/**
 * A claim's totals are sums of its lines (voided lines included: a void is a refund line elsewhere),
 * its counts its findings'. A draft's unit lines are summed from its shares, leaving out those of
 * `leaving` units (being cancelled), unless `unitSums` already has them. Answers how many unit
 * lines the claims have.
 */
async function refreshTotals(tx: EntityManager, claimIds: readonly string[], unitSums?: ReadonlyMap<string, UnitSums>, leaving: readonly string[] = []): Promise<number> {
  if (!claimIds.length) return 0;
  const claims = await tx.find(ReconClaim, { id: { $in: [...claimIds] } });
  const drafts = unitSums ?? (await draftUnitSums(tx, claims.filter((c) => c.status === 'draft'), leaving));
  const stored = await selectRows<{ claim_id: string; n: unknown; units: unknown; fen: unknown; q: unknown }>(
    tx,
    `select \`claim_id\`, count(*) as \`n\`, sum(case when \`kind\` = 'unit' then 1 else 0 end) as \`units\`, sum(\`amount_fen\`) as \`fen\`, sum(case when \`kind\` = 'unit' then \`quantity\` else 0 end) as \`q\` from \`recon_claim_line\` where \`claim_id\` in (${marks(claimIds)}) group by \`claim_id\``,
    claimIds,
  );
  const counts = await selectRows<{ claim_id: string; severity: string; n: unknown }>(
    tx,
    `select \`claim_id\`, \`severity\`, count(*) as \`n\` from \`recon_finding\` where \`claim_id\` in (${marks(claimIds)}) group by \`claim_id\`, \`severity\``,
    claimIds,
  );
  let units = 0;
  for (const c of claims) {
    const s = stored.find((x) => x.claim_id === c.id);
    const d = drafts.get(c.id) ?? { lines: 0, fen: 0, quantity: 0 };
    c.lineCount = Number(s?.n ?? 0) + d.lines;
    c.totalFen = Number(s?.fen ?? 0) + d.fen;
    c.quantity = Number(s?.q ?? 0) + d.quantity;
    c.errorCount = Number(counts.find((x) => x.claim_id === c.id && x.severity === 'error')?.n ?? 0);
    c.warningCount = Number(counts.find((x) => x.claim_id === c.id && x.severity === 'warning')?.n ?? 0);
    units += Number(s?.units ?? 0) + d.lines;
  }
  await tx.flush();
  return units;
}

/** The draft claims' unit lines summed from their shares, a site's month at a time, without those of `leaving` units. */
async function draftUnitSums(tx: EntityManager, drafts: readonly IReconClaim[], leaving: readonly string[]): Promise<Map<string, UnitSums>> {
  const out = new Map<string, UnitSums>();
  for (const group of groupBy(drafts, (c) => `${c.siteId}|${c.period}`).values()) {
    const lines = draftLines({ siteIds: [group[0].siteId], month: group[0].period }, { claimIds: group.map((c) => c.id), unit: false });
    const without = leaving.length ? sql(` and \`s\`.\`served_unit_id\` not in (${marks(leaving)})`, [...leaving]) : sql('');
    const rows = await selectRows<{ claim_id: string; n: unknown; fen: unknown; q: unknown }>(
      tx,
      `select \`c\`.\`id\` as \`claim_id\`, ${SUMS} ${lines.sql}${without.sql} group by \`c\`.\`id\``,
      [...lines.params, ...without.params],
    );
    for (const r of rows) out.set(r.claim_id, toSums(r));
  }
  return out;
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
 * Sends a draft claim to its department. Its checks run again first, over its lines as they are
 * now, and it is refused (422, each finding by its line) while one finds an error or a warning
 * has no reason; the reasons are kept with the findings. Its unit lines are written as it leaves
 * (lines.ts). The claim accrues in the ledger: the department owes its total.
 */
export async function submitClaim(tx: EntityManager, user: AuthUser, claimId: string, reasons: readonly WarningReason[], now: DateTime): Promise<IReconClaim> {
  const claim = await claimById(tx, claimId);
  if (claim.status !== 'draft') throw conflict(`The claim is ${claim.status} already`);
  refuseClosed(await closedPeriods(tx, [claim.siteId]), claim.period);
  // A month's claim goes when the month is over, so no unit of it is served after it was sent.
  if (businessDateOf(now) <= periodDates(claim.period).to) {
    throw ruleBroken(`${claim.period} is not over yet`, [{ field: 'period', code: 'month_not_over', params: { month: claim.period }, message: 'is not over yet' }]);
  }
  await checkClaims(tx, { siteIds: [claim.siteId], month: claim.period }, [claim]);
  await refreshTotals(tx, [claim.id]);
  if (claim.lineCount === 0) throw conflict('The claim has no lines left: build the month again');
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
  const lines = writeUnitLines(claim, now.toJSDate());
  await runStatement(tx, lines.sql, lines.params);
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
    `select ${LINE_COLUMNS}, \`c\`.\`status\` ${STORED_LINES_FROM} where \`l\`.\`id\` in (${marks(lineIds)})`,
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
 * at all (the caller leaves it as it was frozen); a unit in a draft claim leaves the draft with
 * its share, its findings with it. Answers the units that may be voided in place. Called by the
 * one place that voids served units (costsharing's markVoided), before it voids them.
 */
export async function unitsCancelled(tx: EntityManager, unitIds: readonly string[], now: Date): Promise<string[]> {
  if (!unitIds.length) return [];
  const units = await selectRows<{ id: string; site_id: string; served_date: string }>(
    tx,
    `select \`id\`, \`site_id\`, \`served_date\` from \`served_unit\` where \`id\` in (${marks(unitIds)})`,
    unitIds,
  );
  const inDrafts: { id: string; claim_id: string }[] = [];
  for (const group of groupBy(units, (u) => `${u.site_id}|${periodOf(u.served_date)}`).values()) {
    const lines = draftLines({ siteIds: [group[0].site_id], month: periodOf(group[0].served_date) }, { unit: false });
    const ids = group.map((u) => u.id);
    inDrafts.push(...(await selectRows<{ id: string; claim_id: string }>(tx, `select \`s\`.\`id\`, \`c\`.\`id\` as \`claim_id\` ${lines.sql} and \`s\`.\`served_unit_id\` in (${marks(ids)})`, [...lines.params, ...ids])));
  }
  if (inDrafts.length) {
    const ids = inDrafts.map((l) => l.id);
    await runStatement(tx, `delete from \`recon_finding\` where \`line_id\` in (${marks(ids)})`, ids);
    await refreshTotals(tx, [...new Set(inDrafts.map((l) => l.claim_id))], undefined, unitIds);
  }
  // Every stored unit line is a sent claim's.
  const sent = await selectRows<{ id: string }>(tx, `select \`id\` from \`recon_claim_line\` where \`kind\` = 'unit' and \`served_unit_id\` in (${marks(unitIds)})`, unitIds);
  await correctLines(tx, await domainLines(tx, sent.map((l) => l.id)), () => 0, businessDateOf(DateTime.fromJSDate(now)), '已申报后取消 cancelled after the claim was sent', now);
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
  const shares = claimedShares({ siteIds: [siteId], month });
  const [{ n }] = await selectRows<{ n: unknown }>(
    tx,
    `select count(*) as \`n\` ${shares.sql} and not exists (select 1 from \`recon_claim_line\` \`l\` where \`l\`.\`id\` = \`s\`.\`id\`)`,
    shares.params,
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
