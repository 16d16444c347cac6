/**
 * Runs src/llm/webgpu.ts's capability check in headless Chromium (software WebGPU adapter via
 * --enable-unsafe-webgpu, see the toolchain notes) and prints which curated model would be chosen
 * (npx tsx scripts/webgpu-probe.ts). No model weights are downloaded.
 */
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { checkWebGpu } from '../src/llm/webgpu.ts';
import { chooseModel, modelsForDevice } from '../src/llm/models.ts';
import { HEADLESS_CHROMIUM_ARGS } from './lib/chromium.ts';

// WebGPU is exposed only in secure contexts: serve an empty page from localhost.
const server = http.createServer((_req, res) => res.end('<!doctype html><title>probe</title>'));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://localhost:${(server.address() as { port: number }).port}/`;
const base = HEADLESS_CHROMIUM_ARGS;
for (const [name, extra] of [
  ['default flags', []],
  ['--enable-unsafe-webgpu', ['--enable-unsafe-webgpu']],
] as const) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-gpu-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: [...base, ...extra],
  });
  const page = await ctx.newPage();
  await page.goto(url);
  // The function is self-contained (no imports), so its transpiled source runs as-is in the page.
  const cap = await page.evaluate(`(${checkWebGpu.toString()})(navigator)`);
  const deviceMemory = (await page.evaluate('navigator.deviceMemory ?? null')) as number | null;
  console.log(`${name}: ${JSON.stringify(cap)} deviceMemory=${deviceMemory}`);
  const c = cap as Awaited<ReturnType<typeof checkWebGpu>>;
  if (c.ok) {
    console.log(
      `  models offered: ${
        modelsForDevice(c, deviceMemory)
          .map((m) => m.id)
          .join(', ') || '(none)'
      }`,
    );
    console.log(`  default choice: ${chooseModel(c, deviceMemory)?.id ?? '(none)'}`);
  }
  await ctx.close();
}
server.close();
