/**
 * End-to-end journeys: Playwright (playwright-core) driving Debian's Chromium against the
 * real app. global-setup builds web/ when stale and starts `tsx api/server.ts` on a free
 * port with a fresh SQLite DATA_DIR (or uses E2E_BASE_URL). Run with `npm run test:e2e`.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
  slowTestThreshold: 30,
};
