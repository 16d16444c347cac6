/**
 * `npm run bench:e2e`: app timings in headless Chromium against the built app, and bundle sizes.
 *   cold first visit → ready, warm reload → ready (service worker + HTTP cache),
 *   Enter → first result card (p50/p90 over BENCH_QUERIES queries, no LLM),
 *   main chunk size (gzip), total precache size.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildApp, DIST, indexDir, launch, newContext, startPreview, waitReady } from './harness.ts';

const QUERIES = [
  'movies that make me cry',
  'like Spirited Away but for adults',
  '80s sci-fi under 2 hours',
  'a heist movie with a clever twist',
  'romantic comedy in new york',
  'space exploration and loneliness',
  'courtroom drama about injustice',
  'funny animated movie for kids',
  'psychological horror in an isolated house',
  'war movie about friendship',
  'a detective chasing a serial killer',
  'coming of age story set in the summer',
  'something like The Matrix',
  'french movies about love',
  'high school comedy',
  'a musician struggling to make it',
  'time travel paradox',
  'samurai and honor',
  'feel good sports movie',
  'documentary about nature',
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function readyMs(page: Page): Promise<number> {
  await waitReady(page);
  return page.evaluate(() =>
    (window as unknown as { __cinechat: { readyAt(): number } }).__cinechat.readyAt(),
  );
}

/**
 * Enter → first card of the new answer, measured inside the page (no driver round trips). Passed
 * as source text: tsx would wrap named inner functions in a `__name` helper the page lacks.
 */
const ENTER_TO_CARD = `(q) => new Promise((resolve, reject) => {
  const box = document.querySelector('#message');
  if (!box) return reject(new Error('no message box'));
  const before = document.querySelectorAll('li.message.assistant').length;
  box.value = q;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    const a = document.querySelectorAll('li.message.assistant')[before];
    if (a && (a.querySelector('article.card') || a.getAttribute('data-status') === 'error')) {
      obs.disconnect();
      resolve(performance.now() - t0);
    }
  });
  obs.observe(document.body, { subtree: true, childList: true, attributes: true });
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  setTimeout(() => reject(new Error('no card for ' + JSON.stringify(q) + ' within 30 s')), 30000);
})`;

async function enterToCard(page: Page, query: string): Promise<number> {
  return page.evaluate(`(${ENTER_TO_CARD})(${JSON.stringify(query)})`) as Promise<number>;
}

function sizes() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const main = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '';
  const mainFile = path.join(DIST, main.replace(/^.*?assets\//, 'assets/'));
  const mainBytes = fs.readFileSync(mainFile);
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]);
  let precache = 0;
  for (const u of urls) {
    const f = path.join(DIST, decodeURIComponent(u.split('?')[0]));
    if (fs.existsSync(f)) precache += fs.statSync(f).size;
  }
  return {
    mainFile: path.basename(mainFile),
    mainRaw: mainBytes.byteLength,
    mainGzip: zlib.gzipSync(mainBytes, { level: 9 }).byteLength,
    precacheEntries: urls.length,
    precache,
  };
}

async function main() {
  buildApp();
  const index = indexDir();
  const manifest = JSON.parse(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8'));
  const server = await startPreview();
  const browser = await launch();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    const cold = await readyMs(page);
    // Let the service worker finish precaching before the warm run.
    for (
      let i = 0;
      i < 360 && !(await page.evaluate(() => navigator.serviceWorker.controller !== null));
      i++
    ) {
      await page.waitForTimeout(250);
    }
    const steps = async () =>
      JSON.stringify(await page.evaluate('window.__cinechat.report()?.stepsMs'), (_k, v) =>
        typeof v === 'number' ? Math.round(v) : v,
      );
    const coldSteps = await steps();
    const warm: number[] = [];
    let warmSteps = '';
    for (let i = 0; i < 3; i++) {
      await page.reload();
      warm.push(await readyMs(page));
      warmSteps = await steps();
    }
    await enterToCard(page, 'warm-up query about ships'); // first embed + first scan
    const times: number[] = [];
    for (const q of QUERIES) times.push(await enterToCard(page, q));
    const s = sizes();
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `\nbench:e2e — headless Chromium, index ${path.relative(process.cwd(), index)} (${manifest.count} movies, ${manifest.embedder.id})`,
    );
    console.log(`cold first visit → ready      ${cold.toFixed(0)} ms`);
    console.log(
      `warm reload → ready (median)  ${pct(warm, 50).toFixed(0)} ms   [${warm.map((w) => w.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `Enter → first card           p50 ${pct(times, 50).toFixed(0)} ms · p90 ${pct(times, 90).toFixed(0)} ms · max ${Math.max(...times).toFixed(0)} ms (${times.length} queries, no LLM)`,
    );
    console.log(`  engine worker load steps, cold: ${coldSteps}`);
    console.log(`  engine worker load steps, warm: ${warmSteps}`);
    console.log(
      `main chunk ${s.mainFile}       ${(s.mainRaw / 1024).toFixed(1)} KB raw · ${(s.mainGzip / 1024).toFixed(1)} KB gzip`,
    );
    console.log(`precache                     ${s.precacheEntries} entries · ${mb(s.precache)}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
