import { Migration } from '@mikro-orm/migrations';
import { createTable } from './schema';

/** The login limits' counts, in the database so every app instance shares them. */
export class Migration20261204000001_auth extends Migration {
  async up(): Promise<void> {
    createTable(this, 'rate_limit', (t) => {
      t.string('bucket', 64).primary().notNullable();
      t.integer('hits').notNullable();
      t.datetime('resets_at').notNullable().index();
    });
  }
}
