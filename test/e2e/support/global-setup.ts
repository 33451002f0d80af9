/**
 * Once before all journeys: build the web app if stale, then start the app server unless
 * E2E_BASE_URL points at one already running (e.g. `npm start` or `vite preview`).
 */
import { ensureWebBuild } from './build';
import { startAppServer, type AppServer } from './server';

declare global {
   
  var __XFL_E2E_SERVER__: AppServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') ensureWebBuild();
  if (process.env.E2E_BASE_URL) {
    console.log(`[e2e] using the running app at ${process.env.E2E_BASE_URL}`);
    return;
  }
  const server = await startAppServer();
  globalThis.__XFL_E2E_SERVER__ = server;
  process.env.E2E_BASE_URL = server.baseUrl;
  console.log(`[e2e] app server ready at ${server.baseUrl} (log: ${server.logFile})`);
}
