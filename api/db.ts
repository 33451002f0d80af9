import fs from 'node:fs';
import path from 'node:path';
import { EntityManager, EntityMetadata, EntityName, MikroORM, Options, Utils } from '@mikro-orm/core';
import { BaseSqlitePlatform, SqlEntityManager } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import type { Config } from './config';
import { entities } from './entities';
import { migrationsList } from '../migrations';

export type ORM = MikroORM;

/**
 * MikroORM's MySQL driver misreads MariaDB's schema (nullable columns, JSON checks; MikroORM
 * issue #5582), so a `mysql://` URL that reaches a MariaDB server gets the MariaDB driver.
 */
async function serverIsMariaDb(url: string): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(rows[0].version);
  } finally {
    await connection.end();
  }
}

async function driverOptions(db: Config['database']): Promise<Options> {
  if (db.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(path.resolve(db.file!)), { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LibSqlDriver } = require('@mikro-orm/libsql');
    // SQLite serialises writers: one connection, short transactions (STYLE.md).
    return { driver: LibSqlDriver, dbName: db.file, pool: { min: 1, max: 1 } };
  }
   
  const clientUrl = db.url!.replace(/^mariadb:/, 'mysql:');
  const mariadb = db.kind === 'mariadb' || (await serverIsMariaDb(clientUrl));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = mariadb ? require('@mikro-orm/mariadb').MariaDbDriver : require('@mikro-orm/mysql').MySqlDriver;
  return {
    driver,
    clientUrl,
    forceUtcTimezone: true,
    pool: { min: 0, max: db.poolMax },
    // The drivers give up on a new connection after 1 s (mariadb) or 10 s (mysql2); a server busy
    // with a rush, or a Galera node joining, deserves the longer wait before a request fails.
    driverOptions: { connection: { connectTimeout: 10_000 } },
  };
}

export async function ormOptions(db: Config['database'], log: (message: string) => void = () => {}): Promise<Options> {
  return {
    ...(await driverOptions(db)),
    logger: log,
    entities,
    extensions: [Migrator],
    // MySQL-family DDL commits implicitly, so a migration transaction would be a false promise there.
    migrations: { migrationsList, transactional: db.kind === 'sqlite', snapshot: false },
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: process.env.ORM_DEBUG === "1",
  };
}

/** Opens the ORM; `migrate` brings the schema up to date (the only way a schema is made). */
export async function initORM(db: Config['database'], { migrate = true, log }: { migrate?: boolean; log?: (message: string) => void } = {}): Promise<ORM> {
  const orm = await MikroORM.init(await ormOptions(db, log));
  if (migrate) await orm.getMigrator().up();
  return orm;
}

/** Names of migrations not yet applied; /api/ready answers 503 while any remain. */
export async function pendingMigrations(orm: ORM): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}

// ── Hand-written SQL ─────────────────────────────────────────────────────────────────
// Where a module's hand-written SQL earns its place (the lunch rush's batched order writes, a
// lock in id order, a set-based report), it goes through these helpers, which send it through
// MikroORM's public connection API on the caller's transaction (or the pool): the same path as
// the ORM's own statements, logged and converted to the ORM's exceptions (deadlock, unique
// violation …) alike. Each module names its statements in functions of its own
// (`<module>.queries.ts`); nothing here reaches into the driver or knex.
// Identifiers are backtick-quoted, which MySQL, MariaDB and SQLite all read. Values are passed
// apart from the text; MikroORM 6 escapes them into the statement it sends (7 binds them), so
// a text value may not hold a NUL byte: the request parser refuses one with a 400 first.

type Method = 'all' | 'run';

const isSqlite = (em: EntityManager) => em.getPlatform() instanceof BaseSqlitePlatform;

/** A parameter as the ORM would write it: instants as UTC text on MySQL/MariaDB (forceUtcTimezone), epoch ms on SQLite. */
function bindable(em: EntityManager, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  return isSqlite(em) ? em.getPlatform().processDateProperty(value) : value.toISOString().replace('T', ' ').replace('Z', '');
}

async function execute(em: EntityManager, sql: string, params: readonly unknown[], method: Method): Promise<unknown> {
  try {
    return await (em as SqlEntityManager).getConnection().execute(sql, params.map((v) => bindable(em, v)), method, em.getTransactionContext());
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  }
}

export async function selectRows<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return (await execute(em, sql, params, 'all')) as T[];
}

/** Runs an INSERT, UPDATE or DELETE; answers how many rows it changed. */
export async function runStatement(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<number> {
  return ((await execute(em, sql, params, 'run')) as { affectedRows: number }).affectedRows;
}

/** `?, ?, ?`: one parameter per value, for an `in (…)` list. */
export const marks = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/** ` for update` where rows can be locked; SQLite serialises writers instead. */
export const forUpdate = (em: EntityManager): string => (isSqlite(em) ? '' : ' for update');

/** A JSON column's value: MySQL and MariaDB drivers parse it, SQLite hands back the text. */
export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** A BIGINT or DATETIME column as the JS value the entity would hold. */
export const fromBigint = (value: unknown): number => Number(value);
export const fromDatetime = (value: unknown): Date => (value instanceof Date ? value : typeof value === 'number' ? new Date(value) : new Date(`${String(value).replace(' ', 'T')}Z`));

interface InsertShape {
  head: string;
  row: string;
  columns: { name: string; convert: (value: unknown) => unknown }[];
}
const insertShapes = new WeakMap<EntityMetadata, InsertShape>();

function insertShape(em: EntityManager, meta: EntityMetadata): InsertShape {
  let shape = insertShapes.get(meta);
  if (shape) return shape;
  const platform = em.getPlatform();
  const props = meta.props.filter((p) => p.persist !== false && p.fieldNames?.length === 1);
  shape = {
    head: `insert into ${platform.quoteIdentifier(meta.tableName)} (${props.map((p) => platform.quoteIdentifier(p.fieldNames[0])).join(', ')}) values `,
    row: `(${marks(props)})`,
    columns: props.map((p) => ({
      name: p.name,
      convert: (value: unknown) => {
        if (value == null) return null;
        return p.customType ? p.customType.convertToDatabaseValue(value, platform, { key: p.name, mode: 'query-data' }) : value;
      },
    })),
  };
  insertShapes.set(meta, shape);
  return shape;
}

/** Rows per statement: a few hundred keeps a statement well under any server's packet limit. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts whole rows (every column given, as the entity's properties) with one multi-row
 * statement per ROWS_PER_STATEMENT. Each statement is all or nothing; rows that must land
 * together beyond one statement's worth belong in a transaction.
 */
export async function insertRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly T[]): Promise<void> {
  if (!rows.length) return;
  const shape = insertShape(em, em.getMetadata().get(Utils.className(entity)));
  const statements: Promise<unknown>[] = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
    const params = chunk.flatMap((row) => shape.columns.map((c) => c.convert((row as Record<string, unknown>)[c.name])));
    statements.push(execute(em, shape.head + chunk.map(() => shape.row).join(', '), params, 'run'));
  }
  await Promise.all(statements);
}
