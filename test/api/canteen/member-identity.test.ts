import { AuditEntry } from '../../../api/audit/audit-entry.entity';
import { makeMember } from '../support/factories';
import { API, canteenWorld, World } from './world';

describe('canteen members: the full 居民身份证号 is shown only to roles that need it, and every read is audited', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  it('when an operator or community admin asks, then the full number comes back and an audit entry names who read whose number', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '周审计' });
    for (const [client, user] of [
      [w.operator, w.users.operator_admin],
      [w.community, w.users.community_admin],
    ] as const) {
      const res = await client.get(`${API}/members/${m.id}/id-number`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ memberId: m.id, idNumber: m.idNumber });
      const entries = await w.em().find(AuditEntry, { subjectId: m.id, actorId: user.id });
      expect(entries).toEqual([expect.objectContaining({ action: 'canteen.member.id_number.read', subjectType: 'canteen_member', siteId: w.site.id })]);
    }
  });

  it('when canteen staff ask, then 403 and nothing is audited; lists and search show it masked', async () => {
    const m = await makeMember(w.em(), w.site.id, { name: '吴遮蔽' });
    const res = await w.staff.get(`${API}/members/${m.id}/id-number`);
    expect(res.status).toBe(403);
    expect(await w.em().count(AuditEntry, { subjectId: m.id })).toBe(0);
    const found = await w.staff.get(`${API}/members/search?siteId=${w.site.id}&q=吴遮蔽`);
    expect(found.body[0].idNumber).toBe(`${m.idNumber.slice(0, 6)}********${m.idNumber.slice(14)}`);
  });

  it('when the member is unknown, then 404; at another site, also 404, and neither is audited', async () => {
    expect((await w.operator.get(`${API}/members/no-such-member/id-number`)).status).toBe(404);
    const elsewhere = await makeMember(w.em(), w.otherSite.id);
    const res = await w.operator.get(`${API}/members/${elsewhere.id}/id-number`);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('/problems/not-found');
    expect(await w.em().count(AuditEntry, { subjectId: elsewhere.id })).toBe(0);
  });
});
