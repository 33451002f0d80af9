import type { Problem } from '../waitlist';

/** A field path such as `scores.eating` or `spells[1].to` and what is wrong there, as the waitlist reports it. */
export type { Problem };

/** Care-home input the rules cannot work from; the API answers 422 with every problem by its path. */
export class CareHomeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'CareHomeError';
  }
}
