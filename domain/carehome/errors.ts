export interface Problem {
  /** Where in the input, e.g. `scores.eating` or `spells[1].to`. */
  field: string;
  message: string;
}

/** Care-home input the rules cannot work from; the API answers 422 with every problem by its path. */
export class CareHomeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'CareHomeError';
  }
}
