import type { Request, RequestHandler } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import { normaliseUsername } from '../../domain/shared/username';
import type { AppContext } from '../context';
import { HttpProblem, sendProblem } from '../errors';
import { DatabaseRateLimitStore } from './rate-limit-store';

const WINDOW_MS = 15 * 60 * 1000;

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');

/**
 * The login limits, in front of POST /auth/login. Only failed logins count, so a counter
 * shared by a whole shift never locks itself out; counts live in the database, so every
 * instance sees them. Two limits:
 * - per address and name (`loginRateLimit`): guessing one login's password;
 * - per address across names (`loginIpRateLimit`): trying a few passwords on many logins.
 */
export function loginLimiters({ orm, config }: AppContext): RequestHandler[] {
  const limit = (prefix: string, max: number, key: (req: Request) => string, detail: string) =>
    rateLimit({
      windowMs: WINDOW_MS,
      limit: max,
      // Each attempt holds a hit while it runs (so parallel guesses count), and gives it back
      // unless it was a wrong name or password: a success, a refused attempt or junk.
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => res.statusCode !== 401,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: new DatabaseRateLimitStore(orm, prefix),
      keyGenerator: key,
      handler: (_req, res) => sendProblem(res, new HttpProblem(429, 'rate-limited', 'Too many attempts', detail)),
    });
  return [
    limit('login-name', config.loginRateLimit, (req) => `${addressOf(req)}|${normaliseUsername(String(req.body?.username ?? ''))}`, 'Too many failed logins for this name; wait 15 minutes'),
    limit('login-address', config.loginIpRateLimit, addressOf, 'Too many failed logins from your address; wait 15 minutes'),
  ];
}
