import type { Knex } from '@mikro-orm/knex';
import type { Migration } from '@mikro-orm/migrations';

/**
 * Column shapes shared by every migration, written with knex's schema builder so one set of
 * migrations builds the same schema on SQLite and MySQL/MariaDB (no dialect SQL by hand).
 * They mirror api/entity-helpers.ts; the schema-drift test keeps the two in step.
 */
export const col = {
  id: (t: Knex.CreateTableBuilder) => t.string('id', 36).primary().notNullable(),
  ref: (t: Knex.CreateTableBuilder, name: string) => t.string(name, 36),
  createdAt: (t: Knex.CreateTableBuilder, name = 'created_at') => t.datetime(name).notNullable(),
  fen: (t: Knex.CreateTableBuilder, name: string) => t.bigInteger(name),
  date: (t: Knex.CreateTableBuilder, name: string) => t.string(name, 10),
};

export type TableBuilder = (t: Knex.CreateTableBuilder) => void;

/**
 * Adds a CREATE TABLE (and its indexes) to a migration. A fresh schema builder per table:
 * knex's builder accumulates, so reusing one would repeat earlier tables.
 */
export function createTable(migration: Migration, table: string, build: TableBuilder): void {
  for (const { sql } of migration.getKnex().schema.createTable(table, build).toSQL()) migration.addSql(sql);
}

export function alterTable(migration: Migration, table: string, build: TableBuilder): void {
  for (const { sql } of migration.getKnex().schema.alterTable(table, build).toSQL()) migration.addSql(sql);
}
