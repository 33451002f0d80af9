import argon2 from 'argon2';
import { Passport, PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { normaliseUsername } from '../../domain/shared/username';
import { selectRows } from '../db';
import type { ORM } from '../db';
import type { AuthUser } from './auth-user';
import { User } from './user.entity';

/** argon2id with OWASP's second recommended setting (m=19 MiB, t=2, p=1). */
export const hashPassword = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

// Verifying against a real hash when the username is unknown keeps both answers equally slow.
let decoyHash: Promise<string> | undefined;

/** The user of a session (one statement): active, with their role and sites (a household's login: its household's site). */
export async function loadAuthUser(orm: ORM, id: string): Promise<AuthUser | null> {
  const rows = await selectRows<{
    id: string;
    username: string;
    display_name: string;
    role: AuthUser['role'];
    department_id: string | null;
    household_id: string | null;
    site_id: string | null;
    household_site_id: string | null;
  }>(
    orm.em.fork(),
    'select u.`id`, u.`username`, u.`display_name`, u.`role`, u.`department_id`, u.`household_id`, us.`site_id`, h.`site_id` as `household_site_id` ' +
      'from `app_user` u left join `user_site` us on us.`user_id` = u.`id` left join `household` h on h.`id` = u.`household_id` where u.`id` = ? and u.`active` = ?',
    [id, true],
  );
  if (!rows.length) return null;
  const [user] = rows;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    siteIds: [...new Set(rows.flatMap((r) => [r.site_id, r.household_site_id].filter((s): s is string => !!s)))],
    departmentId: user.department_id ?? null,
    householdId: user.household_id ?? null,
  };
}

/** The active user a name and password belong to, or false. */
async function verify(orm: ORM, username: string, password: string): Promise<AuthUser | false> {
  const user = await orm.em.fork().findOne(User, { username: normaliseUsername(username), active: true });
  decoyHash ??= hashPassword('decoy-password-never-matches');
  const ok = await argon2.verify(user?.passwordHash ?? (await decoyHash), password);
  return (user && ok && (await loadAuthUser(orm, user.id))) || false;
}

export function createPassport(orm: ORM): PassportStatic {
  // One instance per app (not passport's singleton), so tests can build several apps.
  const passport = new Passport() as PassportStatic;
  passport.use(
    new LocalStrategy((username, password, done) => {
      void verify(orm, username, password).then((user) => done(null, user), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as AuthUser).id));
  // Read afresh on every request, so a deactivation or a change of role or sites holds at once on every instance.
  passport.deserializeUser((id: string, done) => {
    loadAuthUser(orm, id).then((u) => done(null, u ?? false), done);
  });
  return passport;
}
