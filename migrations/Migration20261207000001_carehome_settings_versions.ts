import { Migration } from '@mikro-orm/migrations';
import { alterTable } from './schema';

/**
 * A version of a site's care-home rules also carries its settings from that date: the care levels
 * with their monthly prices, voucher grades, reassessment months, the 请假 tiers and the reduced
 * care share. Null: the settings of the version before stand (older rows keep working).
 */
export class Migration20261207000001_carehome_settings_versions extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'carehome_rule_set', (t) => {
      t.json('settings').nullable();
    });
  }
}
