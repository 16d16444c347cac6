/**
 * Harness page for scripts/bench-browser.ts. First the engine microbenchmarks in a bench worker; then the
 * app's own workers, wired the way src/app/engine.ts wires them: workers/engine.worker.ts (the engine
 * host) and workers/embedder.worker.ts, the engine worker's embed() calls relayed through this page to
 * the embedder worker. Measures their load (cold, then from the Cache API), the page -> engine worker
 * round trip, and turn() over the query sets.
 */
import * as Comlink from 'comlink';
import type { EmbedderWorkerApi } from '../../workers/embedder.worker.ts';
import type { EngineWorkerApi } from '../../workers/engine.worker.ts';
import { INDEX_CACHE } from '../../src/storage/asset-cache.ts';
import { acrossRounds, stats, timeTurns } from '../bench-core.ts';
import type { BenchWorkerApi } from './bench.worker.ts';
import type { EngineWorkerResult, HarnessConfig, HarnessResult, WorkerLoad } from './protocol.ts';

const noProgress = () => undefined;

/** Same constructor options as src/app/engine.ts. */
const startEngineWorker = () =>
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
const startEmbedderWorker = () =>
  new Worker(new URL('../../workers/embedder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'embedder',
  });

/** Wait until the engine worker's (fire-and-forget) store of the index files reached the Cache API. */
async function indexCached(baseUrl: string): Promise<void> {
  const manifest = (await (await fetch(new URL('index/manifest.json', baseUrl))).json()) as {
    files: Record<string, string>;
  };
  const urls = Object.values(manifest.files).map((f) => new URL(`index/${f}`, baseUrl).href);
  for (let i = 0; i < 100; i++) {
    const cache = await caches.open(INDEX_CACHE);
    const hits = await Promise.all(urls.map((u) => cache.match(u)));
    if (hits.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log('harness: the index files did not all reach the Cache API; the cached load may refetch some');
}

async function benchEngineWorker(cfg: HarnessConfig): Promise<EngineWorkerResult> {
  const embedderWorker = startEmbedderWorker();
  const embedder = Comlink.wrap<EmbedderWorkerApi>(embedderWorker);
  // The page's relay, as in src/app/engine.ts (there the worker client's init loads the model first).
  const meter = { ms: 0, calls: 0 };
  const t0 = performance.now();
  const embedderReady = embedder.load(cfg.embedderId, cfg.baseUrl, Comlink.proxy(noProgress));
  let embedderLoadMs = 0;
  void embedderReady.then(() => (embedderLoadMs = performance.now() - t0));
  const embed = async (texts: string[]) => {
    await embedderReady;
    const a = performance.now();
    try {
      return await embedder.embed(texts);
    } finally {
      meter.ms += performance.now() - a;
      meter.calls++;
    }
  };
  const relay = Comlink.proxy(embed);

  const load = async (): Promise<{
    api: Comlink.Remote<EngineWorkerApi>;
    worker: Worker;
    load: WorkerLoad;
  }> => {
    const a = performance.now();
    const worker = startEngineWorker();
    const api = Comlink.wrap<EngineWorkerApi>(worker);
    const info = await api.load(cfg.baseUrl, Comlink.proxy(noProgress), relay);
    return { api, worker, load: { pageMs: performance.now() - a, info } };
  };

  // Both workers start at once, as on the app's first load.
  const [first] = await Promise.all([load(), embedderReady]);
  const engine = first.api;
  let turnOutputBytes = 0;
  const turns = [];
  for (const { set, texts } of cfg.e2eSets) {
    turns.push(
      await timeTurns(
        set,
        texts,
        async (message) => {
          meter.ms = 0;
          meter.calls = 0;
          const out = await engine.turn({ message, hidden: [] }, null);
          turnOutputBytes ||= JSON.stringify(out).length;
          return {
            embedMs: meter.ms,
            embedCalls: meter.calls,
            results: out.results.length,
            intent: out.intent,
          };
        },
        { rounds: cfg.turnRounds, warmup: 5 },
      ),
    );
  }

  // The learned re-ranking stage, timed inside the worker on the turns above (describe/lookup requests).
  const rerankMs = await engine.rerankTimes();
  for (let i = 0; i < 20; i++) await engine.movies([]);
  const pings: number[][] = [];
  for (let round = 0; round < cfg.rounds; round++) {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = performance.now();
      await engine.movies([]);
      times.push(performance.now() - a);
    }
    pings.push(times);
  }
  first.worker.terminate();

  await indexCached(cfg.baseUrl);
  const again = await load();
  again.worker.terminate();
  embedderWorker.terminate();
  return {
    cold: first.load,
    cached: again.load,
    embedderLoadMs,
    ping: acrossRounds(pings),
    turns,
    turnOutputBytes,
    rerank: rerankMs.length ? stats(rerankMs) : null,
  };
}

async function cinechatBench(cfg: HarnessConfig): Promise<HarnessResult> {
  const benchWorker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const bench = Comlink.wrap<BenchWorkerApi>(benchWorker);
  const { e2eSets: _sets, ...rest } = cfg;
  const run = await bench.run(rest);
  benchWorker.terminate();

  let engineWorker: HarnessResult['engineWorker'];
  if (cfg.embedderId !== 'use-lite') {
    engineWorker = { skipped: `index embedder ${cfg.embedderId} has no browser model files here` };
  } else {
    engineWorker = await benchEngineWorker(cfg).catch((err: unknown) => ({
      error: err instanceof Error ? err.message : String(err),
    }));
  }

  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    workerTimerResolutionMs: run.timerResolutionMs,
    indexLoadMs: run.indexLoadMs,
    engines: run.engines,
    engineWorker,
  };
}

(window as unknown as { cinechatBench: typeof cinechatBench }).cinechatBench = cinechatBench;
