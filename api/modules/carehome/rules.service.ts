import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { tekunFirstProblems } from '../../../domain/carehome';
import type { AuthUser } from '../../auth/auth-user';
import { describeRuleSets, nextRuleSet, type RuleSetInput } from '../../waitlist/rule-sets';
import { CarehomeRuleSet } from './carehome.entity';
import { changeSite, ruleSetsOf } from './queue.service';

export async function listRuleSets(em: EntityManager, siteId: string, now: DateTime) {
  const [sets, rows] = await Promise.all([ruleSetsOf(em, siteId), em.find(CarehomeRuleSet, { siteId })]);
  return describeRuleSets(siteId, sets, rows, now);
}

/**
 * The site's next order of admission (api/waitlist nextRuleSet), which must keep 特困 persons
 * first; a version in force from today re-ranks the queue and offers free beds at once.
 */
export async function createRuleSet(
  em: EntityManager,
  user: AuthUser,
  input: RuleSetInput,
  now: DateTime,
) {
  await changeSite(em, input.siteId, now, async () => {
    const next = nextRuleSet(await ruleSetsOf(em, input.siteId), input, now, tekunFirstProblems);
    em.create(CarehomeRuleSet, { siteId: input.siteId, version: next.version, effectiveFrom: next.effectiveFrom, rules: { defaultClass: next.defaultClass, rules: next.rules }, createdBy: user.id });
  });
  return listRuleSets(em, input.siteId, now);
}
