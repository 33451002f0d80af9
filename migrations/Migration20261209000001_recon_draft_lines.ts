import { Migration } from '@mikro-orm/migrations';
import { alterTable } from './schema';

/*
 * A draft claim's unit lines are its shares now, stored only when the claim is sent: the unit
 * lines drafts already have go (the shares they copied are still there). Checks find a unit's
 * person through the served units' person index instead of the lines'; a cancellation finds
 * the sent lines of its units by theirs.
 */
/** The unit lines a draft stored before: its shares stand for them now. */
export const DRAFT_UNIT_LINES_GO = "delete from `recon_claim_line` where `kind` = 'unit' and `claim_id` in (select `id` from `recon_claim` where `status` = 'draft')";

export class Migration20261209000001_recon_draft_lines extends Migration {
  async up(): Promise<void> {
    this.addSql(DRAFT_UNIT_LINES_GO);
    alterTable(this, 'served_unit', (t) => {
      t.index(['person_ref']);
    });
    alterTable(this, 'recon_claim_line', (t) => {
      t.dropIndex(['person_ref']);
      t.index(['served_unit_id']);
    });
  }
}
