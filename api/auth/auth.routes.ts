import type { Request, Response } from 'express';
import type { PassportStatic } from 'passport';
import { normaliseUsername } from '../../domain/shared/username';
import { audit, LOGIN_FAILED, LOGIN_SUCCEEDED } from '../audit/audit';
import { unauthorized } from '../errors';
import { route, RouteContext } from '../http/route';
import { scope } from '../http/scope';
import { Department } from '../modules/costsharing/department.entity';
import { AuthUser, publicUser } from './auth-user';
import { csrfResponse, loginBody, loginResponse, meResponse } from './auth.schemas';
import { User } from './user.entity';

/** An IPv4 client of a dual-stack server arrives as `::ffff:192.0.2.1`; people know it as `192.0.2.1`. */
const IPV4_MAPPED = /^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i;

/** csrf-sync's token generator, bound per app in app.ts. */
export type TokenIssuer = (req: Request, overwrite?: boolean) => string;

async function describeUser(ctx: RouteContext<unknown, unknown, unknown>, user: AuthUser) {
  const department = user.departmentId ? await ctx.em.findOne(Department, { id: user.departmentId }) : null;
  return publicUser(user, department?.code ?? null);
}

function authenticate(passport: PassportStatic, req: Request, res: Response): Promise<AuthUser | false> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', (err: unknown, user: AuthUser | false) => (err ? reject(err) : resolve(user)))(req, res, reject);
  });
}

export function authRoutes(passport: PassportStatic, issueToken: TokenIssuer) {
  return [
    route({
      method: 'get',
      path: '/auth/csrf',
      action: 'public',
      tag: 'auth',
      summary: 'CSRF token for this session; send it as x-csrf-token on every write',
      response: csrfResponse,
      handler: async ({ req }) => ({ csrfToken: issueToken(req) }),
    }),
    route({
      method: 'post',
      path: '/auth/login',
      action: 'public',
      tag: 'auth',
      summary: 'Log in with username and password (rate limited)',
      body: loginBody,
      response: loginResponse,
      handler: async (ctx) => {
        const { req, res, body } = ctx;
        const user = await authenticate(passport, req, res);
        // The name as looked up, and the address the attempt came from, for the admins' login list.
        const detail = { username: normaliseUsername(body.username), ip: req.ip?.replace(IPV4_MAPPED, '') ?? null };
        if (!user) {
          const tried = await ctx.em.findOne(User, { username: detail.username }, { fields: ['id'] });
          await audit(ctx.app.orm.em.fork(), { actorId: null, action: LOGIN_FAILED, subjectType: 'user', subjectId: tried?.id ?? null, detail });
          throw unauthorized('Wrong username or password');
        }
        // Passport regenerates the session on login (no fixation), so the CSRF token is new too.
        await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
        await audit(ctx.app.orm.em.fork(), { actorId: user.id, action: LOGIN_SUCCEEDED, subjectType: 'user', subjectId: user.id, detail });
        return { user: await describeUser(ctx, user), csrfToken: issueToken(req, true) };
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      action: 'session.self',
      scope: scope.caller,
      tag: 'auth',
      summary: 'The logged-in user, their role and the modules they may open',
      response: meResponse,
      handler: async (ctx) => ({ user: await describeUser(ctx, ctx.user) }),
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      action: 'session.self',
      scope: scope.caller,
      tag: 'auth',
      summary: 'Log out and end the session',
      response: null,
      handler: async ({ req }) => {
        await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
        await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
      },
    }),
  ];
}
