/**
 * Chromium part of `npm run bench`: serves tests/search/harness/ with vite's programmatic dev server
 * (COOP/COEP headers, so the page is crossOriginIsolated and worker timers resolve to ~5 µs, not 100 µs)
 * and drives headless Debian Chromium with playwright-core. The harness runs every engine in a worker,
 * then the app's own workers/search.worker.ts (+ workers/embedder.worker.ts for end-to-end time).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, type Plugin } from 'vite';
import wasm from 'vite-plugin-wasm';
import { formatEndToEnd, type BenchFilter, type EngineResult } from './bench-core.ts';
import type { HarnessConfig, HarnessResult } from '../tests/search/harness/protocol.ts';
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
}

export async function runBrowserBench(input: BrowserBenchInput): Promise<HarnessResult> {
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
        'tests/search/harness/index.html',
        'tests/search/harness/bench.worker.ts',
        'workers/search.worker.ts',
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
    page.on(
      'response',
      (r) => r.status() >= 400 && console.log(`  [chromium] HTTP ${r.status()} ${r.url()}`),
    );
    await page.goto(`${origin}/tests/search/harness/index.html`);
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
    `Chromium worker (${r.userAgent}; crossOriginIsolated=${r.crossOriginIsolated}), index fetch+sha256+decode ${r.indexLoadMs?.toFixed(0)} ms`,
    r.engines ?? [],
    filters,
  );
  const w = r.searchWorker;
  if (w) {
    console.log(
      `App search worker (${w.engine}): load ${w.loadMs.toFixed(0)} ms; page->worker round trip p50 ` +
        w.roundTrip.map((x) => `${x.filter} ${x.p50.toFixed(3)} ms`).join(', '),
    );
  }
  const e = r.endToEnd;
  if (e && 'sets' in e) {
    console.log(
      `Browser end-to-end (page -> search worker plan -> embedder worker -> search worker retrieve; ` +
        `embedder load ${e.embedderLoadMs.toFixed(0)} ms):`,
    );
    for (const x of e.sets) console.log(formatEndToEnd(x));
  } else if (e) console.log(`Browser end-to-end: ${e.skipped}`);
}
