import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { CareHomeError, type CareHomeSettings, DEFAULT_CARE_HOME_SETTINGS, tekunFirstProblems, validateCareHomeSettings } from '../../../domain/carehome';
import { versionInForce } from '../../../domain/costsharing';
import type { BusinessDate } from '../../../domain/shared/business-date';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { describeRuleSets, nextRuleSet, type RuleSetInput } from '../../waitlist/rule-sets';
import { asRuleBroken } from '../../waitlist/standing';
import { CarehomeBed, CarehomeResidence, CarehomeRuleSet } from './carehome.entity';
import { readLinesRules } from '../costsharing/line-rules';
import { amendmentsOf } from './contracts';
import { quotesToShow } from './prices';
import { changeSite, ruleSetsOf } from './queue.service';

/**
 * Every version with the settings it stands on (a version stored without them keeps the one
 * before's) and each level's price: its line's quote from the version's first day, or today's
 * once it is in force.
 */
export async function listRuleSets(em: EntityManager, siteId: string, now: DateTime) {
  const today = businessDateOf(now);
  const [sets, rows] = await Promise.all([ruleSetsOf(em, siteId), em.find(CarehomeRuleSet, { siteId }, { orderBy: { version: 'asc' } })]);
  let settings = DEFAULT_CARE_HOME_SETTINGS;
  const versions = describeRuleSets(siteId, sets, rows, now).map((described) => {
    settings = rows.find((r) => r.version === described.version)?.settings ?? settings;
    return { ...described, settings };
  });
  return Promise.all(versions.map(async (v) => ({ ...v, prices: await quotesToShow(em, siteId, v.settings.careLevels, v.effectiveFrom > today ? v.effectiveFrom : today) })));
}

/** Levels priced on a line the site has no cost model in force for on the date (the bills would be refused). */
async function unpricedProblems(em: EntityManager, siteId: string, settings: CareHomeSettings, from: BusinessDate) {
  const lines = await readLinesRules(em, siteId, [...new Set(settings.careLevels.map((l) => l.serviceLine))], from);
  const priced = new Set(lines.filter((l) => versionInForce(l.versions, from)).map((l) => l.serviceLine));
  return settings.careLevels.flatMap((l, i) =>
    priced.has(l.serviceLine) ? [] : [{ field: `settings.careLevels[${i}].serviceLine`, message: `has no cost model in force on ${from}: price ${l.serviceLine} first` }],
  );
}

/**
 * What new settings must be: workable (domain/carehome, each problem named under `settings.`),
 * every level priced by a cost model in force from their first day, and keeping every care level
 * a bed or a resident's contract names, so each is still priced and billed.
 */
async function settingsProblems(em: EntityManager, siteId: string, settings: CareHomeSettings, from: BusinessDate) {
  try {
    validateCareHomeSettings(settings);
  } catch (err) {
    if (err instanceof CareHomeError) return err.problems.map((p) => ({ ...p, field: `settings.${p.field}` }));
    throw err;
  }
  const unpriced = await unpricedProblems(em, siteId, settings, from);
  if (unpriced.length > 0) return unpriced;
  const [beds, residences] = await Promise.all([em.find(CarehomeBed, { siteId }, { fields: ['careLevels'] }), em.find(CarehomeResidence, { siteId, dischargedOn: null }, { fields: ['careLevel'] })]);
  const amendments = await amendmentsOf(
    em,
    residences.map((r) => r.id),
  );
  const contracted = residences.flatMap((r) => [r.careLevel, ...(amendments.get(r.id) ?? []).map((a) => a.careLevel)]);
  const inUse = new Set([...beds.flatMap((b) => b.careLevels), ...contracted]);
  const defined = new Set(settings.careLevels.map((l) => l.code));
  return [...inUse].filter((c) => !defined.has(c)).map((c) => ({ field: 'settings.careLevels', message: `must keep the care level ${c}: beds or residents' contracts name it` }));
}

/**
 * The site's next order of admission (api/waitlist nextRuleSet), which must keep 特困 persons
 * first, with the settings from the same date when given; a version in force from today re-ranks
 * the queue and offers free beds at once.
 */
export async function createRuleSet(em: EntityManager, user: AuthUser, input: RuleSetInput & { settings?: CareHomeSettings }, now: DateTime) {
  const { settings, ...ruleSet } = input;
  await changeSite(em, input.siteId, now, async () => {
    const next = nextRuleSet(await ruleSetsOf(em, input.siteId), ruleSet, now, tekunFirstProblems);
    const problems = settings ? await settingsProblems(em, input.siteId, settings, next.effectiveFrom) : [];
    if (problems.length > 0) throw asRuleBroken('The settings cannot be worked from', problems);
    em.create(CarehomeRuleSet, {
      siteId: input.siteId,
      version: next.version,
      effectiveFrom: next.effectiveFrom,
      rules: { defaultClass: next.defaultClass, rules: next.rules },
      settings: settings ?? null,
      createdBy: user.id,
    });
  });
  return listRuleSets(em, input.siteId, now);
}
