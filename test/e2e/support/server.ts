/**
 * Starts the whole app (API + built web app) for the journeys, the way `npm start` does:
 * `tsx api/server.ts` on a free port, with the embedded SQLite database in a fresh temp
 * DATA_DIR (DATABASE_URL unset) seeded with the demo logins, then waits until
 * `GET /api/ready` answers 200.
 * Its output goes to test-results/e2e-server.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, RESULTS_DIR } from './paths';

export interface AppServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** How long to wait for /api/ready (ms). */
  readyTimeoutMs?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/ready`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM the process group, then SIGKILL if it has not exited within `graceMs`. */
function killGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const pid = child.pid;
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export async function startAppServer(options: StartOptions = {}): Promise<AppServer> {
  const serverEntry = join(REPO_ROOT, 'api', 'server.ts');
  if (!existsSync(serverEntry)) throw new Error(`api/server.ts does not exist yet: the journeys need the API (${serverEntry})`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'xingfuli-e2e-'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = join(RESULTS_DIR, 'e2e-server.log');
  const log = createWriteStream(logFile);

  // Like `npm start` on a fresh machine: development mode, embedded SQLite, demo logins seeded.
  // (Jest sets NODE_ENV=test, under which the server would not seed.)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    // Every journey logs in afresh, so the demo logins sign in dozens of times a run.
    LOGIN_RATE_LIMIT: '1000',
    ...options.env,
  };
  delete env.DATABASE_URL;

  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const [command, args] = existsSync(tsx) ? [tsx, [serverEntry]] : ['npx', ['tsx', serverEntry]];
  // detached: its own process group, so stop() also ends tsx's child node process.
  const child = spawn(command, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });

  const stop = async (): Promise<void> => {
    await killGroup(child);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!(await isReady(baseUrl))) {
    if (exited) {
      await stop();
      throw new Error(`api/server.ts stopped before it was ready (${exited}). Last log lines:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`api/server.ts was not ready within the timeout. Last log lines:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
  return { baseUrl, port, dataDir, logFile, stop };
}
