/**
 * Canteen orders per second against MariaDB/MySQL, next to a baseline endpoint in the same
 * process that does one plain INSERT through mysql2, under the same load.
 *
 * Run: npm run bench:orders  (DATABASE_URL names the server, default
 * mysql://root@127.0.0.1:3306/test; the bench drops and recreates its own database `bench`
 * there, or BENCH_DATABASE). Knobs: BENCH_POOL (connection pool, default the app's 10),
 * BENCH_MEMBERS / BENCH_GUESTS (1,600 / 400), BENCH_SEQUENTIAL=1 (also time one connection),
 * BENCH_VERBOSE=1 (print the SQL of one order), BENCH_CPU_PROFILE=<file> (a CPU profile of the
 * 50-connection order run; BENCH_PROFILE_AT=200 profiles the other one), BENCH_IDEMPOTENCY=0
 * (orders without an Idempotency-Key), BENCH_LOG_LEVEL=info (log every request, as production does), BENCH_WORKERS=0 (autocannon
 * on the app's own thread instead of a worker thread), BENCH_CONNECTIONS=50 (measure one of the
 * two concurrencies only, when comparing a change run after run).
 *
 * It seeds one site with the 幸福里 cost sharing, 1,600 members with wallets and a published
 * lunch plan, starts the app on a loopback port, and POSTs one lunch order per member plus
 * guests (2,000 requests) with autocannon at 50 and then 200 connections, each run on its
 * own meal date so every member orders once per run. Each concurrency is measured three times
 * in the same run: the app as it runs (its order desk takes the orders that arrive together in
 * one transaction), the same app taking each order in a transaction of its own (DESK_BATCH=1),
 * and a baseline endpoint doing one plain INSERT through mysql2. Then an open-loop run sends
 * 2,000 requests at a fixed 200 a second (four times a 100-site city's lunch peak) to each,
 * evenly spaced by a sender of our own in a worker thread (open-loop.cjs: autocannon's rate
 * sends each second's share in one burst), each request timed from when it was due.
 * Like the counter, each order carries a session cookie, the CSRF token and its own
 * Idempotency-Key. autocannon runs in a worker thread of the same process: off the app's event
 * loop, as a real client is, but on the same two cores; "cpu ms/req" (this process's CPU time
 * per request) counts the load generator too, and "machine" the busy time of every core
 * (MariaDB as well), which bounds what the machine can serve at all. A run lasts from its start
 * to the app's last response. Targets: the desk ≥ 1.5× one transaction per order (or the desk
 * goes); orders/s ≥ ½ baseline; p99 < 50 ms at 200 orders/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import inspector from 'node:inspector';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { uuidv7 } from 'uuidv7';
import { createApp } from '../../api/app';
import { User, UserSite } from '../../api/auth/user.entity';
import { hashPassword } from '../../api/auth/passport';
import { loadConfig } from '../../api/config';
import { initORM } from '../../api/db';
import { newId } from '../../api/entity-helpers';
import { CanteenOrder } from '../../api/modules/canteen/order.entity';
import { newMember } from '../../api/modules/canteen/members.service';
import { CanteenPlan, CanteenSetMeal } from '../../api/modules/canteen/plan.entity';
import { openWallet } from '../../api/modules/canteen/wallet.service';
import { FundingAccount } from '../../api/modules/costsharing/cost-model.entity';
import { Site } from '../../api/modules/sites/site.entity';
import { seedCostSharingDemo } from '../../api/seed/costsharing';
import { makeIdNumber } from '../../domain/shared/identity';
import { fixedClock } from '../../domain/shared/time';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1600);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 400);
const PASSWORD = 'bench-password-1';
/** Monday 09:00 in Shanghai: lunch orders for Monday to Thursday are all open. */
const NOW = '2026-11-23T09:00:00+08:00';
/** A lunch date per run, so every member orders once per run (one tier-priced set a meal). */
const DATES = { warmUp: '2026-11-26', c50: '2026-11-23', c200: '2026-11-24', c50single: '2026-11-25', c200single: '2026-11-27', open: '2026-11-28', openSingle: '2026-11-29' };
/** The open-loop rate: four times a 100-site city's lunch peak of about 50 orders a second. */
const OPEN_RATE = 200;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysql = require('mysql2/promise');

function databaseUrl(): { server: string; url: string; name: string } {
  const base = new URL((process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:'));
  if (base.protocol !== 'mysql:') throw new Error('the orders bench runs against MySQL/MariaDB: set DATABASE_URL=mysql://…');
  const name = process.env.BENCH_DATABASE ?? 'bench';
  const server = new URL(base.toString());
  server.pathname = '/';
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return { server: server.toString(), url: url.toString(), name };
}

async function seed(orm: Awaited<ReturnType<typeof initORM>>) {
  const em = orm.em.fork();
  const site = em.create(Site, { id: newId(), code: 'bench', name: '压测站点', community: '测试社区', district: '测试区', householdCount: 3200 });
  const staff = em.create(User, { id: newId(), username: 'bench-staff', displayName: '压测收银', passwordHash: await hashPassword(PASSWORD), role: 'canteen_staff', departmentId: null, householdId: null });
  em.create(UserSite, { userId: staff.id, siteId: site.id });
  await em.flush();
  await em.transactional((tx) => seedCostSharingDemo(tx, site.id, [2026]));
  const memberIds: string[] = [];
  for (let batch = 0; batch < MEMBERS; batch += 400) {
    const tx = orm.em.fork();
    for (let i = batch; i < Math.min(MEMBERS, batch + 400); i++) {
      const birth = `19${31 + (i % 35)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
      const m = newMember(
        tx,
        site.id,
        {
          cardNumber: `B${String(i).padStart(5, '0')}`,
          name: `会员${i}`,
          idNumber: makeIdNumber('420802', birth, i % 1000),
          categories: i % 10 === 0 ? [{ category: 'dibao', validFrom: '2026-01-01' }] : [],
        },
        0,
      );
      openWallet(tx, m, 100_000, '2026-11-01');
      memberIds.push(m.id);
    }
    await tx.flush();
  }
  // No portion limit: the bench measures the order path, not sold-out answers.
  const setMealIds: Record<string, string[]> = {};
  const plan = em.create(CanteenPlan, { id: newId(), siteId: site.id, weekStart: '2026-11-23', status: 'published', publishedAt: new Date(), publishedBy: null });
  for (const date of Object.values(DATES)) {
    setMealIds[date] = ['红烧肉套餐', '清蒸鱼套餐', '素食套餐'].map((name, i) => {
      const s = em.create(CanteenSetMeal, {
        id: newId(), siteId: site.id, planId: plan.id, date, meal: 'lunch', name, dishes: ['米饭'], nutritionTags: [], portionLimit: null, orderedPortions: 0, published: true, sortOrder: i,
      });
      return s.id;
    });
  }
  await em.flush();
  return { siteId: site.id, memberIds, setMealIds };
}

async function login(base: string): Promise<{ cookie: string; token: string }> {
  const csrf = await fetch(`${base}/api/v1/auth/csrf`);
  const cookie = (csrf.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ username: 'bench-staff', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const session = (res.headers.get('set-cookie') ?? cookie).split(';')[0];
  return { cookie: session, token: ((await res.json()) as { csrfToken: string }).csrfToken };
}

interface Run {
  label: string;
  connections: number;
  requests: number;
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of this process (app and autocannon together) per request. */
  cpuMs: number;
  /** CPU time of the whole machine (this process, MariaDB, anything else) per request; NaN off Linux. */
  machineMs: number;
}

/** Busy CPU ms of all cores since boot, from /proc/stat (Linux only: NaN elsewhere). */
function machineBusyMs(): number {
  try {
    const [user, nice, system, , , irq, softirq] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    // /proc/stat counts in USER_HZ, 100 a second on Linux.
    return (user + nice + system + irq + softirq) * 10;
  } catch {
    return NaN;
  }
}

/** Like the counter: every order attempt carries its own Idempotency-Key (BENCH_IDEMPOTENCY=0 leaves it out). */
const withKeys = process.env.BENCH_IDEMPOTENCY !== '0';
const idempotencyKey = () => `counter-${randomBytes(16).toString('hex')}`;
/** autocannon in a worker thread (BENCH_WORKERS=0: on the app's own thread, competing with it). */
const workers = Number(process.env.BENCH_WORKERS ?? 1);
const nextRequest = path.join(__dirname, 'next-request.cjs');

/** When the app last finished a response: a run lasts from its start to its last response. */
const served = { last: 0 };

async function load(
  label: string,
  base: string,
  connections: number,
  urlPath: string,
  headers: Record<string, string>,
  bodies: object[],
  { keyed = false }: { keyed?: boolean } = {},
): Promise<Run> {
  // The request maker reads the run's bodies from a file, as a worker thread can reach no closure.
  const file = path.join(os.tmpdir(), `xfl-bench-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify(bodies.map((b) => JSON.stringify(b))));
  process.env.BENCH_BODIES = file;
  process.env.BENCH_KEYED = keyed ? '1' : '0';
  const started = performance.now();
  const cpu = process.cpuUsage();
  const machine = machineBusyMs();
  try {
    const result = await autocannon({
      url: base,
      connections,
      amount: bodies.length,
      timeout: 30,
      ...(workers ? { workers } : {}),
      headers: { 'content-type': 'application/json', ...headers },
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      requests: [{ method: 'POST', path: urlPath, setupRequest: (workers ? nextRequest : require(nextRequest)) as never }],
    });
    // autocannon ends a run on its next one-second sampling tick, which would pad a 2,000-request
    // run by up to a second: the app's own last response ends it.
    const seconds = (served.last - started) / 1000;
    const used = process.cpuUsage(cpu);
    const ok = result['2xx'];
    return {
      label,
      connections,
      requests: result.requests.total,
      ok,
      failed: result.non2xx + result.errors + result.timeouts,
      perSecond: ok / seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      cpuMs: (used.user + used.system) / 1000 / Math.max(1, result.requests.total),
      machineMs: (machineBusyMs() - machine) / Math.max(1, result.requests.total),
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The latency at quantile `q` of sorted milliseconds, whole ms as autocannon prints them. */
const quantile = (sorted: readonly number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

/** `bodies` sent at a fixed `rate`, evenly spaced, each timed from when it was due (open-loop.cjs). */
async function openLoop(label: string, base: string, urlPath: string, headers: Record<string, string>, bodies: object[], { keyed = false, rate }: { keyed?: boolean; rate: number }): Promise<Run> {
  const connections = 100;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const machine = machineBusyMs();
  const worker = new Worker(path.join(__dirname, 'open-loop.cjs'), {
    workerData: { url: base, path: urlPath, headers: { 'content-type': 'application/json', ...headers }, bodies: bodies.map((b) => JSON.stringify(b)), keyed, rate, connections },
  });
  const result = await new Promise<{ ok: number; failed: number; latencies: number[] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const used = process.cpuUsage(cpu);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    label,
    connections,
    requests: bodies.length,
    ok: result.ok,
    failed: result.failed,
    perSecond: result.ok / ((served.last - started) / 1000),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: Math.round(sorted[sorted.length - 1]),
    cpuMs: (used.user + used.system) / 1000 / bodies.length,
    machineMs: (machineBusyMs() - machine) / bodies.length,
  };
}

const fmt = (r: Run) =>
  `${r.label.padEnd(30)} c=${String(r.connections).padStart(3)}  ${String(r.ok).padStart(5)} ok ${String(r.failed).padStart(4)} failed  ${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  max ${String(r.max).padStart(4)} ms  cpu ${r.cpuMs.toFixed(2)} ms/req, machine ${r.machineMs.toFixed(2)}`;

/**
 * The app runs as under test (no request log) unless BENCH_LOG_LEVEL is set: then as in
 * development, which logs every request at that level like production does (pino to stdout,
 * so filter the output, e.g. `| grep -v '^{'`).
 */
const appEnv: NodeJS.ProcessEnv = process.env.BENCH_LOG_LEVEL
  ? { NODE_ENV: 'development', LOG_LEVEL: process.env.BENCH_LOG_LEVEL, LOGIN_RATE_LIMIT: '1000' }
  : { NODE_ENV: 'test', LOGIN_RATE_LIMIT: '1000' };

type World = Awaited<ReturnType<typeof seed>>;

/**
 * With BENCH_CPU_PROFILE=<file>, profiles one order run alone, at BENCH_PROFILE_AT connections
 * (open the file in Chrome DevTools, or sum its self time by function); returns the function
 * that stops and saves it.
 */
async function startProfile(): Promise<(() => Promise<void>) | null> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return null;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile of the order run: ${file}`);
  };
}

/** Prints the SQL one order runs (ORM_DEBUG makes the ORM log every statement to `log`). */
async function probe(url: string, world: World, poolMax: number): Promise<void> {
  const statements: string[] = [];
  process.env.ORM_DEBUG = '1';
  const orm = await initORM({ kind: 'mysql', url, poolMax }, { log: (message) => void statements.push(message.replace(/\x1b\[[0-9;]*m/g, '')) });
  delete process.env.ORM_DEBUG;
  const config = loadConfig({ NODE_ENV: 'test', LOGIN_RATE_LIMIT: '1000' }, { database: { kind: 'mysql', url, poolMax } });
  const server = http.createServer(createApp(orm, config, fixedClock(NOW)).app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { cookie, token } = await login(base);
  const guest = { siteId: world.siteId, guestName: 'probe', setMealId: world.setMealIds[DATES.warmUp][0], quantity: 1, channel: 'dine_in', payment: { method: 'cash' } };
  for (const [kind, body] of [
    ['guest, cash, the first of the process: it reads the pricing rules', guest],
    ['member, wallet', { siteId: world.siteId, memberId: world.memberIds[0], setMealId: world.setMealIds[DATES.warmUp][0], quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } }],
    ['guest, cash', guest],
  ] as const) {
    statements.length = 0;
    const res = await fetch(`${base}/api/v1/canteen/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': token, ...(withKeys ? { 'idempotency-key': idempotencyKey() } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`probe order failed: ${res.status} ${await res.text()}`);
    const queries = statements.filter((s) => s.startsWith('[query]'));
    console.log(`one order (${kind}): ${queries.length} SQL statements, session${withKeys ? ', Idempotency-Key' : ''} and BEGIN/COMMIT included`);
    if (process.env.BENCH_VERBOSE) for (const q of queries) console.log(`    ${q.slice(0, 160)}`);
  }
  await new Promise((resolve) => server.close(resolve));
  await orm.close();
}

async function main(): Promise<void> {
  const db = databaseUrl();
  const admin = await mysql.createConnection(db.server);
  await admin.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
  await admin.query(`CREATE DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();

  const poolMax = Number(process.env.BENCH_POOL ?? 10);
  // As production runs: no answer is checked against its schema (the tests do that).
  const config = loadConfig(appEnv, { database: { kind: 'mysql', url: db.url, poolMax }, checkAnswers: false });
  const orm = await initORM(config.database);
  const started = Date.now();
  const world = await seed(orm);
  console.log(`seeded ${MEMBERS} members, pricing and lunch plans in ${Date.now() - started} ms (pool ${poolMax})`);

  // The app as it runs (a desk takes the orders that arrive together), and beside it the same app
  // taking each order in a transaction of its own (DESK_BATCH=1), on the same database.
  const { app } = createApp(orm, config, fixedClock(NOW));
  const single = createApp(orm, { ...config, deskBatch: 1 }, fixedClock(NOW)).app;
  const pool = mysql.createPool({ uri: db.url, connectionLimit: poolMax });
  await pool.query('CREATE TABLE bench_baseline (id VARCHAR(36) PRIMARY KEY, member_id VARCHAR(36) NOT NULL, amount_fen BIGINT NOT NULL, created_at DATETIME NOT NULL)');
  app.post('/bench/baseline', async (req, res) => {
    await pool.execute('INSERT INTO bench_baseline (id, member_id, amount_fen, created_at) VALUES (?, ?, ?, ?)', [uuidv7(), String(req.body.memberId ?? ''), 1300, new Date()]);
    res.status(201).json({ ok: true });
  });
  const listen = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    server.on('request', (_req, res) => res.on('finish', () => void (served.last = performance.now())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const { server, base } = await listen(app);
  const { server: singleServer, base: singleBase } = await listen(single);
  const { cookie, token } = await login(base);
  const auth = { cookie, 'x-csrf-token': token };
  const singleLogin = await login(singleBase);
  const singleAuth = { cookie: singleLogin.cookie, 'x-csrf-token': singleLogin.token };

  // One lunch order per member plus guests (every fifth request), cycling the three set meals.
  const total = MEMBERS + GUESTS;
  const orders = (date: string, amount = total): object[] => {
    let member = 0;
    return Array.from({ length: amount }, (_, i) => {
      const setMealId = world.setMealIds[date][i % 3];
      const asGuest = (i % 5 === 4 || member >= world.memberIds.length) && i - member < GUESTS;
      if (!asGuest && member < world.memberIds.length) {
        return { siteId: world.siteId, memberId: world.memberIds[member++], setMealId, quantity: 1, channel: 'dine_in', payment: { method: 'wallet' } };
      }
      return { siteId: world.siteId, guestName: `散客${i}`, setMealId, quantity: 1, channel: 'dine_in', payment: { method: 'cash' } };
    });
  };
  const baselines = (amount: number, memberId?: string) => Array.from({ length: amount }, (_, i) => ({ memberId: memberId ?? world.memberIds[i % MEMBERS] }));

  // Statements per order, counted on one order of each kind by a second app whose ORM logs them.
  await probe(db.url, world, poolMax);

  await load('warm-up (orders)', base, 50, '/api/v1/canteen/orders', auth, orders(DATES.warmUp, 400), { keyed: withKeys });
  await load('warm-up (baseline)', base, 50, '/bench/baseline', {}, baselines(400, 'warm-up'));

  if (process.env.BENCH_SEQUENTIAL) {
    console.log(fmt(await load('sequential orders', base, 1, '/api/v1/canteen/orders', auth, orders(DATES.warmUp, 200).slice(0, 200), { keyed: withKeys })));
    console.log(fmt(await load('sequential baseline', base, 1, '/bench/baseline', {}, baselines(200, 'seq'))));
  }

  const measured = (process.env.BENCH_CONNECTIONS ?? '50,200').split(',').map(Number);
  const runs: { order: Run; single: Run; baseline: Run; dates: string[] }[] = [];
  for (const [connections, date, singleDate] of [
    [50, DATES.c50, DATES.c50single],
    [200, DATES.c200, DATES.c200single],
  ] as const) {
    if (!measured.includes(connections)) continue;
    const profile = connections === Number(process.env.BENCH_PROFILE_AT ?? 50) ? await startProfile() : null;
    const order = await load('POST /canteen/orders (desk)', base, connections, '/api/v1/canteen/orders', auth, orders(date), { keyed: withKeys });
    await profile?.();
    const one = await load('one transaction per order', singleBase, connections, '/api/v1/canteen/orders', singleAuth, orders(singleDate), { keyed: withKeys });
    const baseline = await load('baseline: one INSERT (mysql2)', base, connections, '/bench/baseline', {}, baselines(total));
    runs.push({ order, single: one, baseline, dates: [date, singleDate] });
    console.log(fmt(order));
    console.log(fmt(one));
    console.log(fmt(baseline));
    console.log(`  desk / one transaction per order: ${(order.perSecond / one.perSecond).toFixed(2)}×; orders/baseline: ${(order.perSecond / baseline.perSecond).toFixed(2)} (desk), ${(one.perSecond / baseline.perSecond).toFixed(2)} (one per order)`);
  }

  // Open loop: requests sent at a fixed rate, as a city's counters send them, not as fast as answers come back.
  console.log(`\nopen loop at ${OPEN_RATE} requests/s, evenly spaced, each timed from when it was due (${total} requests, up to 100 connections):`);
  const open = await openLoop('POST /canteen/orders (desk)', base, '/api/v1/canteen/orders', auth, orders(DATES.open), { keyed: withKeys, rate: OPEN_RATE });
  const openSingle = await openLoop('one transaction per order', singleBase, '/api/v1/canteen/orders', singleAuth, orders(DATES.openSingle), { keyed: withKeys, rate: OPEN_RATE });
  const openBaseline = await openLoop('baseline: one INSERT (mysql2)', base, '/bench/baseline', {}, baselines(total), { rate: OPEN_RATE });
  for (const r of [open, openSingle, openBaseline]) console.log(fmt(r));

  const em = orm.em.fork();
  const measuredDates = [...runs.flatMap((r) => r.dates), DATES.open, DATES.openSingle];
  const placed = await em.count(CanteenOrder, { siteId: world.siteId, date: { $in: measuredDates } });
  const mca = await em.findOneOrFail(FundingAccount, { siteId: world.siteId, account: 'mca-meal', year: 2026 });
  console.log(`\norders stored for the measured days: ${placed} (expected ${measuredDates.length * total}); mca-meal drawn ${mca.drawnFen} fen`);
  console.log('targets:');
  for (const { order, single: one, baseline } of runs) {
    const times = order.perSecond / one.perSecond;
    console.log(`  desk ≥ 1.5× one transaction per order at ${order.connections}: ${times.toFixed(2)}× → ${times >= 1.5 ? 'met: the desk stays' : 'NOT met'}`);
    const half = baseline.perSecond / 2;
    console.log(`  orders/s ≥ ½ baseline at ${order.connections}: ${order.perSecond.toFixed(0)} vs ${half.toFixed(0)} → ${order.perSecond >= half ? 'met' : 'NOT met'}`);
  }
  console.log(`  p99 < 50 ms at ${OPEN_RATE} orders/s: ${open.p99} ms (p50 ${open.p50} ms; the baseline's p99 ${openBaseline.p99} ms) → ${open.p99 < 50 ? 'met' : 'NOT met'}`);

  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => singleServer.close(resolve));
  await pool.end();
  await orm.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
