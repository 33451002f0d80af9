import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { insertRows, selectRows } from '../../../api/db';
import { newId } from '../../../api/entity-helpers';
import { IdempotencyRecord, IIdempotencyRecord } from '../../../api/idempotency.entity';
import { IJournalEntry, JournalEntry } from '../../../api/modules/canteen/journal.entity';
import { startTestApp, TestApp } from '../support/app';

// insertRows sends a multi-row VALUES list through MikroORM's connection; on every database a
// row must read back exactly as written.
describe('hand-written SQL: insertRows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const entry = (i: number, extra: Partial<IJournalEntry> = {}): IJournalEntry => ({
    id: newId(),
    siteId: 'site-lean-sql',
    kind: 'order.payment',
    memberId: i % 2 ? newId() : null,
    orderId: null,
    staffId: 'staff-1',
    amountFen: i * 1_000_000_007,
    businessDate: '2026-11-23',
    reference: i % 3 ? null : `参考号'"\\ ${i}`,
    memo: i % 2 ? null : `备注 ${i}：低盐，不要葱`,
    createdAt: new Date(Date.UTC(2026, 10, 23, 1, 2, i)),
    ...extra,
  });

  it('writes rows mixing nulls and values in a column, quotes, backslashes, CJK text, large integers and instants', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => entry(i));
    await insertRows(t.orm.em.fork(), JournalEntry, rows);
    const stored = await t.orm.em.fork().find(JournalEntry, { siteId: 'site-lean-sql' }, { orderBy: { amountFen: 'asc' } });
    expect(stored.map((e) => ({ ...e }))).toEqual(rows);
  });

  it('writes long text as it is', async () => {
    const responseBody = JSON.stringify({ reasons: Array.from({ length: 200 }, (_, i) => `「${i}」 \\ ' " \n ¥12.50 😀`) });
    const record: IIdempotencyRecord = { id: newId(), userId: 'user-lean', key: 'k-long', requestHash: 'h', statusCode: 201, responseBody, createdAt: new Date() };
    await insertRows(t.orm.em.fork(), IdempotencyRecord, [record]);
    const [row] = await selectRows<{ response_body: string }>(t.orm.em.fork(), 'select `response_body` from `idempotency_record` where `key` = ?', ['k-long']);
    expect(row.response_body).toBe(responseBody);
  });

  it('a row that breaks a unique key fails the whole insert: none of its rows is written', async () => {
    const twice = newId();
    const rows = [entry(1), entry(2, { id: twice }), entry(3, { id: twice }), entry(4)].map((r) => ({ ...r, siteId: 'site-lean-atomic' }));
    await expect(insertRows(t.orm.em.fork(), JournalEntry, rows)).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await t.orm.em.fork().count(JournalEntry, { siteId: 'site-lean-atomic' })).toBe(0);
  });

  it('in a transaction, a failed insert leaves nothing the transaction wrote', async () => {
    const first = entry(1, { siteId: 'site-lean-unique' });
    const again = entry(2, { siteId: 'site-lean-unique', id: first.id });
    await expect(
      t.orm.em.fork().transactional(async (tx) => {
        await insertRows(tx, JournalEntry, [entry(3, { siteId: 'site-lean-unique' })]);
        await insertRows(tx, JournalEntry, [first, again]);
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await t.orm.em.fork().count(JournalEntry, { siteId: 'site-lean-unique' })).toBe(0);
  });
});
