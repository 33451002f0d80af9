/**
 * Domain tests need no database; API tests run against DATABASE_URL (SQLite file when unset);
 * web tests cover the web app's pure modules (no DOM, no Vue).
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/domain/**/*.test.ts', '<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/architecture/**/*.test.ts', '<rootDir>/test/web/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/fast-check.setup.ts'],
  maxWorkers: 2,
  // A test app migrates its database and hashes each user's password (argon2id) before its
  // first test: a second on a quiet machine, past Jest's 5 s default when two cores are busy.
  testTimeout: 30_000,
  fakeTimers: { doNotFake: ['nextTick'] },
};
