/**
 * Page side of the embedder agreement check: drives workers/embedder.worker.ts exactly as the app
 * does (comlink, module worker) and hands plain data back to Playwright.
 */
import * as Comlink from 'comlink';
import type { LoadProgress } from '../../src/core/types.ts';
import type { EmbedderLoadOptions, EmbedderWorkerApi } from '../../workers/embedder.worker.ts';

export interface HarnessRequest {
  spec: string;
  /** Absolute or page-relative base URL handed to the worker. */
  baseUrl: string;
  texts: string[];
  /** Embedded one at a time after warm-up, to time single queries. */
  queries: string[];
  /** Embedded one at a time (the query path), vectors returned: compared with the build's documents. */
  oneByOne?: string[];
  options?: EmbedderLoadOptions;
}

export interface HarnessResult {
  ok: boolean;
  error?: string;
  loadMs: number;
  info?: Awaited<ReturnType<EmbedderWorkerApi['info']>>;
  vectors: number[][];
  /** Vectors of `oneByOne`, one model call each. */
  oneByOneVectors: number[][];
  queryMs: number[];
  /** Progress events seen by the first load() call, and the last overall (file-less) event. */
  progressEvents: number;
  lastTotal?: LoadProgress;
  filesReported: string[];
  phases: string[];
  crossOriginIsolated: boolean;
}

async function run(req: HarnessRequest): Promise<HarnessResult> {
  const worker = new Worker(new URL('../../workers/embedder.worker.ts', import.meta.url), {
    type: 'module',
  });
  const api = Comlink.wrap<EmbedderWorkerApi>(worker);
  const progress: LoadProgress[] = [];
  const result: HarnessResult = {
    ok: false,
    loadMs: 0,
    vectors: [],
    oneByOneVectors: [],
    queryMs: [],
    progressEvents: 0,
    filesReported: [],
    phases: [],
    crossOriginIsolated: self.crossOriginIsolated,
  };
  try {
    const t0 = performance.now();
    // Two early callers, as when the UI and a first query race: they must share one download.
    await Promise.all([
      api.load(
        req.spec,
        req.baseUrl,
        Comlink.proxy((p: LoadProgress) => void progress.push(p)),
        req.options,
      ),
      api.load(req.spec, req.baseUrl, undefined, req.options),
    ]);
    result.loadMs = performance.now() - t0;
    const vectors = await api.embed(req.texts);
    result.vectors = vectors.map((v) => Array.from(v));
    for (const t of req.oneByOne ?? []) result.oneByOneVectors.push(Array.from((await api.embed([t]))[0]));
    for (const q of req.queries) {
      const t = performance.now();
      await api.embed([q]);
      result.queryMs.push(performance.now() - t);
    }
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  result.info = await api.info();
  result.progressEvents = progress.length;
  result.lastTotal = progress.filter((p) => p.phase === 'download' && !p.file).at(-1);
  result.filesReported = [...new Set(progress.flatMap((p) => (p.file ? [p.file] : [])))];
  result.phases = [...new Set(progress.map((p) => p.phase))];
  worker.terminate();
  return result;
}

declare global {
  interface Window {
    embedHarness: { run: typeof run; ready: true };
  }
}
window.embedHarness = { run, ready: true };
