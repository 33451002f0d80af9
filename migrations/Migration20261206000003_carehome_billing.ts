import { Migration } from '@mikro-orm/migrations';
import { alterTable, col, createTable } from './schema';

/**
 * Care-home billing: a site's deposit cap (null: the default), one bill per residence and month
 * (unique, so a month is never billed twice), a family's payments, and the recorded decisions to
 * settle arrears from a deposit.
 */
export class Migration20261206000003_carehome_billing extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'carehome_settings', (t) => {
      t.integer('deposit_cap_months').nullable();
    });
    createTable(this, 'carehome_bill', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'residence_id').notNullable();
      col.ref(t, 'application_id').notNullable();
      t.string('month', 7).notNullable();
      t.string('care_level', 32).notNullable();
      t.string('service_line', 64).notNullable();
      t.string('tier', 32).notNullable();
      t.integer('served_days').notNullable();
      t.integer('leave_days').notNullable();
      col.fen(t, 'served_family_fen').notNullable();
      col.fen(t, 'leave_charged_fen').notNullable();
      col.fen(t, 'charged_fen').notNullable();
      col.fen(t, 'department_fen').notNullable();
      col.fen(t, 'full_cost_fen').notNullable();
      t.json('split').notNullable();
      t.json('days').notNullable();
      t.json('review_flags').notNullable();
      col.ref(t, 'billed_by').notNullable();
      col.createdAt(t);
      t.unique(['residence_id', 'month']);
      t.index(['site_id', 'month']);
      t.index(['household_id']);
    });
    createTable(this, 'carehome_payment', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'residence_id').notNullable();
      col.fen(t, 'amount_fen').notNullable();
      col.date(t, 'paid_on').notNullable();
      t.enum('method', ['cash', 'bank_transfer', 'mobile']).notNullable();
      t.string('note', 200).nullable();
      col.ref(t, 'recorded_by').notNullable();
      col.createdAt(t);
      t.index(['residence_id']);
      t.index(['site_id']);
    });
    createTable(this, 'carehome_deposit_use', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'residence_id').notNullable();
      col.fen(t, 'amount_fen').notNullable();
      t.string('reason', 200).notNullable();
      col.date(t, 'decided_on').notNullable();
      col.ref(t, 'decided_by').notNullable();
      col.createdAt(t);
      t.index(['residence_id']);
    });
  }
}
