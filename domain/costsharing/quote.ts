import { Fen, roundToStep } from '../shared/money';
import type { BusinessDate } from '../shared/time';
import { fullUnitCost, validateCostModelVersion } from './cost-model';
import { CostSharingError } from './errors';
import { cutAtCap, MarginLimits, marginLimits, marginRate } from './margin';
import {
  amortiseGrant,
  Applied,
  claimTierSubsidy,
  drawCharity,
  drawProgramme,
  giverOf,
  Headroom,
  offsetLabour,
  offsetSpace,
  openPools,
  openProgrammes,
  poolHeadroom,
  programmeState,
  subsidyHeadroom,
} from './mechanisms';
import { residentPrice } from './price';
import { reasons } from './reasons';
import { isKnownBusinessDate } from './validate';
import {
  ClosingCandidate,
  Contribution,
  ContributionLine,
  CostModelVersion,
  Drawdown,
  LocalText,
  MarginBand,
  PARTY_KINDS,
  PartyKind,
  Quote,
  QuoteFlag,
  QuoteReason,
  QuoteSubject,
  ShareLine,
} from './types';

/*
 * Accounting convention (why Σ shares = C holds for every input, to the fen):
 *   - each non-resident party's share is what its contributions give for the unit
 *     (cash subsidy and grant, in-kind space and volunteer time at their cost value,
 *     charity paid on the resident's behalf);
 *   - the resident's share is what the resident pays out of pocket;
 *   - the operator's share is −margin: negative when it earns, positive when it absorbs a loss.
 * With K the contributions other than charity, the operator receives price + K in money
 * and in kind against a cost of C, so margin = price + K − C. Then
 *   K + charity + (price − charity) − (price + K − C) = C,
 * and every term is whole fen, so the identity is exact, not "about".
 */

interface Working {
  c: Contribution;
  line: ContributionLine;
  inForce: boolean;
  grantUnit: boolean;
}

const OFFSETS: Partial<Record<Contribution['mechanism'], ContributionLine['offsets']>> = {
  in_kind_space: 'space',
  volunteer_hours: 'labour',
};

/** Whether a contribution's window (inclusive business dates) holds the date. */
export function inForceOn(c: Pick<Contribution, 'id' | 'effectiveFrom' | 'effectiveTo'>, date: BusinessDate): boolean {
  for (const field of ['effectiveFrom', 'effectiveTo'] as const) {
    const d = c[field];
    if (d !== undefined && !isKnownBusinessDate(d)) throw new CostSharingError(`${c.id}.${field} is not a business date`, `${c.id}.${field}`);
  }
  return (c.effectiveFrom === undefined || c.effectiveFrom <= date) && (c.effectiveTo === undefined || date <= c.effectiveTo);
}

function lineOf(c: Contribution): ContributionLine {
  return {
    contributionId: c.id,
    mechanism: c.mechanism,
    partyId: c.party.id,
    partyKind: c.party.kind,
    amountFen: 0,
    beforeCapFen: 0,
    reducedAtCapFen: 0,
    offsets: OFFSETS[c.mechanism] ?? null,
    programmeCode: c.mechanism === 'tier_subsidy' ? c.programmeCode : null,
    poolCode: c.mechanism === 'charity_pool' ? c.poolCode : null,
  };
}

function checkInputs(version: CostModelVersion, contributions: readonly Contribution[], subject: QuoteSubject, date: BusinessDate): void {
  validateCostModelVersion(version);
  if (!isKnownBusinessDate(date)) throw new CostSharingError(`not a business date: ${date}`, 'date');
  if (version.effectiveFrom > date) {
    throw new CostSharingError(`cost model ${version.id} is not in force on ${date}`, 'date');
  }
  if (typeof subject.tier !== 'string' || subject.tier === '') throw new CostSharingError('subject needs a tier', 'subject.tier');
  const seen = new Set<string>();
  for (const c of contributions) {
    if (seen.has(c.id)) throw new CostSharingError(`contribution ${c.id} is given twice`, 'contributions');
    seen.add(c.id);
    if (!PARTY_KINDS.includes(c.party.kind)) throw new CostSharingError(`unknown party kind ${c.party.kind}`, `${c.id}.party.kind`);
    if (c.party.kind === 'operator') {
      // Its share is −margin; a contribution from it would be counted twice.
      throw new CostSharingError('the operator contributes through its margin, not a contribution', `${c.id}.party.kind`);
    }
  }
}

/** What a quote has flagged and said so far, in the order it found it. */
class Notes {
  readonly flags: QuoteFlag[] = [];
  readonly said: QuoteReason[] = [];

  flag(f: QuoteFlag): void {
    if (!this.flags.includes(f)) this.flags.push(f);
  }

  say(r: QuoteReason): void {
    this.said.push(r);
  }

  take(a: Applied): void {
    for (const f of a.flags) this.flag(f);
    this.said.push(...a.reasons);
  }
}

/**
 * Prices one unit of a service line for one subject on one business date and says how the
 * six parties share its full cost. Pure: the same arguments always give the same quote. The
 * quote is plain JSON; a served unit stores its snapshot (snapshotOf).
 */
export function quote(
  version: CostModelVersion,
  contributions: readonly Contribution[],
  subject: QuoteSubject,
  date: BusinessDate,
): Quote {
  checkInputs(version, contributions, subject, date);
  const componentsFen = { ...version.componentsFen };
  const totalFen = fullUnitCost(version);
  const band = { ...version.marginBand };
  const notes = new Notes();
  notes.say(reasons.fullCost(totalFen, componentsFen));

  const work: Working[] = contributions.map((c) => ({ c, line: lineOf(c), inForce: inForceOn(c, date), grantUnit: false }));
  const rules = work.flatMap((w) => (w.inForce && w.c.mechanism === 'tier_subsidy' ? [w.c] : []));
  const pools = work.flatMap((w) => (w.inForce && w.c.mechanism === 'charity_pool' ? [w.c] : []));
  const room: Headroom = {
    spaceFen: componentsFen.space,
    spaceLeftFen: componentsFen.space,
    labourLeftFen: componentsFen.labour,
    programmes: openProgrammes(rules, subject),
    pools: openPools(pools),
  };
  contribute(work, room, subject, date, notes);

  const contributedFen = work.reduce((sum, w) => sum + w.line.amountFen, 0);
  const limits = marginLimits(totalFen, band);
  const price = residentPrice(totalFen, contributedFen, limits.target, version);
  notes.say(reasons.priceRounded(price.unrounded.toString(), price.roundedFen, version.priceStepFen, price.rounding));
  if (price.minimumApplied) {
    notes.flag('minimumPriceApplied');
    notes.say(reasons.minimumPriceApplied(price.roundedFen, version.minPriceFen));
  }
  const atCap = holdAtCap(work, room, price.priceFen + contributedFen - totalFen, limits, band, notes);
  const marginFen = atCap.marginFen;

  const paysFen = payFromCharity(work, room, subject, price.priceFen, notes);
  const paidByCharityFen = price.priceFen - paysFen;
  notes.say(reasons.residentPays(price.priceFen, paidByCharityFen, paysFen));

  const rate = marginRate(marginFen, totalFen);
  notes.say(reasons.margin(marginFen, rate, band));

  let shortfallFen = 0;
  let couldClose: ClosingCandidate[] = [];
  if (marginFen < limits.floorFen) {
    shortfallFen = limits.floorFen - marginFen;
    // Rounding down, or a clamp to a minimum that sits below the unrounded value, left the
    // price under what the formula asked: the resident paying that gap would close it.
    const residentGapFen = price.unrounded.gt(price.priceFen)
      ? roundToStep(price.unrounded, version.priceStepFen, 'up') - price.priceFen
      : 0;
    couldClose = closingCandidates(work, room, subject, version, residentGapFen);
    notes.flag('belowFloor');
    notes.say(reasons.belowFloor(shortfallFen, limits.floorFen, namesOf(couldClose, work)));
  }

  const shares = shareOut(work, version, paysFen, marginFen);
  if (shares.total !== totalFen) {
    // Unreachable by the convention above; a guard so a broken snapshot is never stored.
    throw new Error(`shares ${shares.total} do not add up to the full cost ${totalFen}`);
  }

  return {
    costModelVersionId: version.id,
    siteId: version.siteId,
    serviceLine: version.serviceLine,
    unit: version.unit,
    date,
    subject: { tier: subject.tier, personRef: subject.personRef ?? null },
    cost: { totalFen, componentsFen },
    contributions: work.map((w) => w.line),
    shares: { lines: shares.lines, byKind: shares.byKind, byParty: shares.byParty },
    resident: {
      priceFen: price.priceFen,
      roundedFen: price.roundedFen,
      paidByCharityFen,
      paysFen,
      unroundedFen: price.unrounded.toString(),
      priceStepFen: version.priceStepFen,
      minPriceFen: version.minPriceFen,
      rounding: price.rounding,
      minimumApplied: price.minimumApplied,
    },
    margin: {
      fen: marginFen,
      rate,
      band,
      floorFen: limits.floorFen,
      targetFen: limits.targetFen,
      capFen: limits.capFen,
      capReductionFen: atCap.cutFen,
      aboveCapFen: atCap.aboveCapFen,
      shortfallFen,
      couldClose,
    },
    drawdowns: drawdownsOf(work),
    flags: notes.flags,
    reasons: notes.said,
  };
}

/** Every contribution but charity, in the order given; charity waits for the price it pays part of. */
function contribute(work: Working[], room: Headroom, subject: QuoteSubject, date: BusinessDate, notes: Notes): void {
  for (const w of work) {
    if (!w.inForce) {
      notes.say(reasons.notInForce(giverOf(w.c), date));
      continue;
    }
    let a: Applied;
    switch (w.c.mechanism) {
      case 'in_kind_space':
        a = offsetSpace(w.c, room);
        break;
      case 'volunteer_hours':
        a = offsetLabour(w.c, room);
        break;
      case 'tier_subsidy':
        a = claimTierSubsidy(w.c, subject, room);
        break;
      case 'fixed_grant': {
        const g = amortiseGrant(w.c);
        w.grantUnit = g.withinForecast;
        a = g;
        break;
      }
      case 'charity_pool':
        continue;
      default:
        throw new CostSharingError(`unknown mechanism ${(w.c as { mechanism: string }).mechanism}`, 'mechanism');
    }
    w.line.amountFen = w.line.beforeCapFen = a.amountFen;
    notes.take(a);
  }
}

/**
 * Above the cap only the minimum-price clamp or rounding up can put the margin; the price
 * cannot fall, so the department subsidy claimed gives way instead, pro rata: public money
 * never pays for a windfall. What cannot be absorbed stays flagged as aboveCap.
 */
function holdAtCap(
  work: Working[],
  room: Headroom,
  marginFen: Fen,
  limits: MarginLimits,
  band: MarginBand,
  notes: Notes,
): { marginFen: Fen; cutFen: Fen; aboveCapFen: Fen } {
  if (marginFen <= limits.capFen) return { marginFen, cutFen: 0, aboveCapFen: 0 };
  const claims = work.flatMap((w) =>
    w.c.mechanism === 'tier_subsidy' && w.c.party.kind === 'department' && w.line.amountFen > 0 ? [{ w, rule: w.c }] : [],
  );
  const { cutFen, partsFen } = cutAtCap(marginFen - limits.capFen, claims.map(({ w }) => w.line.amountFen));
  if (cutFen > 0) {
    notes.flag('subsidyReducedAtCap');
    notes.say(reasons.subsidyReducedAtCap(cutFen, limits.capFen, band.cap));
    claims.forEach(({ w, rule }, i) => {
      const part = partsFen[i];
      if (part === 0) return;
      w.line.amountFen -= part;
      w.line.reducedAtCapFen = part;
      drawProgramme(programmeState(rule, room), -part);
      notes.say(reasons.subsidyLineReduced(giverOf(rule), part, w.line.amountFen));
    });
  }
  const held = marginFen - cutFen;
  const aboveCapFen = Math.max(0, held - limits.capFen);
  if (aboveCapFen > 0) {
    notes.flag('aboveCap');
    notes.say(reasons.aboveCap(aboveCapFen, limits.capFen));
  }
  return { marginFen: held, cutFen, aboveCapFen };
}

/** Pools pay in the order given, each on what is still left to pay; returns what the resident pays. */
function payFromCharity(work: Working[], room: Headroom, subject: QuoteSubject, priceFen: Fen, notes: Notes): Fen {
  let leftToPayFen = priceFen;
  for (const w of work) {
    if (w.c.mechanism !== 'charity_pool' || !w.inForce) continue;
    const a = drawCharity(w.c, subject.tier, leftToPayFen, room);
    w.line.amountFen = w.line.beforeCapFen = a.amountFen;
    leftToPayFen -= a.amountFen;
    notes.take(a);
  }
  return leftToPayFen;
}

function shareOut(work: readonly Working[], version: CostModelVersion, paysFen: Fen, marginFen: Fen) {
  const lines: ShareLine[] = work.map((w) => ({
    partyId: w.line.partyId,
    partyKind: w.line.partyKind,
    contributionId: w.line.contributionId,
    source: w.line.mechanism,
    amountFen: w.line.amountFen,
  }));
  lines.push({ partyId: version.residentPartyId, partyKind: 'resident', contributionId: null, source: 'resident_payment', amountFen: paysFen });
  // 0 − m rather than −m, so a zero margin is stored as 0 and not −0.
  lines.push({ partyId: version.operatorPartyId, partyKind: 'operator', contributionId: null, source: 'operator_margin', amountFen: 0 - marginFen });
  const byKind = Object.fromEntries(PARTY_KINDS.map((k) => [k, 0])) as Record<PartyKind, Fen>;
  const byParty: Record<string, Fen> = {};
  let total = 0;
  for (const l of lines) {
    byKind[l.partyKind] += l.amountFen;
    byParty[l.partyId] = (byParty[l.partyId] ?? 0) + l.amountFen;
    total += l.amountFen;
  }
  return { lines, byKind, byParty, total };
}

function drawdownsOf(work: readonly Working[]): Drawdown[] {
  const out: Drawdown[] = [];
  for (const { c, line, grantUnit } of work) {
    let account: string | null = null;
    if (c.mechanism === 'tier_subsidy' && line.amountFen > 0) account = c.programmeCode;
    // The grant's unit counter moves on even when this unit's share is 0 fen.
    else if (c.mechanism === 'fixed_grant' && grantUnit) account = c.id;
    else if (c.mechanism === 'charity_pool' && line.amountFen > 0) account = c.poolCode;
    if (account === null) continue;
    out.push({
      contributionId: c.id,
      mechanism: c.mechanism as Drawdown['mechanism'],
      partyId: c.party.id,
      account,
      amountFen: line.amountFen,
      units: 1,
    });
  }
  return out;
}

function closingCandidates(
  work: readonly Working[],
  room: Headroom,
  subject: QuoteSubject,
  version: CostModelVersion,
  residentGapFen: Fen,
): ClosingCandidate[] {
  const out: ClosingCandidate[] = [];
  for (const { c, line, inForce: active } of work) {
    if (!active) continue;
    const who = { partyId: c.party.id, partyKind: c.party.kind, contributionId: c.id };
    switch (c.mechanism) {
      case 'tier_subsidy': {
        const headroomFen = subsidyHeadroom(c, programmeState(c, room));
        if (headroomFen !== 0) out.push({ ...who, headroomFen, why: 'budgetHeadroom' });
        break;
      }
      case 'in_kind_space':
        if (room.spaceLeftFen > 0) out.push({ ...who, headroomFen: room.spaceLeftFen, why: 'spaceNotOffset' });
        break;
      case 'volunteer_hours':
        if (room.labourLeftFen > 0) out.push({ ...who, headroomFen: room.labourLeftFen, why: 'labourNotOffset' });
        break;
      case 'charity_pool': {
        // A pool cannot pay the operator, but it can pay a price rise for the resident.
        const headroomFen = poolHeadroom(c, subject.tier, line.amountFen, room);
        if (headroomFen > 0) out.push({ ...who, headroomFen, why: 'poolCouldPayPriceRise' });
        break;
      }
      case 'fixed_grant':
        break;
    }
  }
  if (residentGapFen > 0) {
    out.push({ partyId: version.residentPartyId, partyKind: 'resident', contributionId: null, headroomFen: residentGapFen, why: 'priceRounding' });
  }
  return out;
}

const RESIDENT_PAYING_THE_GAP: LocalText = { zh: '小区居民（按未取整价收费）', en: 'the resident (paying the unrounded price)' };

function namesOf(candidates: readonly ClosingCandidate[], work: readonly Working[]): LocalText[] {
  const names: LocalText[] = [];
  const seen = new Set<string>();
  for (const k of candidates) {
    if (seen.has(k.partyId)) continue;
    seen.add(k.partyId);
    const party = work.find((w) => w.c.party.id === k.partyId)?.c.party;
    names.push(party ? party.name : RESIDENT_PAYING_THE_GAP);
  }
  return names;
}
