import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { forUpdate, fromBigint, insertRows, marks, runStatement, selectRows } from '../../db';
import { newId } from '../../entity-helpers';
import { FundingAccount, IFundingAccount } from './cost-model.entity';

// ── Funding accounts ─────────────────────────────────────────────────────────────────
// The one place that reads and writes the funding_account table: a programme's budget, a
// charity pool or a fixed grant for one year (budgets, not ledger accounts). Rows come back as
// plain values, out of any identity map: a caller changes them in memory and saves them here.

/** Some years, or every year from one on (an order desk takes meals of this year and later). */
export type Years = readonly number[] | { from: number };

const cases = (n: number) => Array(n).fill('when ? then ?').join(' ');

/**
 * A site's funding accounts for `codes` (programme codes, pool codes, grant ids; or all of them)
 * in `years`, in id order. With `lock`, the rows stay locked until the caller's transaction ends:
 * FOR UPDATE on MySQL/MariaDB, taken in id order so two transactions never wait on each other in
 * a cycle; SQLite serialises writers instead.
 */
export async function readFundingAccounts(em: EntityManager, siteId: string, years: Years, codes: readonly string[] | 'all', { lock = false } = {}): Promise<IFundingAccount[]> {
  const inYears = 'from' in years ? { sql: '`year` >= ?', params: [years.from] } : { sql: `\`year\` in (${marks(years)})`, params: [...years] };
  if (codes !== 'all' && !codes.length) return [];
  if (!inYears.params.length) return [];
  const forCodes = codes === 'all' ? { sql: '', params: [] } : { sql: ` and \`account\` in (${marks(codes)})`, params: [...codes] };
  const rows = await selectRows<{ id: string; account: string; year: unknown; limit_fen: unknown; drawn_fen: unknown; units: unknown }>(
    em,
    `select \`id\`, \`account\`, \`year\`, \`limit_fen\`, \`drawn_fen\`, \`units\` from \`funding_account\` where \`site_id\` = ? and ${inYears.sql}${forCodes.sql} order by \`id\`${lock ? forUpdate(em) : ''}`,
    [siteId, ...inYears.params, ...forCodes.params],
  );
  return rows.map((r) => ({ id: r.id, siteId, account: r.account, year: Number(r.year), limitFen: fromBigint(r.limit_fen), drawnFen: fromBigint(r.drawn_fen), units: Number(r.units) }));
}

/** Writes back what was drawn on accounts read (locked) by readFundingAccounts: one statement for all of them. */
export async function saveDrawdowns(em: EntityManager, accounts: readonly IFundingAccount[]): Promise<void> {
  if (!accounts.length) return;
  await runStatement(
    em,
    `update \`funding_account\` set \`drawn_fen\` = case \`id\` ${cases(accounts.length)} end, \`units\` = case \`id\` ${cases(accounts.length)} end where \`id\` in (${marks(accounts)})`,
    [...accounts.flatMap((a) => [a.id, a.drawnFen]), ...accounts.flatMap((a) => [a.id, a.units]), ...accounts.map((a) => a.id)],
  );
}

export type Opening = Pick<IFundingAccount, 'account' | 'year' | 'limitFen'>;

/**
 * Opens the accounts a site does not have yet, with nothing drawn; with `setLimit`, one already
 * open gets the limit given (what it has drawn stays). Returns the accounts it opened, so
 * opening twice changes nothing.
 */
export async function openFundingAccounts(em: EntityManager, siteId: string, opening: readonly Opening[], { setLimit = false } = {}): Promise<IFundingAccount[]> {
  try {
    return await openMissing(em, siteId, opening, setLimit, false);
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    // A concurrent request opened one of them first: look again, locking, so its commit is seen.
    return openMissing(em, siteId, opening, setLimit, true);
  }
}

async function openMissing(em: EntityManager, siteId: string, opening: readonly Opening[], setLimit: boolean, lock: boolean): Promise<IFundingAccount[]> {
  if (!opening.length) return [];
  const years = [...new Set(opening.map((o) => o.year))];
  const open = await readFundingAccounts(em, siteId, years, [...new Set(opening.map((o) => o.account))], { lock });
  const find = (o: Opening) => open.find((a) => a.account === o.account && a.year === o.year);
  const opened = opening.filter((o) => !find(o)).map((o): IFundingAccount => ({ id: newId(), siteId, account: o.account, year: o.year, limitFen: o.limitFen, drawnFen: 0, units: 0 }));
  await insertRows(em, FundingAccount, opened);
  const limits = setLimit ? opening.flatMap((o) => { const a = find(o); return a ? [{ id: a.id, limitFen: o.limitFen }] : []; }) : [];
  if (limits.length) {
    await runStatement(em, `update \`funding_account\` set \`limit_fen\` = case \`id\` ${cases(limits.length)} end where \`id\` in (${marks(limits)})`, [
      ...limits.flatMap((l) => [l.id, l.limitFen]),
      ...limits.map((l) => l.id),
    ]);
  }
  return opened;
}
