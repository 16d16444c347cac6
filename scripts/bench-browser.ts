/**
 * Chromium part of `npm run bench`: serves scripts/bench-harness/ with vite's programmatic dev server
 * (COOP/COEP headers, so the page is crossOriginIsolated and worker timers resolve to ~5 µs, not 100 µs)
 * and drives headless Debian Chromium with playwright-core. The harness runs every engine in a bench
 * worker, then the app's own workers/engine.worker.ts with workers/embedder.worker.ts, embed() relayed
 * through the page as src/app/engine.ts does: load, round trip, turns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, type Plugin } from 'vite';
import wasm from 'vite-plugin-wasm';
import { copyModelAssets } from '../build-index/copy-model-assets.ts';
import { describeStats, formatTurnSet, type BenchFilter, type EngineResult } from './bench-core.ts';
import type { HarnessConfig, HarnessResult } from './bench-harness/protocol.ts';
import { CHROMIUM_PATH, HEADLESS_CHROMIUM_ARGS } from './lib/chromium.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = CHROMIUM_PATH;

export interface BrowserBenchInput {
  indexDir: string;
  embedderId: string;
  engines: string[];
  e2eSets: { set: string; texts: string[] }[];
  queries: Float32Array[];
  filters: BenchFilter[];
  truth: number[][][];
  voyQueries: number;
  rounds: number;
  slowRounds: number;
  turnRounds: number;
}

export async function runBrowserBench(input: BrowserBenchInput): Promise<HarnessResult> {
  // The embedder worker loads the model and the tfjs wasm from public/ (gitignored build output): copy
  // them first, as npm run dev/build do, so a fresh clone does not fail on an HTML fallback page.
  const assets = copyModelAssets({ publicDir: path.join(ROOT, 'public') });
  if (assets.copied.length) console.log(`Model assets: copied ${assets.copied.length} file(s) into public/`);
  const server = await createServer({
    configFile: false,
    root: ROOT,
    // Own dependency cache: never disturb (or get disturbed by) the app's dev server in node_modules/.vite.
    cacheDir: path.join(ROOT, '.cache/bench-vite'),
    publicDir: path.join(ROOT, 'public'),
    logLevel: process.env.CINECHAT_BENCH_VITE_LOG === 'info' ? 'info' : 'warn',
    plugins: [wasm(), serveIndexDir(path.resolve(input.indexDir))],
    worker: { format: 'es', plugins: () => [wasm()] },
    // Scan only the harness and the workers it starts (not the app's index.html and its virtual modules),
    // all up front: a dependency found later makes vite reload the page mid-run.
    optimizeDeps: {
      entries: [
        'scripts/bench-harness/index.html',
        'scripts/bench-harness/bench.worker.ts',
        'workers/engine.worker.ts',
        'workers/embedder.worker.ts',
      ],
    },
    // Exact match only: deep imports such as voy-search/voy_search_bg.js must stay untouched.
    resolve: { alias: [{ find: /^voy-search$/, replacement: 'voy-search/voy_search.js' }] },
    server: {
      host: '127.0.0.1',
      port: 0,
      // No HMR client: a dependency vite discovers late (a worker's lazy import) must not reload the page mid-run.
      hmr: false,
      headers: ISOLATION_HEADERS,
      // Transform the app workers' module graphs (their lazy imports included) while the engine
      // microbenchmarks run, so the engine worker's timed cold load is not vite compiling TypeScript.
      warmup: {
        clientFiles: [
          './workers/engine.worker.ts',
          './workers/embedder.worker.ts',
          './src/engine/fetch-index.ts',
          './src/engine/open-index.ts',
          './src/engine/host.ts',
          './src/embed/browser.ts',
          './src/llm/relay.ts',
          './src/storage/asset-cache.ts',
        ],
      },
      // A symlinked node_modules (a worktree sharing one install) resolves outside the root.
      fs: { allow: [ROOT, fs.realpathSync(path.join(ROOT, 'node_modules'))] },
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not report a port');
  const origin = `http://127.0.0.1:${address.port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cinechat-bench-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...HEADLESS_CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    const version = browser.browser()?.version() ?? 'unknown version';
    page.on('console', (m) => console.log(`  [chromium] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`  [chromium error] ${e.message}`));
    // On the context, so the workers' requests are seen too.
    browser.on(
      'response',
      (r) => r.status() >= 400 && console.log(`  [chromium] HTTP ${r.status()} ${r.url()}`),
    );
    await page.goto(`${origin}/scripts/bench-harness/index.html`);
    // Poll (waitForFunction with an async predicate returns at once here).
    for (let i = 0; i < 600 && !(await page.evaluate(() => 'cinechatBench' in window)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const config: HarnessConfig = {
      baseUrl: `${origin}/`,
      embedderId: input.embedderId,
      engines: input.engines,
      e2eSets: input.e2eSets,
      queries: input.queries.map((q) => Array.from(q)),
      filters: input.filters.map((f) => ({
        name: f.name,
        allowedRows: f.allowedRows,
        allowedList: f.allowed ? rowsOf(f.allowed) : null,
      })),
      truth: input.truth,
      voyQueries: input.voyQueries,
      rounds: input.rounds,
      slowRounds: input.slowRounds,
      turnRounds: input.turnRounds,
    };
    console.log(`Chromium ${version}: running the harness at ${origin} ...`);
    return await page.evaluate(
      (cfg) =>
        (window as unknown as { cinechatBench(c: HarnessConfig): Promise<HarnessResult> }).cinechatBench(cfg),
      config,
    );
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Serve `<base>index/*` from the benched index folder (public/index or any --index DIR). */
function serveIndexDir(dir: string): Plugin {
  return {
    name: 'cinechat-bench-index',
    configureServer(server) {
      server.middlewares.use('/index/', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        const file = path.join(dir, name);
        if (!name || name.includes('..') || !fs.existsSync(file)) return next();
        const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
        res.writeHead(200, {
          'content-type': type,
          'content-length': fs.statSync(file).size,
          ...ISOLATION_HEADERS,
        });
        fs.createReadStream(file).pipe(res);
      });
    },
  };
}

function rowsOf(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((v, r) => v && out.push(r));
  return out;
}

export function printBrowserSummary(
  result: unknown,
  filters: BenchFilter[],
  printEngineTable: (title: string, r: EngineResult[], f: BenchFilter[]) => void,
): void {
  const r = result as Partial<HarnessResult> & { error?: string };
  if (!r || r.error) {
    console.log(`\nChromium bench failed: ${r?.error ?? 'no result'}`);
    return;
  }
  printEngineTable(
    `Chromium worker (${r.userAgent}; crossOriginIsolated=${r.crossOriginIsolated}, timer ${r.workerTimerResolutionMs} ms), ` +
      `index fetch+sha256+decode ${r.indexLoadMs?.toFixed(0)} ms`,
    r.engines ?? [],
    filters,
  );
  const w = r.engineWorker;
  if (!w) return;
  if ('skipped' in w) {
    console.log(`\nApp engine worker: skipped (${w.skipped})`);
    return;
  }
  if ('error' in w) {
    console.log(`\nApp engine worker FAILED: ${w.error}`);
    return;
  }
  const load = (l: NonNullable<typeof w.cached>) =>
    `${l.pageMs.toFixed(0)} ms as the page sees it (worker steps ms: ` +
    Object.entries(l.info.stepsMs)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ') +
    `)`;
  console.log(`\nApp engine worker (workers/engine.worker.ts, engine ${w.cold.info.engine}):`);
  console.log(`  cold load (fresh profile, over HTTP): ${load(w.cold)}`);
  if (w.cached) console.log(`  cached load (new worker, files from the Cache API): ${load(w.cached)}`);
  console.log(`  embedder worker load (started with it): ${w.embedderLoadMs.toFixed(0)} ms`);
  console.log(`  page -> worker round trip, movies([]): ${describeStats(w.ping, 'calls')}`);
  console.log(
    `  page -> worker turn() (embed relayed page -> embedder worker; engine = turn - embed; ` +
      `output ~${(w.turnOutputBytes / 1024).toFixed(0)} KB):`,
  );
  for (const x of w.turns) console.log(formatTurnSet(x));
  console.log(
    w.rerank
      ? `  learned re-ranking stage inside the worker (features + model over the pool: ≤ 600 candidates for long posts and short descriptions): ${describeStats(w.rerank, 'requests')}`
      : '  learned re-ranking stage: no describe/lookup request ran (or no model shipped)',
  );
}
