/**
 * The EnginePort over the real workers: the embedder worker and the search worker, created
 * lazily, restarted after a crash (with their model/index loaded again), and the movie metadata
 * decoded on the main thread for planning and for rendering cards without a round trip.
 */
import * as Comlink from 'comlink';
import type { EmbedderWorkerApi } from '../../workers/embedder.worker.ts';
import type { SearchWorkerApi } from '../../workers/search.worker.ts';
import { decodeMovies, type EncodedMovies, type IndexManifest } from '../core/index-format.ts';
import type { LoadProgress, Movie } from '../core/types.ts';
import { fetchIndexFile, fetchManifest } from '../search/index-assets.ts';
import { createLocalChat } from './local-chat.ts';
import type { ChatPort, EnginePort, LoadReport } from './ports.ts';
import { createWorkerClient, type WorkerClient } from './worker-client.ts';

export interface EngineOptions {
  /** Absolute base URL of the app (where index/, models/ and tfjs/ live). */
  baseUrl: string;
  onWorkerCrash?: (message: string) => void;
}

/** Sums byte progress over files (index files and model files download in parallel). */
export function createProgressSum(emit: (p: LoadProgress) => void) {
  const files = new Map<string, { loaded: number; total: number | null }>();
  return (source: string) => (p: LoadProgress) => {
    if (p.file) files.set(`${source}:${p.file}`, { loaded: p.loaded, total: p.total });
    let loaded = 0;
    let total: number | null = 0;
    for (const f of files.values()) {
      loaded += f.loaded;
      total = total === null || f.total === null ? null : total + f.total;
    }
    const phase = p.phase === 'index' || p.phase === 'download' ? 'Downloading the movie index and model' : PHASES[p.phase] ?? p.phase;
    emit({ phase, loaded, total: total || null });
  };
}

const PHASES: Record<string, string> = {
  'index-manifest': 'Checking the movie index',
  'index-decode': 'Preparing the movie index',
  'index-ready': 'Movie index ready',
  init: 'Warming up the language model',
  ready: 'Almost ready',
};

export function createEngine(opts: EngineOptions): EnginePort {
  let manifest: IndexManifest | null = null;
  let movies: Movie[] = [];
  let byId = new Map<number, Movie>();
  let chat: ChatPort | null = null;
  const crash = (e: Error) => opts.onWorkerCrash?.(e.message);

  const embedder: WorkerClient<EmbedderWorkerApi> = createWorkerClient(
    'embedder',
    () => new Worker(new URL('../../workers/embedder.worker.ts', import.meta.url), { type: 'module', name: 'embedder' }),
    // After a restart the fresh worker loads the same model again (from cache by then).
    (api) => (manifest ? api.load(manifest.embedder.id, opts.baseUrl) : Promise.resolve()),
  );
  const search: WorkerClient<SearchWorkerApi> = createWorkerClient(
    'search',
    () => new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }),
    (api) => (manifest ? api.load(opts.baseUrl) : Promise.resolve()),
  );
  embedder.onCrash(crash);
  search.onCrash(crash);

  return {
    async load(onProgress) {
      const sum = createProgressSum(onProgress);
      manifest = await fetchManifest(opts.baseUrl);
      const m = manifest;
      const [decoded] = await Promise.all([
        fetchIndexFile(opts.baseUrl, m, m.files.movies, { onProgress: sum('main') }).then((bytes) =>
          decodeMovies(JSON.parse(new TextDecoder().decode(bytes)) as EncodedMovies),
        ),
        search.call((api) => api.load(opts.baseUrl, Comlink.proxy(sum('search')))),
        embedder.call((api) => api.load(m.embedder.id, opts.baseUrl, Comlink.proxy(sum('embedder')))),
      ]);
      movies = decoded;
      byId = new Map(movies.map((mv) => [mv.id, mv]));
      chat = createLocalChat({
        movies,
        embeddedCount: m.embeddedCount,
        embed: async (text) => (await embedder.call((api) => api.embed([text])))[0],
        vector: (row) => search.call((api) => api.vector(row)),
        search: (q, k, o) => search.call((api) => api.search(q, k, o)),
      });
      const report: LoadReport = { count: m.count, embedderId: m.embedder.id, dims: m.embedder.dims };
      return report;
    },
    chat() {
      // The service asks once at start; the real chat exists only after load(), so delegate.
      return {
        handle: (input) => {
          if (!chat) throw new Error('The movie index is still loading.');
          return chat.handle(input);
        },
        reset: () => chat?.reset(),
      };
    },
    async movies(ids) {
      return ids.map((id) => byId.get(id)).filter((m): m is Movie => m !== undefined);
    },
    async embedderInfo() {
      return embedder.call((api) => api.info()).then((i) => ({
        id: i.id ?? i.spec ?? '?',
        dims: i.dims ?? 0,
        state: i.state,
        loadMs: i.loadMs,
      }));
    },
  };
}
