/**
 * The members list, the counter search, the kitchen board and the margin report at the real
 * size: the demo seed (1,600 members, three weeks of orders) on a fresh database, the app on a
 * loopback port, each request timed one after another as the canteen login (session cookie),
 * beside baselines measured in the same run: GET /api/health (the HTTP, session and JSON
 * floor) and, for the list and the search, a plain select of the same rows on the same
 * database (what the query alone costs).
 *
 * Run: npm run bench:members  (embedded SQLite in a temp dir; DATABASE_URL=mysql://… runs it
 * on MySQL/MariaDB in a database `bench_members` dropped and created afresh, or BENCH_DATABASE).
 * Knobs: BENCH_RUNS (timed requests per case, default 100).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../api/app';
import { Config, loadConfig } from '../../api/config';
import { initORM, selectRows } from '../../api/db';
import { Site } from '../../api/modules/sites/site.entity';
import { DEMO_PASSWORD, seedDemo } from '../../api/seed/demo';
import { businessDateOf, systemClock } from '../../domain/shared/time';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);

/** What the timed answers hold, as far as the table counts it. */
interface Body {
  items?: unknown[];
  counts?: { portions: number }[];
  runs?: { buildings: { stops: unknown[] }[] }[];
  lines?: { units: number }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysql = require('mysql2/promise');

async function database(): Promise<{ db: Config['database']; label: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url || url.startsWith('sqlite:')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-members-'));
    return { db: { kind: 'sqlite', file: path.join(dir, 'bench.sqlite'), poolMax: 1 }, label: 'SQLite', drop: async () => fs.rmSync(dir, { recursive: true }) };
  }
  const base = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const name = process.env.BENCH_DATABASE ?? 'bench_members';
  const server = new URL(base.toString());
  server.pathname = '/';
  const connection = await mysql.createConnection(server.toString());
  await connection.query(`drop database if exists \`${name}\``);
  await connection.query(`create database \`${name}\``);
  await connection.end();
  base.pathname = `/${name}`;
  return { db: loadConfig({ DATABASE_URL: base.toString() }).database, label: `MySQL/MariaDB (${name})`, drop: async () => {} };
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Median and 95th percentile of `RUNS` timings after 5 untimed warm-up calls. */
async function timed<T>(fn: () => Promise<T>): Promise<{ median: number; p95: number; last: T }> {
  let last!: T;
  for (let i = 0; i < 5; i++) last = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), last };
}

async function login(base: string, username: string): Promise<string> {
  const csrf = await fetch(`${base}/api/v1/auth/csrf`);
  const cookie = (csrf.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? cookie).split(';')[0];
}

async function main(): Promise<void> {
  const { db, label, drop } = await database();
  const orm = await initORM(db);
  const seedStarted = performance.now();
  const seedCpu = cpuMs();
  await seedDemo(orm.em.fork(), systemClock);
  const seeded = { wall: performance.now() - seedStarted, cpu: cpuMs() - seedCpu };
  const siteId = (await orm.em.fork().findOneOrFail(Site, { code: 'xingfuli' })).id;
  const today = businessDateOf(systemClock.now());

  const config = loadConfig({ NODE_ENV: 'test', LOGIN_RATE_LIMIT: '1000' }, { database: db, checkAnswers: false });
  const server = http.createServer(createApp(orm, config, systemClock).app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cookies = { canteen: await login(base, 'canteen'), operator: await login(base, 'operator') };
  const get = async (url: string, as: keyof typeof cookies = 'canteen') => {
    const res = await fetch(`${base}${url}`, { headers: { cookie: cookies[as] } });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Body;
  };
  const em = () => orm.em.fork();

  const members = `/api/v1/canteen/members?siteId=${siteId}`;
  const search = (q: string, limit: number) => `/api/v1/canteen/members/search?siteId=${siteId}&q=${encodeURIComponent(q)}&limit=${limit}`;
  const list = (where: string, params: unknown[], limit: number, offset = 0) => () =>
    selectRows(em(), `select * from \`canteen_member\` where \`site_id\` = ?${where} order by \`sort_name\`, \`name\`, \`card_number\` limit ${limit} offset ${offset}`, [siteId, ...params]);
  const prefixes = (q: string) => () =>
    selectRows(
      em(),
      'select * from `canteen_member` where `site_id` = ? and `active` = ? and (`search_initials` like ? or `search_initials` like ? or `search_pinyin` like ? or `search_pinyin` like ?) limit 2000',
      [siteId, true, `${q}%`, `% ${q}%`, `${q}%`, `% ${q}%`],
    );

  const listed = (body: Body) => (Array.isArray(body) ? body.length : body.items!.length);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const cases: { name: string; url: string; as?: keyof typeof cookies; size?: (body: Body) => number; plain?: () => Promise<unknown[]> }[] = [
    { name: 'members list, first page of 20', url: `${members}&limit=20`, plain: list('', [], 20) },
    { name: 'members list, last page of 20', url: `${members}&limit=20&offset=1580`, plain: list('', [], 20, 1580) },
    { name: 'members list, 500 at once', url: `${members}&limit=500`, plain: list('', [], 500) },
    { name: 'members list, 低保 filter', url: `${members}&category=dibao&limit=20`, plain: list(' and `categories` like ?', ['%"dibao"%'], 20) },
    { name: 'members list, building 3栋', url: `${members}&building=${encodeURIComponent('3栋')}&limit=20`, plain: list(' and `building` = ?', ['3栋'], 20) },
    { name: 'search "wxy" (initials), counter 10', url: search('wxy', 10), plain: prefixes('wxy') },
    { name: 'search "zhang" (pinyin), list 50', url: search('zhang', 50), plain: prefixes('zhang') },
    { name: 'search "w" (one letter), list 50', url: search('w', 50), plain: prefixes('w') },
    { name: 'search "王秀" (name), counter 10', url: search('王秀', 10) },
    { name: 'search "1234" (phone/ID last 4)', url: search('1234', 10) },
    { name: 'search "XFL-0800" (card)', url: search('XFL-0800', 10) },
    { name: 'kitchen board, today (portions)', url: `/api/v1/canteen/reports/kitchen?siteId=${siteId}&date=${today}`, size: (b) => sum(b.counts!.map((c) => c.portions)) },
    { name: 'delivery list, today (stops)', url: `/api/v1/canteen/reports/delivery?siteId=${siteId}&date=${today}`, size: (b) => sum(b.runs!.flatMap((r) => r.buildings.map((x) => x.stops.length))) },
    { name: `margin report, ${today.slice(0, 7)} (units)`, url: `/api/v1/costsharing/margin-report?siteId=${siteId}&month=${today.slice(0, 7)}`, as: 'operator', size: (b) => sum(b.lines!.map((l) => l.units)) },
  ];

  console.log(`\nmembers bench on ${label}: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} timed requests per case`);
  console.log(`seed: ${Math.round(seeded.wall)} ms (${Math.round(seeded.cpu)} ms CPU)\n`);
  const health = await timed(() => get('/api/health'));
  const row = (name: string, median: string, p95: string, rows: string, plain: string) => console.log(`${name.padEnd(40)} ${median.padStart(9)} ${p95.padStart(9)} ${rows.padStart(6)}   ${plain}`);
  row('case', 'median', 'p95', 'rows', 'plain select of the same rows (median)');
  row('GET /api/health (baseline)', `${health.median.toFixed(1)} ms`, `${health.p95.toFixed(1)} ms`, '', '');
  for (const c of cases) {
    const http = await timed(() => get(c.url, c.as));
    const plain = c.plain ? await timed(c.plain) : null;
    row(c.name, `${http.median.toFixed(1)} ms`, `${http.p95.toFixed(1)} ms`, String((c.size ?? listed)(http.last)), plain ? `${plain.median.toFixed(1)} ms (${plain.last.length} rows)` : '');
  }
  server.close();
  await orm.close();
  await drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
