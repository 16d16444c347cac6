/**
 * The EnginePort over two workers: the engine worker (workers/engine.worker.ts: the engine host) and
 * the embedder worker (workers/embedder.worker.ts). Both are created lazily, restarted after a
 * crash and set up again; the engine worker's embed() calls are relayed to the embedder worker
 * through the page. The conversation state lives here, on the page, so it survives a restart.
 */
import * as Comlink from 'comlink';
import type { EmbedderWorkerApi } from '../../workers/embedder.worker.ts';
import type { ConversationState } from '../core/conversation/state.ts';
import type { LoadProgress, Movie } from '../core/types.ts';
import type { EngineWorkerApi } from '../../workers/engine.worker.ts';
import type { ChatPort, EnginePort, LoadReport } from './ports.ts';
import { createWorkerClient } from './worker-client.ts';
import { MANIFEST_CACHE, networkFirstFetch } from '../storage/asset-cache.ts';
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import { createLlmRelay } from '../llm/relay.ts';
import type { RemoteSearchConfig } from '../qdrant/remote-search.ts';

export interface EngineOptions {
  /** Absolute base URL of the app (where index/, models/ and tfjs/ live). */
  baseUrl: string;
  onWorkerCrash?: (message: string) => void;
}

const PHASES: Record<string, string> = {
  'index-manifest': 'Checking the movie index',
  'index-decode': 'Preparing the movie index',
  'index-ready': 'Movie index ready',
  init: 'Warming up the language model',
  ready: 'Almost ready',
};

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
    const downloading = p.phase === 'index' || p.phase === 'download';
    emit({
      phase: downloading ? 'Downloading the movie index and language model' : (PHASES[p.phase] ?? p.phase),
      loaded,
      total: total || null,
    });
  };
}

export function createEngine(opts: EngineOptions): EnginePort {
  let embedderId: string | null = null;
  /** The LLM handed to the pipeline; re-applied when a restarted engine worker comes up. */
  let llm: LlmEngine | null = null;
  /** The Qdrant server searches go to; re-applied when a restarted engine worker comes up. */
  let remoteSearch: RemoteSearchConfig | null = null;
  let progress: ((source: string) => (p: LoadProgress) => void) | null = null;
  const crash = (e: Error) => opts.onWorkerCrash?.(e.message);

  const embedder = createWorkerClient<EmbedderWorkerApi>(
    'embedder',
    () =>
      new Worker(new URL('../../workers/embedder.worker.ts', import.meta.url), {
        type: 'module',
        name: 'embedder',
      }),
    // A fresh worker (first start or after a crash) loads the model the index was built with.
    (api) =>
      embedderId
        ? api.load(embedderId, opts.baseUrl, progress ? Comlink.proxy(progress('embedder')) : undefined)
        : Promise.resolve(),
  );
  const embed = (texts: string[]) => embedder.call((api) => api.embed(texts));
  const engine = createWorkerClient<EngineWorkerApi>(
    'engine',
    () =>
      new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'engine',
      }),
    async (api) => {
      const info = await api.load(
        opts.baseUrl,
        Comlink.proxy(progress ? progress('engine') : () => undefined),
        Comlink.proxy(embed),
      );
      if (llm?.modelId) await api.setLlm(Comlink.proxy(createLlmRelay(llm)), llm.modelId);
      if (remoteSearch) await api.setRemoteSearch(remoteSearch);
      return info;
    },
  );
  embedder.onCrash(crash);
  engine.onCrash(crash);

  let state: ConversationState | null = null;
  const chat: ChatPort = {
    async handle(input) {
      const out = await engine.call((api) =>
        api.turn(
          {
            message: input.message,
            action: input.refinement,
            hidden: input.preferences.hiddenIds,
            taste: input.preferences.tasteIds,
          },
          state,
        ),
      );
      state = out.state;
      input.onText?.(out.reply);
      return {
        reply: out.reply,
        results: out.results,
        chips: out.chips,
        previousChips: out.previousChips,
        intent: out.intent,
        plan: out.plan,
        search: out.search,
      };
    },
    reset() {
      state = null;
    },
  };

  return {
    async load(onProgress) {
      progress = createProgressSum(onProgress);
      onProgress({ phase: 'Checking the movie index', loaded: 0, total: null });
      // The manifest names the embedder; fetch it first (a few hundred bytes) so both workers start at once.
      const res = await networkFirstFetch(MANIFEST_CACHE)(new URL('index/manifest.json', opts.baseUrl));
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) {
        throw new Error(
          `The movie index is missing on the server (index/manifest.json, HTTP ${res.status}).`,
        );
      }
      embedderId = ((await res.json()) as { embedder: { id: string } }).embedder.id;
      const [info] = await Promise.all([
        engine.call((api) =>
          api.load(
            opts.baseUrl,
            Comlink.proxy(() => undefined),
            Comlink.proxy(embed),
          ),
        ),
        embedder.call((api) => api.info()),
      ]);
      const report: LoadReport = {
        count: info.count,
        embedderId: info.embedderId,
        dims: info.dims,
        stepsMs: { ...info.stepsMs, total: info.loadMs },
      };
      return report;
    },
    chat: () => chat,
    async setLlm(next) {
      llm = next;
      await engine.call((api) =>
        next?.modelId
          ? api.setLlm(Comlink.proxy(createLlmRelay(next)), next.modelId)
          : api.setLlm(null, null),
      );
    },
    async setRemoteSearch(config) {
      remoteSearch = config;
      await engine.call((api) => api.setRemoteSearch(config));
    },
    movies: (ids: number[]): Promise<Movie[]> => engine.call((api) => api.movies(ids)),
    async embedderInfo() {
      const i = await embedder.call((api) => api.info());
      return { id: i.id ?? i.spec ?? '?', dims: i.dims ?? 0, state: i.state, loadMs: i.loadMs };
    },
  };
}
