import { Store, SessionData } from 'express-session';
import { fromDatetime, runStatement, selectRows } from '../db';
import type { ORM } from '../db';
import { Session } from './session.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, so an ordinary request is not also a session write. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;
/**
 * How long a session read stays in this instance's memory. Every request reads its session;
 * the rows change only at login (a new sid), logout and expiry. This instance's own writes
 * update the memory at once; a logout served by another instance sharing the database ends
 * the session here within this time.
 */
const REMEMBER_MS = 5_000;
/** Beyond this many remembered sessions, memory starts afresh (a crude bound, ample for a site's staff). */
const REMEMBER_AT_MOST = 10_000;

interface Remembered {
  data: string;
  expiresAt: number;
  until: number;
}

/** express-session store on the app's own database, so several app instances can share sessions. */
export class DatabaseSessionStore extends Store {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly orm: ORM) {
    super();
  }

  private expiry(session: SessionData): Date {
    return session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY_MS);
  }

  private remember(sid: string, data: string, expiresAt: number): void {
    if (this.remembered.size >= REMEMBER_AT_MOST) this.remembered.clear();
    this.remembered.set(sid, { data, expiresAt, until: Date.now() + REMEMBER_MS });
  }

  get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const now = Date.now();
    const known = this.remembered.get(sid);
    if (known && known.until > now && known.expiresAt > now) return callback(null, JSON.parse(known.data));
    selectRows<{ data: string; expires_at: unknown }>(this.orm.em.fork(), 'select `data`, `expires_at` from `session` where `sid` = ? and `expires_at` > ?', [sid, new Date(now)])
      .then(([row]) => {
        if (!row) {
          this.remembered.delete(sid);
          return callback(null, null);
        }
        this.remember(sid, row.data, fromDatetime(row.expires_at).getTime());
        callback(null, JSON.parse(row.data));
      }, callback);
  }

  set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const data = JSON.stringify(session);
    const expiresAt = this.expiry(session);
    this.remembered.delete(sid);
    this.orm.em
      .fork()
      .upsert(Session, { sid, data, expiresAt })
      .then(
        () => {
          this.remember(sid, data, expiresAt.getTime());
          callback?.();
        },
        (err) => callback?.(err),
      );
  }

  destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.remembered.delete(sid);
    this.orm.em
      .fork()
      .nativeDelete(Session, { sid })
      .then(() => callback?.(), (err) => callback?.(err));
  }

  touch(sid: string, session: SessionData, callback?: () => void): void {
    const expiresAt = this.expiry(session);
    const due = expiresAt.getTime() - TOUCH_EVERY_MS;
    const known = this.remembered.get(sid);
    // The expiry this instance last read or wrote is recent enough: nothing to write.
    if (known && known.expiresAt >= due) return callback?.();
    runStatement(this.orm.em.fork(), 'update `session` set `expires_at` = ? where `sid` = ? and `expires_at` < ?', [expiresAt, sid, new Date(due)]).then(
      () => {
        if (known) known.expiresAt = expiresAt.getTime();
        callback?.();
      },
      () => callback?.(),
    );
  }

  /** Removes expired rows; called at start so the table does not grow without bound. */
  async prune(): Promise<number> {
    return this.orm.em.fork().nativeDelete(Session, { expiresAt: { $lt: new Date() } });
  }
}
