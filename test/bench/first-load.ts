/**
 * What a page's first load downloads, from the built assets: the JavaScript and CSS of the
 * entry and of the routes and tabs the page opens on, with everything they import
 * statically, each file gzipped (zlib's default level, as the server's compression sends it).
 * Checks the budgets of issue #11. Run after `npm run build:web`:
 *   npx tsx test/bench/first-load.ts           (WEB_DIST overrides dist/web)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface FirstLoad {
  files: string[];
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** The source files whose chunks a page loads first (besides the entry), as the manifest names them. */
export const PAGES: Record<string, { opens: string[]; jsBudgetKb: number }> = {
  login: { opens: ['src/modules/auth/LoginPage.vue'], jsBudgetKb: 150 },
  counter: {
    opens: ['src/components/TheShell.vue', 'src/modules/canteen/CanteenPage.vue', 'src/modules/canteen/counter/CounterTab.vue'],
    jsBudgetKb: 250,
  },
};

const webDist = process.env.WEB_DIST ?? join(__dirname, '..', '..', 'dist', 'web');

export function readManifest(dist = webDist): Manifest {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** Every file the entry and `opens` need before the page can show, with their gzip sizes. */
export function firstLoad(manifest: Manifest, opens: readonly string[], dist = webDist): FirstLoad {
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const files = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the manifest`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const key of [entry, ...opens]) visit(key);
  let jsGzipBytes = 0;
  let cssGzipBytes = 0;
  for (const file of files) {
    const size = gzipSync(readFileSync(join(dist, file))).length;
    if (file.endsWith('.css')) cssGzipBytes += size;
    else jsGzipBytes += size;
  }
  return { files: [...files], jsGzipBytes, cssGzipBytes };
}

if (require.main === module) {
  const manifest = readManifest();
  let over = false;
  for (const [page, { opens, jsBudgetKb }] of Object.entries(PAGES)) {
    const load = firstLoad(manifest, opens);
    const js = load.jsGzipBytes / 1024;
    const ok = js <= jsBudgetKb;
    over ||= !ok;
    console.log(
      `${page.padEnd(8)} JS ${js.toFixed(1).padStart(6)} KB gzip (budget ${jsBudgetKb}) ${ok ? 'ok' : 'OVER'} · CSS ${(load.cssGzipBytes / 1024).toFixed(1)} KB gzip · ${load.files.length} files`,
    );
  }
  process.exit(over ? 1 : 0);
}
