import { Migration } from '@mikro-orm/migrations';
import { col, createTable } from './schema';

/** 临时托 days booked from a class's free places. */
export class Migration20261206000001_childcare_bookings extends Migration {
  async up(): Promise<void> {
    createTable(this, 'childcare_booking', (t) => {
      col.id(t);
      col.ref(t, 'site_id').notNullable();
      col.ref(t, 'household_id').notNullable();
      col.ref(t, 'class_id').notNullable();
      col.date(t, 'date').notNullable();
      col.ref(t, 'application_id').nullable();
      t.string('child_name', 50).notNullable();
      t.string('id_number', 18).notNullable();
      col.date(t, 'birth_date').notNullable();
      t.enum('status', ['booked', 'cancelled']).notNullable();
      col.ref(t, 'booked_by').notNullable();
      col.createdAt(t);
      col.ref(t, 'cancelled_by').nullable();
      t.datetime('cancelled_at').nullable();
      t.datetime('check_in_at').nullable();
      col.ref(t, 'check_in_by').nullable();
      col.ref(t, 'served_unit_id').nullable();
      t.index(['site_id', 'date']);
      t.index(['household_id']);
    });
  }
}
