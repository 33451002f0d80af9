import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

/** A resident's contract amended from a month: care level and monthly price, with the reason, who and when. */
export class Migration20261207000401_carehome_contract_amendments extends Migration {
  async up(): Promise<void> {
    createTable(this, 'carehome_contract_amendment', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'residence_id').notNullable().index();
      t.string('from_month', 7).notNullable();
      t.string('care_level', 32).notNullable();
      col.fen(t, 'monthly_price_fen').notNullable();
      t.string('reason', 200).notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
    });
  }
}
