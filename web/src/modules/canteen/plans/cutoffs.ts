/**
 * The order cut-offs every site works by. They come from the domain's cut-off table, the
 * same object the server checks orders against, so the panel cannot drift from the rule.
 */
import { DEFAULT_CUTOFFS, type Cutoff } from '../../../../../domain/canteen/cutoffs';

export type { Cutoff };
export const CUTOFFS = DEFAULT_CUTOFFS;
