import { type Problem, ProblemsError } from '../shared/problems';

export type { Problem };

/** Reconciliation input a rule cannot work from; the API answers 422 with every problem by its path. */
export class ReconciliationError extends ProblemsError {}

