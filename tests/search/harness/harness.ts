/**
 * Harness page for scripts/bench-browser.ts: runs the engine bench in a worker, then measures the app's
 * own search worker (load, round trip) and, with the embedder worker, end-to-end query time.
 */
import * as Comlink from 'comlink';
import type { EmbedderWorkerApi } from '../../../workers/embedder.worker.ts';
import type { SearchWorkerApi } from '../../../workers/search.worker.ts';
import { stats, timeEndToEnd } from '../../../scripts/bench-core.ts';
import type { QueryPlan } from '../../../src/core/types.ts';
import type { BenchWorkerApi } from './bench.worker.ts';
import type { HarnessConfig, HarnessResult } from './protocol.ts';

async function cinechatBench(cfg: HarnessConfig): Promise<HarnessResult> {
  const benchWorker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  const bench = Comlink.wrap<BenchWorkerApi>(benchWorker);
  const { e2eSets, ...rest } = cfg;
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
    const sets = [];
    for (const { set, texts } of e2eSets) {
      sets.push(
        await timeEndToEnd(set, texts, {
          plan: (text) => search.plan(text),
          embed: async (text) => (await embedder.embed([text]))[0],
          retrieve: (plan, v) => search.retrieve(plan as QueryPlan, v, { k: 10 }),
        }),
      );
    }
    ew.terminate();
    endToEnd = { embedderLoadMs, sets };
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
