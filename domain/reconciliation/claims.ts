import type { Fen } from '../shared/money';
import type { Service } from '../costsharing/service-lines';
import type { BusinessDate } from '../shared/business-date';
import { type PeriodMonth, periodOf } from './periods';


/** One party's share of a served unit as stored (served_unit_share): per unit × quantity. */
export interface ShareRow {
  id: string;
  partyId: string;
  partyKind: string;
  /** The mechanism that gave it: only a `tier_subsidy` is claimed per unit. */
  source: string;
  programmeCode: string | null;
  amountFen: Fen;
}

/** A served unit as stored (served_unit with its quote snapshot's subject), with its share rows. */
export interface ServedUnitFacts {
  id: string;
  siteId: string;
  service: Service;
  serviceLine: string;
  /** The record that served it: a canteen order, a bed-day, a slot-month. */
  sourceId: string;
  servedDate: BusinessDate;
  /** The snapshot's subject: the person served, null for an anonymous unit. */
  personRef: string | null;
  tier: string;
  quantity: number;
  voided: boolean;
  shares: readonly ShareRow[];
}

/** What a claim is for: one department's programme at one site for one month. */
export interface ClaimKey {
  departmentId: string;
  programmeCode: string;
  siteId: string;
  period: PeriodMonth;
}

/** One line of a claim: one department share of one served unit. Its id is the share row's. */
export interface ClaimLine extends ClaimKey {
  id: string;
  unitId: string;
  sourceId: string;
  service: Service;
  serviceLine: string;
  date: BusinessDate;
  personRef: string | null;
  tier: string;
  quantity: number;
  amountFen: Fen;
}

export interface Claim {
  key: ClaimKey;
  lines: ClaimLine[];
  totalFen: Fen;
  quantity: number;
}

/** A stable text for a claim key, for maps and for links between lines. */
export const claimKeyText = (k: ClaimKey): string => [k.departmentId, k.programmeCode, k.siteId, k.period].join('|');

/**
 * The claim lines of served units: every live department share a programme gave. A fixed
 * grant's share is not claimed per unit (the grant is paid by the year, whatever is served),
 * and a share of 0 fen gave nothing to claim.
 */
export function claimLinesOf(units: readonly ServedUnitFacts[]): ClaimLine[] {
  return units.flatMap((u) =>
    u.voided
      ? []
      : u.shares.flatMap((s): ClaimLine[] =>
          s.partyKind === 'department' && s.source === 'tier_subsidy' && s.programmeCode !== null && s.amountFen !== 0
            ? [
                {
                  id: s.id,
                  departmentId: s.partyId,
                  programmeCode: s.programmeCode,
                  siteId: u.siteId,
                  period: periodOf(u.servedDate),
                  unitId: u.id,
                  sourceId: u.sourceId,
                  service: u.service,
                  serviceLine: u.serviceLine,
                  date: u.servedDate,
                  personRef: u.personRef,
                  tier: u.tier,
                  quantity: u.quantity,
                  amountFen: s.amountFen,
                },
              ]
            : [],
        ),
  );
}

const byLineOrder = (a: ClaimLine, b: ClaimLine) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Lines grouped into their claims; a claim's total is the sum of its lines. Claims and lines in a stable order. */
export function claimsOf(lines: readonly ClaimLine[]): Claim[] {
  const claims = new Map<string, Claim>();
  for (const line of lines) {
    const text = claimKeyText(line);
    let claim = claims.get(text);
    if (!claim) {
      const { departmentId, programmeCode, siteId, period } = line;
      claim = { key: { departmentId, programmeCode, siteId, period }, lines: [], totalFen: 0, quantity: 0 };
      claims.set(text, claim);
    }
    claim.lines.push(line);
    claim.totalFen += line.amountFen;
    claim.quantity += line.quantity;
  }
  for (const c of claims.values()) c.lines.sort(byLineOrder);
  return [...claims.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

/** The claims served units give, the meaning the API's set-based queries must reproduce. */
export function buildClaims(units: readonly ServedUnitFacts[]): Claim[] {
  return claimsOf(claimLinesOf(units));
}
