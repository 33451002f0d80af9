/**
 * Vite config for the web app. Usable from the repo root:
 *   vite build --config web/vite.config.ts     → dist/web (WEB_DIST overrides)
 *   vite --config web/vite.config.ts           → dev server on :5173, /api proxied to :3000
 */
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const fromWeb = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: fromWeb('./public'),
  // web/package.json (type: module) would otherwise put the cache in web/node_modules.
  cacheDir: fromWeb('../node_modules/.vite/web'),
  resolve: {
    alias: { '@': fromWeb('./src') },
  },
  plugins: [
    vue(),
    VueI18nPlugin({
      include: [fromWeb('./src/i18n/*.yml')],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: true,
    }),
    // Element Plus components and directives used in templates are imported on demand
    // (with their CSS). Service APIs such as ElMessage are imported explicitly, see web/src/ui/message.ts.
    Components({
      resolvers: [ElementPlusResolver()],
      // Our own components are imported explicitly; only Element Plus is resolved on demand.
      dirs: [],
      dts: fromWeb('./src/components.d.ts'),
    }),
  ],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    port: 4173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: process.env.WEB_DIST ?? fromWeb('../dist/web'),
    emptyOutDir: true,
    // .vite/manifest.json: which files each page needs, for test/bench/first-load.ts (express.static leaves dot folders unserved).
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // The framework in a long-lived chunk of its own, so a change in our code does not bust its cache.
        // Everything else from node_modules goes where the bundler puts it: with the pages that use it.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 2 },
            { name: 'app', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
});
