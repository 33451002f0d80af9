import { runStatement, selectRows } from '../../../api/db';
import { ReconClaimLine } from '../../../api/modules/reconciliation/reconciliation.entity';
import { DRAFT_UNIT_LINES_GO } from '../../../migrations/Migration20261209000001_recon_draft_lines';
import { SHARE_FROM_UNIT } from '../../../migrations/Migration20261209000002_share_person';
import { reconWorld, World } from './world';

describe('migration: a draft claim’s unit lines are its shares, which carry their unit’s person and quantity', () => {
  let w: World;
  beforeAll(async () => {
    w = await reconWorld();
  });
  afterAll(() => w.close());

  it('a share written before takes its unit’s person and quantity', async () => {
    const m = await w.member();
    const { unit, shares } = await w.serve({ date: '2026-11-02', personRef: m.id });
    await runStatement(w.em(), 'update `served_unit_share` set `person_ref` = null, `quantity` = 1 where `id` = ?', [shares[0].id]);
    await runStatement(w.em(), 'update `served_unit` set `quantity` = 3 where `id` = ?', [unit.id]);
    await runStatement(w.em(), SHARE_FROM_UNIT);
    const [share] = await selectRows<{ person_ref: string; quantity: unknown }>(w.em(), 'select `person_ref`, `quantity` from `served_unit_share` where `id` = ?', [shares[0].id]);
    expect([share.person_ref, Number(share.quantity)]).toEqual([m.id, 3]);
  });

  it('the unit lines a draft stored go (its shares stand for them, and it still lists them); its correction lines stay', async () => {
    const m = await w.member();
    await w.serve({ date: '2026-11-03', personRef: m.id });
    await w.build();
    const draft = await w.claimOf(w.mca.id);
    const [shown] = await w.lines(draft.id);
    const em = w.em();
    const line = (id: string, kind: 'unit' | 'correction') => em.create(ReconClaimLine, {
      id, claimId: draft.id, departmentId: w.mca.id, siteId: w.siteId, kind, servedUnitId: null, servedDate: '2026-11-03', personRef: m.id, serviceLine: 'canteen.lunch',
      tier: 'age70', quantity: 1, amountFen: 300, status: 'pending', disputeReason: null, note: null, correctsLineId: null, correctsPeriod: null, createdAt: new Date(),
    });
    line(shown.id, 'unit');
    line('00000000-0000-7000-8000-000000000001', 'correction');
    await em.flush();
    await runStatement(w.em(), DRAFT_UNIT_LINES_GO);
    expect((await w.em().find(ReconClaimLine, { claimId: draft.id })).map((l) => l.kind)).toEqual(['correction']);
    expect((await w.lines(draft.id)).filter((l) => l.kind === 'unit').map((l) => l.id)).toContain(shown.id);
  });
});
