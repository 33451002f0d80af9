import { DateTime } from 'luxon';
import type { LedgerPosting } from '../../../domain/reconciliation';
import { postToLedger } from '../../../api/modules/reconciliation/ledger';
import { ReconJournal } from '../../../api/modules/reconciliation/reconciliation.entity';
import { API, reconWorld, World } from './world';

interface Account {
  account: string;
  kind: string;
  name: string | null;
  nameEn: string | null;
  debitFen: number;
  creditFen: number;
  balanceFen: number;
}
interface Entry {
  postedOn: string;
  kind: string;
  debitFen: number;
  creditFen: number;
  source: { type: string; id: string; label: string | null; labelEn: string | null };
}

describe('reconciliation: the ledger as the operator and the community read it', () => {
  let w: World;
  let claimId: string;
  let paymentId: string;
  beforeAll(async () => {
    w = await reconWorld();
    const m = await w.member({ name: '王秀英' });
    await w.serve({ date: '2026-11-02', personRef: m.id });
    await w.serve({ date: '2026-11-03', personRef: m.id });
    await w.build();
    claimId = (await w.claimOf(w.mca.id)).id;
    await w.submit(claimId);
    const held = await w.operator.post(`${API}/payments`, { departmentId: w.mca.id, siteId: w.siteId, paidOn: '2026-12-10', amountFen: 500, reference: 'MZ-201', allocate: 'none' });
    paymentId = held.body.id;
    expect((await w.operator.post(`${API}/payments/${paymentId}/allocations`, { allocations: [{ claimId, amountFen: 400 }] })).status).toBe(200);
  });
  afterAll(() => w.close());

  const ledger = async (client = w.operator) => {
    const res = await client.get(`${API}/ledger?siteId=${w.siteId}`);
    expect(res.status).toBe(200);
    return res.body as { debitFen: number; creditFen: number; accounts: Account[] };
  };
  const entries = (account: string, month = '', client = w.operator) =>
    client.get(`${API}/ledger/entries?siteId=${w.siteId}&account=${encodeURIComponent(account)}${month ? `&month=${month}` : ''}`);

  it('each account is named by what it is of (the department, the programme), receivables first; debits equal credits', async () => {
    const { debitFen, creditFen, accounts } = await ledger();
    expect(debitFen).toBe(creditFen);
    expect(accounts.map((a) => a.kind)).toEqual(['receivable', 'on_account', 'subsidy_income', 'bank']);
    const [receivable, onAccount, income, bank] = accounts;
    expect(receivable).toEqual({ account: `receivable:${w.mca.id}`, kind: 'receivable', name: w.mca.name, nameEn: w.mca.nameEn, debitFen: 600, creditFen: 400, balanceFen: 200 });
    expect(onAccount).toMatchObject({ name: w.mca.name, debitFen: 400, creditFen: 500, balanceFen: -100 });
    // The programme reads as its subsidy rule's label, never its code.
    expect(income).toMatchObject({ account: 'subsidy_income:mca-meal', creditFen: 600, balanceFen: -600 });
    expect(income.name).toMatch(/[\u4e00-\u9fff]/);
    expect(income.name).not.toContain('mca-meal');
    expect(income.nameEn).not.toContain('mca-meal');
    expect(bank).toMatchObject({ name: null, debitFen: 500 });
    expect((await ledger(w.community)).accounts).toEqual(accounts);
  });

  it('an account’s entries say what each came from: the claim by month, department and programme, the payment by date and reference', async () => {
    const res = await entries(`receivable:${w.mca.id}`);
    expect(res.status).toBe(200);
    const rows = res.body.entries as Entry[];
    expect(res.body).toMatchObject({ total: 2, hasMore: false });
    expect(rows.map((e) => [e.kind, e.debitFen, e.creditFen, e.source.type, e.source.id])).toEqual(
      expect.arrayContaining([
        ['claim.submitted', 600, 0, 'claim', claimId],
        ['payment.allocated', 0, 400, 'payment', paymentId],
      ]),
    );
    expect(rows).toHaveLength(2);
    const claim = rows.find((e) => e.source.type === 'claim')!.source;
    expect(claim.label).toMatch(new RegExp(`^2026-11 ${w.mca.name} `));
    expect(claim.labelEn).toMatch(new RegExp(`^2026-11 ${w.mca.nameEn} `));
    expect(claim.label).not.toContain('mca-meal');
    expect(rows.find((e) => e.source.type === 'payment')!.source).toMatchObject({ label: '2026-12-10 MZ-201' });
    expect(rows.every((e) => e.postedOn === '2026-12-03')).toBe(true);
  });

  it('a month filters the entries by the day they were posted', async () => {
    expect((await entries('bank:operator', '2026-12')).body.entries).toHaveLength(1);
    expect((await entries('bank:operator', '2026-11')).body).toEqual({ total: 0, hasMore: false, entries: [] });
    expect((await entries('receivable:nobody')).body).toEqual({ total: 0, hasMore: false, entries: [] });
  });

  it('bad input names the field (400); a department may not read the ledger (403); another site’s operator reaches nothing (404)', async () => {
    const bad = await w.operator.get(`${API}/ledger/entries?siteId=${w.siteId}&month=2026-13`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.account', 'query.month']);
    expect((await w.operator.get(`${API}/ledger/entries?account=bank:operator`)).status).toBe(400);
    expect((await entries('bank:operator', '', w.mcaClient)).status).toBe(403);
    expect((await w.mcaClient.get(`${API}/ledger?siteId=${w.siteId}`)).status).toBe(403);
    expect((await entries('bank:operator', '', w.canteen)).status).toBe(403);
    expect((await entries('bank:operator', '', w.outsider)).status).toBe(404);
    expect((await w.outsider.get(`${API}/ledger?siteId=${w.siteId}`)).status).toBe(404);
  });
});

describe('reconciliation: a month with more ledger entries than a page', () => {
  let w: World;
  let account: string;
  /** October's 130 entries, one journal a payment each, on days spread over the month; and 3 in September. */
  beforeAll(async () => {
    w = await reconWorld();
    account = `on_account:${w.mca.id}`;
    const at = (date: string) => DateTime.fromISO(`${date}T10:00`, { zone: 'Asia/Shanghai' });
    const received = (ref: string): LedgerPosting => ({ kind: 'payment.received', ref, lines: [{ account: 'bank:operator', debitFen: 100, creditFen: 0 }, { account, debitFen: 0, creditFen: 100 }] });
    const em = w.em();
    for (let day = 1; day <= 26; day++) await postToLedger(em, w.siteId, Array.from({ length: 5 }, (_, i) => received(`OCT-${day}-${i}`)), w.home.users.operator_admin.id, at(`2026-10-${String(day).padStart(2, '0')}`));
    await postToLedger(em, w.siteId, [received('SEP-1'), received('SEP-2'), received('SEP-3')], w.home.users.operator_admin.id, at('2026-09-30'));
  });
  afterAll(() => w.close());

  const page = async (query: string, client = w.operator) => {
    const res = await client.get(`${API}/ledger/entries?siteId=${w.siteId}&account=${encodeURIComponent(account)}&${query}`);
    expect(res.status).toBe(200);
    return res.body as { total: number; hasMore: boolean; entries: (Entry & { id: string })[] };
  };

  it('pages follow one another without a gap or a repeat, newest first, and say how many there are and whether more follow', async () => {
    const all = await page('month=2026-10&limit=500');
    expect([all.total, all.hasMore, all.entries.length]).toEqual([130, false, 130]);
    expect(all.entries.every((e) => e.postedOn.startsWith('2026-10-') && e.creditFen === 100)).toBe(true);
    const dates = all.entries.map((e) => e.postedOn);
    expect(dates).toEqual([...dates].sort().reverse());

    const pages = [await page('month=2026-10&limit=50'), await page('month=2026-10&limit=50&offset=50'), await page('month=2026-10&limit=50&offset=100')];
    expect(pages.map((p) => [p.total, p.hasMore, p.entries.length])).toEqual([
      [130, true, 50],
      [130, true, 50],
      [130, false, 30],
    ]);
    expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(all.entries.map((e) => e.id));
    // A page that ends exactly at the last entry says no more follow.
    expect(await page('month=2026-10&limit=30&offset=100')).toMatchObject({ total: 130, hasMore: false });
    expect((await page('month=2026-10&limit=31&offset=99')).hasMore).toBe(false);
    expect((await page('month=2026-10&limit=30&offset=99')).hasMore).toBe(true);
    expect(await page('month=2026-10&offset=130')).toEqual({ total: 130, hasMore: false, entries: [] });
  });

  it('a journal is made at the time the app clock gave it, not the machine clock', async () => {
    const journal = await w.em().findOneOrFail(ReconJournal, { ref: 'SEP-1' });
    expect([journal.postedOn, journal.createdAt.toISOString()]).toEqual(['2026-09-30', '2026-09-30T02:00:00.000Z']);
  });

  it('without a limit a page holds 100; without a month every month counts', async () => {
    const first = await page('month=2026-10');
    expect([first.total, first.hasMore, first.entries.length]).toEqual([130, true, 100]);
    const everything = await page('limit=500');
    expect(everything.total).toBe(133);
    expect(everything.entries.slice(-3).map((e) => e.postedOn)).toEqual(['2026-09-30', '2026-09-30', '2026-09-30']);
    expect(await page('month=2026-09')).toMatchObject({ total: 3, hasMore: false });
  });

  it('a bad limit or offset is refused with 400 naming it; who may read the pages is unchanged', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['limit=ten', 'query.limit'],
      ['limit=2.5', 'query.limit'],
      ['offset=-1', 'query.offset'],
      ['offset=x', 'query.offset'],
    ];
    for (const [query, field] of cases) {
      const res = await w.operator.get(`${API}/ledger/entries?siteId=${w.siteId}&account=${encodeURIComponent(account)}&${query}`);
      expect({ query, status: res.status, type: res.headers['content-type'], fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        query,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        fields: [field],
      });
    }
    expect(await page('month=2026-10&limit=20&offset=20', w.community)).toEqual(await page('month=2026-10&limit=20&offset=20'));
    const at = (client: typeof w.operator) => client.get(`${API}/ledger/entries?siteId=${w.siteId}&account=${encodeURIComponent(account)}&limit=20&offset=20`);
    expect((await at(w.mcaClient)).status).toBe(403);
    expect((await at(w.canteen)).status).toBe(403);
    expect((await at(w.outsider)).status).toBe(404);
  });
});
