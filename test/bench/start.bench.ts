/**
 * How soon a fresh `npm start` is ready: `tsx api/server.ts`, as npm start runs it, from the
 * spawn to the first 200 of GET /api/ready, with the CPU its processes had used by then (the
 * machine is shared, so the wall time alone says little). Three cases, BENCH_RUNS times each
 * (default 3), medians printed:
 *   - the baseline: a database already seeded and the web app built (a second start);
 *   - an empty DATA_DIR with the web app built (a first start after `npm run build:web`);
 *   - an empty DATA_DIR and no web app (a first start after `npm install`: it builds the web
 *     app into a temp WEB_DIST, so dist/web is left alone).
 *
 * Run: npm run bench:start (Linux: the CPU is read from /proc).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const BUILT = path.join(ROOT, 'dist', 'web');

/** CPU ms used by the processes of a group, their reaped children included (/proc/<pid>/stat). */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function startOnce(dataDir: string, webDist: string): Promise<{ wallMs: number; cpuMs: number }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir, WEB_DIST: webDist, SEED_DEMO: 'true', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const started = performance.now();
  // Its own process group: the CPU of tsx, the server and a web build it runs is read together, and all are stopped together.
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['api/server.ts'], { cwd: ROOT, env, detached: true, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error('the server stopped before it was ready');
      const ready = await fetch(`http://127.0.0.1:${port}/api/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return { wallMs: performance.now() - started, cpuMs: groupCpuMs(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => (exited ? resolve(null) : child.once('exit', resolve)));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A temp dir for `use`, removed after it. */
async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-start-'));
  try {
    return await use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(BUILT, 'index.html'))) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  await inTempDir(async (seeded) => {
    await startOnce(seeded, BUILT);
    const cases: { name: string; run: () => Promise<{ wallMs: number; cpuMs: number }> }[] = [
      { name: 'seeded database, web app built (baseline)', run: () => startOnce(seeded, BUILT) },
      { name: 'empty DATA_DIR, web app built', run: () => inTempDir((data) => startOnce(data, BUILT)) },
      { name: 'empty DATA_DIR, no web app built yet', run: () => inTempDir((data) => inTempDir((web) => startOnce(data, web))) },
    ];
    console.log(`\nstart bench: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} runs per case (medians)`);
    console.log(`${'case'.padEnd(44)} ${'to ready'.padStart(10)} ${'CPU by then'.padStart(12)}`);
    for (const c of cases) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await c.run());
      console.log(`${c.name.padEnd(44)} ${`${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(1)} s`.padStart(10)} ${`${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(1)} s`.padStart(12)}`);
    }
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
