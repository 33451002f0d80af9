import { insertRows } from '../../../api/db';
import { newId } from '../../../api/entity-helpers';
import { Department } from '../../../api/modules/costsharing/department.entity';
import { Party } from '../../../api/modules/costsharing/party.entity';
import { IServedUnit, IServedUnitShare, ServedUnit, ServedUnitShare } from '../../../api/modules/costsharing/served-unit.entity';
import { ReconJournal, ReconPosting } from '../../../api/modules/reconciliation/reconciliation.entity';
import { settableClock } from '../canteen/world';
import { Client, startTestApp, TestApp } from '../support/app';
import { makeDepartment, makeMember, makePricedSite, makeSiteWithStaff, makeUser } from '../support/factories';

export const API = '/api/v1/reconciliation';
/** Thursday 3 December 2026 in Shanghai: November is over and may be claimed. */
export const DECEMBER = '2026-12-03T10:00:00+08:00';

export type World = Awaited<ReturnType<typeof reconWorld>>;

/**
 * A priced site (the 幸福里 demo's programmes: 民政's meal subsidy, capped at ¥5 a day) with its
 * operator and community logins, 民政's department login, a second department (残联) paying
 * meals too, and another site whose operator must get 404 for everything here.
 */
export async function reconWorld() {
  const clock = settableClock(DECEMBER);
  const t: TestApp = await startTestApp({ clock, env: { LOG_LEVEL: process.env.LOG_LEVEL } });
  const home = await makePricedSite(t.orm);
  const other = await makeSiteWithStaff(t.orm);
  const em = t.orm.em.fork();
  const mca = await em.findOneOrFail(Department, { code: 'mca' });
  const mcaParty = await em.findOneOrFail(Party, { departmentId: mca.id });
  const dpf = await makeDepartment(em);
  const dpfParty = em.create(Party, { id: newId(), kind: 'department', name: dpf.name, nameEn: dpf.nameEn, siteId: null, departmentId: dpf.id });
  await em.flush();
  const dpfUser = await makeUser(em, 'department', { departmentId: dpf.id });
  const [operator, community, mcaClient, dpfClient, outsider, canteen] = await Promise.all([
    Client.login(t.app, home.users.operator_admin.username),
    Client.login(t.app, home.users.community_admin.username),
    Client.login(t.app, home.mcaUser.username),
    Client.login(t.app, dpfUser.username),
    Client.login(t.app, other.users.operator_admin.username),
    Client.login(t.app, home.users.canteen_staff.username),
  ]);
  const siteId = home.site.id;

  /** A served lunch with its department shares, written as the pricing use case writes them. */
  const serve = async (
    fields: { date: string; personRef?: string | null; tier?: string; siteId?: string; voided?: boolean },
    shares: { party?: 'mca' | 'dpf'; programmeCode?: string; amountFen?: number; source?: string }[] = [{}],
  ) => {
    const unit: IServedUnit = {
      id: newId(),
      siteId: fields.siteId ?? siteId,
      service: 'canteen',
      serviceLine: 'canteen.lunch',
      sourceId: newId(),
      servedDate: fields.date,
      personRef: fields.personRef ?? null,
      tier: fields.tier ?? 'age70',
      quantity: 1,
      costModelVersionId: newId(),
      fullCostFen: 1500,
      residentPaysFen: 1000,
      marginFen: 45,
      voided: fields.voided ?? false,
      quote: { drawdowns: [] } as never,
      createdAt: new Date(),
    };
    const rows: IServedUnitShare[] = shares.map((s) => ({
      id: newId(),
      servedUnitId: unit.id,
      siteId: unit.siteId,
      servedDate: unit.servedDate,
      partyId: s.party === 'dpf' ? dpfParty.id : mcaParty.id,
      partyKind: 'department',
      source: s.source ?? 'tier_subsidy',
      programmeCode: s.programmeCode ?? (s.party === 'dpf' ? 'dpf-meal' : 'mca-meal'),
      amountFen: s.amountFen ?? 300,
      personRef: unit.personRef,
      quantity: unit.quantity,
      voided: unit.voided,
    }));
    const fork = t.orm.em.fork();
    await insertRows(fork, ServedUnit, [unit]);
    await insertRows(fork, ServedUnitShare, rows);
    return { unit, shares: rows };
  };
  const member = (fields: Parameters<typeof makeMember>[2] = {}) => makeMember(t.orm.em.fork(), siteId, fields);

  const build = async (month = '2026-11', client = operator) => {
    const res = await client.post(`${API}/claims/build`, { siteId, month });
    if (res.status !== 200) throw new Error(`build: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const claims = async (client = operator, query = `siteId=${siteId}`) => (await client.get(`${API}/claims?${query}`)).body as { id: string; departmentId: string; period: string; status: string; builtAt: string; totalFen: number; lineCount: number; errorCount: number; warningCount: number; paidFen: number; paymentStatus: string | null }[];
  const claimOf = async (departmentId: string, period = '2026-11') => (await claims()).find((c) => c.departmentId === departmentId && c.period === period)!;
  const lines = async (claimId: string, query = '', client = operator) => {
    const res = await client.get(`${API}/claims/${claimId}/lines?limit=500${query}`);
    if (res.status !== 200) throw new Error(`lines: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.lines as { id: string; kind: string; amountFen: number; status: string; servedDate: string; personRef: string | null; correctsLineId: string | null; correctsPeriod: string | null; findings: { check: string; severity: string }[] }[];
  };
  const submit = async (claimId: string, reasons: object[] = []) => {
    const res = await operator.post(`${API}/claims/${claimId}/submit`, { reasons });
    if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** Every journal's debits equal its credits, and so the whole ledger's. */
  const ledgerBalances = async () => {
    const fork = t.orm.em.fork();
    const journals = await fork.find(ReconJournal, { siteId });
    const postings = await fork.find(ReconPosting, { siteId });
    for (const j of journals) {
      const own = postings.filter((p) => p.journalId === j.id);
      expect({ journal: j.kind, debit: own.reduce((s, p) => s + p.debitFen, 0) }).toEqual({ journal: j.kind, debit: own.reduce((s, p) => s + p.creditFen, 0) });
      expect(own.length).toBeGreaterThan(0);
    }
    const res = await operator.get(`${API}/ledger?siteId=${siteId}`);
    expect(res.status).toBe(200);
    expect(res.body.debitFen).toBe(res.body.creditFen);
    return { journals: journals.length, ledger: res.body as { debitFen: number; accounts: { account: string; balanceFen: number }[] } };
  };

  return { t, clock, home, other, siteId, mca, dpf, operator, community, mcaClient, dpfClient, outsider, canteen, serve, member, build, claims, claimOf, lines, submit, ledgerBalances, em: () => t.orm.em.fork(), close: () => t.close() };
}
