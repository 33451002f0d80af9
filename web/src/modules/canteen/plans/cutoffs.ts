/**
 * The order cut-offs every site works by. They come from the domain's ordering policy, the
 * same object the server checks orders against, so the panel cannot drift from the rule.
 */
import { DEFAULT_ORDERING_POLICY, type Cutoff } from '../../../../../domain/canteen/meals';

export type { Cutoff };
export const CUTOFFS = DEFAULT_ORDERING_POLICY.cutoffs;
