import { runStatement } from '../../../api/db';
import { newId } from '../../../api/entity-helpers';
import { CanteenClosedDay } from '../../../api/modules/canteen/calendar.entity';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { ServedUnit } from '../../../api/modules/costsharing/served-unit.entity';
import { markVoided } from '../../../api/modules/costsharing/served-units';
import { ReconClaimLine } from '../../../api/modules/reconciliation/reconciliation.entity';
import { API, DECEMBER, reconWorld, World } from './world';

describe('reconciliation: claims built from what was served, checked before they leave', () => {
  let w: World;
  beforeAll(async () => {
    w = await reconWorld();
  });
  afterAll(() => w.close());

  describe('building a month', () => {
    let b: World;
    beforeAll(async () => {
      b = await reconWorld();
    });
    afterAll(() => b.close());

    it('makes one claim per department, programme and site; its lines are the department shares, its total their sum', async () => {
      const m = await b.member();
      await b.serve({ date: '2026-11-02', personRef: m.id });
      await b.serve({ date: '2026-11-03', personRef: m.id }, [{ amountFen: 200 }]);
      await b.serve({ date: '2026-11-03', personRef: (await b.member()).id }, [{ party: 'dpf', programmeCode: 'dpf-care', amountFen: 150 }]);
      // Not claimed: a fixed grant's share, a voided unit, another month, another site.
      await b.serve({ date: '2026-11-04', personRef: m.id }, [{ source: 'fixed_grant', amountFen: 66 }]);
      await b.serve({ date: '2026-11-05', personRef: m.id, voided: true });
      await b.serve({ date: '2026-10-31', personRef: m.id });
      await b.serve({ date: '2026-11-05', siteId: b.other.site.id });

      expect(await b.build()).toEqual({ claims: 2, lines: 3, findings: 0, keptSubmitted: 0 });
      const mca = await b.claimOf(b.mca.id);
      expect(mca).toMatchObject({ status: 'draft', totalFen: 500, lineCount: 2, quantity: 2, programmeCode: 'mca-meal', paymentStatus: null });
      expect(await b.claimOf(b.dpf.id)).toMatchObject({ totalFen: 150, lineCount: 1, programmeCode: 'dpf-care' });
      expect((await b.lines(mca.id)).map((l) => [l.servedDate, l.amountFen, l.status])).toEqual([
        ['2026-11-02', 300, 'pending'],
        ['2026-11-03', 200, 'pending'],
      ]);
      // Building again gives the same claims, not twice the lines.
      expect(await b.build()).toEqual({ claims: 2, lines: 3, findings: 0, keptSubmitted: 0 });
      expect((await b.claims()).length).toBe(2);
    });

    it('a draft’s lines are its shares as they are now: a new meal comes in, a changed share shows its amount, a voided one leaves; the rebuild sums them, nothing is stored until the claim is sent, and then exactly those lines', async () => {
      const m = await b.member();
      const kept = await b.serve({ date: '2026-11-10', personRef: m.id });
      const changed = await b.serve({ date: '2026-11-11', personRef: m.id });
      const gone = await b.serve({ date: '2026-11-12', personRef: m.id });
      await b.build();
      const mca = await b.claimOf(b.mca.id);
      const before = await b.lines(mca.id);
      const stored = async () => (await b.em().find(ReconClaimLine, { claimId: mca.id }, { orderBy: { servedDate: 'asc', id: 'asc' } })).map((l) => [l.id, l.servedDate, l.amountFen, l.kind]);
      expect(await stored()).toEqual([]);

      const added = await b.serve({ date: '2026-11-13', personRef: m.id });
      await runStatement(b.em(), 'update `served_unit_share` set `amount_fen` = ? where `id` = ?', [250, changed.shares[0].id]);
      await runStatement(b.em(), 'update `served_unit_share` set `voided` = ? where `id` = ?', [true, gone.shares[0].id]);
      b.clock.set('2026-12-04T10:00:00+08:00');
      await b.build();

      const after = await b.lines(mca.id);
      const own = (ls: typeof after) => ls.filter((l) => l.personRef === m.id).map((l) => [l.id, l.servedDate, l.amountFen]);
      const expected = [
        [kept.shares[0].id, '2026-11-10', 300],
        [changed.shares[0].id, '2026-11-11', 250],
        [added.shares[0].id, '2026-11-13', 300],
      ];
      expect(own(after)).toEqual(expected);
      expect(after.length).toBe(before.length);
      // Its totals are as of the rebuild, and say so.
      expect(mca.builtAt).toBe('2026-12-03T02:00:00.000Z');
      expect(await b.claimOf(b.mca.id)).toMatchObject({ totalFen: mca.totalFen + 250 - 300, lineCount: mca.lineCount, builtAt: '2026-12-04T02:00:00.000Z' });

      await b.submit(mca.id);
      expect((await stored()).filter(([id]) => expected.some(([e]) => e === id))).toEqual(expected.map((e) => [...e, 'unit']));
      expect((await stored()).length).toBe(after.length);
      expect(await b.lines(mca.id)).toEqual(after);
      b.clock.set(DECEMBER);
    });

    it('a claim is checked again as it is sent: a meal recorded after the build on a day the site was closed stops it (422 naming the line); the draft keeps its lines', async () => {
      const m = await b.member();
      await b.serve({ date: '2026-11-20', personRef: m.id });
      await b.build();
      const dpf = await b.claimOf(b.dpf.id);
      expect(dpf.errorCount).toBe(0);
      const late = await b.serve({ date: '2026-11-21', personRef: m.id }, [{ party: 'dpf', programmeCode: 'dpf-care', amountFen: 150 }]);
      const em = b.em();
      em.create(CanteenClosedDay, { id: newId(), siteId: b.siteId, date: '2026-11-21', reason: '停水', createdBy: null });
      await em.flush();
      const res = await b.operator.post(`${API}/claims/${dpf.id}/submit`, {});
      expect([res.status, res.body.errors?.[0]]).toEqual([422, expect.objectContaining({ field: `lines.${late.shares[0].id}`, code: 'check_failed', params: expect.objectContaining({ check: 'site_closed' }) })]);
      expect(await b.claimOf(b.dpf.id)).toMatchObject({ status: 'draft', errorCount: 0, totalFen: dpf.totalFen });
      expect(await b.em().count(ReconClaimLine, { claimId: dpf.id })).toBe(0);
    });

    it('lists the checks every build runs', async () => {
      const res = await b.operator.get(`${API}/checks`);
      expect(res.status).toBe(200);
      expect(res.body.map((c: { code: string }) => c.code)).toEqual(['double_claim', 'over_capacity', 'place_out_of_service', 'after_discharge', 'after_death', 'absent_day', 'over_daily_cap', 'child_over_band', 'site_closed', 'assessment_lapsed', 'tier_unsupported']);
    });

    it('refuses a month that is not a month (400) and another site (404), and a department may not build (403)', async () => {
      expect((await b.operator.post(`${API}/claims/build`, { siteId: b.siteId, month: '2026-13' })).status).toBe(400);
      expect((await b.outsider.post(`${API}/claims/build`, { siteId: b.siteId, month: '2026-11' })).status).toBe(404);
      expect((await b.mcaClient.post(`${API}/claims/build`, { siteId: b.siteId, month: '2026-11' })).status).toBe(403);
      expect((await b.canteen.post(`${API}/claims/build`, { siteId: b.siteId, month: '2026-11' })).status).toBe(403);
    });
  });

  describe('every live check trips on the faulty line and passes the sound one', () => {
    const findingsOf = async (check: string) => {
      const out: { date: string; person: string | null; severity: string; departmentId: string }[] = [];
      for (const c of await w.claims()) {
        for (const l of await w.lines(c.id, `&check=${check}`)) {
          for (const f of l.findings.filter((x) => x.check === check)) out.push({ date: l.servedDate, person: l.personRef, severity: f.severity, departmentId: c.departmentId });
        }
      }
      return out.sort((a, b) => (a.date + a.departmentId < b.date + b.departmentId ? -1 : 1));
    };

    it('double_claim: one person’s lunch paid by two departments for the same purpose, on both lines; another day passes', async () => {
      const m = await w.member();
      await w.serve({ date: '2026-11-09', personRef: m.id }, [{ amountFen: 300 }, { party: 'dpf', amountFen: 200 }]);
      await w.serve({ date: '2026-11-10', personRef: m.id }, [{ amountFen: 300 }]);
      await w.serve({ date: '2026-11-11', personRef: m.id }, [{ party: 'dpf', amountFen: 200 }]);
      await w.build();
      expect((await findingsOf('double_claim')).map((f) => [f.date, f.person, f.severity])).toEqual([
        ['2026-11-09', m.id, 'error'],
        ['2026-11-09', m.id, 'error'],
      ]);
    });

    it('over_daily_cap: the line that carries a person’s day past 民政’s ¥5 cap; a day within it passes', async () => {
      const m = await w.member();
      await w.serve({ date: '2026-11-12', personRef: m.id }, [{ amountFen: 300 }]);
      await w.serve({ date: '2026-11-12', personRef: m.id }, [{ amountFen: 300 }]);
      await w.serve({ date: '2026-11-13', personRef: m.id }, [{ amountFen: 500 }]);
      await w.build();
      expect((await findingsOf('over_daily_cap')).filter((f) => f.person === m.id).map((f) => [f.date, f.severity])).toEqual([['2026-11-12', 'error']]);
    });

    it('after_discharge: a meal after the member was deactivated; one before passes', async () => {
      const m = await w.member();
      await w.serve({ date: '2026-11-14', personRef: m.id });
      await w.serve({ date: '2026-11-20', personRef: m.id });
      const em = w.em();
      await em.nativeUpdate(CanteenMember, { id: m.id }, { active: false, deactivatedAt: new Date('2026-11-16T02:00:00Z'), deactivationReason: '入住养老院' });
      await w.build();
      expect((await findingsOf('after_discharge')).map((f) => [f.date, f.person])).toEqual([['2026-11-20', m.id]]);
    });

    it('site_closed: a meal on a day the site recorded as closed; the next day passes', async () => {
      const m = await w.member();
      await w.serve({ date: '2026-11-17', personRef: m.id });
      await w.serve({ date: '2026-11-18', personRef: m.id });
      const em = w.em();
      em.create(CanteenClosedDay, { id: newId(), siteId: w.siteId, date: '2026-11-17', reason: '检修', createdBy: null });
      await em.flush();
      await w.build();
      expect((await findingsOf('site_closed')).map((f) => [f.date, f.person])).toEqual([['2026-11-17', m.id]]);
    });

    it('tier_unsupported: a 低保 meal after the evidence was found to have ended (a warning); one within it passes', async () => {
      const m = await w.member({ categories: [{ category: 'dibao', validFrom: '2026-01-01' }] });
      await w.serve({ date: '2026-11-05', personRef: m.id, tier: 'dibao' }, [{ amountFen: 500 }]);
      await w.serve({ date: '2026-11-25', personRef: m.id, tier: 'dibao' }, [{ amountFen: 500 }]);
      const em = w.em();
      await em.nativeUpdate(CanteenMember, { id: m.id }, { categories: [{ category: 'dibao', validFrom: '2026-01-01', validUntil: '2026-11-10' }], updatedAt: new Date() });
      await w.build();
      expect((await findingsOf('tier_unsupported')).map((f) => [f.date, f.person, f.severity])).toEqual([['2026-11-25', m.id, 'warning']]);
      expect(await w.claimOf(w.mca.id)).toMatchObject({ warningCount: 1 });
    });

    it('a claim with an error cannot be submitted (422 naming the line); nothing is sent', async () => {
      const claim = await w.claimOf(w.mca.id);
      expect(claim.errorCount).toBeGreaterThan(0);
      const res = await w.operator.post(`${API}/claims/${claim.id}/submit`, {});
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ field: expect.stringMatching(/^lines\./), code: 'check_failed' });
      expect((await w.claimOf(w.mca.id)).status).toBe('draft');
    });
  });

  describe('submitting, reviewing, answering and closing', () => {
    let s: World;
    let memberId: string;
    beforeAll(async () => {
      s = await reconWorld();
      const m = await s.member({ categories: [{ category: 'dibao', validFrom: '2026-01-01' }] });
      memberId = m.id;
      for (const date of ['2026-11-02', '2026-11-03', '2026-11-04']) await s.serve({ date, personRef: m.id, tier: 'dibao' }, [{ amountFen: 500 }]);
      await s.em().nativeUpdate(CanteenMember, { id: m.id }, { categories: [{ category: 'dibao', validFrom: '2026-01-01', validUntil: '2026-11-03' }], updatedAt: new Date() });
      await s.build();
    });
    afterAll(() => s.close());

    it('a warning needs a reason (422), the month must be over (422); with the reason it is sent and the department owes it in the ledger', async () => {
      const claim = await s.claimOf(s.mca.id);
      expect(claim.warningCount).toBe(1);
      const [line] = (await s.lines(claim.id, '&check=tier_unsupported'));
      const noReason = await s.operator.post(`${API}/claims/${claim.id}/submit`, {});
      expect([noReason.status, noReason.body.errors[0].code]).toEqual([422, 'reason_needed']);
      s.clock.set('2026-11-30T20:00:00+08:00');
      const early = await s.operator.post(`${API}/claims/${claim.id}/submit`, { reasons: [{ lineId: line.id, check: 'tier_unsupported', reason: '民政确认当月仍按低保标准' }] });
      expect([early.status, early.body.errors[0].code]).toEqual([422, 'month_not_over']);
      s.clock.set('2026-12-03T10:00:00+08:00');
      expect((await s.mcaClient.post(`${API}/claims/${claim.id}/submit`, {})).status).toBe(403);
      const sent = await s.submit(claim.id, [{ lineId: line.id, check: 'tier_unsupported', reason: '民政确认当月仍按低保标准' }]);
      expect(sent).toMatchObject({ status: 'submitted', submittedOn: '2026-12-03', paymentStatus: 'unpaid', totalFen: 1500 });
      const kept = (await s.lines(claim.id, '&check=tier_unsupported'))[0].findings[0];
      expect(kept).toMatchObject({ check: 'tier_unsupported', explanation: '民政确认当月仍按低保标准' });
      const { ledger } = await s.ledgerBalances();
      expect(ledger.accounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ account: `receivable:${s.mca.id}`, debitFen: 1500, creditFen: 0, balanceFen: 1500 }),
          expect.objectContaining({ account: 'subsidy_income:mca-meal', debitFen: 0, creditFen: 1500, balanceFen: -1500 }),
        ]),
      );
      expect((await s.operator.post(`${API}/claims/${claim.id}/submit`, {})).status).toBe(409);
    });

    it('the department sees its own claims across sites, never drafts or another department’s (404)', async () => {
      const claim = await s.claimOf(s.mca.id);
      // Other stories' sites may share this database (MariaDB: one per Jest worker): count this story's sites alone.
      const mine = (await s.mcaClient.get(`${API}/claims`)).body.filter((c: { siteId: string }) => [s.siteId, s.other.site.id].includes(c.siteId));
      expect(mine.map((c: { id: string }) => c.id)).toEqual([claim.id]);
      expect((await s.dpfClient.get(`${API}/claims`)).body).toEqual([]);
      expect((await s.dpfClient.get(`${API}/claims/${claim.id}`)).status).toBe(404);
      expect((await s.dpfClient.get(`${API}/claims/${claim.id}/lines`)).status).toBe(404);
      expect((await s.outsider.get(`${API}/claims/${claim.id}`)).status).toBe(404);
      expect((await s.community.get(`${API}/claims/${claim.id}`)).status).toBe(200);
    });

    it('the department approves lines and disputes one with a reason; the claim is part-disputed', async () => {
      const claim = await s.claimOf(s.mca.id);
      const [a, b, c] = await s.lines(claim.id);
      expect((await s.operator.post(`${API}/claims/${claim.id}/review`, { approve: [a.id] })).status).toBe(403);
      expect((await s.mcaClient.post(`${API}/claims/${claim.id}/review`, {})).status).toBe(400);
      const wrong = await s.mcaClient.post(`${API}/claims/${claim.id}/review`, { approve: ['no-such-line'] });
      expect([wrong.status, wrong.body.errors[0].field]).toEqual([422, 'approve[0]']);
      const res = await s.mcaClient.post(`${API}/claims/${claim.id}/review`, { approve: [a.id, b.id], dispute: [{ lineId: c.id, reason: '当日证明已失效' }] });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('part_disputed');
      expect((await s.lines(claim.id, '&status=disputed')).map((l) => l.id)).toEqual([c.id]);
    });

    it('the operator voids the disputed line: a refund lands in December’s draft claim, linked to it, and the claim is approved', async () => {
      const claim = await s.claimOf(s.mca.id);
      const [disputed] = await s.lines(claim.id, '&status=disputed');
      expect((await s.operator.post(`${API}/lines/${disputed.id}/answer`, { action: 'adjust', reason: '调整' })).status).toBe(422);
      const res = await s.operator.post(`${API}/lines/${disputed.id}/answer`, { action: 'void', reason: '按异议作废' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([expect.objectContaining({ kind: 'refund', amountFen: -500, correctsLineId: disputed.id, correctsPeriod: '2026-11' })]);
      expect((await s.claimOf(s.mca.id)).status).toBe('approved');
      const december = await s.claimOf(s.mca.id, '2026-12');
      expect(december).toMatchObject({ status: 'draft', totalFen: -500 });
      expect((await s.operator.post(`${API}/lines/${disputed.id}/answer`, { action: 'void', reason: '再次' })).status).toBe(409);
      await s.ledgerBalances();
    });

    it('closing November freezes it: never built again, its cancellations become refunds in December', async () => {
      expect((await s.mcaClient.post(`${API}/periods/close`, { siteId: s.siteId, month: '2026-11' })).status).toBe(403);
      const closed = await s.operator.post(`${API}/periods/close`, { siteId: s.siteId, month: '2026-11' });
      expect(closed.status).toBe(201);
      expect((await s.operator.post(`${API}/periods/close`, { siteId: s.siteId, month: '2026-11' })).status).toBe(422);
      const rebuild = await s.operator.post(`${API}/claims/build`, { siteId: s.siteId, month: '2026-11' });
      expect([rebuild.status, rebuild.body.errors[0].code]).toEqual([422, 'period_closed']);
      expect((await s.operator.get(`${API}/periods?siteId=${s.siteId}`)).body).toEqual([expect.objectContaining({ month: '2026-11', state: 'closed' })]);

      // A cancellation recorded after the freeze (through the one path that voids served units).
      const claim = await s.claimOf(s.mca.id);
      const [first] = await s.lines(claim.id);
      const unitId = (await s.em().findOneOrFail(ServedUnit, { servedDate: first.servedDate, personRef: memberId })).id;
      await s.t.orm.em.fork().transactional((tx) => markVoided(tx, [unitId], new Date('2026-12-04T02:00:00Z')));
      expect((await s.em().findOneOrFail(ServedUnit, { id: unitId })).voided).toBe(false);
      const december = await s.claimOf(s.mca.id, '2026-12');
      const decLines = await s.lines(december.id);
      expect(decLines.filter((l) => l.correctsLineId === first.id).map((l) => [l.kind, l.amountFen, l.correctsPeriod])).toEqual([['refund', -500, '2026-11']]);
      expect(december.totalFen).toBe(-1000);
      // November reads as it was sent.
      expect(await s.claimOf(s.mca.id)).toMatchObject({ totalFen: 1500, lineCount: 3 });
      // The same cancellation again changes nothing: what was claimed for the line is 0 already.
      await s.t.orm.em.fork().transactional((tx) => markVoided(tx, [unitId], new Date('2026-12-04T02:00:00Z')));
      expect((await s.claimOf(s.mca.id, '2026-12')).totalFen).toBe(-1000);
    });

    it('a month with unsent claims or unclaimed units does not close (422), and months close in order', async () => {
      await s.serve({ date: '2026-12-01', personRef: memberId }, [{ amountFen: 300 }]);
      const drafts = await s.operator.post(`${API}/periods/close`, { siteId: s.siteId, month: '2026-12' });
      expect([drafts.status, drafts.body.errors[0].code]).toEqual([422, 'drafts_open']);
      const skip = await s.operator.post(`${API}/periods/close`, { siteId: s.siteId, month: '2027-01' });
      expect(skip.status).toBe(422);
    });
  });
});
