/**
 * The engine worker: the movie index, the retriever and the chat pipeline in one place.
 *
 * Why one worker for these: the retriever reads row vectors synchronously (`vectorsFor`) while
 * ranking and filters every query over all movies, so vectors, movies and ranking must share a
 * heap; putting the pipeline next to them keeps each turn to one message in and one out, and the
 * main thread never parses or holds the 45k movies. The embedder stays in its own worker
 * (workers/embedder.worker.ts, tfjs + WASM): the page relays embed() calls to it, so a crash there
 * restarts only the embedder. The conversation state is passed in and returned on every turn, so
 * a restarted engine worker continues the same conversation.
 */
import * as Comlink from 'comlink';
import type { ChatPipeline } from '../core/pipeline.ts';
import type { ConversationState } from '../core/conversation/state.ts';
import type { Retriever } from '../core/retrieve.ts';
import type { LlmEngine } from '../core/conversation/llm-port.ts';
import { llmFromRelay, type LlmRelay } from './llm-relay.ts';
import type { LoadProgress, Movie, QueryPlan, RankedMovie } from '../core/types.ts';
import type { EngineLoadInfo, EngineTurnInput, EngineTurnOutput } from './engine-protocol.ts';
import { createSwitchableIndex, type RemoteSearchConfig, type SwitchableIndex } from './remote-search.ts';

interface Loaded {
  movies: Movie[];
  byId: Map<number, Movie>;
  retriever: Retriever;
  /** The retriever's vector index: local, or a Qdrant server with local fallback (remote-search.ts). */
  search: SwitchableIndex;
  pipeline: ChatPipeline;
  /** Rebuilds the pipeline with (or without) an LLM. */
  withLlm(llm: LlmEngine | null): ChatPipeline;
  info: EngineLoadInfo;
}

type EmbedRelay = (texts: string[]) => Promise<Float32Array[]>;

let current: { key: string; promise: Promise<Loaded> } | undefined;
/** Results per answer. */
const K = 8;

async function load(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void,
  embed: EmbedRelay,
): Promise<Loaded> {
  const t0 = performance.now();
  // Imported here, after Comlink.expose ran (a module worker drops messages while it awaits imports).
  const [assets, format, factory, retrieve, pipelineMod, router, faqMod] = await Promise.all([
    import('../search/index-assets.ts'),
    import('../core/index-format.ts'),
    import('../search/factory.ts'),
    import('../core/retrieve.ts'),
    import('../core/pipeline.ts'),
    import('../core/intent/router.ts'),
    import('../core/faq/index.ts'),
  ]);
  const { INDEX_CACHE, MANIFEST_CACHE, cacheFirstFetch, networkFirstFetch, pruneCache, storeBytes, forget } =
    await import('./asset-cache.ts');
  const manifest = await assets.fetchManifest(baseUrl, { fetchImpl: networkFirstFetch(MANIFEST_CACHE) });
  // Index files are read from the app's cache; a download is stored only once its sha256 matched.
  const fromCache = cacheFirstFetch(INDEX_CACHE, 'none');
  const file = async (name: string) => {
    const url = assets.indexDirUrl(baseUrl) + name;
    try {
      const bytes = await assets.fetchIndexFile(baseUrl, manifest, name, {
        onProgress,
        fetchImpl: fromCache,
      });
      void storeBytes(
        INDEX_CACHE,
        url,
        bytes,
        name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      );
      return bytes;
    } catch (e) {
      await forget(INDEX_CACHE, url); // a damaged cached copy must not fail every later visit
      throw e;
    }
  };
  const optionalJson = async (name: string | undefined) =>
    name ? (JSON.parse(new TextDecoder().decode(await file(name))) as unknown) : null;
  const [vectorBytes, movieBytes, faqJson, intentsJson] = await Promise.all([
    file(manifest.files.vectors),
    file(manifest.files.movies),
    optionalJson(manifest.files.faq).catch(() => null), // optional: rebuilt from the embedder if absent
    optionalJson(manifest.files.intents).catch(() => null),
  ]);
  const tFetched = performance.now();
  onProgress({ phase: 'index-decode', loaded: 0, total: null });
  const vectors = format.decodeVectors(vectorBytes, manifest);
  const movies = format.decodeMovies(JSON.parse(new TextDecoder().decode(movieBytes)));
  const tDecoded = performance.now();
  const engine = factory.chooseDefaultEngine();
  const local = await factory.createVectorIndex(engine, vectors);
  const index = createSwitchableIndex(local, { movieIds: () => movies.map((m) => m.id) });
  const tEngine = performance.now();
  const retriever = retrieve.createRetriever({
    movies,
    index,
    vectorsFor: (row) => (row < vectors.rows ? format.dequantizeRow(vectors, row) : null),
  });
  const tRetriever = performance.now();
  const embedder = { id: manifest.embedder.id, dims: manifest.embedder.dims, embed };
  const [intentRouter, faq] = await Promise.all([
    router.createIntentRouter(embedder, {
      prebuilt: intentsJson ? faqMod.decodeCollection(intentsJson, 'intents') : null,
    }),
    faqMod.createFaqIndex(embedder, faqJson ? faqMod.decodeCollection(faqJson, 'faq') : null),
  ]);
  const tRouter = performance.now();
  const withLlm = (llm: LlmEngine | null) =>
    pipelineMod.createChatPipeline({
      embedder,
      router: intentRouter,
      faq,
      movies,
      retriever,
      llm,
      options: { k: K },
    });
  const pipeline = withLlm(null);
  onProgress({ phase: 'index-ready', loaded: 1, total: 1 });
  // Parts the retriever builds on first use (the fuzzy title index) are built now, while the person types.
  setTimeout(() => retriever.warmUp(), 0);
  void pruneCache(INDEX_CACHE, new Set(Object.values(manifest.files))); // files of older builds
  return {
    movies,
    byId: new Map(movies.map((m) => [m.id, m])),
    retriever,
    search: index,
    pipeline,
    withLlm,
    info: {
      count: movies.length,
      embeddedCount: vectors.rows,
      embedderId: manifest.embedder.id,
      dims: manifest.embedder.dims,
      engine,
      loadMs: performance.now() - t0,
      buildMs: retriever.buildMs,
      stepsMs: {
        fetch: tFetched - t0,
        decode: tDecoded - tFetched,
        engine: tEngine - tDecoded,
        retriever: tRetriever - tEngine,
        router: tRouter - tRetriever,
      },
    },
  };
}

async function ready(): Promise<Loaded> {
  if (!current) throw new Error('The movie index is not loaded yet.');
  return current.promise;
}

function toResults(l: Loaded, ranked: RankedMovie[]): EngineTurnOutput['results'] {
  return ranked.flatMap((r) => {
    const movie = l.movies[r.row] ?? l.byId.get(r.id);
    return movie ? [{ movie, score: r.score, why: r.why }] : [];
  });
}

/**
 * Card actions ("more/less like this", removing a chip) are structured: they change the standing
 * plan directly instead of going through text understanding.
 */
async function refine(
  l: Loaded,
  input: EngineTurnInput,
  state: ConversationState,
): Promise<EngineTurnOutput> {
  const [{ removeChip }, { validatePlan }, { withResults }, { templateAnswer }] = await Promise.all([
    import('./chips.ts'),
    import('../core/plan/rule-planner.ts'),
    import('../core/conversation/state.ts'),
    import('../core/conversation/answer.ts'),
  ]);
  const r = input.refinement!;
  const base: QueryPlan = state.active ?? {
    searchText: '',
    constraints: {},
    likeTitles: [],
    unlikeTitles: [],
    likeIds: [],
    unlikeIds: [],
    quality: null,
    source: 'rules',
  };
  let s = { ...state, turn: state.turn + 1 };
  let plan: QueryPlan;
  let exclude = [...s.negatives];
  let note: string;
  if (r.kind === 'more-like') {
    plan = {
      ...base,
      searchText: '',
      likeIds: [r.movieId],
      likeTitles: [r.title],
      unlikeIds: [],
      unlikeTitles: [],
    };
    s = { ...s, positives: [...new Set([...s.positives, r.movieId])] };
    exclude = [...exclude, ...s.shownIds];
    note = `More like ${r.title}`;
  } else if (r.kind === 'less-like') {
    plan = {
      ...base,
      unlikeIds: [...base.unlikeIds, r.movieId],
      unlikeTitles: [...base.unlikeTitles, r.title],
    };
    s = { ...s, negatives: [...new Set([...s.negatives, r.movieId])] };
    exclude = [...exclude, r.movieId];
    note = `Less like ${r.title}`;
  } else {
    plan = removeChip(base, r.key);
    note = 'Filter removed';
  }
  plan = validatePlan(plan, l.retriever.planner);
  const text = plan.searchText.trim();
  const vector = text ? (await embedRelay!([text]))[0] : null;
  const ranked = await l.retriever.retrieve(plan, vector, {
    k: K,
    exclude,
    hidden: input.hidden,
    liked: s.positives,
    taste: input.taste,
  });
  const results = toResults(l, ranked);
  const reply = templateAnswer(
    plan,
    results.map((x) => ({ movie: x.movie, why: x.why })),
    { refinement: note },
  );
  const shown = results.map((x) => ({
    id: x.movie.id,
    title: x.movie.title,
    year: x.movie.year,
    why: x.why,
  }));
  return {
    reply,
    results,
    intent: 'recommend',
    plan,
    state: { ...withResults(s, plan, shown), lastIntent: 'recommend' },
  };
}

let embedRelay: EmbedRelay | null = null;

const api = {
  /** Loads the index once per base URL; embed() calls go back to the page (and on to the embedder worker). */
  async load(
    baseUrl: string,
    onProgress: (p: LoadProgress) => void,
    embed: EmbedRelay,
  ): Promise<EngineLoadInfo> {
    embedRelay = embed;
    if (current?.key !== baseUrl) {
      const promise = load(
        baseUrl,
        (p) => void Promise.resolve(onProgress(p)).catch(() => undefined),
        (t) => embedRelay!(t),
      );
      current = { key: baseUrl, promise };
      promise.catch(() => {
        if (current?.promise === promise) current = undefined; // a failed load is retried on the next call
      });
    }
    return (await current.promise).info;
  },

  /** Use the page's loaded LLM (null: rules and templates only). */
  async setLlm(relay: LlmRelay | null, modelId: string | null): Promise<void> {
    const l = await ready();
    // The page passes a Comlink.proxy: here every method call is a message and returns a promise.
    const remote = relay as unknown as Comlink.Remote<LlmRelay> | null;
    l.pipeline = l.withLlm(remote && modelId ? llmFromRelay(remote, modelId) : null);
  },

  async turn(
    input: EngineTurnInput,
    state: ConversationState | null,
    onChunk?: (chunk: string) => void,
  ): Promise<EngineTurnOutput> {
    const l = await ready();
    const { initialState } = await import('../core/conversation/state.ts');
    const st = state ?? initialState();
    l.search.beginTurn();
    if (input.refinement) return { ...(await refine(l, input, st)), search: l.search.report() };
    const t = await l.pipeline.handle(input.message, st, {
      hidden: input.hidden,
      taste: input.taste,
      onAnswerChunk: onChunk ? (c) => void Promise.resolve(onChunk(c)).catch(() => undefined) : undefined,
    });
    return {
      reply: t.reply,
      results: toResults(l, t.results),
      intent: t.intent,
      plan: t.plan,
      state: t.state,
      search: l.search.report(),
    };
  },

  /** Search a Qdrant server (null: the local index only); ranking stays the same either way. */
  async setRemoteSearch(config: RemoteSearchConfig | null): Promise<void> {
    await (await ready()).search.configure(config);
  },

  async movies(ids: number[]): Promise<Movie[]> {
    const l = await ready();
    return ids.map((id) => l.byId.get(id)).filter((m): m is Movie => m !== undefined);
  },
};

export type EngineWorkerApi = typeof api;

Comlink.expose(api);
