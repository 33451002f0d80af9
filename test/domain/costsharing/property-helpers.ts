import type { Contribution, CostModelVersion, QuoteSubject } from '../../../domain/costsharing';
import { quote } from '../../../domain/costsharing';

/*
 * 10,000 cases per property, from the run's seed (test/fast-check.setup.ts); a failure
 * prints its seed and path to replay it.
 * Checks inside the properties are plain comparisons, not expect(): at this many cases
 * expect's bookkeeping would cost more than the quotes themselves.
 */
export const RUNS = { numRuns: 10_000 };
export const DATE = '2026-03-02';

export interface PricingInput {
  version: CostModelVersion;
  contributions: Contribution[];
  subject: QuoteSubject;
}

export const quoteOf = (g: PricingInput) => quote(g.version, g.contributions, g.subject, DATE);

export function check(ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}
