import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import wasm from 'vite-plugin-wasm';
import { VitePWA } from 'vite-plugin-pwa';

// Base path: set CINECHAT_BASE=/my-project/ to host under a sub-path.
const base = process.env.CINECHAT_BASE ?? '/';

/**
 * Origins a configured Qdrant server may have. A CSP <meta> cannot change at run time, so the
 * built app allows these (space-separated, build-time `CINECHAT_QDRANT_ORIGINS`); a server
 * elsewhere needs a rebuild with its origin, or a Content-Security-Policy header from the host.
 */
const qdrantOrigins = (
  process.env.CINECHAT_QDRANT_ORIGINS ??
  'http://localhost:6333 http://127.0.0.1:6333 https://*.cloud.qdrant.io'
)
  .split(/\s+/)
  .filter((o) => /^https?:\/\/[\w.*:-]+$/.test(o));

/** The built app's content security policy (not in dev: Vite's HMR needs inline code and websockets). */
export const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' compiles WebAssembly (tfjs, vector search, web-llm); no inline or eval'd JS.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob: https://image.tmdb.org",
  // Hugging Face hub (optional hf: embedders and LLM weights), web-llm's model libraries, posters, Qdrant.
  [
    "connect-src 'self'",
    'https://huggingface.co https://*.huggingface.co https://*.hf.co',
    'https://raw.githubusercontent.com',
    'https://image.tmdb.org',
    ...qdrantOrigins,
  ].join(' '),
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'cinechat-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `CINECHAT_INDEX_DIR=.cache/index-2000 vite build` ships that index as `index/` instead of
 * public/index (quick e2e/dev loops with a small index; the service worker precaches whichever ships).
 */
function indexFrom(dir: string | undefined): Plugin | null {
  if (!dir) return null;
  return {
    name: 'cinechat-index-dir',
    apply: 'build',
    generateBundle() {
      for (const name of fs.readdirSync(dir)) {
        this.emitFile({
          type: 'asset',
          fileName: `index/${name}`,
          source: fs.readFileSync(path.join(dir, name)),
        });
      }
    },
  };
}

const MB = 1024 * 1024;

/**
 * Version of the embedding model's files (fixed names, so the app's model cache is named after it; see
 * src/storage/asset-cache.ts): a digest of public/models/use-lite, or 'none' before `npm run assets`.
 */
function modelAssetsVersion(dir = 'public/models/use-lite'): string {
  if (!fs.existsSync(dir)) return 'none';
  const h = createHash('sha256');
  for (const name of fs.readdirSync(dir).sort()) h.update(name).update(fs.readFileSync(path.join(dir, name)));
  return h.digest('hex').slice(0, 16);
}

export default defineConfig({
  base,
  plugins: [
    solid(),
    wasm(),
    cspMeta(),
    indexFrom(process.env.CINECHAT_INDEX_DIR),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false, // registered from src/app/pwa.ts (no inline script, CSP-friendly)
      includeAssets: ['icons/*.svg', 'icons/apple-touch-icon.png', 'favicon.png'],
      manifest: {
        name: 'CineChat: find a movie by talking about it',
        short_name: 'CineChat',
        description:
          'Chat about 45,000 movies and get recommendations. Runs entirely on your device, offline too.',
        theme_color: '#c2410c',
        background_color: '#121110',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app shell and tfjs's WASM (tfjs fetches it itself). The index and the model (~30 MB) are not
        // precached: the app keeps what it downloads in its own Cache Storage (src/storage/asset-cache.ts), so
        // a first visit downloads them once, and later visits and offline use read them from there.
        globPatterns: [
          '**/*.{js,css,html,svg,png,webmanifest}',
          // The threaded build is never used (WASM_HAS_MULTITHREAD_SUPPORT is off in src/embed/browser.ts).
          'tfjs/tfjs-backend-wasm.wasm',
          'tfjs/tfjs-backend-wasm-simd.wasm',
        ],
        // transformers.js (hf: embedders only) is fetched on demand, not precached.
        globIgnores: ['**/ort/**', '**/*.map', '**/transformers.web-*.js'],
        maximumFileSizeToCacheInBytes: 64 * MB,
        // Index files carry their hash in the name: no cache-busting query needed.
        dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\.(?:json|bin|js|css|wasm)$/,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/index\//, /\/models\//],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Other embedders' weights served from this origin (hf: models under models/); USE-lite's
            // files are cached by the app itself.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin &&
              /\/(models|ort)\//.test(url.pathname) &&
              !url.pathname.includes('/models/use-lite/'),
            handler: 'CacheFirst',
            options: { cacheName: 'cinechat-models', expiration: { maxEntries: 64 } },
          },
          {
            urlPattern: ({ url }) => url.origin === 'https://image.tmdb.org',
            handler: 'CacheFirst',
            options: {
              cacheName: 'cinechat-posters',
              expiration: { maxEntries: 600, maxAgeSeconds: 60 * 60 * 24 * 60, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [0, 200] },
            },
          },
        ],
      },
    }),
  ],
  define: { 'import.meta.env.VITE_MODEL_ASSETS_VERSION': JSON.stringify(modelAssetsVersion()) },
  worker: { format: 'es', plugins: () => [wasm()] },
  resolve: { alias: { 'voy-search': 'voy-search/voy_search.js' } },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173 },
  preview: { port: 4173 },
});
