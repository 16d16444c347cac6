/**
 * `npm run bench:e2e`: app timings in headless Chromium against the built app, and bundle sizes.
 *   cold first visit → ready, warm reload → ready (service worker + HTTP cache),
 *   Enter → first result card (p50/p90 over BENCH_QUERIES queries, no LLM),
 *   main chunk size (gzip), total precache size.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
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

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
const WARM_RELOADS = 3;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs: number[]) => pct(xs, 50);

async function readyMs(page: Page): Promise<number> {
  await waitReady(page);
  return page.evaluate(() =>
    (window as unknown as { __cinechat: { readyAt(): number } }).__cinechat.readyAt(),
  );
}

/** One query's outcome: a timing when its answer showed a card, else why it failed. */
type Outcome = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Enter → first card of the new answer, measured inside the page (no driver round trips). The
 * answer is the assistant <li> that was not rendered before Enter (element identity, not position:
 * the chat renders only its newest messages). Passed as source text: tsx would wrap named inner
 * functions in a `__name` helper the page lacks.
 */
const ENTER_TO_CARD = `(q) => new Promise((resolve) => {
  const box = document.querySelector('#message');
  if (!box) return resolve({ ok: false, reason: 'no message box' });
  const seen = new Set(document.querySelectorAll('li.message.assistant'));
  box.value = q;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  const t0 = performance.now();
  let timer = 0;
  const finish = (outcome) => {
    obs.disconnect();
    clearTimeout(timer);
    seen.clear();
    resolve(outcome);
  };
  const obs = new MutationObserver(() => {
    const all = document.querySelectorAll('li.message.assistant');
    let a = null;
    for (let i = all.length - 1; i >= 0 && !a; i--) if (!seen.has(all[i])) a = all[i];
    if (!a) return;
    const status = a.getAttribute('data-status');
    if (a.querySelector('article.card')) return finish({ ok: true, ms: performance.now() - t0 });
    const text = (a.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 160);
    if (status === 'error') return finish({ ok: false, reason: 'error answer: ' + text });
    if (status === 'done') return finish({ ok: false, reason: 'no cards: ' + text });
  });
  obs.observe(document.body, { subtree: true, childList: true, attributes: true });
  timer = setTimeout(() => finish({ ok: false, reason: 'no card within 30 s' }), 30000);
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
})`;

async function enterToCard(page: Page, query: string): Promise<Outcome> {
  return page.evaluate(`(${ENTER_TO_CARD})(${JSON.stringify(query)})`) as Promise<Outcome>;
}

interface Round {
  cold: number;
  warm: number[];
  coldSteps: string;
  warmSteps: string;
  /** Enter → first card of the QUERIES that answered with cards. */
  times: number[];
  failures: { query: string; reason: string }[];
}

async function runRound(browser: Browser, url: string): Promise<Round> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url);
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
    for (let i = 0; i < WARM_RELOADS; i++) {
      await page.reload();
      warm.push(await readyMs(page));
      warmSteps = await steps();
    }
    const failures: Round['failures'] = [];
    const warmUp = 'warm-up query about ships';
    const w = await enterToCard(page, warmUp); // first embed + first scan
    if (!w.ok) failures.push({ query: `${warmUp} (warm-up)`, reason: w.reason });
    const times: number[] = [];
    for (const q of QUERIES) {
      const r = await enterToCard(page, q);
      if (r.ok) times.push(r.ms);
      else failures.push({ query: q, reason: r.reason });
    }
    return { cold, warm, coldSteps, warmSteps, times, failures };
  } finally {
    await context.close();
  }
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
  const rounds: Round[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const round = await runRound(browser, server.url);
      rounds.push(round);
      console.log(
        `round ${r + 1}/${ROUNDS}: ready ${round.cold.toFixed(0)} ms cold · ${median(round.warm).toFixed(0)} ms warm · ` +
          (round.times.length ? `Enter → card p50 ${pct(round.times, 50).toFixed(0)} ms` : 'no timings') +
          ` (n=${round.times.length}) · ${round.failures.length} failure(s)`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const s = sizes();
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const ms = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(', ')}]`;
  const of = `median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}`;
  const timed = rounds.filter((r) => r.times.length > 0);
  const ns = rounds.map((r) => r.times.length);
  const n = ns.every((x) => x === ns[0]) ? `n=${ns[0]} queries each` : `n=${ns.join('/')} queries`;
  const failures = rounds.flatMap((r, i) => r.failures.map((f) => ({ round: i + 1, ...f })));
  const asked = ROUNDS * (QUERIES.length + 1);
  const last = rounds[rounds.length - 1];
  console.log(
    `\nbench:e2e — headless Chromium, index ${path.relative(process.cwd(), index)} (${manifest.count} movies, ${manifest.embedder.id})`,
  );
  console.log(
    `cold first visit → ready      ${median(rounds.map((r) => r.cold)).toFixed(0)} ms   (${of}: ${ms(rounds.map((r) => r.cold))})`,
  );
  console.log(
    `warm reload → ready (median)  ${median(rounds.map((r) => median(r.warm))).toFixed(0)} ms   (${of}; ${WARM_RELOADS} reloads each: ${rounds.map((r) => ms(r.warm)).join(' ')})`,
  );
  if (timed.length) {
    // A round where every answer failed has no timings: the median is over the others.
    const timedOf = timed.length === ROUNDS ? of : `median of ${timed.length} of ${ROUNDS} rounds`;
    const stat = (f: (t: number[]) => number) => median(timed.map((r) => f(r.times))).toFixed(0);
    console.log(
      `Enter → first card           p50 ${stat((t) => pct(t, 50))} ms · p90 ${stat((t) => pct(t, 90))} ms · max ${stat((t) => Math.max(...t))} ms (${timedOf}; ${n}, no LLM; per-round p50 ${ms(timed.map((r) => pct(r.times, 50)))})`,
    );
  } else {
    console.log(`Enter → first card           no timings: every answer failed (${n}, no LLM)`);
  }
  console.log(
    `failures                     ${failures.length} of ${asked} answers (${ROUNDS} × ${QUERIES.length} queries + 1 warm-up)`,
  );
  for (const f of failures) console.log(`  round ${f.round}: ${JSON.stringify(f.query)} — ${f.reason}`);
  console.log(`  engine worker load steps, cold: ${last.coldSteps}   (round ${rounds.length})`);
  console.log(`  engine worker load steps, warm: ${last.warmSteps}   (round ${rounds.length})`);
  console.log(
    `main chunk ${s.mainFile}       ${(s.mainRaw / 1024).toFixed(1)} KB raw · ${(s.mainGzip / 1024).toFixed(1)} KB gzip`,
  );
  console.log(`precache                     ${s.precacheEntries} entries · ${mb(s.precache)}`);
  if (failures.length) process.exitCode = 1;
}

await main();
