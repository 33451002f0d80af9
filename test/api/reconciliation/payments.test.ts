import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../../domain/shared/identity';
import { ReconPayment } from '../../../api/modules/reconciliation/reconciliation.entity';
import { API, reconWorld, World } from './world';

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8').toString('base64');
async function xlsx(rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('到账');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('reconciliation: payments matched, ageing, the department’s own list and statements', () => {
  let w: World;
  let claimId: string;
  let members: { id: string; name: string; idNumber: string }[];
  beforeAll(async () => {
    w = await reconWorld();
    members = [];
    for (const name of ['王秀英', '李建国', '张桂兰']) {
      const m = await w.member({ name });
      members.push({ id: m.id, name: m.name, idNumber: m.idNumber });
    }
    // 王秀英 two lunches, 李建国 one, 张桂兰 none: ¥3 each, ¥9 in all.
    await w.serve({ date: '2026-11-02', personRef: members[0].id });
    await w.serve({ date: '2026-11-03', personRef: members[0].id });
    await w.serve({ date: '2026-11-03', personRef: members[1].id });
    await w.build();
    claimId = (await w.claimOf(w.mca.id)).id;
    await w.submit(claimId);
  });
  afterAll(() => w.close());

  const pay = (body: object, client = w.mcaClient, headers: Record<string, string> = {}) =>
    client.post(`${API}/payments`, { departmentId: w.mca.id, siteId: w.siteId, paidOn: '2026-12-10', amountFen: 500, reference: 'MZ-001', ...body }, headers);

  it('a payment is allocated oldest claim first: the claim is part-paid, and the ledger still balances', async () => {
    const res = await pay({ amountFen: 500, reference: 'MZ-001' }, w.mcaClient, { 'Idempotency-Key': 'pay-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amountFen: 500, allocatedFen: 500, imported: false });
    const again = await pay({ amountFen: 500, reference: 'MZ-001' }, w.mcaClient, { 'Idempotency-Key': 'pay-1' });
    expect([again.status, again.body.id, again.headers['idempotent-replayed']]).toEqual([201, res.body.id, 'true']);
    expect(await w.claimOf(w.mca.id)).toMatchObject({ paidFen: 500, paymentStatus: 'part_paid' });
    await w.ledgerBalances();
  });

  it('money left on account is allocated by hand: more than is outstanding is refused (422), the rest pays the claim', async () => {
    const held = await pay({ amountFen: 600, reference: 'MZ-002', allocate: 'none' }, w.operator);
    expect(held.body).toMatchObject({ allocatedFen: 0 });
    const over = await w.operator.post(`${API}/payments/${held.body.id}/allocations`, { allocations: [{ claimId, amountFen: 600 }] });
    expect([over.status, over.body.errors[0].field, over.body.errors[0].code, over.body.errors[0].params]).toEqual([422, 'allocations[0].amountFen', 'claim_outstanding', { outstanding: '¥4.00' }]);
    expect((await w.operator.post(`${API}/payments/${held.body.id}/allocations`, {})).status).toBe(400);
    const ok = await w.operator.post(`${API}/payments/${held.body.id}/allocations`, { allocations: [{ claimId, amountFen: 400 }] });
    expect(ok.status).toBe(200);
    expect(ok.body.allocatedFen).toBe(400);
    expect(await w.claimOf(w.mca.id)).toMatchObject({ paidFen: 900, paymentStatus: 'paid' });
    const { ledger } = await w.ledgerBalances();
    expect(ledger.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: `receivable:${w.mca.id}`, debitFen: 900, creditFen: 900, balanceFen: 0 }),
        expect.objectContaining({ account: `on_account:${w.mca.id}`, debitFen: 400, creditFen: 600, balanceFen: -200 }),
        expect.objectContaining({ account: 'bank:operator', debitFen: 1100, creditFen: 0, balanceFen: 1100 }),
      ]),
    );
  });

  it('a department records only its own payments, the outsider reaches nothing, and bad input names the field', async () => {
    expect((await pay({}, w.dpfClient)).status).toBe(404);
    expect((await pay({}, w.outsider)).status).toBe(404);
    expect((await pay({}, w.community)).status).toBe(403);
    const bad = await pay({ amountFen: 0, paidOn: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amountFen', 'paidOn']);
    expect((await w.dpfClient.get(`${API}/payments`)).body).toEqual([]);
    expect((await w.mcaClient.get(`${API}/payments?siteId=${w.siteId}`)).body.length).toBe(2);
  });

  it('an import is all rows or none: a wrong row refuses the file by its row number and writes nothing', async () => {
    const before = await w.em().count(ReconPayment, {});
    const res = await w.mcaClient.post(`${API}/payments/import`, {
      departmentId: w.mca.id,
      siteId: w.siteId,
      format: 'csv',
      content: csv([['日期', '金额', '流水号'], ['2026-12-11', '1.00', 'MZ-100'], ['2026-12-32', 'abc', '']]),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows[3].paidOn', 'rows[3].amount', 'rows[3].reference']);
    expect(await w.em().count(ReconPayment, {})).toBe(before);
  });

  it('a CSV and then an XLSX from the finance system: the same file twice changes nothing, nor a row seen in another file', async () => {
    const file = csv([['日期', '金额（元）', '流水号', '付款账号'], ['2026-12-12', '1.50', 'MZ-101', '6222 0001'], ['2026/12/13', '¥2.00', 'MZ-102', '6222 0001']]);
    const body = { departmentId: w.mca.id, siteId: w.siteId, format: 'csv', content: file, fileName: '民政12月到账.csv' };
    const first = await w.mcaClient.post(`${API}/payments/import`, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ repeated: false, rows: 2, imported: 2, alreadyImported: 0 });
    const again = await w.mcaClient.post(`${API}/payments/import`, body);
    expect(again.body).toMatchObject({ repeated: true, imported: 0, importId: first.body.importId, paymentIds: [...first.body.paymentIds].sort() });
    // The same transfer re-exported with padding in another workbook, beside a new one.
    const book = await xlsx([['paidOn', 'amount', 'reference', 'payerAccount'], ['2026-12-12', 1.5, ' MZ-101 ', '6222  0001'], ['2026-12-14', 3, 'MZ-103', '6222 0001']]);
    const second = await w.mcaClient.post(`${API}/payments/import`, { ...body, format: 'xlsx', content: book });
    expect(second.body).toMatchObject({ repeated: false, rows: 2, imported: 1, alreadyImported: 1 });
    const refs = (await w.mcaClient.get(`${API}/payments?siteId=${w.siteId}`)).body.map((p: { reference: string }) => p.reference).sort();
    expect(refs).toEqual(['MZ-001', 'MZ-002', 'MZ-101', 'MZ-102', 'MZ-103']);
    await w.ledgerBalances();
  });

  it('receivables age from the day a claim was sent: 0–30, 31–60, 61–90, over 90', async () => {
    const m = await w.member();
    await w.serve({ date: '2026-11-20', personRef: m.id }, [{ party: 'dpf', amountFen: 700 }]);
    await w.build();
    await w.submit((await w.claimOf(w.dpf.id)).id);
    const res = await w.operator.get(`${API}/receivables?asOf=2027-01-10`);
    expect(res.status).toBe(200);
    const dpf = res.body.find((r: { departmentId: string }) => r.departmentId === w.dpf.id);
    expect(dpf.buckets).toEqual([
      { bucket: '0-30', amountFen: 0 },
      { bucket: '31-60', amountFen: 700 },
      { bucket: '61-90', amountFen: 0 },
      { bucket: 'over_90', amountFen: 0 },
    ]);
    // 民政 is paid in full: nothing receivable. 残联 sees only its own.
    expect(res.body.find((r: { departmentId: string }) => r.departmentId === w.mca.id)).toBeUndefined();
    expect((await w.dpfClient.get(`${API}/receivables?asOf=2027-01-10`)).body.map((r: { departmentId: string }) => r.departmentId)).toEqual([w.dpf.id]);
  });

  describe('the department’s own list beside the claim', () => {
    const expected = () => [
      { name: '张桂兰', status: 'only_in_list' },
      { name: '李建国', status: 'difference', differences: [{ field: 'amountFen', ours: 300, theirs: 250 }] },
      { name: '王秀英', status: 'match', differences: [] },
      { name: '赵大海', status: 'only_in_list' },
    ];
    const shape = (rows: { name: string; status: string; differences: unknown[] }[]) =>
      rows.map((r) => ({ name: r.name, status: r.status, ...(r.status === 'only_in_list' ? {} : { differences: r.differences }) })).sort((a, b) => (a.name < b.name ? -1 : 1));

    it('from a CSV: match, a difference in the amount, only in their list (a member without meals, a stranger)', async () => {
      const list = csv([
        ['姓名', '身份证号', '次数', '金额'],
        ['王秀英', members[0].idNumber, '2', '6.00'],
        ['李建国', members[1].idNumber, '1', '2.50'],
        ['张桂兰', members[2].idNumber, '1', '3.00'],
        ['赵大海', makeIdNumber('110101', '1940-01-01', 123), '1', '3.00'],
      ]);
      const res = await w.mcaClient.post(`${API}/claims/${claimId}/compare`, { format: 'csv', content: list });
      expect(res.status).toBe(200);
      const sorted = [...expected()].sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(shape(res.body)).toEqual(sorted.map((e) => (e.status === 'only_in_list' ? { name: e.name, status: e.status } : e)));
      expect(res.body.find((r: { name: string }) => r.name === '王秀英').idNumberMasked).toMatch(/\*{8}/);
    });

    it('from an XLSX without figures: presence only, and one only in the claim', async () => {
      const list = await xlsx([['身份证号'], [members[0].idNumber]]);
      const res = await w.mcaClient.post(`${API}/claims/${claimId}/compare`, { format: 'xlsx', content: list });
      expect(res.body.map((r: { name: string; status: string }) => [r.name, r.status]).sort()).toEqual([
        ['李建国', 'only_in_claim'],
        ['王秀英', 'match'],
      ]);
      const bad = await w.mcaClient.post(`${API}/claims/${claimId}/compare`, { format: 'csv', content: csv([['身份证号'], ['12345']]) });
      expect([bad.status, bad.body.errors[0].field]).toEqual([422, 'rows[2].idNumber']);
      expect((await w.dpfClient.post(`${API}/claims/${claimId}/compare`, { format: 'csv', content: csv([['身份证号']]) })).status).toBe(404);
    });
  });

  it('statements: XLSX with the lines, CSV with Chinese names, PDF', async () => {
    const book = await w.mcaClient.get(`${API}/claims/${claimId}/statement`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(book.status).toBe(200);
    expect(book.headers['content-type']).toContain('spreadsheetml');
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(book.body);
    const texts = read.worksheets[0].getSheetValues().flat().map(String);
    expect(texts).toEqual(expect.arrayContaining(['王秀英', '李建国']));
    const text = await w.mcaClient.get(`${API}/claims/${claimId}/statement?format=csv`);
    expect(text.headers['content-type']).toContain('text/csv');
    expect(text.text).toContain('王秀英');
    expect(text.text.split('\n').length).toBeGreaterThanOrEqual(4);
    const pdf = await w.mcaClient.get(`${API}/claims/${claimId}/statement?format=pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await w.mcaClient.get(`${API}/claims/${claimId}/statement?format=doc`)).status).toBe(400);
    expect((await w.dpfClient.get(`${API}/claims/${claimId}/statement?format=pdf`)).status).toBe(404);
  });
});
