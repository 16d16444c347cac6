/**
 * Bench worker: loads the shipped vectors like the app does (fetch + sha256 + decode), then times every
 * engine on raw query vectors (scripts/bench-core.ts), the bench-only ones included (src/search/bench-engines.ts).
 */
import * as Comlink from 'comlink';
import type { EngineResult, VoyGlue } from '../bench-core.ts';
import type { HarnessConfig } from './protocol.ts';

function timerResolution(): number {
  let min = Infinity;
  for (let i = 0; i < 2000; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    min = Math.min(min, b - a);
  }
  return min;
}

const api = {
  async run(cfg: Omit<HarnessConfig, 'e2eSets'>): Promise<{
    indexLoadMs: number;
    engines: EngineResult[];
    timerResolutionMs: number;
  }> {
    // Imported here, after Comlink.expose ran (a module worker drops messages while it awaits imports).
    const [{ fetchManifest, fetchIndexFile }, { decodeVectors }, engines, core, voyUrl] = await Promise.all([
      import('../../src/search/index-assets.ts'),
      import('../../src/core/index-format.ts'),
      import('../../src/search/bench-engines.ts'),
      import('../bench-core.ts'),
      import('voy-search/voy_search_bg.wasm?url'),
    ]);
    const t0 = performance.now();
    const manifest = await fetchManifest(cfg.baseUrl);
    const bytes = await fetchIndexFile(cfg.baseUrl, manifest, manifest.files.vectors);
    const data = decodeVectors(bytes, manifest);
    const indexLoadMs = performance.now() - t0;

    const glue = (await import('voy-search/voy_search_bg.js')) as unknown as VoyGlue;
    const voy = await core.instantiateVoy(await (await fetch(voyUrl.default)).arrayBuffer(), glue);
    const filters = cfg.filters.map((f) => {
      if (!f.allowedList) return { name: f.name, allowedRows: f.allowedRows };
      const allowed = new Uint8Array(data.rows);
      for (const r of f.allowedList) allowed[r] = 1;
      return { name: f.name, allowedRows: f.allowedRows, allowed };
    });
    const input = {
      data,
      queries: cfg.queries.map((q) => Float32Array.from(q)),
      filters,
      truth: cfg.truth,
      k: 10,
      warmup: 10,
      rounds: cfg.rounds,
      slowRounds: cfg.slowRounds,
    };
    // performance.memory is Chrome-only and absent in some contexts.
    const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
    const results: EngineResult[] = [];
    for (const kind of cfg.engines) {
      if (!engines.isBenchEngineKind(kind)) continue;
      console.log(`bench worker: ${kind}`);
      const result = await core.benchEngine(kind, input, {
        heapBytes: () => perf.memory?.usedJSHeapSize ?? null,
        voy: { load: async () => voy.module, memoryBytes: () => voy.memory.buffer.byteLength },
        createIndex: (k, d, o) => engines.createBenchIndex(k, d, o),
        queryLimit: { voy: cfg.voyQueries },
      });
      // No float vectors in the browser: this one scans the dequantized int8 rows (a latency figure).
      results.push(kind === 'float32-exact' ? { ...result, engine: 'float32 (dequantized)' } : result);
    }
    return { indexLoadMs, engines: results, timerResolutionMs: timerResolution() };
  },
};

Comlink.expose(api);
export type BenchWorkerApi = typeof api;
