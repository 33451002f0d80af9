import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

const LEVELS = ['always', 'emergency', 'never'];

export class Migration20261205000005_afterschool extends Migration {
  async up(): Promise<void> {
    createTable(this, 'afterschool_settings', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable().unique();
      t.integer('ratio_base_children').notNullable();
      t.integer('ratio_base_staff').notNullable();
      t.integer('ratio_children_per_extra_staff').notNullable();
      t.integer('check_in_within_minutes').notNullable();
      t.integer('escalate_after_minutes').notNullable();
      t.datetime('updated_at').notNullable();
      col.ref(t, 'updated_by').nullable();
    });
    createTable(this, 'afterschool_period', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      t.enum('kind', ['term', 'camp']).notNullable();
      t.string('name', 50).notNullable();
      col.date(t, 'from_date').notNullable();
      col.date(t, 'to_date').notNullable();
      t.json('makeup_follows').notNullable();
      t.json('closed_dates').notNullable();
      col.createdAt(t);
      t.index(['site_id']);
    });
    createTable(this, 'afterschool_group', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'period_id').notNullable().index();
      t.string('name', 50).notNullable();
      t.string('room', 50).notNullable();
      t.integer('capacity').notNullable();
      t.integer('min_age').notNullable();
      t.integer('max_age').notNullable();
      t.integer('grade_from').nullable();
      t.integer('grade_to').nullable();
      t.json('weekdays').notNullable();
      t.string('start_time', 5).notNullable();
      t.string('end_time', 5).notNullable();
      col.createdAt(t);
      t.index(['site_id']);
    });
    createTable(this, 'afterschool_session', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'group_id').notNullable();
      col.ref(t, 'period_id').notNullable();
      col.date(t, 'pattern_date').notNullable();
      col.date(t, 'date').notNullable();
      t.string('start_time', 5).notNullable();
      t.string('end_time', 5).notNullable();
      t.boolean('cancelled').notNullable();
      t.string('note', 200).nullable();
      t.unique(['group_id', 'pattern_date']);
      t.index(['site_id', 'date']);
    });
    createTable(this, 'afterschool_child', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable().index();
      t.string('name', 50).notNullable();
      t.string('id_number', 18).notNullable();
      col.date(t, 'birth_date').notNullable();
      t.string('school', 100).notNullable();
      t.integer('grade').notNullable();
      t.string('medical_notes', 500).nullable();
      t.json('leave_alone_on').notNullable();
      col.createdAt(t);
      t.unique(['site_id', 'id_number']);
    });
    createTable(this, 'afterschool_collector', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'child_id').notNullable().index();
      t.string('name', 50).notNullable();
      t.string('relation', 30).notNullable();
      t.string('phone', 20).notNullable();
      t.string('id_last4', 4).notNullable();
      t.enum('level', LEVELS).notNullable();
    });
    createTable(this, 'afterschool_delegation', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'child_id').notNullable().index();
      t.string('name', 50).notNullable();
      t.string('phone', 20).notNullable();
      t.string('id_last4', 4).notNullable();
      col.date(t, 'date').notNullable();
      t.string('from_time', 5).notNullable();
      t.string('until_time', 5).notNullable();
      col.ref(t, 'created_by').notNullable();
      col.createdAt(t);
    });
    createTable(this, 'afterschool_enrolment', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'child_id').notNullable().index();
      col.ref(t, 'group_id').notNullable();
      col.ref(t, 'period_id').notNullable();
      t.integer('weekday').notNullable();
      col.date(t, 'start_date').notNullable();
      t.enum('status', ['waiting', 'enrolled', 'withdrawn']).notNullable();
      t.datetime('applied_at').notNullable();
      t.datetime('enrolled_at').nullable();
      t.json('events').notNullable();
      col.ref(t, 'created_by').notNullable();
      t.index(['site_id', 'status']);
      t.index(['group_id', 'weekday', 'status']);
    });
    createTable(this, 'afterschool_attendance', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'session_id').notNullable();
      col.ref(t, 'child_id').notNullable();
      t.enum('state', ['checked_in', 'checked_out', 'absent']).notNullable();
      t.datetime('checked_in_at').nullable();
      col.ref(t, 'checked_in_by').nullable();
      t.datetime('checked_out_at').nullable();
      col.ref(t, 'checked_out_by').nullable();
      t.json('collection').nullable();
      t.unique(['session_id', 'child_id']);
    });
    createTable(this, 'afterschool_refusal', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'session_id').notNullable();
      col.ref(t, 'child_id').notNullable();
      t.string('claimant_name', 50).nullable();
      t.string('claimant_id_last4', 4).nullable();
      t.boolean('alone').notNullable();
      t.string('reason', 40).notNullable();
      col.ref(t, 'supervisor_id').nullable();
      col.ref(t, 'recorded_by').notNullable();
      t.datetime('at').notNullable();
      t.index(['site_id', 'at']);
    });
    createTable(this, 'afterschool_roster', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'session_id').notNullable();
      col.ref(t, 'staff_id').notNullable();
      t.unique(['session_id', 'staff_id']);
      t.index(['site_id']);
    });
    createTable(this, 'afterschool_notification', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      t.string('kind', 32).notNullable();
      t.string('subject', 200).notNullable();
      t.string('body', 1000).notNullable();
      t.string('channel', 16).notNullable();
      t.enum('status', ['pending', 'sent', 'failed']).notNullable();
      t.integer('attempts').notNullable();
      col.createdAt(t);
      t.datetime('sent_at').nullable();
      t.index(['status']);
      t.index(['site_id']);
    });
  }
}
