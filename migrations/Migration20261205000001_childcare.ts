import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

const CLASS_KINDS = ['infant', 'toddler', 'older', 'mixed'];
const MODES = ['full_day', 'half_day', 'hourly'];
const HALVES = ['morning', 'afternoon'];
const APPLICATION_STATUSES = ['draft', 'submitted', 'offered', 'enrolled', 'withdrawn', 'rejected'];

export class Migration20261205000001_childcare extends Migration {
  async up(): Promise<void> {
    createTable(this, 'childcare_settings', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable().unique();
      t.integer('offer_deadline_working_days').notNullable();
      t.datetime('updated_at').notNullable();
      col.ref(t, 'updated_by').nullable();
    });
    createTable(this, 'childcare_class', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.enum('kind', CLASS_KINDS).notNullable();
      t.string('name', 50).notNullable();
      t.string('name_en', 100).nullable();
      t.integer('size').notNullable();
      t.integer('children_per_carer').notNullable();
      col.createdAt(t);
      t.datetime('updated_at').notNullable();
      t.index(['site_id']);
    });
    createTable(this, 'childcare_application', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      t.string('child_name', 50).notNullable();
      t.string('id_number', 18).notNullable();
      col.date(t, 'birth_date').notNullable();
      col.date(t, 'start_date').notNullable();
      t.enum('mode', MODES).notNullable();
      t.enum('half', HALVES).nullable();
      t.json('choices').notNullable();
      t.boolean('any_class').notNullable();
      t.json('facts').notNullable();
      t.json('events').notNullable();
      t.enum('status', APPLICATION_STATUSES).notNullable();
      t.datetime('applied_at').nullable();
      t.integer('version').notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
      t.datetime('updated_at').notNullable();
      t.index(['site_id', 'status']);
      t.index(['household_id']);
    });
    createTable(this, 'childcare_application_status_change', (t) => {
      col.id(t);
      col.ref(t, 'application_id').notNullable().index();
      col.ref(t, 'site_id').notNullable();
      t.string('from_status', 16).nullable();
      t.string('to_status', 16).notNullable();
      col.ref(t, 'changed_by').nullable();
      t.datetime('changed_at').notNullable();
      t.string('reason', 200).nullable();
    });
    createTable(this, 'childcare_rule_set', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.integer('version').notNullable();
      col.date(t, 'effective_from').notNullable();
      t.json('rules').notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'version']);
    });
    createTable(this, 'childcare_offer', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'application_id').notNullable().index();
      col.ref(t, 'class_id').notNullable();
      t.string('place_id', 80).notNullable();
      col.date(t, 'offered_on').notNullable();
      col.date(t, 'deadline').notNullable();
      t.boolean('holidays_known').notNullable();
      t.enum('status', ['open', 'accepted', 'declined', 'lapsed']).notNullable();
      t.integer('rule_set_version').notNullable();
      t.integer('position').notNullable();
      t.datetime('answered_at').nullable();
      col.ref(t, 'answered_by').nullable();
      col.createdAt(t);
      t.index(['site_id', 'status']);
    });
    createTable(this, 'childcare_enrolment', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'application_id').notNullable().unique();
      col.ref(t, 'class_id').notNullable().index();
      t.enum('mode', MODES).notNullable();
      t.enum('half', HALVES).nullable();
      col.date(t, 'from_date').notNullable();
      col.date(t, 'to_date').nullable();
      col.createdAt(t);
      t.index(['site_id']);
    });
  }
}
