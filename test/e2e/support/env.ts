/** The base URL of the app under test, set by global-setup (or given as E2E_BASE_URL). */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the journeys with `npm run test:e2e` (jest.e2e.config.js)');
  return url.replace(/\/$/, '');
}
