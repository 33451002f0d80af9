import type { Fen } from '../shared/money';
import { type ClaimKey, type ClaimLine, claimKeyText } from './claims';
import { ReconciliationError } from './errors';
import { isFrozen, type Period, type PeriodMonth } from './periods';

/*
 * Freezing, as eVaka does with its frozen voucher reports: a closed month's claim lines never
 * change. When a later change (a late cancellation, a discharge recorded late, a corrected
 * assessment) alters what a frozen month should have claimed, the open period gets a refund of
 * what was claimed for that line and a correction with what it should have been, both linked
 * to the line they correct. So the frozen month still reads as it was sent, and the open one
 * says what changed.
 */

export interface AdjustmentLine {
  kind: 'refund' | 'correction';
  /** The claim of the open period it belongs to: the corrected line's department, programme and site. */
  claim: ClaimKey;
  /** The frozen line it corrects (its id) and that line's own period. */
  corrects: { lineId: string; period: PeriodMonth };
  amountFen: Fen;
}

export interface CorrectionRequest {
  periods: readonly Period[];
  /** The claim lines of frozen months as they were frozen. */
  frozen: readonly ClaimLine[];
  /** Adjustment lines made before for those lines, in any period since. */
  earlier: readonly AdjustmentLine[];
  /** The claim lines the same frozen months give now, after the change. Lines of open months are ignored: their own claim is still open. */
  after: readonly ClaimLine[];
  /** The open period the adjustments land in. */
  openPeriod: PeriodMonth;
}

/**
 * Refund and correction lines for every line of a frozen month whose amount is not what has
 * been claimed for it so far (frozen plus earlier adjustments). A pair that cancels out is not
 * made, nor a line of 0 fen: a unit voided late gets only its refund, a unit added late only
 * its correction.
 */
export function correctionsFor(request: CorrectionRequest): AdjustmentLine[] {
  const { periods, openPeriod } = request;
  const frozenIn = (l: ClaimLine) => isFrozen(periods, l.siteId, l.period);
  const problems = [
    ...request.frozen.flatMap((l, i) => (frozenIn(l) ? [] : [{ field: `frozen[${i}].period`, message: `${l.siteId} ${l.period} is not closed` }])),
    ...[...new Set(request.frozen.map((l) => l.siteId))].flatMap((siteId) =>
      isFrozen(periods, siteId, openPeriod) ? [{ field: 'openPeriod', message: `${openPeriod} is closed at ${siteId}: corrections land in an open period` }] : [],
    ),
  ];
  if (problems.length) throw new ReconciliationError(problems);

  type Link = Pick<AdjustmentLine, 'claim' | 'corrects'>;
  const linkOf = (line: ClaimLine): Link => ({ claim: keyOf(line, openPeriod), corrects: { lineId: line.id, period: line.period } });
  // What has been claimed for each line so far, and how an adjustment to it is linked.
  const claimed = new Map<string, { link: Link; amountFen: Fen }>();
  for (const line of request.frozen) claimed.set(line.id, { link: linkOf(line), amountFen: line.amountFen });
  for (const a of request.earlier) {
    const entry = claimed.get(a.corrects.lineId);
    if (entry) entry.amountFen += a.amountFen;
    else claimed.set(a.corrects.lineId, { link: { claim: { ...a.claim, period: openPeriod }, corrects: a.corrects }, amountFen: a.amountFen });
  }
  const now = new Map(request.after.filter(frozenIn).map((l) => [l.id, l]));

  const out: AdjustmentLine[] = [];
  for (const id of [...new Set([...claimed.keys(), ...now.keys()])].sort()) {
    const was = claimed.get(id);
    const is = now.get(id);
    const wasFen = was?.amountFen ?? 0;
    const isFen = is?.amountFen ?? 0;
    if (wasFen === isFen) continue;
    const link = is ? linkOf(is) : was!.link;
    if (wasFen !== 0) out.push({ kind: 'refund', ...link, amountFen: -wasFen });
    if (isFen !== 0) out.push({ kind: 'correction', ...link, amountFen: isFen });
  }
  return out;
}

function keyOf(line: ClaimLine, period: PeriodMonth): ClaimKey {
  return { departmentId: line.departmentId, programmeCode: line.programmeCode, siteId: line.siteId, period };
}

/** Adjustments grouped by the open-period claim they belong to, with their net. */
export function adjustmentTotals(lines: readonly AdjustmentLine[]): Map<string, Fen> {
  const totals = new Map<string, Fen>();
  for (const l of lines) totals.set(claimKeyText(l.claim), (totals.get(claimKeyText(l.claim)) ?? 0) + l.amountFen);
  return totals;
}
