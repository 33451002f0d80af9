import type { DateTime } from 'luxon';
import type { Problem } from '../../domain/shared/problems';
import { businessDateOf } from '../../domain/shared/time';
import { type RuleSet, ruleSetInForce, validateRuleSet, validateRuleSetHistory, WaitlistError } from '../../domain/waitlist';
import { asRuleBroken } from './standing';

/** A version of a site's rules as a module stores it: the engine's RuleSet without its version and date. */
export interface StoredRuleSet {
  id: string;
  version: number;
  effectiveFrom: string;
  rules: Pick<RuleSet, 'defaultClass' | 'rules'>;
}

/** What a staff member sends for the next version. */
export interface RuleSetInput {
  siteId: string;
  effectiveFrom: string;
  defaultClass: number;
  rules: unknown[];
}

/** Every version the site stored, after the module's base (version 1), validated as history. */
export const ruleSetHistory = (base: RuleSet, rows: readonly StoredRuleSet[]): RuleSet[] =>
  validateRuleSetHistory([base, ...rows.map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom, ...r.rules }))]);

/** The versions as staff and families read them, with which one is in force today. */
export function describeRuleSets(siteId: string, sets: readonly RuleSet[], rows: readonly StoredRuleSet[], now: DateTime) {
  const inForce = ruleSetInForce(sets, businessDateOf(now)).version;
  return sets.map((s) => ({
    id: rows.find((r) => r.version === s.version)?.id ?? null,
    siteId,
    version: s.version,
    effectiveFrom: s.effectiveFrom,
    defaultClass: s.defaultClass,
    rules: s.rules as unknown as Record<string, unknown>[],
    inForce: s.version === inForce,
  }));
}

/**
 * The site's next version of its rules, from today or later (the queue already ranked and
 * offered by the rules in force stays as it was). The waitlist engine checks every rule and
 * names each problem by its path; `moduleRules` adds what the module's own law asks of any
 * version (the care home's 特困 first). 422 on any problem.
 */
export function nextRuleSet(existing: readonly RuleSet[], input: RuleSetInput, now: DateTime, moduleRules: (candidate: RuleSet) => Problem[] = () => []): RuleSet {
  const today = businessDateOf(now);
  if (input.effectiveFrom < today) throw asRuleBroken('Rules cannot take effect in the past', [{ field: 'effectiveFrom', message: `must be today (${today}) or later` }]);
  const version = existing[existing.length - 1].version + 1;
  const { siteId: _siteId, ...fields } = input;
  let candidate: RuleSet;
  try {
    candidate = validateRuleSet({ version, ...fields });
    validateRuleSetHistory([...existing, candidate]);
  } catch (err) {
    if (!(err instanceof WaitlistError)) throw err;
    // Paths as the request names them: `rules[0].when.op`, not the engine's `ruleSet.rules[0]…`.
    throw asRuleBroken('The rules cannot be worked from', err.problems.map((p) => ({ field: p.field.replace(/^ruleSet\./, '').replace(/^ruleSets \(version \d+\)$/, 'effectiveFrom'), message: p.message })));
  }
  const problems = moduleRules(candidate);
  if (problems.length > 0) throw asRuleBroken('The rules break what the law asks of every version', problems);
  return candidate;
}
