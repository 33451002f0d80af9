import pino from 'pino';
import { PRUNE_EVERY_MS, pruneExpired, schedulePruning } from '../../../api/auth/housekeeping';
import { RateLimitCount } from '../../../api/auth/rate-limit.entity';
import { Session } from '../../../api/auth/session.entity';
import { systemClock } from '../../../domain/shared/time';
import { startTestApp, TestApp } from '../support/app';
import { unique } from '../support/factories';

describe('housekeeping: expired sessions and passed login counts are deleted', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A day ago: whatever is expired or kept at NOW has expired by the wall clock's now. */
  const NOW = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

  /** Two sessions and two counts, one of each expired at NOW; answers which ids are still there. */
  async function rows() {
    const [gone, kept] = [unique('gone'), unique('kept')];
    const em = t.orm.em.fork();
    em.create(Session, { sid: gone, data: '{}', expiresAt: at(-1) });
    em.create(Session, { sid: kept, data: '{}', expiresAt: at(1) });
    em.create(RateLimitCount, { bucket: gone, hits: 3, resetsAt: at(0) });
    em.create(RateLimitCount, { bucket: kept, hits: 3, resetsAt: at(1) });
    await em.flush();
    return async () => ({
      sessions: (await t.orm.em.fork().find(Session, { sid: [gone, kept] })).map((s) => s.sid),
      counts: (await t.orm.em.fork().find(RateLimitCount, { bucket: [gone, kept] })).map((c) => c.bucket),
      gone,
      kept,
    });
  }

  it('when pruning, then sessions that expired and counts whose window has passed are deleted, and live ones kept', async () => {
    const left = await rows();
    const pruned = await pruneExpired(t.orm, NOW);
    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    expect(pruned.rateLimits).toBeGreaterThanOrEqual(1);
    const { sessions, counts, kept } = await left();
    expect({ sessions, counts }).toEqual({ sessions: [kept], counts: [kept] });
  });

  it('the server prunes at start and then on an interval that does not keep the process alive', async () => {
    const every = jest.spyOn(global, 'setInterval');
    const logger = pino({ level: 'silent' });
    const stop = schedulePruning({ orm: t.orm, config: t.config, clock: systemClock, logger });
    try {
      const [tick, ms] = every.mock.calls[0];
      expect(ms).toBe(PRUNE_EVERY_MS);
      expect((every.mock.results[0].value as NodeJS.Timeout).hasRef()).toBe(false);
      const left = await rows();
      await (tick as () => Promise<void>)();
      expect(await left()).toMatchObject({ sessions: [], counts: [] });
    } finally {
      stop();
      every.mockRestore();
    }
  });
});
