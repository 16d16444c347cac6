import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { 'voy-search': 'voy-search/voy_search.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // The fixture's fixed texts are embedded once per run (tests/support/fixture-embedder.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Every core (vitest's default leaves one idle, which on the 2-core CI machine halves the pool).
    maxWorkers: '100%',
    server: { deps: { inline: ['voy-search'] } },
  },
});
