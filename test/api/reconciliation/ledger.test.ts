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
    const rows = res.body as Entry[];
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
    expect((await entries('bank:operator', '2026-12')).body).toHaveLength(1);
    expect((await entries('bank:operator', '2026-11')).body).toEqual([]);
    expect((await entries('receivable:nobody')).body).toEqual([]);
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
