import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

export class Migration20261206000004_carehome_rules extends Migration {
  async up(): Promise<void> {
    // A site's own versions of its order of admission; version 1 is the built-in one (特困 first).
    createTable(this, 'carehome_rule_set', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.integer('version').notNullable();
      col.date(t, 'effective_from').notNullable();
      t.json('rules').notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'version']);
    });
  }
}
