import { type Problem, ProblemsError } from '../shared/problems';

export type { Problem };

/** Care-home input the rules cannot work from; the API answers 422 with every problem by its path. */
export class CareHomeError extends ProblemsError {}
