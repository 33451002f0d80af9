import { makeIdNumber } from '../../../domain/shared/identity';
import { newMember } from '../../../api/modules/canteen/members.service';
import { makeMember, unique } from '../support/factories';
import { API, canteenWorld, World } from './world';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '秀英桂兰玉兰淑珍建国国华志强德明文华春梅凤英海燕红梅丽华建华永刚金凤志明秀兰振华淑英德胜';

describe('canteen members: the counter’s search', () => {
  let w: World;
  let zhang: { id: string; cardNumber: string; idNumber: string };
  beforeAll(async () => {
    w = await canteenWorld();
    const em = w.em();
    zhang = await makeMember(em, w.site.id, { name: '张三丰', phone: '13807241234', idNumber: makeIdNumber('420802', '1942-04-09', 577) });
    await makeMember(em, w.site.id, { name: '张三', phone: '13911110000' });
    await makeMember(em, w.site.id, { name: '曾国藩', phone: '13911110001' });
    // 1,600 members, as at 幸福里, so the search is timed on a realistic site.
    for (let i = 0; i < 1600; i++) {
      const name = SURNAMES[i % SURNAMES.length] + GIVEN.slice((i * 2) % GIVEN.length, ((i * 2) % GIVEN.length) + 2);
      const birth = `19${30 + (i % 35)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      newMember(em, w.site.id, { cardNumber: unique('B'), name, idNumber: makeIdNumber('420803', birth, i % 1000), phone: `15900${String(i).padStart(4, '0')}99` }, 0);
    }
    await em.flush();
  }, 60_000);
  afterAll(() => w.close());

  const search = (q: string, extra = '') => w.staff.get(`${API}/members/search?siteId=${w.site.id}&q=${encodeURIComponent(q)}${extra}`);

  it('when staff type zsf, then 张三丰 is found by pinyin initials', async () => {
    const res = await search('zsf');
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ id: zhang.id, name: '张三丰', match: { kind: 'initials' } });
  });

  it('when staff type the start of a name, then the fuller match ranks first (张三 before 张三丰)', async () => {
    const res = await search('张三');
    expect(res.body.slice(0, 2).map((m: { name: string }) => m.name)).toEqual(['张三', '张三丰']);
  });

  it('when staff type full pinyin, the everyday reading of a surname, the last 4 of the phone or ID number, or the card number, then the member is found that way', async () => {
    expect((await search('zhangsanf')).body[0]).toMatchObject({ id: zhang.id, match: { kind: 'pinyin' } });
    expect((await search('cengguo')).body[0]).toMatchObject({ name: '曾国藩', match: { kind: 'pinyin' } });
    expect((await search('1234')).body[0]).toMatchObject({ id: zhang.id, match: { kind: 'phone_last4' } });
    const idLast4 = zhang.idNumber.slice(-4);
    expect((await search(idLast4)).body.map((m: { id: string }) => m.id)).toContain(zhang.id);
    expect((await search(zhang.cardNumber.toLowerCase())).body[0]).toMatchObject({ id: zhang.id, match: { kind: 'card', score: 100 } });
  });

  it('results show the masked ID number, the wallet and today’s tier, and never deactivated members unless asked', async () => {
    const gone = await makeMember(w.em(), w.site.id, { name: '欧阳停用' });
    await w.staff.post(`${API}/members/${gone.id}/deactivate`, {});
    expect((await search('欧阳停用')).body).toEqual([]);
    expect((await search('欧阳停用', '&includeInactive=true')).body[0]).toMatchObject({ id: gone.id, active: false });
    const hit = (await search('zsf')).body[0];
    expect(hit.idNumber).toMatch(/^420802\*{8}/);
    expect(hit).toMatchObject({ walletBalanceFen: 0, tier: { tier: 'age80' } });
  });

  // How fast it is at this size is the members benchmark's to measure, not a timed test's.
  it('on 1,600 members, a one-letter query ranks every candidate and answers the best 50', async () => {
    const res = await search('w', '&limit=50');
    expect(res.body).toHaveLength(50);
    expect(res.body.every((hit: { match: { score: number } }, i: number, all: { match: { score: number } }[]) => i === 0 || all[i - 1].match.score >= hit.match.score)).toBe(true);
  });

  it('when the query is empty, then 400 names q; another site is out of scope; other roles are forbidden', async () => {
    const res = await search('  ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('query.q');
    expect((await w.outsider.get(`${API}/members/search?siteId=${w.site.id}&q=zsf`)).body.type).toBe('/problems/not-found');
    expect((await w.childcare.get(`${API}/members/search?siteId=${w.site.id}&q=zsf`)).status).toBe(403);
  });
});
