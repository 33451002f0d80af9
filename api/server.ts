import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createApp } from './app';
import { schedulePruning } from './auth/housekeeping';
import { ConfigError, loadConfig } from './config';
import { initORM } from './db';
import { scheduleOfferExpiry as scheduleCarehomeOfferExpiry } from './modules/carehome/offer-expiry';
import { scheduleNotificationDelivery } from './modules/afterschool/notifications';
import { scheduleOfferExpiry } from './modules/childcare/offer-expiry';
import { type Clock, systemClock } from '../domain/shared/time';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD, seedDemo } from './seed/demo';

/**
 * Builds the web app on first start, so a fresh clone needs no separate build step. The build
 * runs beside the migrations and the demo seed, on the other core, and is awaited before serving.
 */
function ensureWebBuilt(webDist: string, logger: pino.Logger): Promise<void> {
  if (fs.existsSync(path.join(webDist, 'index.html'))) return Promise.resolve();
  logger.info('building the web app (first start only)…');
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' });
    build.once('error', reject);
    build.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the web app did not build (vite exited with ${code ?? signal})`))));
  });
}

/**
 * The server's clock: the real one, or (outside production, for browser journeys that need a
 * school day, such as after-school care's door on a weekend) one that starts at CLOCK_STARTS_AT
 * and runs on from there; the config refuses it in production.
 */
function serverClock(startsAt: string | undefined): Clock {
  if (!startsAt) return systemClock;
  const offset = DateTime.fromISO(startsAt).toMillis() - Date.now();
  return { now: () => DateTime.utc().plus({ milliseconds: offset }) };
}

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
  const clock = serverClock(config.clockStartsAt);
  const webBuilt = config.env !== 'production' ? ensureWebBuilt(config.webDist, logger) : Promise.resolve();
  // A failed build is reported when it is awaited, not as an unhandled rejection while the seed runs.
  webBuilt.catch(() => {});
  const orm = await initORM(config.database, { log: (message) => logger.info(message) });
  if (config.seedDemo) {
    const seeded = await seedDemo(orm.em.fork(), clock);
    if (seeded) {
      if (seeded.created) logger.info("seeded the demo site 幸福里 (浏河社区)");
      console.log(`\n演示账号 Demo logins (password 密码: ${DEMO_PASSWORD})`);
      for (const u of seeded.logins) console.log(`  ${u.username.padEnd(12)} ${u.role.padEnd(18)} ${u.displayName}`);
      console.log('');
    }
  }
  await webBuilt;
  const { app, context } = createApp(orm, config, clock);
  const stopPruning = schedulePruning(context);
  const stopExpiry = scheduleOfferExpiry(context);
  const stopCarehomeExpiry = scheduleCarehomeOfferExpiry(context);
  const stopNotifications = scheduleNotificationDelivery(context);
  const server = app.listen(config.port, () => {
    logger.info(`幸福里 一老一小 listening on http://localhost:${config.port} (${config.database.kind}, ready in ${Date.now() - started} ms)`);
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    stopPruning();
    stopExpiry();
    stopCarehomeExpiry();
    stopNotifications();
    server.close(() => {
      void orm.close().then(() => {
        clearTimeout(force);
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
