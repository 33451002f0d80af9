import type { EntityManager } from '@mikro-orm/core';
import { type LedgerPosting, parseReconAccount, periodDates, RECON_ACCOUNT_KINDS, type ReconAccountKind } from '../../../domain/reconciliation';
import { selectRows } from '../../db';
import { CarehomeBill, CarehomeDepositUse, CarehomePayment } from '../carehome/billing.entity';
import { CarehomeApplication, CarehomeResidence } from '../carehome/carehome.entity';
import { ContributionRule } from '../costsharing/cost-model.entity';
import { Department } from '../costsharing/department.entity';
import { Site } from '../sites/site.entity';
import { type LocalName, programmeNames } from './overview';
import { ReconClaim, ReconPayment } from './reconciliation.entity';

/*
 * The site's ledger as a person reads it: each account with what it is of by name (the
 * department, the programme, the site, the charity pool, the resident), and an account's entries
 * with what each came from (a claim, a department's payment, a care-home bill …). Read only.
 */

const sum = (rows: readonly { fen: unknown }[]) => rows.reduce((s, r) => s + Number(r.fen), 0);

/** Each resident's name by residence (a deposit and a family's account are a residence's). */
async function residentNames(tx: EntityManager, residenceIds: readonly string[]): Promise<Map<string, string>> {
  if (!residenceIds.length) return new Map();
  const residences = await tx.find(CarehomeResidence, { id: { $in: [...residenceIds] } });
  const applications = await tx.find(CarehomeApplication, { id: { $in: residences.map((r) => r.applicationId) } });
  return new Map(residences.map((r) => [r.id, applications.find((a) => a.id === r.applicationId)?.name ?? '']));
}

/** The names of what the site's accounts are of, by account. */
async function accountNames(tx: EntityManager, siteId: string, accounts: readonly { kind: ReconAccountKind; of: string | null; account: string }[]): Promise<Map<string, LocalName>> {
  const of = (...kinds: ReconAccountKind[]) => [...new Set(accounts.filter((a) => kinds.includes(a.kind)).map((a) => a.of!))];
  const departments = await tx.find(Department, {});
  const programmes = new Map([...(await programmeNames(tx, departments.map((d) => d.id)))].map(([key, name]) => [key.slice(key.indexOf('|') + 1), name]));
  const sites = await tx.find(Site, { id: { $in: of('resident_cash', 'care_income') } });
  const pools = await tx.find(ContributionRule, { siteId, mechanism: 'charity_pool' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const residents = await residentNames(tx, of('deposit', 'family_receivable'));
  const names = new Map<string, LocalName>();
  for (const a of accounts) {
    const name = ((): LocalName | undefined => {
      switch (a.kind) {
        case 'receivable':
        case 'on_account': {
          const d = departments.find((x) => x.id === a.of);
          return d && { zh: d.name, en: d.nameEn };
        }
        case 'subsidy_income':
          return programmes.get(a.of!);
        case 'resident_cash':
        case 'care_income': {
          const s = sites.find((x) => x.id === a.of);
          return s && { zh: s.name, en: s.name };
        }
        case 'charity_pool': {
          // The earliest rule drawing on the pool names it.
          const rule = pools.find((r) => r.settings.poolCode === a.of);
          return rule && { zh: rule.labelZh, en: rule.labelEn };
        }
        case 'deposit':
        case 'family_receivable': {
          const person = residents.get(a.of!);
          return person ? { zh: person, en: person } : undefined;
        }
        case 'bank':
          return undefined;
      }
    })();
    if (name) names.set(a.account, name);
  }
  return names;
}

/** Each account's debits, credits and balance, named, in the order of their kinds; debits equal credits over them all. */
export async function ledgerOfSite(tx: EntityManager, siteId: string) {
  const rows = await selectRows<{ account: string; debit: unknown; credit: unknown }>(
    tx,
    'select `account`, sum(`debit_fen`) as `debit`, sum(`credit_fen`) as `credit` from `recon_posting` where `site_id` = ? group by `account`',
    [siteId],
  );
  const accounts = rows.flatMap((r) => {
    const parsed = parseReconAccount(r.account);
    return parsed ? [{ account: r.account, ...parsed, debitFen: Number(r.debit), creditFen: Number(r.credit) }] : [];
  });
  const names = await accountNames(tx, siteId, accounts);
  const order = (a: { kind: ReconAccountKind }) => RECON_ACCOUNT_KINDS.indexOf(a.kind);
  return {
    debitFen: sum(rows.map((r) => ({ fen: r.debit }))),
    creditFen: sum(rows.map((r) => ({ fen: r.credit }))),
    accounts: accounts
      .map((a) => ({ account: a.account, kind: a.kind, name: names.get(a.account)?.zh ?? null, nameEn: names.get(a.account)?.en ?? null, debitFen: a.debitFen, creditFen: a.creditFen, balanceFen: a.debitFen - a.creditFen }))
      .sort((a, b) => order(a) - order(b) || ((a.name ?? a.account) < (b.name ?? b.account) ? -1 : 1)),
  };
}

export type EntrySource = 'claim' | 'payment' | 'bill' | 'family_payment' | 'deposit';

/** What a journal came from, by its kind: its ref names a claim, a payment, a bill or a residence. */
const sourceOf = (kind: LedgerPosting['kind'], ref: string): { source: EntrySource; id: string } =>
  kind === 'claim.submitted' || kind === 'claim.adjusted'
    ? { source: 'claim', id: ref.split('|')[0] }
    : kind === 'payment.received' || kind === 'payment.allocated'
      ? { source: 'payment', id: ref }
      : kind === 'family.billed'
        ? { source: 'bill', id: ref }
        : kind === 'family.paid'
          ? { source: 'family_payment', id: ref }
          : // deposit.received and .returned name the residence; .applied names the decision.
            { source: 'deposit', id: ref };

/** Which of an account's entries to read: a month's, when asked, and a page of them. */
export interface EntriesPage {
  month?: string;
  limit: number;
  offset: number;
}

/**
 * A page of an account's entries at the site, newest first (a month's, when asked), each with
 * what it came from by name; with how many there are in all and whether more follow, so a month
 * with more entries than a page is never cut short unseen.
 */
export async function ledgerEntries(tx: EntityManager, siteId: string, account: string, { month, limit, offset }: EntriesPage) {
  const range = month ? periodDates(month) : null;
  const from = `from \`recon_posting\` \`p\` join \`recon_journal\` \`j\` on \`j\`.\`id\` = \`p\`.\`journal_id\`
     where \`p\`.\`site_id\` = ? and \`p\`.\`account\` = ?${range ? ' and `j`.`posted_on` >= ? and `j`.`posted_on` <= ?' : ''}`;
  const params = [siteId, account, ...(range ? [range.from, range.to] : [])];
  const [{ n }] = await selectRows<{ n: unknown }>(tx, `select count(*) as \`n\` ${from}`, params);
  const total = Number(n);
  const rows = await selectRows<{ id: string; debit_fen: unknown; credit_fen: unknown; journal_id: string; kind: LedgerPosting['kind']; ref: string; posted_on: string }>(
    tx,
    `select \`p\`.\`id\`, \`p\`.\`debit_fen\`, \`p\`.\`credit_fen\`, \`j\`.\`id\` as \`journal_id\`, \`j\`.\`kind\`, \`j\`.\`ref\`, \`j\`.\`posted_on\` ${from}
     order by \`j\`.\`posted_on\` desc, \`j\`.\`created_at\` desc, \`p\`.\`id\` desc limit ${Number(limit)} offset ${Number(offset)}`,
    params,
  );
  const entries = rows.map((r) => ({ ...r, from: sourceOf(r.kind, r.ref) }));
  const ids = (source: EntrySource) => [...new Set(entries.filter((e) => e.from.source === source).map((e) => e.from.id))];
  const labels = await sourceLabels(tx, { claim: ids('claim'), payment: ids('payment'), bill: ids('bill'), family_payment: ids('family_payment'), deposit: ids('deposit') });
  return {
    total,
    hasMore: offset + rows.length < total,
    entries: entries.map((e) => {
      const label = labels.get(e.from.id);
      return {
        id: e.id,
        journalId: e.journal_id,
        postedOn: e.posted_on,
        kind: e.kind,
        debitFen: Number(e.debit_fen),
        creditFen: Number(e.credit_fen),
        source: { type: e.from.source, id: e.from.id, label: label?.zh ?? null, labelEn: label?.en ?? null },
      };
    }),
  };
}

/** How each source reads: a claim by its month, department and programme; a payment by its date and reference; a bill, a family's payment and a deposit by the resident. */
async function sourceLabels(tx: EntityManager, ids: Record<EntrySource, string[]>): Promise<Map<string, LocalName>> {
  const labels = new Map<string, LocalName>();
  const claims = ids.claim.length ? await tx.find(ReconClaim, { id: { $in: ids.claim } }) : [];
  if (claims.length) {
    const departments = await tx.find(Department, { id: { $in: [...new Set(claims.map((c) => c.departmentId))] } });
    const programmes = await programmeNames(tx, departments.map((d) => d.id));
    for (const c of claims) {
      const d = departments.find((x) => x.id === c.departmentId)!;
      const p = programmes.get(`${c.departmentId}|${c.programmeCode}`) ?? { zh: c.programmeCode, en: c.programmeCode };
      labels.set(c.id, { zh: `${c.period} ${d.name} ${p.zh}`, en: `${c.period} ${d.nameEn} ${p.en}` });
    }
  }
  for (const p of ids.payment.length ? await tx.find(ReconPayment, { id: { $in: ids.payment } }) : []) labels.set(p.id, { zh: `${p.paidOn} ${p.reference}`, en: `${p.paidOn} ${p.reference}` });
  const bills = ids.bill.length ? await tx.find(CarehomeBill, { id: { $in: ids.bill } }) : [];
  const familyPayments = ids.family_payment.length ? await tx.find(CarehomePayment, { id: { $in: ids.family_payment } }) : [];
  const depositUses = ids.deposit.length ? await tx.find(CarehomeDepositUse, { id: { $in: ids.deposit } }) : [];
  // A deposit's ref is its residence, or the decision that applied it.
  const residenceOf = new Map<string, string>([...ids.deposit.map((id) => [id, id] as const), ...[...bills, ...familyPayments, ...depositUses].map((x) => [x.id, x.residenceId] as const)]);
  const residents = await residentNames(tx, [...new Set(residenceOf.values())]);
  for (const [id, residenceId] of residenceOf) {
    const person = residents.get(residenceId);
    if (!person) continue;
    const bill = bills.find((b) => b.id === id);
    const paid = familyPayments.find((p) => p.id === id);
    const text = bill ? `${bill.month} ${person}` : paid ? `${paid.paidOn} ${person}` : person;
    labels.set(id, { zh: text, en: text });
  }
  return labels;
}
