import argon2 from 'argon2';
import { Passport, PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { ORM } from '../db';
import type { AuthUser } from './auth-user';
import { User, UserSite } from './user.entity';

/** argon2id with OWASP's second recommended setting (m=19 MiB, t=2, p=1). */
export const hashPassword = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

// Verifying against a real hash when the username is unknown keeps both answers equally slow.
let decoyHash: Promise<string> | undefined;

export async function loadAuthUser(orm: ORM, id: string): Promise<AuthUser | null> {
  const em = orm.em.fork();
  const user = await em.findOne(User, { id, active: true });
  if (!user) return null;
  const sites = await em.find(UserSite, { userId: id });
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    siteIds: sites.map((s) => s.siteId),
    departmentId: user.departmentId ?? null,
    householdId: user.householdId ?? null,
  };
}

export function createPassport(orm: ORM): PassportStatic {
  // One instance per app (not passport's singleton), so tests can build several apps.
  const passport = new Passport() as PassportStatic;
  passport.use(
    new LocalStrategy(async (username, password, done) => {
      try {
        const user = await orm.em.fork().findOne(User, { username, active: true });
        decoyHash ??= hashPassword('decoy-password-never-matches');
        const ok = await argon2.verify(user?.passwordHash ?? (await decoyHash), password);
        done(null, (user && ok && (await loadAuthUser(orm, user.id))) || false);
      } catch (err) {
        done(err);
      }
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as AuthUser).id));
  passport.deserializeUser((id: string, done) => {
    loadAuthUser(orm, id).then((u) => done(null, u ?? false), done);
  });
  return passport;
}
