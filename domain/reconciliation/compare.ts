import type { Fen } from '../shared/money';
import type { ClaimLine } from './claims';

/**
 * A claim beside the department's own list (its beneficiaries or its settlement file), person
 * by person. The API reads the file and turns its identity numbers into person refs; here a
 * person's rows on either side are summed, so a file with a row per service or per month
 * compares the same as one with a row per person.
 */
export interface TheirRow {
  personRef: string;
  /** Absent in a list of beneficiaries without figures: then only presence is compared. */
  quantity?: number;
  amountFen?: Fen;
}

export const COMPARED_FIELDS = ['quantity', 'amountFen'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface Difference {
  field: ComparedField;
  ours: number;
  theirs: number;
}

export type Comparison =
  | { personRef: string; status: 'match'; ours: PersonTotals; theirs: PersonTotals }
  | { personRef: string; status: 'difference'; ours: PersonTotals; theirs: PersonTotals; differences: Difference[] }
  | { personRef: string; status: 'only_in_claim'; ours: PersonTotals }
  | { personRef: string; status: 'only_in_list'; theirs: PersonTotals };

export interface PersonTotals {
  quantity?: number;
  amountFen?: Fen;
}

export const COMPARISON_STATUS_NAMES: Record<Comparison['status'], { zh: string; en: string }> = {
  match: { zh: '一致', en: 'match' },
  difference: { zh: '有差异', en: 'difference' },
  only_in_claim: { zh: '仅在申报中', en: 'only in the claim' },
  only_in_list: { zh: '仅在对方名单中', en: 'only in their list' },
};

function add(totals: Map<string, PersonTotals>, personRef: string, row: PersonTotals): void {
  const t = totals.get(personRef) ?? {};
  for (const field of COMPARED_FIELDS) if (row[field] !== undefined) t[field] = (t[field] ?? 0) + row[field];
  totals.set(personRef, t);
}

/** One entry per person on either side, by person ref. A claim's anonymous lines have no one to compare and are left out. */
export function compareWithTheirList(lines: readonly ClaimLine[], theirs: readonly TheirRow[]): Comparison[] {
  const ours = new Map<string, PersonTotals>();
  for (const l of lines) if (l.personRef !== null) add(ours, l.personRef, { quantity: l.quantity, amountFen: l.amountFen });
  const their = new Map<string, PersonTotals>();
  for (const r of theirs) add(their, r.personRef, r);
  const people = [...new Set([...ours.keys(), ...their.keys()])].sort();
  return people.map((personRef): Comparison => {
    const o = ours.get(personRef);
    const t = their.get(personRef);
    if (!t) return { personRef, status: 'only_in_claim', ours: o! };
    if (!o) return { personRef, status: 'only_in_list', theirs: t };
    const differences = COMPARED_FIELDS.flatMap((field): Difference[] =>
      t[field] !== undefined && t[field] !== o[field] ? [{ field, ours: o[field] ?? 0, theirs: t[field] }] : [],
    );
    return differences.length ? { personRef, status: 'difference', ours: o, theirs: t, differences } : { personRef, status: 'match', ours: o, theirs: t };
  });
}
