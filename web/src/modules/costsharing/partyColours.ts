import type { PartyKind } from './costsharing.api';

/** The fixed colour of each party kind, so a party looks the same in every chart and table. */
export const PARTY_COLOURS: Record<PartyKind, string> = {
  community: '#2563eb',
  department: '#0f766e',
  institution: '#7c3aed',
  operator: '#b45309',
  social: '#db2777',
  resident: '#64748b',
};
