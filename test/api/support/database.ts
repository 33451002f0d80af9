import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../../api/config';

/**
 * Where this Jest worker's tests keep their data: a fresh SQLite file per test file, or on
 * MySQL/MariaDB (DATABASE_URL) a database per worker, created clean by the global setup.
 */
export function testDatabase(): Config['database'] {
  const url = process.env.DATABASE_URL;
  if (!url || url.startsWith('sqlite:')) {
    const file = path.join(os.tmpdir(), `xingfuli-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`);
    return { kind: 'sqlite', file, poolMax: 1 };
  }
  return { kind: url.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: workerDatabaseUrl(url, process.env.JEST_WORKER_ID ?? '1'), poolMax: 10 };
}

export function workerDatabaseUrl(url: string, worker: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/^\//, '') || 'test'}_w${worker}`;
  return u.toString();
}
