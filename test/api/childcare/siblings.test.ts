import { API, BORN, childcareWorld, World } from './world';
import { childIdNumber } from '../support/factories';

/** Twins applying together, "together or not at all", on a site with one toddler class. */
describe('childcare siblings applying together', () => {
  let w: World;
  let klass: { id: string };
  beforeAll(async () => {
    w = await childcareWorld();
    klass = await w.openClass({ size: 1 });
  });
  afterAll(() => w.close());

  const link = (client: World['parent'], id: string, applicationIds: string[]) => client.post(`${API}/applications/${id}/siblings`, { applicationIds });
  const read = (client: World['parent'], id: string) => client.get(`${API}/applications/${id}`).then((r) => r.body);

  it('when twins are linked and one place is free, then neither is offered it and it goes to the next family; with two more places both are offered at once', async () => {
    const family = await w.family();
    const a = await w.applyAs(family.client, { childName: '大宝', idNumber: childIdNumber(BORN) });
    const b = await w.applyAs(family.client, { childName: '二宝', idNumber: childIdNumber(BORN) });
    const linked = await link(family.client, a.body.id, [b.body.id]);
    expect(linked.status).toBe(200);
    expect(linked.body.siblingGroupId).toEqual(expect.any(String));
    expect((await read(family.client, b.body.id)).siblingGroupId).toBe(linked.body.siblingGroupId);

    // One twin submitted, the other still a draft: the group is not ready, nothing is offered to it.
    await family.client.post(`${API}/applications/${a.body.id}/submit`);
    expect((await read(family.client, a.body.id)).offer).toBeNull();
    await family.client.post(`${API}/applications/${b.body.id}/submit`);
    expect([(await read(family.client, a.body.id)).offer, (await read(family.client, b.body.id)).offer]).toEqual([null, null]);

    const next = await w.submitted(w.parent, { childName: '小明' });
    expect((await read(w.parent, next.id)).offer).toMatchObject({ status: 'open', classId: klass.id });

    expect((await w.staff.patch(`${API}/classes/${klass.id}`, { size: 3 })).status).toBe(200);
    const [offerA, offerB] = [(await read(family.client, a.body.id)).offer, (await read(family.client, b.body.id)).offer];
    expect([offerA?.status, offerB?.status]).toEqual(['open', 'open']);
    expect(offerA.offeredOn).toBe(offerB.offeredOn);
  });

  it('when a family links what is not its own, itself, or twice the same, then 404, 400; staff may not link (403); an empty list unlinks', async () => {
    const mine = await w.applyAs(w.parent, { childName: '小刚', idNumber: childIdNumber(BORN) });
    const theirs = await w.applyAs((await w.family()).client, { childName: '小丽', idNumber: childIdNumber(BORN) });
    expect((await link(w.parent, mine.body.id, [theirs.body.id])).status).toBe(404);
    expect((await link(w.outsiderParent, mine.body.id, [])).status).toBe(404);
    const self = await link(w.parent, mine.body.id, [mine.body.id]);
    expect([self.status, self.body.errors?.[0]?.field]).toEqual([400, 'applicationIds[0]']);
    const sibling = await w.applyAs(w.parent, { childName: '小强', idNumber: childIdNumber(BORN) });
    const twice = await link(w.parent, mine.body.id, [sibling.body.id, sibling.body.id]);
    expect([twice.status, twice.body.errors?.[0]?.field]).toEqual([400, 'applicationIds']);
    expect((await link(w.staff, mine.body.id, [sibling.body.id])).status).toBe(403);

    expect((await link(w.parent, mine.body.id, [sibling.body.id])).body.siblingGroupId).not.toBeNull();
    const unlinked = await link(w.parent, mine.body.id, []);
    expect(unlinked.body.siblingGroupId).toBeNull();
    expect((await read(w.parent, sibling.body.id)).siblingGroupId).not.toBeNull();
  });
});
