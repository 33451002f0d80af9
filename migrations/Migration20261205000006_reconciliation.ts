import { Migration } from '@mikro-orm/migrations';
import { alterTable, col, createTable } from './schema';

const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'part_disputed'];
const LINE_KINDS = ['unit', 'refund', 'correction', 'adjustment'];
const LINE_STATUSES = ['pending', 'approved', 'disputed', 'voided', 'adjusted'];

export class Migration20261205000006_reconciliation extends Migration {
  async up(): Promise<void> {
    // The person a unit served, from its quote's subject, as a column: claims group and check by it set-based.
    alterTable(this, 'served_unit', (t) => {
      col.ref(t, 'person_ref').nullable();
    });
    this.addSql(
      "update `served_unit` set `person_ref` = (select `member_id` from `canteen_order` where `canteen_order`.`id` = `served_unit`.`source_id`) where `service` = 'canteen'",
    );
    alterTable(this, 'served_unit_share', (t) => {
      t.index(['site_id', 'served_date']);
    });
    createTable(this, 'recon_period', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.string('month', 7).notNullable();
      t.enum('state', ['open', 'closed']).notNullable();
      t.datetime('closed_at').nullable();
      col.ref(t, 'closed_by').nullable();
      t.unique(['site_id', 'month']);
    });
    createTable(this, 'recon_claim', (t) => {
      col.id(t);
      col.ref(t, 'department_id').notNullable();
      t.string('programme_code', 64).notNullable();
      col.ref(t, 'site_id').notNullable();
      t.string('period', 7).notNullable();
      t.enum('status', CLAIM_STATUSES).notNullable();
      col.fen(t, 'total_fen').notNullable();
      t.integer('quantity').notNullable();
      t.integer('line_count').notNullable();
      t.integer('error_count').notNullable();
      t.integer('warning_count').notNullable();
      t.datetime('built_at').notNullable();
      t.datetime('submitted_at').nullable();
      col.date(t, 'submitted_on').nullable();
      col.ref(t, 'submitted_by').nullable();
      t.datetime('reviewed_at').nullable();
      col.createdAt(t);
      t.unique(['department_id', 'programme_code', 'site_id', 'period']);
      t.index(['site_id', 'period']);
    });
    createTable(this, 'recon_claim_line', (t) => {
      col.id(t);
      col.ref(t, 'claim_id').notNullable();
      col.ref(t, 'department_id').notNullable();
      col.ref(t, 'site_id').notNullable();
      t.enum('kind', LINE_KINDS).notNullable();
      col.ref(t, 'served_unit_id').nullable();
      col.date(t, 'served_date').notNullable();
      col.ref(t, 'person_ref').nullable();
      t.string('service_line', 64).notNullable();
      t.string('tier', 32).notNullable();
      t.integer('quantity').notNullable();
      col.fen(t, 'amount_fen').notNullable();
      t.enum('status', LINE_STATUSES).notNullable();
      t.string('dispute_reason', 200).nullable();
      t.string('note', 200).nullable();
      col.ref(t, 'corrects_line_id').nullable();
      t.string('corrects_period', 7).nullable();
      t.datetime('created_at').notNullable();
      t.index(['claim_id', 'served_date']);
      t.index(['corrects_line_id']);
      t.index(['person_ref']);
      t.index(['site_id', 'served_date']);
    });
    createTable(this, 'recon_finding', (t) => {
      col.id(t);
      col.ref(t, 'claim_id').notNullable();
      col.ref(t, 'line_id').notNullable();
      t.string('check_code', 32).notNullable();
      t.enum('severity', ['error', 'warning']).notNullable();
      t.string('reason_zh', 200).notNullable();
      t.string('reason_en', 200).notNullable();
      t.string('explanation', 200).nullable();
      t.index(['claim_id', 'check_code']);
    });
    createTable(this, 'recon_payment', (t) => {
      col.id(t);
      col.ref(t, 'department_id').notNullable();
      col.ref(t, 'site_id').notNullable();
      col.date(t, 'paid_on').notNullable();
      col.fen(t, 'amount_fen').notNullable();
      col.fen(t, 'allocated_fen').notNullable();
      t.string('reference', 64).notNullable();
      t.string('payer_account', 64).nullable();
      t.string('row_key', 64).nullable().unique();
      col.ref(t, 'import_id').nullable();
      col.ref(t, 'recorded_by').notNullable();
      col.createdAt(t);
      t.index(['site_id', 'department_id']);
    });
    createTable(this, 'recon_allocation', (t) => {
      col.id(t);
      col.ref(t, 'payment_id').notNullable().index();
      col.ref(t, 'claim_id').notNullable().index();
      col.ref(t, 'department_id').notNullable();
      col.ref(t, 'site_id').notNullable();
      col.fen(t, 'amount_fen').notNullable();
      col.ref(t, 'allocated_by').notNullable();
      col.createdAt(t);
    });
    createTable(this, 'recon_payment_import', (t) => {
      col.id(t);
      col.ref(t, 'department_id').notNullable();
      col.ref(t, 'site_id').notNullable();
      t.string('file_hash', 64).notNullable();
      t.string('file_name', 200).nullable();
      t.integer('rows').notNullable();
      t.integer('imported').notNullable();
      col.ref(t, 'imported_by').notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'department_id', 'file_hash']);
    });
    createTable(this, 'recon_journal', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.string('kind', 32).notNullable();
      t.string('ref', 200).notNullable();
      col.date(t, 'posted_on').notNullable();
      col.ref(t, 'posted_by').notNullable();
      col.createdAt(t);
      t.index(['site_id', 'posted_on']);
    });
    createTable(this, 'recon_posting', (t) => {
      col.id(t);
      col.ref(t, 'journal_id').notNullable().index();
      col.ref(t, 'site_id').notNullable();
      t.string('account', 100).notNullable();
      col.fen(t, 'debit_fen').notNullable();
      col.fen(t, 'credit_fen').notNullable();
      t.index(['site_id', 'account']);
    });
  }
}
