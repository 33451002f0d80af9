/** Reconciliation with the subsidising departments: pure rules for periods, claims, checks, corrections, payments, the ledger and list comparison. */
export * from './errors';
export * from './periods';
export * from './claims';
export * from './checks';
export * from './corrections';
export * from './payments';
export * from './ledger';
export * from './compare';
