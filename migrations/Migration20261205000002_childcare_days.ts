import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

/** A child's day (晨检, in and out, or an absence) and the carers on duty per class and day. */
export class Migration20261205000002_childcare_days extends Migration {
  async up(): Promise<void> {
    createTable(this, 'childcare_day', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'enrolment_id').notNullable();
      col.ref(t, 'class_id').notNullable();
      col.date(t, 'date').notNullable();
      t.integer('temperature_tenths').nullable();
      t.json('findings').nullable();
      t.boolean('admitted').nullable();
      t.string('check_note', 200).nullable();
      col.ref(t, 'checked_by').nullable();
      t.datetime('checked_at').nullable();
      t.datetime('check_in_at').nullable();
      col.ref(t, 'check_in_by').nullable();
      t.datetime('check_out_at').nullable();
      col.ref(t, 'check_out_by').nullable();
      t.enum('absence_reason', ['sick', 'leave', 'holiday']).nullable();
      t.string('absence_note', 200).nullable();
      t.enum('absence_marked_by', ['staff', 'parent']).nullable();
      col.ref(t, 'absence_by').nullable();
      t.datetime('absence_at').nullable();
      t.json('history').notNullable();
      t.integer('version').notNullable();
      t.datetime('updated_at').notNullable();
      t.unique(['enrolment_id', 'date']);
      t.index(['site_id', 'date']);
    });
    createTable(this, 'childcare_duty', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'class_id').notNullable();
      col.date(t, 'date').notNullable();
      t.json('carers').notNullable();
      col.ref(t, 'updated_by').notNullable();
      t.datetime('updated_at').notNullable();
      t.unique(['class_id', 'date']);
      t.index(['site_id', 'date']);
    });
  }
}
