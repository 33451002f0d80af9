import { Migration } from '@mikro-orm/migrations';
import { col, createTable, TableBuilder } from './schema';

export class Migration20261122000001_foundation extends Migration {
  async up(): Promise<void> {
    const add = (table: string, build: TableBuilder) => createTable(this, table, build);

    add('site', (t) => {
        col.id(t);
        t.string('code', 32).notNullable().unique();
        t.string('name', 100).notNullable();
        t.string('community', 100).notNullable();
        t.string('district', 100).notNullable();
        t.integer('household_count').notNullable();
        col.createdAt(t);
      });
    add('household', (t) => {
        col.id(t);
        col.ref(t, 'site_id').notNullable().index();
        t.string('name', 100).notNullable();
        col.createdAt(t);
      });
    add('department', (t) => {
        col.id(t);
        t.string('code', 16).notNullable().unique();
        t.string('name', 100).notNullable();
        t.string('name_en', 100).notNullable();
        col.createdAt(t);
      });
    add('party', (t) => {
        col.id(t);
        t.enum('kind', ['community', 'department', 'institution', 'operator', 'social', 'resident']).notNullable();
        t.string('name', 100).notNullable();
        t.string('name_en', 100).notNullable();
        col.ref(t, 'site_id').nullable().index();
        col.ref(t, 'department_id').nullable().index();
        col.createdAt(t);
      });
    add('app_user', (t) => {
        col.id(t);
        t.string('username', 64).notNullable().unique();
        t.string('display_name', 100).notNullable();
        t.string('password_hash', 255).notNullable();
        t.enum('role', [
          'canteen_staff',
          'childcare_staff',
          'care_staff',
          'afterschool_staff',
          'operator_admin',
          'community_admin',
          'department',
          'parent',
          'family',
        ]).notNullable();
        col.ref(t, 'department_id').nullable();
        col.ref(t, 'household_id').nullable();
        t.boolean('active').notNullable();
        col.createdAt(t);
      });
    add('user_site', (t) => {
        col.id(t);
        col.ref(t, 'user_id').notNullable();
        col.ref(t, 'site_id').notNullable().index();
        t.unique(['user_id', 'site_id']);
      });
    add('session', (t) => {
        t.string('sid', 128).primary().notNullable();
        t.text('data').notNullable();
        t.datetime('expires_at').notNullable().index();
      });
    add('audit_entry', (t) => {
        col.id(t);
        col.createdAt(t, 'at');
        col.ref(t, 'actor_id').nullable();
        t.string('action', 64).notNullable();
        t.string('subject_type', 64).notNullable();
        t.string('subject_id', 64).nullable();
        col.ref(t, 'site_id').nullable();
        t.json('detail').nullable();
        t.index(['site_id', 'at']);
      });
    add('idempotency_record', (t) => {
        col.id(t);
        col.ref(t, 'user_id').notNullable();
        t.string('key', 128).notNullable();
        t.string('request_hash', 64).notNullable();
        t.integer('status_code').notNullable();
        t.text('response_body').notNullable();
        col.createdAt(t);
        t.unique(['user_id', 'key']);
      });
  }
}
