import { Migration } from '@mikro-orm/migrations';
import { alterTable, col, createTable } from './schema';

/**
 * Childcare fees: a site's absence rules (null: the default), siblings applying together, and
 * one row per billed slot-month (unique per enrolment and month, so a month is never billed twice).
 */
export class Migration20261205000003_childcare_fees extends Migration {
  async up(): Promise<void> {
    alterTable(this, 'childcare_settings', (t) => {
      t.boolean('refund_meals_per_absent_day').nullable();
      t.boolean('sick_month_free').nullable();
    });
    alterTable(this, 'childcare_application', (t) => {
      col.ref(t, 'sibling_group_id').nullable();
    });
    createTable(this, 'childcare_fee', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'enrolment_id').notNullable();
      col.ref(t, 'application_id').notNullable();
      t.string('month', 7).notNullable();
      t.string('service_line', 64).notNullable();
      t.string('tier', 32).notNullable();
      col.ref(t, 'served_unit_id').notNullable();
      col.fen(t, 'resident_pays_fen').notNullable();
      col.fen(t, 'meals_fen').notNullable();
      t.integer('enrolled_days').notNullable();
      t.integer('absent_days').notNullable();
      t.json('refunds').notNullable();
      col.fen(t, 'charged_fen').notNullable();
      col.ref(t, 'billed_by').notNullable();
      col.createdAt(t);
      t.unique(['enrolment_id', 'month']);
      t.index(['site_id', 'month']);
      t.index(['household_id']);
    });
  }
}
