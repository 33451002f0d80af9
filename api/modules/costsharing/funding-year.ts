import type { EntityManager } from '@mikro-orm/core';
import { YearAccount, yearAccounts } from '../../../domain/costsharing';
import { ContributionRule, IContributionRule } from './cost-model.entity';
import { openFundingAccounts, readFundingAccounts } from './funding-accounts';
import { termsOfRules } from './line-rules';

// ── A year's funding accounts ────────────────────────────────────────────────────────
// Units draw on the funding account of their date's year, and a unit whose year has no account
// for a budget, pool or grant it would draw on is refused. So before a year starts (and before
// its first orders, taken days ahead), its accounts are opened from the agreements in force.

async function agreementsOf(em: EntityManager, siteId: string) {
  const rules = await em.find(ContributionRule, { siteId }, { orderBy: { serviceLine: 'asc', createdAt: 'asc', id: 'asc' } });
  return { rules, terms: await termsOfRules(em, rules) };
}

function describe(year: number, rules: IContributionRule[], accounts: YearAccount[]) {
  const ruleOf = new Map(rules.map((r) => [r.id, r]));
  return {
    year,
    accounts: accounts.map((a) => {
      const first = a.contributions[0];
      return {
        account: a.account,
        mechanism: a.mechanism,
        name: first.label,
        party: first.party.name,
        serviceLines: [...new Set(a.contributions.map((c) => ruleOf.get(c.id)!.serviceLine))],
        state: a.open ? ('open' as const) : ('missing' as const),
        openingFen: a.openingFen,
        limitFen: a.open?.limitFen ?? null,
        drawnFen: a.open?.drawnFen ?? null,
        leftFen: a.open ? a.open.limitFen - a.open.drawnFen : null,
        units: a.open?.units ?? null,
      };
    }),
  };
}

/** The accounts the agreements in force in a year draw on: each open one with its balance, each missing one with what it would open with. */
export async function describeFundingYear(em: EntityManager, siteId: string, year: number) {
  const { rules, terms } = await agreementsOf(em, siteId);
  return describe(year, rules, yearAccounts(year, terms, await readFundingAccounts(em, siteId, [year], 'all')));
}

/**
 * Opens a year's missing accounts from the agreements in force that year: a programme with its
 * annual budget, a grant or a pool with its annual amount. An account already open is left as it
 * is, so running it again changes nothing; one whose agreement states no amount stays missing.
 */
export async function openFundingYear(em: EntityManager, siteId: string, year: number) {
  const { rules, terms } = await agreementsOf(em, siteId);
  const open = await readFundingAccounts(em, siteId, [year], 'all');
  const opening = yearAccounts(year, terms, open).flatMap((a) => (!a.open && a.openingFen !== null ? [{ account: a.account, year, limitFen: a.openingFen }] : []));
  const opened = await openFundingAccounts(em, siteId, opening);
  const now = await readFundingAccounts(em, siteId, [year], 'all');
  return { ...describe(year, rules, yearAccounts(year, terms, now)), opened: opened.map((a) => a.account) };
}
