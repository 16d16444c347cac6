/**
 * Harness page for scripts/bench-browser.ts: runs the engine bench in a worker, then measures the app's
 * own search worker (load, round trip) and, with the embedder worker, end-to-end query time.
 */
import * as Comlink from 'comlink';
import type { EmbedderWorkerApi } from '../../../workers/embedder.worker.ts';
import type { SearchWorkerApi } from '../../../workers/search.worker.ts';
import { stats } from '../../../scripts/bench-core.ts';
import type { BenchWorkerApi } from './bench.worker.ts';
import type { HarnessConfig, HarnessResult } from './protocol.ts';

async function cinechatBench(cfg: HarnessConfig): Promise<HarnessResult> {
  const benchWorker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const bench = Comlink.wrap<BenchWorkerApi>(benchWorker);
  const { texts, ...rest } = cfg;
  const run = await bench.run(rest);
  benchWorker.terminate();

  // The app's search worker, default engine, over comlink.
  const sw = new Worker(new URL('../../../workers/search.worker.ts', import.meta.url), { type: 'module' });
  const search = Comlink.wrap<SearchWorkerApi>(sw);
  const t0 = performance.now();
  const info = await search.load(
    cfg.baseUrl,
    Comlink.proxy(() => {}),
  );
  const loadMs = performance.now() - t0;
  const queries = cfg.queries.map((q) => Float32Array.from(q));
  const roundTrip: NonNullable<HarnessResult['searchWorker']>['roundTrip'] = [];
  for (const f of cfg.filters) {
    let allowed: Uint8Array | undefined;
    if (f.allowedList) {
      allowed = new Uint8Array(info.movies ?? 0);
      for (const r of f.allowedList) allowed[r] = 1;
    }
    for (let i = 0; i < 10; i++) await search.search(queries[i], 10, { allowed });
    const times: number[] = [];
    for (const q of queries) {
      const a = performance.now();
      await search.search(q, 10, { allowed });
      times.push(performance.now() - a);
    }
    roundTrip.push({ filter: f.name, ...stats(times) });
  }

  let endToEnd: HarnessResult['endToEnd'] = null;
  if (cfg.embedderId !== 'use-lite') {
    endToEnd = { skipped: `index embedder ${cfg.embedderId} has no browser model files here` };
  } else {
    const ew = new Worker(new URL('../../../workers/embedder.worker.ts', import.meta.url), {
      type: 'module',
    });
    const embedder = Comlink.wrap<EmbedderWorkerApi>(ew);
    const e0 = performance.now();
    await embedder.load(
      cfg.embedderId,
      cfg.baseUrl,
      Comlink.proxy(() => {}),
    );
    const embedderLoadMs = performance.now() - e0;
    const t = {
      plan: [] as number[],
      embed: [] as number[],
      retrieve: [] as number[],
      total: [] as number[],
    };
    const n = Math.min(cfg.e2e + 5, texts.length);
    for (let i = 0; i < n; i++) {
      // As the app does it: rule plan (search worker) -> embed its search text -> hybrid retrieve.
      const a = performance.now();
      const plan = await search.plan(texts[i]);
      const b = performance.now();
      const [v] = plan.searchText ? await embedder.embed([plan.searchText]) : [null];
      const c = performance.now();
      await search.retrieve(plan, v, { k: 10 });
      const d = performance.now();
      if (i < 5) continue; // warm-up
      t.plan.push(b - a);
      t.embed.push(c - b);
      t.retrieve.push(d - c);
      t.total.push(d - a);
    }
    ew.terminate();
    endToEnd = {
      embedderLoadMs,
      plan: stats(t.plan),
      embed: stats(t.embed),
      retrieve: stats(t.retrieve),
      total: stats(t.total),
    };
  }
  sw.terminate();

  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    workerTimerResolutionMs: run.timerResolutionMs,
    indexLoadMs: run.indexLoadMs,
    engines: run.engines,
    searchWorker: { engine: info.engine ?? '?', loadMs, info, roundTrip },
    endToEnd,
  };
}

(window as unknown as { cinechatBench: typeof cinechatBench }).cinechatBench = cinechatBench;
