import { Store, SessionData } from 'express-session';
import type { ORM } from '../db';
import { Session } from './session.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, so an ordinary request is not also a session write. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;

/** express-session store on the app's own database, so several app instances can share sessions. */
export class DatabaseSessionStore extends Store {
  constructor(private readonly orm: ORM) {
    super();
  }

  private expiry(session: SessionData): Date {
    return session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY_MS);
  }

  get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.orm.em
      .fork()
      .findOne(Session, { sid, expiresAt: { $gt: new Date() } })
      .then((row) => callback(null, row ? JSON.parse(row.data) : null), callback);
  }

  set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const em = this.orm.em.fork();
    em.upsert(Session, { sid, data: JSON.stringify(session), expiresAt: this.expiry(session) })
      .then(() => callback?.(), (err) => callback?.(err));
  }

  destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.orm.em
      .fork()
      .nativeDelete(Session, { sid })
      .then(() => callback?.(), (err) => callback?.(err));
  }

  touch(sid: string, session: SessionData, callback?: () => void): void {
    const expiresAt = this.expiry(session);
    this.orm.em
      .fork()
      .nativeUpdate(Session, { sid, expiresAt: { $lt: new Date(expiresAt.getTime() - TOUCH_EVERY_MS) } }, { expiresAt })
      .then(() => callback?.(), () => callback?.());
  }

  /** Removes expired rows; called at start so the table does not grow without bound. */
  async prune(): Promise<number> {
    return this.orm.em.fork().nativeDelete(Session, { expiresAt: { $lt: new Date() } });
  }
}
