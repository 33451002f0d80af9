/**
 * The API serves the built web app from dist/web (or WEB_DIST), so the journeys need a fresh build:
 * run `vite build --config web/vite.config.ts` when its index.html is missing or older
 * than anything under web/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

const WEB_DIR = join(REPO_ROOT, 'web');
const BUILT_INDEX = join(process.env.WEB_DIST ?? join(REPO_ROOT, 'dist', 'web'), 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT_INDEX)) return true;
  return statSync(BUILT_INDEX).mtimeMs < newestMtime(WEB_DIR);
}

export function ensureWebBuild(): void {
  if (!webBuildIsStale()) return;
  console.log('[e2e] building the web app (dist/web is missing or older than web/)…');
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    // Jest sets NODE_ENV=test, and Vite would build Vue's development bundles under it: build what ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}
