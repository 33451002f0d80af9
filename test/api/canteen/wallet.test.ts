import { JournalLine } from '../../../api/modules/canteen/journal.entity';
import { makeMember } from '../support/factories';
import { API, canteenWorld, MONDAY, World } from './world';

describe('canteen wallets: top-ups and pay-outs are journal entries', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  const sumOf = async (account: string) => (await w.em().find(JournalLine, { account })).reduce((s, l) => s + l.debitFen - l.creditFen, 0);

  it('when cash is topped up, then the wallet is credited and the staff member’s drawer debited by one balanced entry', async () => {
    const m = await makeMember(w.em(), w.site.id);
    const res = await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 10_000, method: 'cash', memo: '子女代充' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      memberId: m.id,
      balanceFen: 10_000,
      entry: { kind: 'wallet.top_up', amountFen: 10_000, businessDate: MONDAY, memo: '子女代充', staffId: w.users.canteen_staff.id },
    });
    expect(res.body.entry.lines).toEqual(
      expect.arrayContaining([
        { account: `cash:${w.users.canteen_staff.id}`, debitFen: 10_000, creditFen: 0 },
        { account: `wallet:${m.id}`, debitFen: 0, creditFen: 10_000 },
      ]),
    );
    expect(await sumOf(`wallet:${m.id}`)).toBe(-10_000);
  });

  it('an external top-up needs its reference (400); a pay-out never takes the balance below zero (422)', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 3000 });
    const noRef = await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 500, method: 'external' });
    expect(noRef.status).toBe(400);
    expect(noRef.body.errors[0].field).toBe('reference');
    expect((await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 500, method: 'external', reference: 'WX20261123001' })).body.balanceFen).toBe(3500);
    const tooMuch = await w.staff.post(`${API}/members/${m.id}/wallet/refunds`, { amountFen: 3501, method: 'cash' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('amountFen');
    const out = await w.staff.post(`${API}/members/${m.id}/wallet/refunds`, { amountFen: 3500, method: 'cash' });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({ balanceFen: 0, entry: { kind: 'wallet.refund' } });
    expect((await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 0, method: 'cash' })).body.errors[0].field).toBe('amountFen');
    expect((await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 12.5, method: 'cash' })).body.errors[0].message).toBe('must be whole fen');
  });

  it('a deactivated member’s wallet can be paid out but not topped up', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 800 });
    await w.staff.post(`${API}/members/${m.id}/deactivate`, {});
    expect((await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 100, method: 'cash' })).status).toBe(422);
    expect((await w.staff.post(`${API}/members/${m.id}/wallet/refunds`, { amountFen: 800, method: 'cash' })).status).toBe(201);
  });

  it('the wallet view lists the entries that moved it, newest first, with their lines', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 1000 });
    await w.staff.post(`${API}/members/${m.id}/wallet/top-ups`, { amountFen: 2000, method: 'cash' });
    const res = await w.community.get(`${API}/members/${m.id}/wallet`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: m.id, balanceFen: 3000, overdraftLimitFen: 0 });
    expect(res.body.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['wallet.opening', 'wallet.top_up']);
    for (const e of res.body.entries) {
      const debit = e.lines.reduce((s: number, l: { debitFen: number }) => s + l.debitFen, 0);
      const credit = e.lines.reduce((s: number, l: { creditFen: number }) => s + l.creditFen, 0);
      expect(debit).toBe(credit);
    }
    expect((await w.staff.get(`${API}/members/no-such/wallet`)).status).toBe(404);
  });

  it('who may move money: the community admin reads only (403); another site’s staff are out of scope; unknown members are 404', async () => {
    const m = await makeMember(w.em(), w.site.id, { walletFen: 1000 });
    for (const kind of ['top-ups', 'refunds']) {
      expect((await w.community.post(`${API}/members/${m.id}/wallet/${kind}`, { amountFen: 100, method: 'cash' })).status).toBe(403);
      expect((await w.outsider.post(`${API}/members/${m.id}/wallet/${kind}`, { amountFen: 100, method: 'cash' })).body.type).toBe('/problems/not-found');
      expect((await w.staff.post(`${API}/members/no-such/wallet/${kind}`, { amountFen: 100, method: 'cash' })).status).toBe(404);
    }
    expect((await w.outsider.get(`${API}/members/${m.id}/wallet`)).body.type).toBe('/problems/not-found');
    expect((await w.childcare.get(`${API}/members/${m.id}/wallet`)).status).toBe(403);
  });
});
