import type { Problem } from '../../domain/shared/problems';
import { entryOf, type Application, type FactValue, type Ranking } from '../../domain/waitlist';
import type { AuthUser } from '../auth/auth-user';
import { ruleBroken } from '../errors';

/** A priority fact as the family claimed it; staff verify it, and only then does it score. */
export interface StoredFact {
  value: FactValue;
  verified: boolean;
  evidence: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
}

/** Facts as the family claims them: unverified, with their evidence. */
export function claimedFacts(claims: Record<string, { value: FactValue; evidence?: string }>): Record<string, StoredFact> {
  return Object.fromEntries(Object.entries(claims).map(([name, f]) => [name, { value: f.value, verified: false, evidence: f.evidence ?? null, verifiedBy: null, verifiedAt: null }]));
}

/** The facts with one verified (or its verification taken back); 422 when the family did not claim it. Null when nothing changes. */
export function withFactVerified(facts: Record<string, StoredFact>, fact: string, verified: boolean, user: AuthUser, at: string): Record<string, StoredFact> | null {
  const claimed = Object.hasOwn(facts, fact) ? facts[fact] : undefined;
  if (!claimed) throw ruleBroken(`The family did not claim ${fact}`, [{ field: 'fact', code: 'fact_not_claimed', message: `${fact} is not among the claimed facts` }]);
  if (claimed.verified === verified) return null;
  return { ...facts, [fact]: { ...claimed, verified, verifiedBy: verified ? user.id : null, verifiedAt: verified ? at : null } };
}

/** Where an application stands in today's queue and why, as families and staff read it; null when it is not waiting. */
export function standingIn<A extends Application>(ranking: Ranking<A>, applicationId: string) {
  const entry = entryOf(ranking, applicationId);
  if (!entry) return null;
  return {
    position: entry.position,
    rank: entry.rank,
    policyClass: entry.policyClass,
    points: entry.points,
    suspended: entry.suspended,
    ruleSetVersion: ranking.ruleSet.version,
    reasons: entry.reasons.map((r) => ({ rule: r.rule, label: r.label })),
  };
}

/** A domain rule's problems as a 422 naming each field. */
export const asRuleBroken = (detail: string, problems: readonly Problem[]) => ruleBroken(detail, problems.map((p) => ({ field: p.field, code: 'rule', message: p.message })));
