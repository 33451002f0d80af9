import fs from 'node:fs';
import path from 'node:path';
import { RequestContext } from '@mikro-orm/core';
import compression from 'compression';
import { csrfSync } from 'csrf-sync';
import express, { Express, Router } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import pino from 'pino';
import pinoHttp from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { Clock, systemClock } from '../domain/shared/time';
import { loginLimiters } from './auth/login-limit';
import { createPassport } from './auth/passport';
import { DatabaseSessionStore } from './auth/session-store';
import type { Config } from './config';
import type { AppContext } from './context';
import { ORM, pendingMigrations } from './db';
import { errorHandler, notFound } from './errors';
import { AnyRoute, mountRoute } from './http/route';
import { buildOpenApi } from './openapi';
import { allRoutes } from './routes';

export interface CreatedApp {
  app: Express;
  context: AppContext;
  routes: AnyRoute[];
}

const SESSION_HOURS = 12;

/** Builds the whole HTTP app without listening, so tests exercise the real middleware order. */
export function createApp(orm: ORM, config: Config, clock: Clock = systemClock): CreatedApp {
  const logger = pino({ level: config.logLevel });
  const context: AppContext = { orm, config, clock, logger };
  const app = express();
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': config.cookieSecure ? [] : null } },
    }),
  );
  // The request log is pino-http's only use here (no handler reads req.log): without it, its per-request child logger is waste.
  if (config.env !== 'test') {
    app.use(
      pinoHttp({
        logger,
        serializers: {
          req: (req) => ({ method: req.method, url: req.url }),
          res: (res) => ({ statusCode: res.statusCode }),
        },
      }),
    );
  }

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/ready', async (_req, res) => {
    try {
      await orm.em.fork().getConnection().execute('select 1');
      const pending = await pendingMigrations(orm);
      if (pending.length) return void res.status(503).json({ status: 'migrating', pending });
      res.json({ status: 'ready', database: config.database.kind });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.use(express.json({ limit: '2mb' }));
  app.use(
    session({
      name: 'xfl.sid',
      secret: config.sessionSecret,
      store: new DatabaseSessionStore(orm),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: SESSION_HOURS * 3600 * 1000 },
    }),
  );
  const passport = createPassport(orm);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use((_req, _res, next) => RequestContext.create(orm.em, next));

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => req.get('x-csrf-token'),
  });
  const routes = allRoutes(passport, generateToken);
  const openapi = buildOpenApi(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: '幸福里 API' }));

  const v1 = Router();
  v1.use(csrfSynchronisedProtection);
  v1.post('/auth/login', ...loginLimiters(context));
  for (const spec of routes) mountRoute(v1, context, spec);
  app.use('/api/v1', v1);
  app.use('/api', (req, _res, next) => next(notFound(`Route ${req.method} ${req.originalUrl}`)));

  if (fs.existsSync(path.join(config.webDist, 'index.html'))) app.use(webApp(config.webDist));
  app.use(errorHandler(logger));
  return { app, context, routes };
}

/**
 * The built web app, compressed (gzip; brotli where the browser asks for it, over HTTPS).
 * Files under /assets carry a content hash in their names, so they are cached for a year and
 * never revalidated; index.html names the current ones, so it is revalidated on every load.
 * A missing asset (an old build's name) is a 404, never index.html in its place.
 */
function webApp(webDist: string): Router {
  const index = path.join(webDist, 'index.html');
  const web = Router();
  web.use(compression());
  web.use('/assets', express.static(path.join(webDist, 'assets'), { index: false, maxAge: '1y', immutable: true }));
  web.use('/assets', (req, _res, next) => next(notFound(`Asset ${req.originalUrl}`)));
  web.use(
    express.static(webDist, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file === index) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  web.get('/{*page}', (_req, res) => res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }));
  return web;
}
