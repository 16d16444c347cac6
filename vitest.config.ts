import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { 'voy-search': 'voy-search/voy_search.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    server: { deps: { inline: ['voy-search'] } },
  },
});
