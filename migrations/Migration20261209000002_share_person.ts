import { Migration } from '@mikro-orm/migrations';
import { alterTable, col } from './schema';

/*
 * A share carries its unit's person and quantity, and the shares' claimed index covers them: a
 * draft claim's totals and the person-day checks read the shares' index alone, without looking
 * up a served unit per share (measured by `npm run bench:close`).
 */
/** Each share takes its unit's person and quantity. */
export const SHARE_FROM_UNIT =
  'update `served_unit_share` set `person_ref` = (select `person_ref` from `served_unit` where `served_unit`.`id` = `served_unit_share`.`served_unit_id`), `quantity` = (select `quantity` from `served_unit` where `served_unit`.`id` = `served_unit_share`.`served_unit_id`)';

export class Migration20261209000002_share_person extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'served_unit_share', (t) => {
      col.ref(t, 'person_ref').nullable();
      t.integer('quantity').notNullable().defaultTo(this.getKnex().raw('1'));
    });
    this.addSql(SHARE_FROM_UNIT);
    alterTable(this, 'served_unit_share', (t) => {
      t.dropIndex([], 'served_unit_share_claimed_index');
      t.index(['site_id', 'served_date', 'party_kind', 'source', 'voided', 'party_id', 'programme_code', 'amount_fen', 'served_unit_id', 'person_ref', 'quantity'], 'served_unit_share_claimed_index');
    });
  }
}
