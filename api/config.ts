import path from 'node:path';
import { z } from 'zod';

const DEV_SESSION_SECRET = 'xingfuli-development-only-secret-change-me';

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^(mysql|mariadb|sqlite):/, 'must start with mysql://, mariadb:// or sqlite:')
      .optional(),
    DATA_DIR: z.string().default(path.resolve(__dirname, '..', 'data')),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    TRUST_PROXY: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    SEED_DEMO: z.enum(['true', 'false']).optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    DESK_BATCH: z.coerce.number().int().min(1).max(500).default(64),
    /** Failed logins per 15 min from one address across all names; five names' worth unless set. */
    LOGIN_IP_RATE_LIMIT: z.coerce.number().int().min(1).optional(),
    /** Where the built web app is served from (and built to); several checkouts or test runs can keep apart. */
    WEB_DIST: z.string().min(1).optional(),
    /** Outside production only: the server's clock starts at this instant and runs on (browser journeys that need a school day). */
    CLOCK_STARTS_AT: z.string().datetime({ offset: true, message: 'must be an ISO instant with its offset, e.g. 2026-11-30T15:00:00+08:00' }).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    // A production server set to another day would bill, claim and date everything on it.
    if (env.NODE_ENV === 'production' && env.CLOCK_STARTS_AT) {
      ctx.addIssue({ code: 'custom', path: ['CLOCK_STARTS_AT'], message: 'is for demos and browser tests, never production' });
    }
  });

export type DatabaseKind = 'sqlite' | 'mysql' | 'mariadb';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  database: { kind: DatabaseKind; url?: string; file?: string; poolMax: number };
  sessionSecret: string;
  cookieSecure: boolean;
  trustProxy?: string;
  logLevel: string;
  seedDemo: boolean;
  loginRateLimit: number;
  /** Whether every answer is checked against its route's response schema (under test; the benchmarks turn it off to measure what production runs). */
  checkAnswers: boolean;
  /** The most requests a desk takes in one transaction (api/desk.ts); 1 takes each in a transaction of its own. */
  deskBatch: number;
  loginIpRateLimit: number;
  webDist: string;
  /** The instant the server's clock starts at, outside production; absent, the real clock. */
  clockStartsAt?: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once at start; a bad value stops the process with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const url = e.DATABASE_URL;
  const kind: DatabaseKind = !url || url.startsWith('sqlite:') ? 'sqlite' : url.startsWith('mariadb:') ? 'mariadb' : 'mysql';
  const file = kind === 'sqlite' ? (url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(e.DATA_DIR, 'xingfuli.sqlite')) : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    database: { kind, url: kind === 'sqlite' ? undefined : url, file, poolMax: e.DB_POOL_MAX },
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : kind === 'sqlite' && e.NODE_ENV !== 'test',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    deskBatch: e.DESK_BATCH,
    checkAnswers: e.NODE_ENV === 'test',
    loginIpRateLimit: e.LOGIN_IP_RATE_LIMIT ?? 5 * e.LOGIN_RATE_LIMIT,
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : path.resolve(__dirname, '..', 'dist', 'web'),
    ...(e.CLOCK_STARTS_AT ? { clockStartsAt: e.CLOCK_STARTS_AT } : {}),
    ...overrides,
  };
}
