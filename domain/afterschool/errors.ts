import { type Problem, ProblemsError } from '../shared/problems';

export type { Problem };

/** After-school input the rules cannot work from; the API answers 422 with every problem by its path. */
export class AfterSchoolError extends ProblemsError {}

/** Throws every problem at once, so a form can show them all. */
export function refuseProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new AfterSchoolError(problems);
}
