import { ConfigError, loadConfig } from '../../../api/config';

const SECRET = 'a-production-secret-of-32-characters-or-more';

/** The message a refused environment stops the process with. */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('the environment was accepted');
}

describe('config: the environment is read once at start, a bad value named', () => {
  it('production needs a session secret of its own', () => {
    expect(refusal({ NODE_ENV: 'production' })).toMatch(/SESSION_SECRET: is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
  });

  it('CLOCK_STARTS_AT starts the clock of a demo or a browser journey, is refused in production, and must be an instant', () => {
    expect(loadConfig({ NODE_ENV: 'development', CLOCK_STARTS_AT: '2026-11-30T15:00:00+08:00' }).clockStartsAt).toBe('2026-11-30T15:00:00+08:00');
    expect(loadConfig({ NODE_ENV: 'development' }).clockStartsAt).toBeUndefined();
    expect(refusal({ NODE_ENV: 'production', SESSION_SECRET: SECRET, CLOCK_STARTS_AT: '2026-11-30T15:00:00+08:00' })).toMatch(/CLOCK_STARTS_AT: is for demos and browser tests, never production/);
    expect(refusal({ NODE_ENV: 'development', CLOCK_STARTS_AT: 'next monday' })).toMatch(/CLOCK_STARTS_AT: must be an ISO instant/);
  });
});
