/**
 * End-to-end tests in headless Chromium against the built app (`npm run test:e2e`).
 * Not part of `npm test`: they need a build, a server and a browser. Ends with "N passed, N failed".
 * Options: E2E_ONLY=<substring> runs matching tests; E2E_SKIP_BUILD=1 reuses .cache/e2e-dist.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, buildApp, launch, startPreview, type Server } from './harness.ts';
import { TESTS, type E2EContext } from './cases.ts';
import './qdrant-fallback.ts'; // adds the Qdrant server-mode case to TESTS
import './downloads.ts'; // adds the first-visit download count to TESTS
import './posters.ts'; // adds the placeholder-poster wrapping check to TESTS
import './long-session.ts'; // adds long-session memory/latency, SW update and eviction cases to TESTS
import './parity.ts'; // adds the app-vs-Node-engine parity case to TESTS
import './a11y.ts'; // adds the axe-core accessibility audit to TESTS

async function main() {
  buildApp();
  fs.mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
  const only = process.env.E2E_ONLY;
  const selected = TESTS.filter((t) => !only || t.name.includes(only));
  let server: Server = await startPreview();
  let browser: Browser = await launch();
  let passed = 0;
  let failed = 0;
  for (const t of selected) {
    const started = Date.now();
    const ctx: E2EContext = {
      browser,
      get server() {
        return server;
      },
      async restartServer() {
        await server.stop();
        server = await startPreview();
        return server;
      },
      artifacts: ARTIFACTS,
    };
    try {
      await t.run(ctx);
      passed++;
      console.log(`✓ ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(
        `✗ ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n    ${String(
          e instanceof Error ? e.stack : e,
        )
          .split('\n')
          .slice(0, 6)
          .join('\n    ')}`,
      );
      // A test that stopped the server or broke the browser must not take the next ones down.
      if (
        !(await fetch(server.url)
          .then((r) => r.ok)
          .catch(() => false))
      )
        server = await startPreview();
      if (!browser.isConnected()) browser = await launch();
    }
  }
  await browser.close();
  await server.stop();
  assert.ok(selected.length > 0, `no test matches E2E_ONLY=${only}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
