import type { ClaimLine, ServedUnitFacts, ShareRow } from '../../../domain/reconciliation';

/** Small factories so each story builds only the records it talks about. */

export const MCA = 'party-mca';
export const DPF = 'party-dpf';

let next = 0;
const id = (prefix: string) => `${prefix}-${String(++next).padStart(4, '0')}`;

/** A department's tier subsidy on a unit. */
export function aSubsidy(overrides: Partial<ShareRow> = {}): ShareRow {
  return { id: id('share'), partyId: MCA, partyKind: 'department', source: 'tier_subsidy', programmeCode: 'mca-meal', amountFen: 500, ...overrides };
}

/** A lunch served at site-a to person p1 on 2026-11-10, with a ¥5 民政 subsidy and the resident's and operator's shares. */
export function aUnit(overrides: Partial<ServedUnitFacts> = {}): ServedUnitFacts {
  const unitId = overrides.id ?? id('unit');
  return {
    id: unitId,
    siteId: 'site-a',
    service: 'canteen',
    serviceLine: 'canteen.lunch',
    sourceId: `order-${unitId}`,
    servedDate: '2026-11-10',
    personRef: 'p1',
    tier: 'age80',
    quantity: 1,
    voided: false,
    shares: [
      aSubsidy(),
      { id: id('share'), partyId: 'party-resident', partyKind: 'resident', source: 'resident_payment', programmeCode: null, amountFen: 1000 },
      { id: id('share'), partyId: 'party-operator', partyKind: 'operator', source: 'operator_margin', programmeCode: null, amountFen: -45 },
    ],
    ...overrides,
  };
}

export function aLine(overrides: Partial<ClaimLine> = {}): ClaimLine {
  const lineId = overrides.id ?? id('line');
  const date = overrides.date ?? '2026-11-10';
  return {
    id: lineId,
    departmentId: MCA,
    programmeCode: 'mca-meal',
    siteId: 'site-a',
    period: date.slice(0, 7),
    unitId: `unit-${lineId}`,
    sourceId: `order-${lineId}`,
    service: 'canteen',
    serviceLine: 'canteen.lunch',
    date,
    personRef: 'p1',
    tier: 'age80',
    quantity: 1,
    amountFen: 500,
    ...overrides,
  };
}
