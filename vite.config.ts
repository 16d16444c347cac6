import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import wasm from 'vite-plugin-wasm';

// Base path: set CINECHAT_BASE=/my-project/ to host under a sub-path.
const base = process.env.CINECHAT_BASE ?? '/';

export default defineConfig({
  base,
  plugins: [solid(), wasm()],
  worker: { format: 'es', plugins: () => [wasm()] },
  resolve: { alias: { 'voy-search': 'voy-search/voy_search.js' } },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173 },
  preview: { port: 4173 },
});
