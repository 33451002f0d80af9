import { Migration } from '@mikro-orm/migrations';
import { alterTable } from './schema';

/*
 * Indexes that let a city's month of claims be built by scanning indexes in order instead of
 * looking up a million rows one by one (measured by `npm run bench:close`). Each replaces an
 * index that is its prefix, so nothing that used the old one loses it.
 */
export class Migration20261206000006_reconciliation_indexes extends Migration {
  async up(): Promise<void> {
    // The department shares of some sites' month, with every column a claim takes from the share.
    alterTable(this, 'served_unit_share', (t) => {
      t.dropIndex(['site_id', 'served_date']);
      t.index(['site_id', 'served_date', 'party_kind', 'source', 'voided', 'party_id', 'programme_code', 'amount_fen', 'served_unit_id'], 'served_unit_share_claimed_index');
    });
    // A claim's lines with what its totals and the grouped checks (double claim, daily cap) read.
    alterTable(this, 'recon_claim_line', (t) => {
      t.dropIndex(['claim_id', 'served_date']);
      t.index(['claim_id', 'served_date', 'kind', 'person_ref', 'service_line', 'department_id', 'amount_fen', 'quantity', 'served_unit_id'], 'recon_claim_line_claim_index');
    });
  }
}
