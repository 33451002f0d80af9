import { Store, SessionData } from 'express-session';
import { selectRows } from '../db';
import type { ORM } from '../db';
import { Session } from './session.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * express-session store on the app's own database, so several app instances can share sessions.
 * Every read goes to the database: a logout through one instance ends the session on all of them
 * at once. A row expires with its cookie: sessions do not roll, so the browser keeps the expiry
 * the cookie was given when the session was last saved, and a row kept longer (`touch`) could
 * serve no one. Expired rows are deleted on a schedule (housekeeping.ts).
 */
export class DatabaseSessionStore extends Store {
  constructor(private readonly orm: ORM) {
    super();
  }

  private expiry(session: SessionData): Date {
    return session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY_MS);
  }

  get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    selectRows<{ data: string }>(this.orm.em.fork(), 'select `data` from `session` where `sid` = ? and `expires_at` > ?', [sid, new Date()]).then(
      ([row]) => callback(null, row ? JSON.parse(row.data) : null),
      callback,
    );
  }

  set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    this.orm.em
      .fork()
      .upsert(Session, { sid, data: JSON.stringify(session), expiresAt: this.expiry(session) })
      .then(() => callback?.(), (err) => callback?.(err));
  }

  destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.orm.em
      .fork()
      .nativeDelete(Session, { sid })
      .then(() => callback?.(), (err) => callback?.(err));
  }
}
