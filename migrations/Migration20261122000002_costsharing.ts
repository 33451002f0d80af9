import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

const COMPONENTS = ['materials', 'labour', 'utilities', 'consumables', 'space', 'depreciation', 'overhead'];

export class Migration20261122000002_costsharing extends Migration {
  async up(): Promise<void> {
    createTable(this, 'cost_model_version', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.string('service_line', 64).notNullable();
      col.date(t, 'effective_from').notNullable();
      t.enum('unit', ['meal', 'slot_month', 'slot_day', 'bed_month', 'bed_day', 'session']).notNullable();
      for (const c of COMPONENTS) col.fen(t, `${c}_fen`).notNullable();
      t.string('margin_floor', 12).notNullable();
      t.string('margin_target', 12).notNullable();
      t.string('margin_cap', 12).notNullable();
      col.fen(t, 'price_step_fen').notNullable();
      col.fen(t, 'min_price_fen').notNullable();
      t.enum('price_rounding', ['half-up', 'up', 'down']).notNullable();
      col.ref(t, 'operator_party_id').notNullable();
      col.ref(t, 'resident_party_id').notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'service_line', 'effective_from']);
    });
    createTable(this, 'contribution_rule', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.string('service_line', 64).notNullable();
      col.ref(t, 'party_id').notNullable().index();
      t.enum('mechanism', ['in_kind_space', 'tier_subsidy', 'fixed_grant', 'charity_pool', 'volunteer_hours']).notNullable();
      t.string('label_zh', 100).notNullable();
      t.string('label_en', 100).notNullable();
      col.date(t, 'effective_from').nullable();
      col.date(t, 'effective_to').nullable();
      t.json('settings').notNullable();
      col.createdAt(t);
      t.index(['site_id', 'service_line']);
    });
    createTable(this, 'funding_account', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.string('account', 64).notNullable();
      t.integer('year').notNullable();
      col.fen(t, 'limit_fen').notNullable();
      col.fen(t, 'drawn_fen').notNullable();
      t.integer('units').notNullable();
      t.unique(['site_id', 'account', 'year']);
    });
    createTable(this, 'served_unit', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.enum('service', ['canteen', 'childcare', 'carehome', 'afterschool']).notNullable();
      t.string('service_line', 64).notNullable();
      col.ref(t, 'source_id').notNullable();
      col.date(t, 'served_date').notNullable();
      t.string('tier', 32).notNullable();
      t.integer('quantity').notNullable();
      col.ref(t, 'cost_model_version_id').notNullable();
      col.fen(t, 'full_cost_fen').notNullable();
      col.fen(t, 'resident_pays_fen').notNullable();
      col.fen(t, 'margin_fen').notNullable();
      t.boolean('voided').notNullable();
      t.json('quote').notNullable();
      col.createdAt(t);
      t.index(['site_id', 'served_date']);
      t.index(['source_id']);
    });
    createTable(this, 'served_unit_share', (t) => {
      col.id(t);
      col.ref(t, 'served_unit_id').notNullable().index();
      col.ref(t, 'site_id').notNullable();
      col.date(t, 'served_date').notNullable();
      col.ref(t, 'party_id').notNullable();
      t.string('party_kind', 16).notNullable();
      t.string('source', 32).notNullable();
      t.string('programme_code', 64).nullable();
      col.fen(t, 'amount_fen').notNullable();
      t.boolean('voided').notNullable();
      t.index(['party_id', 'served_date']);
    });
  }
}
