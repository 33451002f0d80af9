import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

const BED_STATES = ['available', 'held', 'occupied', 'on_leave', 'cleaning', 'out_of_service'];
const APPLICATION_STATUSES = ['waiting', 'offered', 'admitted', 'discharged', 'withdrawn'];

export class Migration20261205000004_carehome extends Migration {
  async up(): Promise<void> {
    createTable(this, 'carehome_settings', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable().unique();
      t.integer('offer_deadline_working_days').notNullable();
      t.datetime('updated_at').notNullable();
      col.ref(t, 'updated_by').nullable();
    });
    createTable(this, 'carehome_room', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.integer('floor').notNullable();
      t.string('code', 16).notNullable();
      t.enum('room_type', ['single', 'double', 'triple', 'quad']).notNullable();
      t.enum('sex', ['men', 'women', 'mixed']).notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'code']);
    });
    createTable(this, 'carehome_bed', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'room_id').notNullable().index();
      t.string('code', 16).notNullable();
      t.json('features').notNullable();
      t.json('care_levels').notNullable();
      t.enum('state', BED_STATES).notNullable();
      t.datetime('state_since').notNullable();
      t.string('state_reason', 200).nullable();
      col.createdAt(t);
      t.unique(['site_id', 'code']);
    });
    createTable(this, 'carehome_bed_state_change', (t) => {
      col.id(t);
      col.ref(t, 'bed_id').notNullable().index();
      col.ref(t, 'site_id').notNullable();
      t.string('from_state', 16).notNullable();
      t.string('to_state', 16).notNullable();
      col.ref(t, 'changed_by').nullable();
      t.datetime('changed_at').notNullable();
      t.string('reason', 200).nullable();
    });
    createTable(this, 'carehome_application', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      t.string('name', 50).notNullable();
      t.string('id_number', 18).notNullable();
      col.date(t, 'birth_date').notNullable();
      t.enum('sex', ['male', 'female']).notNullable();
      t.string('contact_name', 50).notNullable();
      t.string('contact_phone', 20).notNullable();
      col.date(t, 'desired_date').notNullable();
      t.string('needs', 500).nullable();
      t.json('required_features').notNullable();
      t.json('facts').notNullable();
      t.json('events').notNullable();
      t.enum('status', APPLICATION_STATUSES).notNullable();
      t.datetime('applied_at').notNullable();
      t.integer('version').notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
      t.datetime('updated_at').notNullable();
      t.index(['site_id', 'status']);
      t.index(['household_id']);
    });
    createTable(this, 'carehome_status_change', (t) => {
      col.id(t);
      col.ref(t, 'application_id').notNullable().index();
      col.ref(t, 'site_id').notNullable();
      t.string('from_status', 16).nullable();
      t.string('to_status', 16).notNullable();
      col.ref(t, 'changed_by').nullable();
      t.datetime('changed_at').notNullable();
      t.string('reason', 200).nullable();
    });
    createTable(this, 'carehome_assessment', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'application_id').notNullable().index();
      col.date(t, 'assessed_on').notNullable();
      col.date(t, 'valid_until').notNullable();
      t.json('scores').notNullable();
      t.boolean('comatose').notNullable();
      t.boolean('dementia_or_mental_disorder').notNullable();
      t.integer('risk_events').notNullable();
      t.json('part_scores').notNullable();
      t.integer('total').notNullable();
      t.string('preliminary_grade', 16).notNullable();
      t.string('final_grade', 16).notNullable();
      t.json('adjustments').notNullable();
      t.string('care_level', 32).notNullable();
      col.ref(t, 'assessed_by').notNullable();
      col.createdAt(t);
    });
    createTable(this, 'carehome_offer', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'application_id').notNullable().index();
      col.ref(t, 'bed_id').notNullable();
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
    createTable(this, 'carehome_residence', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'application_id').notNullable().unique();
      col.ref(t, 'bed_id').notNullable().index();
      col.date(t, 'admitted_on').notNullable();
      t.string('care_level', 32).notNullable();
      col.fen(t, 'monthly_price_fen').notNullable();
      col.fen(t, 'deposit_fen').notNullable();
      col.date(t, 'discharged_on').nullable();
      t.enum('discharge_reason', ['moved', 'hospital', 'deceased']).nullable();
      t.json('checklist').nullable();
      t.json('settlement').nullable();
      col.ref(t, 'discharged_by').nullable();
      col.createdAt(t);
      t.index(['site_id']);
    });
    createTable(this, 'carehome_bed_stay', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'residence_id').notNullable().index();
      col.ref(t, 'bed_id').notNullable();
      col.date(t, 'from_date').notNullable();
      col.date(t, 'to_date').nullable();
      t.string('reason', 200).nullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
    });
    createTable(this, 'carehome_leave', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'residence_id').notNullable().index();
      col.date(t, 'from_date').notNullable();
      col.date(t, 'expected_back').notNullable();
      col.date(t, 'returned_on').nullable();
      t.string('reason', 200).notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
    });
  }
}
