import { workerDatabaseUrl } from './support/database';

/** On MySQL/MariaDB, each Jest worker gets its own empty database for this run. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || url.startsWith('sqlite:')) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const admin = new URL(url.replace(/^mariadb:/, 'mysql:'));
  admin.pathname = '/';
  const connection = await mysql.createConnection(admin.toString());
  try {
    for (let worker = 1; worker <= 4; worker++) {
      const db = new URL(workerDatabaseUrl(url, String(worker))).pathname.slice(1);
      await connection.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await connection.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
  } finally {
    await connection.end();
  }
}
