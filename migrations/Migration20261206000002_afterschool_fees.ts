import { Migration } from '@mikro-orm/migrations';
import { alterTable } from './schema';

/**
 * After-school fees by tier: the child's 低保 fact as the family claimed it and staff verified it
 * (null: not claimed). Only a verified fact prices the child's sessions on the 低保 tier.
 */
export class Migration20261206000002_afterschool_fees extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'afterschool_child', (t) => {
      t.json('dibao').nullable();
    });
  }
}
