import ExcelJS from 'exceljs';
import type { Test } from 'supertest';
import { newId } from '../../../api/entity-helpers';
import { ContributionRule, FundingAccount } from '../../../api/modules/costsharing/cost-model.entity';
import { Party } from '../../../api/modules/costsharing/party.entity';
import { API, reconWorld, World } from './world';

/** A download's bytes, whatever its content type. */
const bytes = (request: Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('reconciliation: a department’s year and month across its sites, and the lines it filters', () => {
  let w: World;
  let otherSiteId: string;
  // On MariaDB a worker's database is shared by stories and a department reaches every site, so
  // the cross-site figures are a department of this story's own (残联, made by the world).
  beforeAll(async () => {
    w = await reconWorld();
    otherSiteId = w.other.site.id;
    const a = await w.member({ name: '王秀英' });
    const b = await w.member({ name: '李建国' });
    const dpf = [{ party: 'dpf' as const }];
    // 残联 at the home site: two lunches in October, three in November; 民政 one in November.
    await w.serve({ date: '2026-10-12', personRef: a.id }, dpf);
    await w.serve({ date: '2026-10-13', personRef: a.id }, dpf);
    await w.serve({ date: '2026-11-02', personRef: a.id }, dpf);
    await w.serve({ date: '2026-11-03', personRef: b.id }, dpf);
    await w.serve({ date: '2026-11-04', personRef: b.id }, [{ party: 'dpf', amountFen: 250 }]);
    await w.serve({ date: '2026-11-05', personRef: b.id });
    // 残联 at the other site (another operator's): one November lunch; and a cancelled one, which used nothing.
    await w.serve({ date: '2026-11-06', siteId: otherSiteId }, [{ party: 'dpf', amountFen: 400 }]);
    await w.serve({ date: '2026-11-07', siteId: otherSiteId, voided: true }, [{ party: 'dpf', amountFen: 900 }]);
    const em = w.em();
    em.create(FundingAccount, { id: newId(), siteId: w.siteId, account: 'dpf-meal', year: 2026, limitFen: 1_000_000, drawnFen: 0, units: 0 });
    // 残联's subsidy rule names its programme; the budget reads that name, not the code.
    const dpfParty = await em.findOneOrFail(Party, { departmentId: w.dpf.id });
    em.create(ContributionRule, { id: newId(), siteId: w.siteId, serviceLine: 'canteen', partyId: dpfParty.id, mechanism: 'tier_subsidy', labelZh: '残疾人助餐补贴', labelEn: 'Disability meal subsidy', effectiveFrom: null, effectiveTo: null, settings: { programmeCode: 'dpf-meal' }, createdAt: new Date() });
    await em.flush();
    await w.build('2026-10');
    await w.build('2026-11');
    expect((await w.outsider.post(`${API}/claims/build`, { siteId: otherSiteId, month: '2026-11' })).status).toBe(200);
    for (const c of await w.claims()) await w.submit(c.id);
    const [elsewhere] = (await w.outsider.get(`${API}/claims?siteId=${otherSiteId}`)).body as { id: string }[];
    expect((await w.outsider.post(`${API}/claims/${elsewhere.id}/submit`, {})).status).toBe(200);
  });
  afterAll(() => w.close());

  describe('budget used for the year', () => {
    it('a department sees its own programmes at every site, month by month, beside their budgets', async () => {
      const res = await w.dpfClient.get(`${API}/budget?year=2026`);
      expect(res.status).toBe(200);
      expect(res.body.map((p: { programmeCode: string }) => p.programmeCode)).toEqual(['dpf-meal']);
      const [meal] = res.body;
      const months = Object.fromEntries(meal.months.filter((m: { usedFen: number }) => m.usedFen).map((m: { month: string; usedFen: number }) => [m.month, m.usedFen]));
      // October 2 × ¥3; November ¥3 + ¥3 + ¥2.50 at home and ¥4 at the other site; the cancelled lunch uses nothing.
      expect(months).toEqual({ '2026-10': 600, '2026-11': 1250 });
      expect(meal.months).toHaveLength(12);
      expect(meal.usedFen).toBe(1850);
      expect(meal.limitFen).toBe(1_000_000);
      expect(meal.departmentName).toBe(w.dpf.name);
      expect([meal.programmeName, meal.programmeNameEn]).toEqual(['残疾人助餐补贴', 'Disability meal subsidy']);
      expect((await w.mcaClient.get(`${API}/budget?year=2026`)).body.map((p: { programmeCode: string }) => p.programmeCode)).not.toContain('dpf-meal');
    });

    it('the operator sees every department at its own sites only; another site’s operator sees none of them', async () => {
      const res = await w.operator.get(`${API}/budget?year=2026`);
      expect(res.status).toBe(200);
      const used = Object.fromEntries(res.body.map((p: { programmeCode: string; usedFen: number }) => [p.programmeCode, p.usedFen]));
      expect(used).toEqual({ 'mca-meal': 300, 'dpf-meal': 1450 });
      const outsider = await w.outsider.get(`${API}/budget?year=2026`);
      expect(outsider.body).toEqual([expect.objectContaining({ programmeCode: 'dpf-meal', usedFen: 400, limitFen: 0 })]);
      expect((await w.dpfClient.get(`${API}/budget?year=2025`)).body).toEqual([]);
    });

    it('a year that is not a year is 400 naming it; canteen staff may not read it (403)', async () => {
      const bad = await w.mcaClient.get(`${API}/budget?year=twenty`);
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'query.year']);
      expect((await w.mcaClient.get(`${API}/budget`)).status).toBe(400);
      expect((await w.canteen.get(`${API}/budget?year=2026`)).status).toBe(403);
    });
  });

  describe('a department’s month in one statement', () => {
    const statement = (client = w.dpfClient, query = '') => bytes(client.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11${query}`));

    it('XLSX lists every sent claim of the month at every site, each line with its site and programme by name', async () => {
      const res = await statement();
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(`statement-2026-11-${w.dpf.id}.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body);
      const rows = book.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
      // Each line names its programme as a person reads it, not by its code.
      const lines = rows.filter((r) => r[2] === '残疾人助餐补贴').length;
      expect(lines).toBe(4);
      expect(rows.flat().map(String)).not.toContain('dpf-meal');
      const texts = rows.flat().map(String);
      expect(texts).toEqual(expect.arrayContaining(['王秀英', '李建国', '2026-11-06']));
      expect(texts.join(' ')).toContain('2 个站点，2 份申报');
      expect(texts.join(' ')).toContain('¥12.50');
    });

    it('CSV and PDF: the CSV has a line per claim line, the PDF is a PDF', async () => {
      const csv = await w.dpfClient.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.trim().split('\n')).toHaveLength(1 + 4);
      const pdf = await statement(w.dpfClient, '&format=pdf');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect((pdf.body as Buffer).toString('latin1')).toMatch(/\/Type \/Page\b/);
    });

    it('the operator’s statement of the department holds only its own site; one site may be asked for', async () => {
      const res = await w.operator.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11&format=csv`);
      expect(res.status).toBe(200);
      expect(res.text.trim().split('\n')).toHaveLength(1 + 3);
      expect(res.text).not.toContain('2026-11-06');
      const one = await w.dpfClient.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11&siteId=${otherSiteId}&format=csv`);
      expect(one.text.trim().split('\n')).toHaveLength(1 + 1);
      expect(one.text).toContain('2026-11-06');
    });

    it('another department’s month, a site out of reach, a month with nothing sent are 404; bad input 400 naming the field', async () => {
      expect((await w.mcaClient.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11`)).status).toBe(404);
      expect((await w.operator.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-11&siteId=${otherSiteId}`)).status).toBe(404);
      expect((await w.dpfClient.get(`${API}/statements?departmentId=${w.dpf.id}&month=2026-09`)).status).toBe(404);
      const month = await w.mcaClient.get(`${API}/statements?departmentId=${w.mca.id}&month=2026-13`);
      expect([month.status, month.body.errors[0].field]).toEqual([400, 'query.month']);
      const format = await w.mcaClient.get(`${API}/statements?departmentId=${w.mca.id}&month=2026-11&format=doc`);
      expect([format.status, format.body.errors[0].field]).toEqual([400, 'query.format']);
      expect((await w.canteen.get(`${API}/statements?departmentId=${w.mca.id}&month=2026-11`)).status).toBe(403);
    });
  });

  it('a claim’s lines filter by service line and by person', async () => {
    const claim = await w.claimOf(w.dpf.id);
    const all = await w.lines(claim.id, '', w.dpfClient);
    expect(all).toHaveLength(3);
    const person = all.find((l) => l.amountFen === 250)!.personRef!;
    expect((await w.lines(claim.id, `&personRef=${person}`, w.dpfClient)).map((l) => l.amountFen).sort()).toEqual([250, 300]);
    expect(await w.lines(claim.id, '&serviceLine=canteen.lunch', w.dpfClient)).toHaveLength(3);
    expect(await w.lines(claim.id, '&serviceLine=canteen.dinner', w.dpfClient)).toHaveLength(0);
  });
});
