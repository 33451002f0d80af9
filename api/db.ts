import fs from 'node:fs';
import path from 'node:path';
import { MikroORM, Options } from '@mikro-orm/core';
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
