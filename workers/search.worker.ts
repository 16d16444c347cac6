/**
 * Search worker: a thin comlink adapter over src/search (vector engines) and the shipped index assets.
 * The page imports only `type SearchWorkerApi`, so no engine code enters the main bundle.
 *
 * @example
 * const search = Comlink.wrap<SearchWorkerApi>(
 *   new Worker(new URL('../workers/search.worker.ts', import.meta.url), { type: 'module' }),
 * );
 * await search.load(new URL(import.meta.env.BASE_URL, location.href).href, Comlink.proxy(setProgress));
 * const hits = await search.search(queryVector, 10, { allowed, exclude: new Set([seedRow]) });
 */
import * as Comlink from 'comlink';
import type { IndexManifest, QuantizedVectors } from '../src/core/index-format.ts';
import type { PlanOptions } from '../src/core/plan/rule-planner.ts';
import type { TitleMatch } from '../src/core/query/titles.ts';
import type { Retriever, RetrieveOptions } from '../src/core/retrieve.ts';
import type {
  LoadProgress,
  Movie,
  QueryPlan,
  RankedMovie,
  VectorHit,
  VectorIndex,
  VectorSearchOptions,
} from '../src/core/types.ts';
import type { EngineKind } from '../src/search/factory.ts';

export interface SearchInfo {
  state: 'idle' | 'loading' | 'ready' | 'error';
  baseUrl?: string;
  engine?: EngineKind;
  /** Rows with vectors, and all movies (title-only movies have no vector). */
  rows?: number;
  movies?: number;
  dims?: number;
  embedderId?: string;
  /** Bytes downloaded (vectors + movies). */
  bytes?: number;
  /** Milliseconds from load() to ready: download, sha256, decode, engine build. */
  loadMs?: number;
  /** Engine build alone. */
  engineMs?: number;
  /** Keyword index + planner context build (src/core/retrieve.ts). */
  retrieverMs?: number;
  /** Whether WASM SIMD runs here (else the int8-js fallback is the default). */
  simd?: boolean;
  error?: string;
}

export interface SearchLoadOptions {
  /** Engine to build; default: chooseDefaultEngine() (int8-wasm where WASM SIMD runs). */
  engine?: EngineKind;
}

interface Loaded {
  manifest: IndexManifest;
  vectors: QuantizedVectors;
  movies: Movie[];
  index: VectorIndex;
  engine: EngineKind;
  retriever: Retriever;
}

let current: { key: string; promise: Promise<Loaded> } | undefined;
let info: SearchInfo = { state: 'idle' };
const listeners = new Set<(p: LoadProgress) => void>();

async function loadIndex(baseUrl: string, options: SearchLoadOptions): Promise<Loaded> {
  const started = performance.now();
  // Loaded lazily so that Comlink.expose below runs before anything large evaluates
  // (messages that arrive while a module worker awaits its imports are dropped).
  const [
    { fetchManifest, fetchIndexFile },
    { decodeMovies, decodeVectors },
    factory,
    { createRetriever },
    data,
  ] = await Promise.all([
    import('../src/search/index-assets.ts'),
    import('../src/core/index-format.ts'),
    import('../src/search/factory.ts'),
    import('../src/core/retrieve.ts'),
    import('../src/search/int8-data.ts'),
  ]);
  const onProgress = (p: LoadProgress) =>
    listeners.forEach((l) => {
      // Over comlink a listener is a proxy returning a promise; one whose page went away must not fail the load.
      void Promise.resolve(l(p)).catch(() => listeners.delete(l));
    });
  onProgress({ phase: 'index-manifest', loaded: 0, total: null });
  const manifest = await fetchManifest(baseUrl);
  // Both files download in parallel; each reports its own bytes (the UI sums per file).
  const [vectorBytes, movieBytes] = await Promise.all([
    fetchIndexFile(baseUrl, manifest, manifest.files.vectors, { onProgress }),
    fetchIndexFile(baseUrl, manifest, manifest.files.movies, { onProgress }),
  ]);
  onProgress({ phase: 'index-decode', loaded: 0, total: null });
  const vectors = decodeVectors(vectorBytes, manifest);
  const movies = decodeMovies(JSON.parse(new TextDecoder().decode(movieBytes)));
  const engine = options.engine ?? factory.chooseDefaultEngine();
  const t0 = performance.now();
  const index = await factory.createVectorIndex(engine, vectors);
  const engineMs = performance.now() - t0;
  const loaded = { manifest, vectors, movies, index, engine } as Loaded;
  const t1 = performance.now();
  loaded.retriever = createRetriever({
    movies,
    // Delegate, so useEngine() swaps the engine under the retriever.
    index: {
      name: 'search-worker',
      size: vectors.rows,
      dims: vectors.dims,
      search: (q, k, o) => loaded.index.search(q, k, o),
    },
    vectorsFor: (row) => data.unitRow(vectors, row),
  });
  const now = performance.now();
  info = {
    state: 'ready',
    baseUrl,
    engine,
    rows: vectors.rows,
    movies: movies.length,
    dims: vectors.dims,
    embedderId: manifest.embedder.id,
    bytes: vectorBytes.byteLength + movieBytes.byteLength,
    loadMs: now - started,
    engineMs,
    retrieverMs: now - t1,
    simd: (await import('../src/search/wasm-kernel.ts')).supportsWasmSimd(),
  };
  onProgress({ phase: 'index-ready', loaded: 1, total: 1 });
  return loaded;
}

async function ready(): Promise<Loaded> {
  if (!current) throw new Error('The search index is not loaded: call load(baseUrl) first.');
  return current.promise;
}

const api = {
  /**
   * Load the index once from `<baseUrl>index/`. Calls with the same arguments share one download (and its
   * progress); a failed load is forgotten, so calling again retries.
   */
  async load(
    baseUrl: string,
    onProgress?: (p: LoadProgress) => void,
    options: SearchLoadOptions = {},
  ): Promise<SearchInfo> {
    const key = JSON.stringify([baseUrl, options]);
    if (onProgress) listeners.add(onProgress);
    try {
      if (current?.key !== key) {
        info = { state: 'loading', baseUrl };
        const promise = loadIndex(baseUrl, options);
        current = { key, promise };
        promise.catch((err: unknown) => {
          if (current?.promise === promise) current = undefined;
          info = { state: 'error', baseUrl, error: err instanceof Error ? err.message : String(err) };
        });
      }
      await current.promise;
      return info;
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  },

  /** The k nearest rows to a unit-length query vector, honouring `allowed` (pre-filter) and `exclude`. */
  async search(query: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    return (await ready()).index.search(query, k, options);
  },

  /** Switch to another engine over the loaded vectors (for comparisons; the default is chosen by measurement). */
  async useEngine(engine: EngineKind): Promise<SearchInfo> {
    const loaded = await ready();
    if (loaded.engine !== engine) {
      const { createVectorIndex } = await import('../src/search/factory.ts');
      const t0 = performance.now();
      loaded.index = await createVectorIndex(engine, loaded.vectors);
      loaded.engine = engine;
      info = { ...info, engine, engineMs: performance.now() - t0 };
    }
    return info;
  },

  /** Row r's unit vector (cosine-scaled int8 row), e.g. a seed movie's for "similar to X"; null without one. */
  async vector(row: number): Promise<Float32Array | null> {
    const { vectors } = await ready();
    const { unitRow } = await import('../src/search/int8-data.ts');
    return unitRow(vectors, row);
  },

  /** Rule-based plan of a message (src/core/retrieve.ts). */
  async plan(text: string, opts?: PlanOptions): Promise<QueryPlan> {
    return (await ready()).retriever.plan(text, opts);
  },

  /** Hybrid ranking (dense + BM25 + filters + prior + MMR) for a plan and its embedded search text. */
  async retrieve(
    plan: QueryPlan,
    queryVector: Float32Array | null,
    opts: RetrieveOptions,
  ): Promise<RankedMovie[]> {
    return (await ready()).retriever.retrieve(plan, queryVector, opts);
  },

  async resolveTitle(phrase: string, limit?: number): Promise<TitleMatch[]> {
    return (await ready()).retriever.resolveTitle(phrase, limit);
  },

  /** Movies of the given rows (result cards), in the same order; unknown rows are skipped. */
  async movies(rows: number[]): Promise<Movie[]> {
    const { movies } = await ready();
    return rows.filter((r) => Number.isInteger(r) && r >= 0 && r < movies.length).map((r) => movies[r]);
  },

  info(): SearchInfo {
    return info;
  },
};

Comlink.expose(api);

export type SearchWorkerApi = typeof api;
