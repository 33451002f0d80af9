import fs from 'node:fs';
import path from 'node:path';
import { EntityManager, EntityMetadata, EntityName, MikroORM, Options, Utils } from '@mikro-orm/core';
import { BaseSqlitePlatform, Knex, SqlEntityManager } from '@mikro-orm/knex';
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const clientUrl = db.url!.replace(/^mariadb:/, 'mysql:');
  const mariadb = db.kind === 'mariadb' || (await serverIsMariaDb(clientUrl));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = mariadb ? require('@mikro-orm/mariadb').MariaDbDriver : require('@mikro-orm/mysql').MySqlDriver;
  return {
    driver,
    clientUrl,
    forceUtcTimezone: true,
    pool: { min: 0, max: db.poolMax },
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

// ── Lean SQL for the lunch rush ──────────────────────────────────────────────────────
// The order path reads and writes through these instead of the query builder and the unit
// of work. On MySQL and MariaDB they hand the statement to the driver itself, on the
// connection of the caller's transaction (or one from the pool): no identity map, change
// sets, criteria trees or query formatting, a third of the CPU of em.execute. The statements
// are still logged through the ORM's logger, and driver errors become the ORM's exceptions
// (deadlock, unique violation …). Identifiers are backtick-quoted, which MySQL, MariaDB and
// SQLite all read; values are always bound by the driver, never spliced into the text.

type Method = 'all' | 'run';

type Callback = (err: Error | null, result: unknown) => void;

/** What both mysql2 and mariadb connections offer (callback style, as knex holds them). */
interface DriverConnection {
  query(options: { sql: string }, values: unknown[], callback: Callback): void;
  /**
   * The mariadb driver only: MariaDB's bulk protocol, one prepared statement run for many rows
   * whose values travel binary. Long text (a quote snapshot, a kept answer) is copied as it
   * is, where the text protocol escapes it character by character in JavaScript.
   */
  batch?(sql: string, rows: unknown[][], callback: Callback): void;
}

/** A statement in the text protocol, or an INSERT of many rows, which MariaDB takes in bulk. */
type Statement = { sql: string; params: unknown[] } | { head: string; row: string; rows: unknown[][] };

const textOf = (statement: Statement): { sql: string; params: unknown[] } =>
  'rows' in statement ? { sql: statement.head + statement.rows.map(() => statement.row).join(', '), params: statement.rows.flat() } : statement;

/** A parameter as the ORM would bind it: instants as UTC text on MySQL/MariaDB (forceUtcTimezone), epoch ms on SQLite. */
function bindable(em: EntityManager, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  return isSqlite(em) ? em.getPlatform().processDateProperty(value) : value.toISOString().replace('T', ' ').replace('Z', '');
}

const isSqlite = (em: EntityManager) => em.getPlatform() instanceof BaseSqlitePlatform;

function logged(em: EntityManager, statement: Statement, took: number, result: unknown): void {
  const logger = em.config.getLogger();
  if (!logger.isEnabled('query')) return;
  const { sql, params } = textOf(statement);
  const rows = Array.isArray(result) ? { results: result.length } : { affected: (result as { affectedRows?: number }).affectedRows };
  logger.logQuery({ level: 'info', query: em.getPlatform().formatQuery(sql, params.map((v) => bindable(em, v))), took, ...rows });
}

function send(connection: DriverConnection, statement: Statement, bind: (value: unknown) => unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done: Callback = (err, res) => (err ? reject(err) : resolve(res));
    if ('rows' in statement && connection.batch) return connection.batch(statement.head + statement.row, statement.rows.map((r) => r.map(bind)), done);
    const { sql, params } = textOf(statement);
    connection.query({ sql }, params.map(bind), done);
  });
}

async function execute(em: EntityManager, statement: Statement, method: Method): Promise<unknown> {
  const bind = (value: unknown) => bindable(em, value);
  const ctx = em.getTransactionContext<Knex.Transaction>();
  try {
    if (isSqlite(em)) {
      const { sql, params } = textOf(statement);
      return await (em as SqlEntityManager).getConnection().execute(sql, params.map(bind), method, ctx);
    }
    // A transaction's client hands out the transaction's own connection; the base client, one from the pool.
    const client = (ctx ?? (em as SqlEntityManager).getKnex()).client;
    const connection = (await client.acquireConnection()) as DriverConnection;
    try {
      const started = Date.now();
      const result = await send(connection, statement, bind);
      logged(em, statement, Date.now() - started, result);
      return method === 'run' ? { affectedRows: (result as { affectedRows: number }).affectedRows } : result;
    } finally {
      await client.releaseConnection(connection);
    }
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  }
}

export async function selectRows<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await execute(em, { sql, params }, 'all')) as T[];
}

/** Runs an INSERT, UPDATE or DELETE; answers how many rows it changed. */
export async function runStatement(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  return ((await execute(em, { sql, params }, 'run')) as { affectedRows: number }).affectedRows;
}

/** `?, ?, ?`: one bound parameter per value, for an `in (…)` list. */
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

/** SQLite binds at most this many parameters in a statement (MySQL and MariaDB, 65,535). */
const MOST_PARAMETERS = 32_766;

/**
 * Inserts whole rows (every column given, as the entity's properties), as few statements as the
 * parameter limit allows. Each statement is all or nothing, a bulk one on MariaDB included; rows
 * that must land together beyond one statement's worth belong in a transaction.
 */
export async function insertRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly T[]): Promise<void> {
  if (!rows.length) return;
  const shape = insertShape(em, em.getMetadata().get(Utils.className(entity)));
  const perStatement = Math.floor(MOST_PARAMETERS / shape.columns.length);
  const statements: Promise<unknown>[] = [];
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement).map((row) => shape.columns.map((c) => c.convert((row as Record<string, unknown>)[c.name])));
    statements.push(execute(em, { head: shape.head, row: shape.row, rows: chunk }, 'run'));
  }
  await Promise.all(statements);
}
