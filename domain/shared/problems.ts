/** Where in the input (`rules[2].when`, `scores.eating`, `classes[1].size`) and what is wrong there. */
export interface Problem {
  field: string;
  message: string;
  /** A stable name for the problem, with the values its words need, so a page can say it in the reader's language. */
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * Input a rule cannot work from, with every problem by its path at once (a form shows them all,
 * the API answers 422 naming each field). Each module names its own kind.
 */
export class ProblemsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = new.target.name;
  }
}
