import { startTestApp, TestApp } from '../support/app';

describe('schema: migrations are the only way a schema is made', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('after migrating, the schema diff against the entities is empty', async () => {
    const diff = await t.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('no migration is pending', async () => {
    expect(await t.orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});
